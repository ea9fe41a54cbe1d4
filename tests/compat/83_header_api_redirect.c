/* Scenario: curl_easy_header request indexes across a followed redirect, then a fresh transfer. */
#include "trace.h"

static void lookup(CURL *h, const char *name, int request) {
  struct curl_header *o = NULL;
  CURLHcode c = curl_easy_header(h, name, 0, CURLH_HEADER, request, &o);
  if (c == CURLHE_OK)
    trace_line("header %s request=%d -> %s (%zu/%zu)", name, request, o->value, o->index,
               o->amount);
  else
    trace_line("header %s request=%d -> %d", name, request, (int)c);
}

static void walk(CURL *h, int request) {
  struct curl_header *p = NULL;
  trace_line("walk request=%d", request);
  for (int n = 0; n < 50 && (p = curl_easy_nextheader(h, CURLH_HEADER, request, p)); n++)
    trace_line("  %s: %s", p->name, p->value);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 1, "/r?status=302&hdr=X-B:first&location=/final%3Fhdr%3DX-B:second%26hdr%3DX-C:c");
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
  trace_result("follow", curl_easy_perform(h), &x);
  INFO_LONG(h, REDIRECT_COUNT);
  lookup(h, "x-b", 0);
  lookup(h, "x-b", 1);
  lookup(h, "x-b", -1);
  lookup(h, "x-b", 2);
  lookup(h, "location", 0);
  lookup(h, "location", -1);
  lookup(h, "x-c", 0);
  walk(h, 0);
  walk(h, 1);
  walk(h, -1);
  trace_xfer_free(&x);

  /* Two redirects with a 100 Continue on the last hop: still one request per response. */
  trace_xfer_init(&x, 2);
  curl_easy_setopt(h, CURLOPT_URL, trace_url("/r?status=301&location=/r2%3Fstatus%3D307%26location%3D/end%253Fcontinue%253D1%2526hdr%253DX-End:1"));
  trace_result("two hops", curl_easy_perform(h), &x);
  INFO_LONG(h, REDIRECT_COUNT);
  lookup(h, "x-end", 2);
  lookup(h, "x-end", -1);
  lookup(h, "location", 1);
  lookup(h, "x-end", 3);
  trace_xfer_free(&x);

  /* Without following, the 302 is the only request. */
  trace_xfer_init(&x, 3);
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(h, CURLOPT_URL, trace_url("/r?status=302&location=/elsewhere"));
  trace_result("nofollow", curl_easy_perform(h), &x);
  lookup(h, "location", -1);
  lookup(h, "location", 1);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
  curl_global_cleanup();
  return 0;
}
