/* Scenario: curl_multi_wait and curl_multi_poll with an application pipe among the waited fds. */
#include <unistd.h>

#include "trace.h"

static void wait_once(const char *label, CURLM *m, int fd, int use_poll, int timeout_ms) {
  struct curl_waitfd extra;
  extra.fd = fd;
  extra.events = CURL_WAIT_POLLIN;
  extra.revents = 0; /* libcurl leaves revents untouched on timeout */
  int numfds = -1;
  CURLMcode mc = use_poll ? curl_multi_poll(m, &extra, 1, timeout_ms, &numfds)
                          : curl_multi_wait(m, &extra, 1, timeout_ms, &numfds);
  char what[64];
  snprintf(what, sizeof what, "%s: %s", label, use_poll ? "poll" : "wait");
  trace_mcode(what, mc);
  trace_line("%s: numfds=%d revents=0x%x", label, numfds, (unsigned)extra.revents);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  CURLM *m = curl_multi_init();
  int p[2];
  if (pipe(p) != 0) return 1;

  wait_once("idle pipe", m, p[0], 0, 50);
  if (write(p[1], "x", 1) != 1) return 1;
  wait_once("readable pipe", m, p[0], 0, 1000);
  wait_once("readable pipe", m, p[0], 1, 1000);

  /* With a transfer stuck waiting for an answer, only the pipe is ready. */
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 1, "/w?hang=1");
  curl_multi_add_handle(m, h);
  int running = -1;
  for (int i = 0; i < 10; i++) {
    curl_multi_perform(m, &running);
    curl_multi_wait(m, NULL, 0, 20, NULL);
  }
  trace_line("running: %d", running);
  wait_once("busy+pipe", m, p[0], 0, 1000);
  char c;
  if (read(p[0], &c, 1) != 1) return 1;
  wait_once("busy drained", m, p[0], 0, 50);
  trace_mcode("wait NULL multi", curl_multi_wait(NULL, NULL, 0, 0, NULL));

  curl_multi_remove_handle(m, h);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
  close(p[0]);
  close(p[1]);
  trace_mcode("cleanup", curl_multi_cleanup(m));
  curl_global_cleanup();
  return 0;
}
