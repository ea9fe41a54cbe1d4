/* Scenario: the headers the engine acts on (Content-Type, Location) when empty, padded, lower-case or folded. */
#include "trace.h"

static void one(CURL *h, struct trace_xfer *x, int id, const char *label, const char *path) {
  trace_xfer_init(x, id);
  trace_xfer_attach(h, x);
  curl_easy_setopt(h, CURLOPT_URL, trace_url(path));
  trace_result(label, curl_easy_perform(h), x);
  INFO_LONG(h, RESPONSE_CODE);
  INFO_STR(h, CONTENT_TYPE);
  INFO_STR(h, REDIRECT_URL);
  trace_xfer_free(x);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 1, "/start?size=1");
  trace_result("start", curl_easy_perform(h), &x);
  trace_xfer_free(&x);

  one(h, &x, 2, "padded", "/a?size=2&hdr=Content-Type:%09text/padded%20%09%20");
  one(h, &x, 3, "lower-case", "/b?size=2&hdr=content-type:TEXT/Lower");
  one(h, &x, 4, "empty", "/c?size=2&hdr=Content-Type:");
  one(h, &x, 5, "blank", "/d?size=2&hdr=Content-Type:%20%20%09");
  /* obs-fold: a continuation line belongs to the header before it. */
  one(h, &x, 6, "folded type", "/e?size=2&hdr=Content-Type:text/first%0D%0A%20second");
  one(h, &x, 7, "folded location", "/f?status=302&size=2&location=/x%0D%0A%09/y");
  one(h, &x, 8, "two types", "/g?size=2&hdr=Content-Type:text/one&hdr=Content-Type:text/two");
  one(h, &x, 9, "location case", "/h?status=301&size=2&hdr=LOCATION:/upper");
  curl_easy_cleanup(h);
  curl_global_cleanup();
  return 0;
}
