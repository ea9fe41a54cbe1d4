/* Scenario: "localhost" and every name ending in ".localhost" resolve to 127.0.0.1 and ::1
 * without asking DNS, in that order, as libcurl 7.88 does (curl test 389). The server
 * listens on 127.0.0.1 only, so IPRESOLVE_V6 shows that ::1 is the other address. */
#include <stdio.h>

#include "trace.h"

static void get(CURL *h, const char *label, const char *host, long ipresolve) {
  char url[256];
  snprintf(url, sizeof url, "http://%s:%d/p?echo=1", host, trace_port());
  struct trace_xfer x;
  trace_xfer_init(&x, 1);
  x.keep_body = 1;
  trace_xfer_attach(h, &x);
  curl_easy_setopt(h, CURLOPT_URL, url);
  curl_easy_setopt(h, CURLOPT_IPRESOLVE, ipresolve);
  CURLcode rc = curl_easy_perform(h);
  trace_code(label, rc);
  if (rc == CURLE_OK) trace_xfer_print_body_text(label, &x);
  INFO_STR(h, PRIMARY_IP);
  INFO_LONG(h, NUM_CONNECTS);
  trace_xfer_free(&x);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  CURL *h = curl_easy_init();
  /* A fresh connection each time, so every name is looked up and connected. */
  curl_easy_setopt(h, CURLOPT_FRESH_CONNECT, 1L);
  curl_easy_setopt(h, CURLOPT_FORBID_REUSE, 1L);
  get(h, "localhost", "localhost", CURL_IPRESOLVE_WHATEVER);
  get(h, "sub.localhost", "curlmachine.localhost", CURL_IPRESOLVE_WHATEVER);
  get(h, "mixed case", "A.b.LocalHost", CURL_IPRESOLVE_WHATEVER);
  get(h, "deep", "x.y.z.localhost", CURL_IPRESOLVE_WHATEVER);
  get(h, "v4 only", "v4.localhost", CURL_IPRESOLVE_V4);
  get(h, "v6 only", "v6.localhost", CURL_IPRESOLVE_V6);
  /* CURLOPT_RESOLVE still wins over the built-in answer. */
  char entry[128];
  snprintf(entry, sizeof entry, "pinned.localhost:%d:127.0.0.1", trace_port());
  struct curl_slist *resolve = curl_slist_append(NULL, entry);
  curl_easy_setopt(h, CURLOPT_RESOLVE, resolve);
  get(h, "resolve entry", "pinned.localhost", CURL_IPRESOLVE_WHATEVER);
  curl_easy_cleanup(h);
  curl_slist_free_all(resolve);
  curl_global_cleanup();
  return 0;
}
