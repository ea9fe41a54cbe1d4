/* Scenario: USERAGENT set, then unset with NULL on the same handle. */
#include "trace.h"

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 1, "/ua?echo=1");
  x.keep_body = 1;
  trace_code("setopt USERAGENT", curl_easy_setopt(h, CURLOPT_USERAGENT, "compat-agent/1.0"));
  trace_result("set", curl_easy_perform(h), &x);
  trace_xfer_print_body_text("set", &x);
  trace_xfer_free(&x);

  trace_xfer_init(&x, 2);
  x.keep_body = 1;
  trace_code("setopt USERAGENT NULL", curl_easy_setopt(h, CURLOPT_USERAGENT, NULL));
  trace_result("unset", curl_easy_perform(h), &x);
  trace_xfer_print_body_text("unset", &x);
  trace_xfer_free(&x);

  /* An empty string is a set value, not an absent one. */
  trace_xfer_init(&x, 3);
  x.keep_body = 1;
  trace_code("setopt USERAGENT \"\"", curl_easy_setopt(h, CURLOPT_USERAGENT, ""));
  trace_result("empty", curl_easy_perform(h), &x);
  trace_xfer_print_body_text("empty", &x);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
  curl_global_cleanup();
  return 0;
}
