/* Scenario: the stubs: WebSocket calls, push-header lookups, curl_strequal/strnequal. */
#include "trace.h"

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  CURL *h = curl_easy_init();
  char buf[8];
  size_t n = 5;
  const struct curl_ws_frame *meta = NULL;
  trace_code("ws_recv", curl_ws_recv(h, buf, sizeof buf, &n, (struct curl_ws_frame **)&meta));
  trace_line("ws_recv n=%zu meta=%s", n, meta ? "set" : "NULL");
  n = 5;
  trace_code("ws_send", curl_ws_send(h, "ab", 2, &n, 0, CURLWS_TEXT));
  trace_line("ws_send n=%zu", n);
  trace_code("ws_recv NULL handle", curl_ws_recv(NULL, buf, sizeof buf, &n, NULL));
  trace_line("ws_meta %s", curl_ws_meta(h) ? "set" : "NULL");
  trace_line("pushheader_bynum %s", curl_pushheader_bynum(NULL, 0) ? "set" : "NULL");
  trace_line("pushheader_byname %s", curl_pushheader_byname(NULL, ":path") ? "set" : "NULL");
  static const char *pairs[][2] = {
    {"abc", "ABC"}, {"abc", "abd"}, {"", ""}, {"a", ""}, {"Content-Type", "content-type"},
    {"abc", "abcd"}, {"\xe9", "\xc9"}, {"[", "{"},
  };
  for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
    trace_line("strequal %zu -> %d", i, curl_strequal(pairs[i][0], pairs[i][1]));
    for (size_t k = 0; k < 6; k++)
      trace_line("strnequal %zu n=%zu -> %d", i, k, curl_strnequal(pairs[i][0], pairs[i][1], k));
  }
  trace_line("strequal NULL NULL -> %d", curl_strequal(NULL, NULL));
  trace_line("strequal NULL a -> %d", curl_strequal(NULL, "a"));
  trace_line("strnequal NULL NULL 3 -> %d", curl_strnequal(NULL, NULL, 3));
  trace_line("strnequal NULL NULL 0 -> %d", curl_strnequal(NULL, NULL, 0));
  trace_line("strnequal a NULL 1 -> %d", curl_strnequal("a", NULL, 1));
  curl_easy_cleanup(h);
  curl_global_cleanup();
  return 0;
}
