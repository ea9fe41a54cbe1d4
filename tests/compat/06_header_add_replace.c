/* Scenario: HTTPHEADER adding a header and replacing the built-in Host: and Accept: lines. */
#include "trace.h"

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 1, "/hdrs?echo=1");
  x.keep_body = 1;
  struct curl_slist *list = NULL;
  list = curl_slist_append(list, "X-Added: one");
  list = curl_slist_append(list, "Host: example.test");
  list = curl_slist_append(list, "Accept: text/x-custom");
  list = curl_slist_append(list, "X-Added: two");
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, list);
  trace_result("replace", curl_easy_perform(h), &x);
  trace_xfer_print_body_text("replace", &x);
  INFO_LONG(h, REQUEST_SIZE);
  trace_xfer_free(&x);

  /* Custom headers also apply to a POST, where Content-Type can be replaced too. */
  trace_xfer_init(&x, 2);
  x.keep_body = 1;
  struct curl_slist *list2 = curl_slist_append(NULL, "Content-Type: text/x-mine");
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, list2);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, "body");
  trace_result("post", curl_easy_perform(h), &x);
  trace_xfer_print_body_text("post", &x);
  curl_easy_cleanup(h);
  curl_slist_free_all(list);
  curl_slist_free_all(list2);
  trace_xfer_free(&x);
  curl_global_cleanup();
  return 0;
}
