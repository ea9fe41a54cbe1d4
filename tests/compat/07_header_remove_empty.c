/* Scenario: HTTPHEADER removing a built-in header ("Accept:") and sending an empty one ("X-Empty;"). */
#include "trace.h"

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 1, "/hdrs?echo=1");
  x.keep_body = 1;
  struct curl_slist *list = NULL;
  list = curl_slist_append(list, "Accept:");
  list = curl_slist_append(list, "X-Empty;");
  list = curl_slist_append(list, "X-Not-Sent:");
  list = curl_slist_append(list, "X-Spaced:   padded");
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, list);
  trace_result("remove", curl_easy_perform(h), &x);
  trace_xfer_print_body_text("remove", &x);
  trace_xfer_free(&x);

  /* Clearing the list restores the default headers. */
  trace_xfer_init(&x, 2);
  x.keep_body = 1;
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, NULL);
  trace_result("cleared", curl_easy_perform(h), &x);
  trace_xfer_print_body_text("cleared", &x);
  curl_easy_cleanup(h);
  curl_slist_free_all(list);
  trace_xfer_free(&x);
  curl_global_cleanup();
  return 0;
}
