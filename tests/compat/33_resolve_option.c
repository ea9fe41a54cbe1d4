/* Scenario: CURLOPT_RESOLVE maps a made-up name to 127.0.0.1 without any DNS lookup. */
#include "trace.h"

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  char entry[128], url[128];
  snprintf(entry, sizeof entry, "fake.test:%d:127.0.0.1", trace_port());
  snprintf(url, sizeof url, "http://fake.test:%d/r?echo=1", trace_port());
  struct curl_slist *resolve = curl_slist_append(NULL, entry);
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 1, NULL);
  x.keep_body = 1;
  curl_easy_setopt(h, CURLOPT_URL, url);
  curl_easy_setopt(h, CURLOPT_RESOLVE, resolve);
  trace_result("fake", curl_easy_perform(h), &x);
  trace_xfer_print_body_text("fake", &x);
  INFO_STR(h, PRIMARY_IP);
  INFO_STR(h, EFFECTIVE_URL);
  INFO_LONG(h, NUM_CONNECTS);
  curl_easy_cleanup(h);
  curl_slist_free_all(resolve);
  trace_xfer_free(&x);
  curl_global_cleanup();
  return 0;
}
