/* Fifty transfers driven from a libevent loop: one persistent event per socket, one timer event. */
#include <event2/event.h>

#include "loop_common.h"

struct watch {
  struct event *ev;
  curl_socket_t fd;
};

static struct event_base *base;
static struct event *curl_timer;
static CURLM *multi;

static void after_action(void) {
  loop_read_msgs(multi);
  /* Stop on the count, not on an empty loop: an engine may keep watching idle connections. */
  if (loop_done_count == LOOP_NXFER) event_base_loopbreak(base);
}

static void on_event(evutil_socket_t fd, short events, void *arg) {
  (void)arg;
  int mask = 0;
  if (events & EV_READ) mask |= CURL_CSELECT_IN;
  if (events & EV_WRITE) mask |= CURL_CSELECT_OUT;
  int running;
  curl_multi_socket_action(multi, fd, mask, &running);
  after_action();
}

static void on_timeout(evutil_socket_t fd, short events, void *arg) {
  (void)fd;
  (void)events;
  (void)arg;
  int running;
  curl_multi_socket_action(multi, CURL_SOCKET_TIMEOUT, 0, &running);
  after_action();
}

static int on_socket(CURL *easy, curl_socket_t s, int what, void *userp, void *socketp) {
  (void)easy;
  (void)userp;
  loop_socket_calls++;
  struct watch *w = socketp;
  if (what == CURL_POLL_REMOVE) {
    if (w) {
      event_free(w->ev);
      free(w);
      loop_live_watchers--;
      curl_multi_assign(multi, s, NULL);
    }
    return 0;
  }
  short kinds = EV_PERSIST;
  if (what & CURL_POLL_IN) kinds |= EV_READ;
  if (what & CURL_POLL_OUT) kinds |= EV_WRITE;
  if (!w) {
    w = calloc(1, sizeof *w);
    w->fd = s;
    loop_live_watchers++;
    curl_multi_assign(multi, s, w);
  } else {
    event_free(w->ev);
  }
  w->ev = event_new(base, s, kinds, on_event, w);
  event_add(w->ev, NULL);
  return 0;
}

static int on_timer(CURLM *m, long timeout_ms, void *userp) {
  (void)m;
  (void)userp;
  loop_timer_calls++;
  if (timeout_ms < 0) {
    evtimer_del(curl_timer);
  } else {
    struct timeval tv = {timeout_ms / 1000, (timeout_ms % 1000) * 1000};
    evtimer_add(curl_timer, &tv);
  }
  return 0;
}

int main(int argc, char **argv) {
  int port = loop_port_arg(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  base = event_base_new();
  curl_timer = evtimer_new(base, on_timeout, NULL);
  multi = curl_multi_init();
  curl_multi_setopt(multi, CURLMOPT_SOCKETFUNCTION, on_socket);
  curl_multi_setopt(multi, CURLMOPT_TIMERFUNCTION, on_timer);
  loop_add_all(multi, port);
  struct timeval limit = {LOOP_LIMIT_MS / 1000, 0};
  event_base_loopexit(base, &limit);
  event_base_dispatch(base);
  int timed_out = loop_done_count != LOOP_NXFER;
  if (timed_out) fprintf(stderr, "event: loop did not finish within %d ms\n", LOOP_LIMIT_MS);
  /* Cleanup closes cached connections; their events go in the REMOVE callbacks. */
  curl_multi_cleanup(multi);
  int bad = loop_check_and_free("event") + timed_out;
  event_free(curl_timer);
  event_base_free(base);
  curl_global_cleanup();
  return bad ? 1 : 0;
}
