/* Scenario: a 1xx reply and then EOF: nothing of a final reply came, which libcurl 7.88 calls an
 * empty reply (52), as when nothing came at all; once a final status line is in, EOF is its
 * end as usual (curl test 158). */
#include "trace.h"

static void run(CURL *h, int id, const char *label, const char *path, int post) {
  struct trace_xfer x;
  trace_xfer_init(&x, id);
  trace_xfer_attach(h, &x);
  curl_easy_setopt(h, CURLOPT_URL, trace_url(path));
  if (post) curl_easy_setopt(h, CURLOPT_POSTFIELDS, "name=daniel");
  else curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
  trace_result(label, curl_easy_perform(h), &x);
  INFO_LONG(h, RESPONSE_CODE);
  INFO_LONG(h, HEADER_SIZE);
  trace_xfer_free(&x);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 0, "/");
  trace_xfer_free(&x);
  /* "HTTP/1.1 100 Continue\r\n\r\n" is 25 bytes; cut= closes the connection after that many. */
  run(h, 1, "get 100 then EOF", "/i?continue=1&cut=25", 0);
  run(h, 2, "post 100 then EOF", "/i?continue=1&cut=25", 1);
  run(h, 3, "100 then half a status line", "/i?continue=1&cut=33", 0);
  run(h, 4, "100 then a status line", "/i?continue=1&cut=42", 0);
  run(h, 5, "100 then some headers", "/i?continue=1&cut=60", 0);
  run(h, 6, "half a 100", "/i?continue=1&cut=12", 0);
  run(h, 7, "100 without its blank line", "/i?continue=1&cut=23", 0);
  run(h, 8, "whole", "/i?continue=1&size=10", 0);
  curl_easy_cleanup(h);
  curl_global_cleanup();
  return 0;
}
