/* Scenario: CURLOPT_CONNECT_ONLY, then curl_easy_send/curl_easy_recv on the connection. */
#include <poll.h>
#include <string.h>

#include "trace.h"

static void wait_socket(CURL *h, short events) {
  curl_socket_t fd = CURL_SOCKET_BAD;
  curl_easy_getinfo(h, CURLINFO_ACTIVESOCKET, &fd);
  struct pollfd p = {fd, events, 0};
  poll(&p, 1, 2000);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  CURL *h = curl_easy_init();
  size_t n = 0;
  char buf[256];
  trace_code("recv before connect", curl_easy_recv(h, buf, sizeof buf, &n));
  curl_easy_setopt(h, CURLOPT_URL, trace_url("/raw"));
  curl_easy_setopt(h, CURLOPT_CONNECT_ONLY, 1L);
  trace_code("perform", curl_easy_perform(h));
  curl_socket_t fd = CURL_SOCKET_BAD;
  curl_easy_getinfo(h, CURLINFO_ACTIVESOCKET, &fd);
  trace_line("active socket valid: %d", fd != CURL_SOCKET_BAD);
  INFO_LONG(h, RESPONSE_CODE);
  INFO_LONG(h, NUM_CONNECTS);

  const char *req = "GET /raw?text=hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  size_t off = 0;
  for (int i = 0; i < 100 && off < strlen(req); i++) {
    CURLcode rc = curl_easy_send(h, req + off, strlen(req) - off, &n);
    if (rc == CURLE_AGAIN) { wait_socket(h, POLLOUT); continue; }
    if (rc) { trace_code("send", rc); break; }
    off += n;
  }
  trace_line("sent all: %d", off == strlen(req));

  char resp[4096];
  size_t got = 0;
  for (int i = 0; i < 100; i++) {
    CURLcode rc = curl_easy_recv(h, resp + got, sizeof resp - 1 - got, &n);
    if (rc == CURLE_AGAIN) { wait_socket(h, POLLIN); continue; }
    if (rc) { trace_code("recv", rc); break; }
    if (n == 0) break;  /* peer closed */
    got += n;
  }
  resp[got] = 0;
  trace_line("response bytes: %zu", got);
  trace_line("ends with body: %d", got >= 5 && memcmp(resp + got - 5, "hello", 5) == 0);
  curl_easy_cleanup(h);
  curl_global_cleanup();
  return 0;
}
