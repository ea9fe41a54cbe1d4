/* Scenario: curl_easy_nextheader order, 1xx and trailer origins, bad anchors and absent requests. */
#include "trace.h"

static void walk(CURL *h, unsigned origin, int request) {
  struct curl_header *p = NULL;
  trace_line("walk origin=%u request=%d", origin, request);
  for (int n = 0; n < 50 && (p = curl_easy_nextheader(h, origin, request, p)); n++)
    trace_line("  %s: %s (%zu/%zu origin=%#x)", p->name, p->value, p->index, p->amount,
               p->origin);
}

static void lookup(CURL *h, const char *name, unsigned origin, int request) {
  struct curl_header *o = NULL;
  CURLHcode c = curl_easy_header(h, name, 0, origin, request, &o);
  if (c == CURLHE_OK)
    trace_line("header %s origin=%u -> %s (origin=%#x)", name, origin, o->value, o->origin);
  else
    trace_line("header %s origin=%u -> %d", name, origin, (int)c);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  struct trace_xfer x;

  /* A 100 Continue before the final response: 1xx lines carry no headers here. */
  CURL *h = trace_easy_new(&x, 1, "/c?continue=1&size=3&hdr=B:1&hdr=A:2&hdr=b:3");
  trace_result("continue", curl_easy_perform(h), &x);
  walk(h, CURLH_HEADER, -1);
  walk(h, CURLH_1XX, -1);
  walk(h, CURLH_HEADER, 1);
  lookup(h, "b", CURLH_1XX, -1);
  lookup(h, "b", CURLH_1XX | CURLH_HEADER, 0);
  trace_line("next on request 3: %s",
             curl_easy_nextheader(h, CURLH_HEADER, 3, NULL) ? "header" : "NULL");
  {
    /* A copy whose anchor is gone cannot continue the walk. */
    struct curl_header fake = {0};
    trace_line("next after empty anchor: %s",
               curl_easy_nextheader(h, CURLH_HEADER, -1, &fake) ? "header" : "NULL");
  }
  trace_xfer_free(&x);

  /* A chunked body with a trailer: the trailer has its own origin. */
  trace_xfer_init(&x, 2);
  curl_easy_setopt(h, CURLOPT_URL, trace_url("/t?chunked=1&chunk=5&size=12&trailer=1&hdr=X-Trailer:head"));
  trace_result("trailer", curl_easy_perform(h), &x);
  walk(h, CURLH_HEADER | CURLH_TRAILER, -1);
  walk(h, CURLH_TRAILER, -1);
  lookup(h, "x-trailer", CURLH_TRAILER, -1);
  lookup(h, "x-trailer", CURLH_HEADER, -1);
  lookup(h, "transfer-encoding", CURLH_TRAILER, -1);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
  curl_global_cleanup();
  return 0;
}
