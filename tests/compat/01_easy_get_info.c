/* Scenario: a plain GET through the easy interface, with the full deterministic getinfo set. */
#include "trace.h"

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  CURL *h = curl_easy_init();
  struct trace_xfer x;
  trace_xfer_init(&x, 1);
  trace_xfer_attach(h, &x);
  curl_easy_setopt(h, CURLOPT_URL, trace_url("/get?size=1234&hdr=Content-Type:application/x-test"));
  trace_code("perform", curl_easy_perform(h));
  trace_xfer_print_headers("get", &x);
  trace_xfer_print_body("get", &x);
  trace_info_all(h);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
  curl_global_cleanup();
  return 0;
}
