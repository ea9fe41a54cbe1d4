/* Scenario: a garbage status line and a non-HTTP reply (to a GET and to a HEAD). */
#include "trace.h"

static void get(const char *label, const char *pq, long http09, long nobody) {
  struct trace_xfer x;
  char err[CURL_ERROR_SIZE];
  CURL *h = trace_easy_new(&x, 1, pq);
  x.keep_body = 1;
  curl_easy_setopt(h, CURLOPT_HTTP09_ALLOWED, http09);
  curl_easy_setopt(h, CURLOPT_NOBODY, nobody);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, err);
  err[0] = '\0';
  trace_result(label, curl_easy_perform(h), &x);
  trace_line("%s: errorbuffer %s", label, err[0] ? "non-empty" : "empty");
  trace_xfer_print_body_text(label, &x);
  INFO_LONG(h, RESPONSE_CODE);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  get("malformed", "/w?malformed=1", 0L, 0L);
  get("garbage", "/w?garbage=1", 0L, 0L);
  /* With HTTP/0.9 allowed the same bytes become a headerless body; not for a HEAD, which
     libcurl calls a weird reply (curl test 1144). */
  get("garbage09", "/w?garbage=1", 1L, 0L);
  get("garbage09-head", "/w?garbage=1", 1L, 1L);
  get("badlength", "/w?size=4&hdr=Content-Length:%20x", 0L, 0L);
  curl_global_cleanup();
  return 0;
}
