/* Scenario: CURLOPT_TIMECONDITION and TIMEVALUE(_LARGE): the header each condition sends
   (and not when the application sends its own, also on a followed redirect), what libcurl
   does with a response whose Last-Modified fails the condition (a "simulated" 304: no body,
   CONDITION_UNMET, the connection not reused), when it does not look (no Last-Modified,
   TIMEVALUE 0, RANGE, HEAD, an empty body, a redirect it follows), a real 304, FILETIME beside
   it, duphandle and reset, and the values setopt refuses. */
#include <stdio.h>
#include <string.h>

#include "trace.h"

#define OLD "Sun,%2006%20Nov%201994%2008:49:37%20GMT" /* 784111777 */
#define OLD_TWICE "Sun,%252006%2520Nov%25201994%252008:49:37%2520GMT" /* OLD inside a Location */
#define NEW "Fri,%2001%20Jan%202010%2000:00:00%20GMT" /* 1262304000 */
#define T1999 945000000L                             /* Sun, 12 Dec 1999 12:00:00 GMT */

struct cond {
  long condition;
  curl_off_t value;
  int large;
};

static void setup(CURL *h, const struct cond *c) {
  trace_code("TIMECONDITION", curl_easy_setopt(h, CURLOPT_TIMECONDITION, c->condition));
  if (c->large)
    trace_code("TIMEVALUE_LARGE", curl_easy_setopt(h, CURLOPT_TIMEVALUE_LARGE, c->value));
  else
    trace_code("TIMEVALUE", curl_easy_setopt(h, CURLOPT_TIMEVALUE, (long)c->value));
}

static void report(CURL *h) {
  INFO_LONG(h, RESPONSE_CODE);
  INFO_LONG(h, CONDITION_UNMET);
  INFO_OFF(h, SIZE_DOWNLOAD_T);
  INFO_OFF(h, CONTENT_LENGTH_DOWNLOAD_T);
  INFO_LONG(h, FILETIME);
}

/* The request as the server saw it. */
static void sent(const char *label, struct cond c, const char *own_header) {
  struct trace_xfer x;
  char err[CURL_ERROR_SIZE] = "";
  CURL *h = trace_easy_new(&x, 1, "/e?echo=1");
  x.keep_body = 1;
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, err);
  struct curl_slist *hdrs = own_header ? curl_slist_append(NULL, own_header) : NULL;
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
  setup(h, &c);
  trace_result(label, curl_easy_perform(h), &x);
  trace_line("%s errorbuffer: %s", label, err);
  trace_xfer_print_body_text(label, &x);
  curl_easy_cleanup(h);
  curl_slist_free_all(hdrs);
  trace_xfer_free(&x);
}

/* A response to the condition; a second transfer on the handle shows whether the
   connection was kept. */
