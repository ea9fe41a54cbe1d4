/* Scenario: TCP_KEEPALIVE, TCP_KEEPIDLE, TCP_KEEPINTVL and TCP_NODELAY as the socket
   carries them when the SOCKOPTFUNCTION callback runs (libcurl sets them before calling
   it), with keep-alive off, on with the defaults, on with chosen intervals, and the
   setopt codes of odd values. */
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include "trace.h"

static const char *label_now;

static int sockopt_cb(void *clientp, curl_socket_t fd, curlsocktype purpose) {
  (void)clientp;
  int ka = -1, idle = -1, intvl = -1, nodelay = -1;
  socklen_t len = sizeof(int);
  getsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &ka, &len);
  len = sizeof(int);
  getsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &nodelay, &len);
  len = sizeof(int);
  getsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &idle, &len);
  len = sizeof(int);
  getsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &intvl, &len);
  trace_line("%s: purpose=%d keepalive=%d nodelay=%d", label_now, (int)purpose, ka != 0, nodelay != 0);
  /* Without keep-alive the kernel's own intervals show; they are not libcurl's to set. */
  if (ka) trace_line("%s: idle=%d intvl=%d", label_now, idle, intvl);
  return CURL_SOCKOPT_OK;
}

static void run(const char *label, long keepalive, long idle, long intvl, long nodelay) {
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 1, "/ka?size=3");
  label_now = label;
  curl_easy_setopt(h, CURLOPT_SOCKOPTFUNCTION, sockopt_cb);
  if (keepalive >= 0) curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, keepalive);
  if (idle >= 0) trace_code("setopt TCP_KEEPIDLE", curl_easy_setopt(h, CURLOPT_TCP_KEEPIDLE, idle));
  if (intvl >= 0) trace_code("setopt TCP_KEEPINTVL", curl_easy_setopt(h, CURLOPT_TCP_KEEPINTVL, intvl));
  if (nodelay >= 0) curl_easy_setopt(h, CURLOPT_TCP_NODELAY, nodelay);
  trace_result(label, curl_easy_perform(h), &x);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  run("default", -1, -1, -1, -1);
  run("keepalive-defaults", 1, -1, -1, -1);
  run("keepalive-chosen", 1, 30, 7, -1);
  run("intervals-without-keepalive", 0, 30, 7, -1);
  run("nodelay-off", 1, 5, 5, 0);
  CURL *e = curl_easy_init();
  trace_code("setopt TCP_KEEPIDLE 0", curl_easy_setopt(e, CURLOPT_TCP_KEEPIDLE, 0L));
  trace_code("setopt TCP_KEEPIDLE -1", curl_easy_setopt(e, CURLOPT_TCP_KEEPIDLE, -1L));
  trace_code("setopt TCP_KEEPINTVL -5", curl_easy_setopt(e, CURLOPT_TCP_KEEPINTVL, -5L));
  trace_code("setopt TCP_KEEPALIVE 2", curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 2L));
  curl_easy_cleanup(e);
  curl_global_cleanup();
  return 0;
}
