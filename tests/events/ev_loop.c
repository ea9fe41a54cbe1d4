/* Fifty transfers driven from a libev loop: an ev_io per socket, one ev_timer, socket_action from watchers. */
#include <ev.h>

#include "loop_common.h"

struct watch {
  ev_io io;
  curl_socket_t fd;
};

static struct ev_loop *loop;
static ev_timer curl_timer;
static ev_timer guard_timer;
static CURLM *multi;
static int guard_fired;

static void after_action(void) {
  loop_read_msgs(multi);
  /* Stop on the count, not on an empty loop: an engine may keep watching idle connections. */
  if (loop_done_count == LOOP_NXFER) ev_break(loop, EVBREAK_ALL);
}

static void on_io(struct ev_loop *l, ev_io *io, int revents) {
  (void)l;
  struct watch *w = (struct watch *)io;
  int mask = 0;
  if (revents & EV_READ) mask |= CURL_CSELECT_IN;
  if (revents & EV_WRITE) mask |= CURL_CSELECT_OUT;
  if (revents & EV_ERROR) mask |= CURL_CSELECT_ERR;
  int running;
  curl_multi_socket_action(multi, w->fd, mask, &running);
  after_action();
}

static void on_timeout(struct ev_loop *l, ev_timer *t, int revents) {
  (void)l;
  (void)t;
  (void)revents;
  int running;
  curl_multi_socket_action(multi, CURL_SOCKET_TIMEOUT, 0, &running);
  after_action();
}

static void on_guard(struct ev_loop *l, ev_timer *t, int revents) {
  (void)t;
  (void)revents;
  guard_fired = 1;
  ev_break(l, EVBREAK_ALL);
}

static int on_socket(CURL *easy, curl_socket_t s, int what, void *userp, void *socketp) {
  (void)easy;
  (void)userp;
  loop_socket_calls++;
  struct watch *w = socketp;
  if (what == CURL_POLL_REMOVE) {
    if (w) {
      ev_io_stop(loop, &w->io);
      free(w);
      loop_live_watchers--;
      curl_multi_assign(multi, s, NULL);
    }
    return 0;
  }
  int kinds = 0;
  if (what & CURL_POLL_IN) kinds |= EV_READ;
  if (what & CURL_POLL_OUT) kinds |= EV_WRITE;
  if (!w) {
    w = calloc(1, sizeof *w);
    w->fd = s;
    ev_io_init(&w->io, on_io, s, kinds);
    loop_live_watchers++;
    curl_multi_assign(multi, s, w);
  } else {
    ev_io_stop(loop, &w->io);
    ev_io_set(&w->io, s, kinds);
  }
  ev_io_start(loop, &w->io);
  return 0;
}

static int on_timer(CURLM *m, long timeout_ms, void *userp) {
  (void)m;
  (void)userp;
  loop_timer_calls++;
  ev_timer_stop(loop, &curl_timer);
  if (timeout_ms >= 0) {
    ev_timer_set(&curl_timer, (double)timeout_ms / 1000.0, 0.0);
    ev_timer_start(loop, &curl_timer);
  }
  return 0;
}

int main(int argc, char **argv) {
  int port = loop_port_arg(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  loop = ev_default_loop(0);
  ev_timer_init(&curl_timer, on_timeout, 0.0, 0.0);
  ev_timer_init(&guard_timer, on_guard, LOOP_LIMIT_MS / 1000.0, 0.0);
  ev_timer_start(loop, &guard_timer);
  multi = curl_multi_init();
  curl_multi_setopt(multi, CURLMOPT_SOCKETFUNCTION, on_socket);
  curl_multi_setopt(multi, CURLMOPT_TIMERFUNCTION, on_timer);
  loop_add_all(multi, port);
  ev_run(loop, 0);
  if (guard_fired) fprintf(stderr, "ev: loop did not finish within %d ms\n", LOOP_LIMIT_MS);
  /* Cleanup closes cached connections; their watchers go in the REMOVE callbacks. */
  curl_multi_cleanup(multi);
  int bad = loop_check_and_free("ev") + guard_fired;
  ev_timer_stop(loop, &curl_timer);
  ev_timer_stop(loop, &guard_timer);
  ev_loop_destroy(loop);
  curl_global_cleanup();
  return bad ? 1 : 0;
}
