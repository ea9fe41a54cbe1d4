/* Scenario: CURLOPT_UNIX_SOCKET_PATH and CURLOPT_ABSTRACT_UNIX_SOCKET: HTTP over AF_UNIX,
   the URL's host in Host:, no name lookup, reuse per path and kind, PRIMARY_IP, the socket
   callbacks' view of a unix socket, missing and too long paths. */
// server: --unix /tmp/xfer-ts-{port}.sock --unix @xfer-ts-{port}
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "trace.h"

static int opened, closed;

static curl_socket_t open_cb(void *clientp, curlsocktype purpose, struct curl_sockaddr *a) {
  (void)clientp;
  ++opened;
  trace_line("open: purpose=%d family=%d socktype=%d protocol=%d addrlen=%u", (int)purpose, a->family,
             a->socktype, a->protocol, a->addrlen);
  return socket(a->family, a->socktype, a->protocol);
}

static int sockopt_cb(void *clientp, curl_socket_t fd, curlsocktype purpose) {
  (void)clientp;
  (void)fd;
  trace_line("sockopt: purpose=%d", (int)purpose);
  return CURL_SOCKOPT_OK;
}

static int close_cb(void *clientp, curl_socket_t fd) {
  (void)clientp;
  ++closed;
  return close(fd);
}

static int resolver_start_cb(void *impl, void *instance, void *clientp) {
  (void)impl;
  (void)instance;
  (void)clientp;
  trace_line("resolver start");
  return 0;
}

static void run(CURL *h, int id, const char *label, const char *url) {
  struct trace_xfer x;
  trace_xfer_init(&x, id);
  trace_xfer_attach(h, &x);
  x.keep_body = 1;
  char buf[256];
  snprintf(buf, sizeof buf, url, trace_port());
  curl_easy_setopt(h, CURLOPT_URL, buf);
  trace_result(label, curl_easy_perform(h), &x);
  trace_xfer_print_body_text(label, &x);
  INFO_LONG(h, RESPONSE_CODE);
  INFO_STR(h, PRIMARY_IP);
  INFO_LONG(h, PRIMARY_PORT);
  INFO_STR(h, LOCAL_IP);
  long local_port = -1;
  curl_easy_getinfo(h, CURLINFO_LOCAL_PORT, &local_port);
  trace_line("info LOCAL_PORT %s", local_port == 0 ? "0" : "nonzero");
  INFO_STR(h, EFFECTIVE_URL);
  INFO_LONG(h, NUM_CONNECTS);
  trace_xfer_free(&x);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  char path[128], abstract[128], missing[128], longpath[300];
  snprintf(path, sizeof path, "/tmp/xfer-ts-%d.sock", trace_port());
  snprintf(abstract, sizeof abstract, "xfer-ts-%d", trace_port());
  snprintf(missing, sizeof missing, "/tmp/xfer-ts-%d-missing.sock", trace_port());
  memset(longpath, 'x', sizeof longpath - 1);
  longpath[0] = '/';
  longpath[sizeof longpath - 1] = 0;

  struct trace_xfer x0;
  CURL *h = trace_easy_new(&x0, 0, NULL);
  trace_xfer_free(&x0);
  curl_easy_setopt(h, CURLOPT_RESOLVER_START_FUNCTION, resolver_start_cb);

  curl_easy_setopt(h, CURLOPT_UNIX_SOCKET_PATH, path);
  run(h, 1, "unix", "http://docker.example/v1/info?echo=1");
  run(h, 2, "unix-again", "http://docker.example/v1/info?size=7");
  run(h, 3, "unix-other-host", "http://other.example:8080/x?echo=1");

  /* The same name as an abstract socket: another connection. */
  curl_easy_setopt(h, CURLOPT_ABSTRACT_UNIX_SOCKET, abstract);
  run(h, 4, "abstract", "http://docker.example/v1/info?echo=1");
  run(h, 5, "abstract-again", "http://docker.example/v1/info?size=2");

  /* Back to TCP for the same URL host as a plain request. */
  curl_easy_setopt(h, CURLOPT_UNIX_SOCKET_PATH, NULL);
  run(h, 6, "tcp", "http://127.0.0.1:%d/x?size=3");
  curl_easy_setopt(h, CURLOPT_UNIX_SOCKET_PATH, path);
  run(h, 7, "unix-same-host", "http://127.0.0.1:%d/x?size=3");

  /* Socket callbacks see an AF_UNIX address. */
  CURL *c = curl_easy_duphandle(h);
  struct trace_xfer xc;
  trace_xfer_init(&xc, 8);
  curl_easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, open_cb);
  curl_easy_setopt(c, CURLOPT_SOCKOPTFUNCTION, sockopt_cb);
  curl_easy_setopt(c, CURLOPT_CLOSESOCKETFUNCTION, close_cb);
  run(c, 8, "hooks", "http://hooks.example/h?echo=1");
  curl_easy_setopt(c, CURLOPT_ABSTRACT_UNIX_SOCKET, abstract);
  run(c, 9, "hooks-abstract", "http://hooks.example/h?size=1");
  curl_easy_cleanup(c);
  trace_xfer_free(&xc);
  trace_line("opened=%d closed=%d", opened, closed);

  /* Failures: no socket there, a path longer than sun_path. */
  curl_easy_setopt(h, CURLOPT_UNIX_SOCKET_PATH, missing);
  run(h, 10, "missing", "http://docker.example/x?size=1");
  curl_easy_setopt(h, CURLOPT_UNIX_SOCKET_PATH, longpath);
  run(h, 11, "too-long", "http://docker.example/x?size=1");

  /* curl_easy_reset forgets the path. */
  curl_easy_reset(h);
  {
    struct trace_xfer x;
    trace_xfer_init(&x, 12);
    trace_xfer_attach(h, &x);
    char url[128];
    snprintf(url, sizeof url, "http://127.0.0.1:%d/x?size=2", trace_port());
    curl_easy_setopt(h, CURLOPT_URL, url);
    trace_result("after-reset", curl_easy_perform(h), &x);
    INFO_LONG(h, PRIMARY_PORT);
    trace_xfer_free(&x);
  }

  curl_easy_cleanup(h);
  curl_global_cleanup();
  return 0;
}
