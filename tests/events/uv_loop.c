/* Fifty transfers driven from a libuv loop: uv_poll per socket, one uv_timer, socket_action from callbacks. */
#include <uv.h>

#include "loop_common.h"

struct watch {
  uv_poll_t poll;
  curl_socket_t fd;
};

static uv_loop_t *loop;
static uv_timer_t curl_timer;
static uv_timer_t guard_timer;
static CURLM *multi;
static int guard_fired;

static void after_action(void) {
  loop_read_msgs(multi);
  /* Stop on the count, not on an empty loop: an engine may keep watching idle connections. */
  if (loop_done_count == LOOP_NXFER) uv_stop(loop);
}

static void on_poll(uv_poll_t *handle, int status, int events) {
  struct watch *w = handle->data;
  int mask = 0;
  if (status < 0) mask = CURL_CSELECT_ERR;
  if (events & UV_READABLE) mask |= CURL_CSELECT_IN;
  if (events & UV_WRITABLE) mask |= CURL_CSELECT_OUT;
  int running;
  curl_multi_socket_action(multi, w->fd, mask, &running);
  after_action();
}

static void on_timeout(uv_timer_t *t) {
  (void)t;
  int running;
  curl_multi_socket_action(multi, CURL_SOCKET_TIMEOUT, 0, &running);
  after_action();
}

static void free_watch(uv_handle_t *h) {
  free(h->data);
  loop_live_watchers--;
}

static int on_socket(CURL *easy, curl_socket_t s, int what, void *userp, void *socketp) {
  (void)easy;
  (void)userp;
  loop_socket_calls++;
  struct watch *w = socketp;
  if (what == CURL_POLL_REMOVE) {
    if (w) {
      uv_poll_stop(&w->poll);
      uv_close((uv_handle_t *)&w->poll, free_watch);
      curl_multi_assign(multi, s, NULL);
    }
    return 0;
  }
  if (!w) {
    w = calloc(1, sizeof *w);
    w->fd = s;
    uv_poll_init_socket(loop, &w->poll, s);
    w->poll.data = w;
    loop_live_watchers++;
    curl_multi_assign(multi, s, w);
  }
  int events = 0;
  if (what & CURL_POLL_IN) events |= UV_READABLE;
  if (what & CURL_POLL_OUT) events |= UV_WRITABLE;
  uv_poll_start(&w->poll, events, on_poll);
  return 0;
}

static int on_timer(CURLM *m, long timeout_ms, void *userp) {
  (void)m;
  (void)userp;
  loop_timer_calls++;
  if (timeout_ms < 0)
    uv_timer_stop(&curl_timer);
  else
    uv_timer_start(&curl_timer, on_timeout, (uint64_t)timeout_ms, 0);
  return 0;
}

static void on_guard(uv_timer_t *t) {
  (void)t;
  guard_fired = 1;
  uv_stop(loop);
}

int main(int argc, char **argv) {
  int port = loop_port_arg(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  loop = uv_default_loop();
  uv_timer_init(loop, &curl_timer);
  uv_timer_init(loop, &guard_timer);
  uv_timer_start(&guard_timer, on_guard, LOOP_LIMIT_MS, 0);
  /* The guard must not keep the loop alive: the loop ends when curl's watchers are gone. */
  uv_unref((uv_handle_t *)&guard_timer);
  multi = curl_multi_init();
  curl_multi_setopt(multi, CURLMOPT_SOCKETFUNCTION, on_socket);
  curl_multi_setopt(multi, CURLMOPT_TIMERFUNCTION, on_timer);
  loop_add_all(multi, port);
  uv_run(loop, UV_RUN_DEFAULT);
  if (!guard_fired) {
    /* Cleanup closes cached connections; their watchers go in the REMOVE callbacks. */
    curl_multi_cleanup(multi);
    multi = NULL;
    uv_timer_stop(&curl_timer);
    uv_run(loop, UV_RUN_DEFAULT);  /* runs the close callbacks of the removed watchers */
  }
  if (guard_fired) fprintf(stderr, "uv: loop did not finish within %d ms\n", LOOP_LIMIT_MS);
  int bad = loop_check_and_free("uv") + guard_fired;
  if (multi) curl_multi_cleanup(multi);
  uv_close((uv_handle_t *)&curl_timer, NULL);
  uv_close((uv_handle_t *)&guard_timer, NULL);
  uv_run(loop, UV_RUN_NOWAIT);
  curl_global_cleanup();
  return bad ? 1 : 0;
}
