/* Scenario: CURLOPT_FILETIME reads a final response's Last-Modified into CURLINFO_FILETIME(_T);
   without it, or without the header, or with a date that does not parse, both say -1. */
#include "trace.h"

static void run(const char *label, const char *path, long filetime) {
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 1, path);
  trace_code("FILETIME", curl_easy_setopt(h, CURLOPT_FILETIME, filetime));
  trace_result(label, curl_easy_perform(h), &x);
  INFO_LONG(h, FILETIME);
  INFO_OFF(h, FILETIME_T);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  run("off", "/f?size=3&hdr=Last-Modified:%20Sun,%2006%20Nov%201994%2008:49:37%20GMT", 0);
  run("rfc1123", "/f?size=3&hdr=Last-Modified:%20Sun,%2006%20Nov%201994%2008:49:37%20GMT", 1);
  run("rfc850", "/f?size=3&hdr=last-modified:%20Sunday,%2006-Nov-94%2008:49:37%20GMT", 1);
  run("asctime", "/f?size=3&hdr=Last-Modified:%20Sun%20Nov%20%206%2008:49:37%201994", 1);
  run("garbage", "/f?size=3&hdr=Last-Modified:%20not%20a%20date", 1);
  run("none", "/f?size=3", 1);
  /* A 304 reports the condition unmet (without TIMECONDITION too); a 200 does not. */
  struct trace_xfer y;
  CURL *c = trace_easy_new(&y, 3, "/f?status=304");
  trace_result("304", curl_easy_perform(c), &y);
  INFO_LONG(c, CONDITION_UNMET);
  curl_easy_setopt(c, CURLOPT_URL, trace_url("/f?size=1"));
  trace_result("200", curl_easy_perform(c), &y);
  INFO_LONG(c, CONDITION_UNMET);
  curl_easy_cleanup(c);
  trace_xfer_free(&y);
  run("after-2038", "/f?size=3&hdr=Last-Modified:%20Fri,%2001%20Jan%202100%2000:00:00%20GMT", 1);
  /* A redirect's Last-Modified belongs to the redirect; the final answer has none. */
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 2, "/r?status=302&location=/f%3Fsize%3D2&hdr=Last-Modified:%20Sun,%2006%20Nov%201994%2008:49:37%20GMT");
  curl_easy_setopt(h, CURLOPT_FILETIME, 1L);
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
  trace_result("redirect", curl_easy_perform(h), &x);
  INFO_LONG(h, FILETIME);
  trace_code("PROXYAUTH ANY", curl_easy_setopt(h, CURLOPT_PROXYAUTH, (long)CURLAUTH_ANY));
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
  curl_global_cleanup();
  return 0;
}