static void answer(const char *label, const char *path, struct cond c, long filetime, const char *range,
                   long nobody) {
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 2, path);
  x.keep_body = 1;
  setup(h, &c);
  curl_easy_setopt(h, CURLOPT_FILETIME, filetime);
  if (range) curl_easy_setopt(h, CURLOPT_RANGE, range);
  curl_easy_setopt(h, CURLOPT_NOBODY, nobody);
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
  trace_result(label, curl_easy_perform(h), &x);
  trace_xfer_print_body_text(label, &x);
  report(h);
  struct trace_xfer y;
  trace_xfer_init(&y, 3);
  trace_xfer_attach(h, &y);
  curl_easy_setopt(h, CURLOPT_URL, trace_url("/n?text=next"));
  curl_easy_setopt(h, CURLOPT_TIMECONDITION, (long)CURL_TIMECOND_NONE);
  curl_easy_setopt(h, CURLOPT_RANGE, NULL);
  curl_easy_setopt(h, CURLOPT_NOBODY, 0L);
  trace_code("next", curl_easy_perform(h));
  INFO_LONG(h, NUM_CONNECTS);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
  trace_xfer_free(&y);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  const struct cond none = {CURL_TIMECOND_NONE, T1999, 0};
  const struct cond ims = {CURL_TIMECOND_IFMODSINCE, T1999, 0};
  const struct cond ius = {CURL_TIMECOND_IFUNMODSINCE, T1999, 0};
  const struct cond lastmod = {CURL_TIMECOND_LASTMOD, T1999, 0};

  sent("none", none, NULL);
  sent("ifmodsince", ims, NULL);
  sent("ifunmodsince", ius, NULL);
  sent("lastmod", lastmod, NULL);
  sent("value-0", (struct cond){CURL_TIMECOND_IFMODSINCE, 0, 1}, NULL);
  sent("large", (struct cond){CURL_TIMECOND_IFMODSINCE, (curl_off_t)4102444800LL, 1}, NULL);
  sent("negative", (struct cond){CURL_TIMECOND_IFUNMODSINCE, -1, 1}, NULL);
  sent("year-999", (struct cond){CURL_TIMECOND_IFMODSINCE, (curl_off_t)-30636662400LL, 1}, NULL);
  sent("too-large", (struct cond){CURL_TIMECOND_IFMODSINCE, (curl_off_t)0x7fffffffffffffffLL, 1}, NULL);
  sent("own", ims, "If-Modified-Since: yesterday");
  sent("own-lowercase", ims, "if-modified-since: tomorrow");
  sent("own-semicolon", ius, "If-Unmodified-Since;");
  sent("own-removed", lastmod, "Last-Modified:");
  sent("other-name", ims, "If-Unmodified-Since: never");

  /* The condition on a followed redirect's request. */
  {
    struct trace_xfer x;
    CURL *h = trace_easy_new(&x, 4, "/r?status=302&location=/e%3Fecho%3D1");
    x.keep_body = 1;
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
    setup(h, &ius);
    trace_result("redirect", curl_easy_perform(h), &x);
    trace_xfer_print_body_text("redirect", &x);
    /* duphandle carries the condition, reset drops it. */
    struct trace_xfer y;
    CURL *d = curl_easy_duphandle(h);
    trace_xfer_init(&y, 5);
    y.keep_body = 1;
    trace_xfer_attach(d, &y);
    curl_easy_setopt(d, CURLOPT_URL, trace_url("/e?echo=1"));
    trace_result("dup", curl_easy_perform(d), &y);
    trace_xfer_print_body_text("dup", &y);
    curl_easy_cleanup(d);
    trace_xfer_free(&y);
    curl_easy_reset(h);
    struct trace_xfer z;
    trace_xfer_init(&z, 6);
    z.keep_body = 1;
    trace_xfer_attach(h, &z);
    curl_easy_setopt(h, CURLOPT_URL, trace_url("/e?echo=1"));
    trace_result("reset", curl_easy_perform(h), &z);
    trace_xfer_print_body_text("reset", &z);
    curl_easy_cleanup(h);
    trace_xfer_free(&x);
    trace_xfer_free(&z);
  }

  /* Responses. */
  answer("old-ims", "/f?text=body&hdr=Last-Modified:%20" OLD, ims, 0, NULL, 0);
  answer("new-ims", "/f?text=body&hdr=Last-Modified:%20" NEW, ims, 0, NULL, 0);
  answer("old-ius", "/f?text=body&hdr=Last-Modified:%20" OLD, ius, 0, NULL, 0);
  answer("new-ius", "/f?text=body&hdr=Last-Modified:%20" NEW, ius, 0, NULL, 0);
  answer("old-lastmod", "/f?text=body&hdr=Last-Modified:%20" OLD, lastmod, 0, NULL, 0);
  answer("new-lastmod", "/f?text=body&hdr=Last-Modified:%20" NEW, lastmod, 0, NULL, 0);
  answer("equal-ims", "/f?text=body&hdr=Last-Modified:%20" OLD,
         (struct cond){CURL_TIMECOND_IFMODSINCE, 784111777, 0}, 0, NULL, 0);
  answer("equal-ius", "/f?text=body&hdr=Last-Modified:%20" OLD,
         (struct cond){CURL_TIMECOND_IFUNMODSINCE, 784111777, 0}, 0, NULL, 0);
  answer("old-filetime", "/f?text=body&hdr=Last-Modified:%20" OLD, ims, 1, NULL, 0);
  answer("no-lastmod", "/f?text=body", ims, 0, NULL, 0);
  answer("garbage-lastmod", "/f?text=body&hdr=Last-Modified:%20garbage", ims, 0, NULL, 0);
  answer("garbage-lastmod-ius", "/f?text=body&hdr=Last-Modified:%20garbage", ius, 0, NULL, 0);
  answer("value-0", "/f?text=body&hdr=Last-Modified:%20" OLD, (struct cond){CURL_TIMECOND_IFMODSINCE, 0, 0}, 0,
         NULL, 0);
  answer("range", "/f?text=body&hdr=Last-Modified:%20" OLD, ims, 0, "0-1", 0);
  answer("head", "/f?text=body&hdr=Last-Modified:%20" OLD, ims, 1, NULL, 1);
  answer("empty", "/f?size=0&hdr=Last-Modified:%20" OLD, ims, 0, NULL, 0);
  answer("chunked", "/f?chunked=1&text=body&hdr=Last-Modified:%20" OLD, ims, 0, NULL, 0);
  answer("close", "/f?close=1&text=body&hdr=Last-Modified:%20" OLD, ims, 0, NULL, 0);
  answer("404", "/f?status=404&text=body&hdr=Last-Modified:%20" OLD, ims, 0, NULL, 0);
  answer("304", "/f?status=304&hdr=Last-Modified:%20" OLD, ims, 1, NULL, 0);
  answer("304-none", "/f?status=304&hdr=Last-Modified:%20" OLD, none, 1, NULL, 0);
  answer("redirect-old", "/r?status=302&location=/f%3Ftext%3Dnew&text=moved&hdr=Last-Modified:%20" OLD, ims, 1,
         NULL, 0);
  answer("redirect-to-old", "/r?status=302&location=/f%3Ftext%3Dold%26hdr%3DLast-Modified:%2520" OLD_TWICE, ims, 1, NULL,
         0);

  CURL *e = curl_easy_init();
  trace_code("TIMECONDITION 4", curl_easy_setopt(e, CURLOPT_TIMECONDITION, 4L));
  trace_code("TIMECONDITION -1", curl_easy_setopt(e, CURLOPT_TIMECONDITION, -1L));
  trace_code("TIMECONDITION 3", curl_easy_setopt(e, CURLOPT_TIMECONDITION, 3L));
  trace_code("TIMEVALUE -5", curl_easy_setopt(e, CURLOPT_TIMEVALUE, -5L));
  curl_easy_cleanup(e);
  curl_global_cleanup();
  return 0;
}
