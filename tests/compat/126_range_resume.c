/* Scenario: CURLOPT_RANGE and RESUME_FROM(_LARGE) on downloads: the Range line sent, a 206
   with a matching Content-Range, a server that ignores ranges (fine for RANGE, RANGE_ERROR
   for a resume), "already downloaded", a 416 with "*" (FAILONERROR too), a custom Range. */
#include "trace.h"

static void run(const char *label, const char *path, const char *range, curl_off_t resume, long fail,
                long nobody) {
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 1, path);
  x.keep_body = 1;
  if (range) trace_code("RANGE", curl_easy_setopt(h, CURLOPT_RANGE, range));
  if (resume) trace_code("RESUME_FROM_LARGE", curl_easy_setopt(h, CURLOPT_RESUME_FROM_LARGE, resume));
  curl_easy_setopt(h, CURLOPT_FAILONERROR, fail);
  curl_easy_setopt(h, CURLOPT_NOBODY, nobody);
  trace_result(label, curl_easy_perform(h), &x);
  trace_xfer_print_body_text(label, &x);
  INFO_LONG(h, RESPONSE_CODE);
  INFO_OFF(h, SIZE_DOWNLOAD_T);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  run("range-echo", "/e?echo=1", "1-2", 0, 0, 0);
  run("range-ignored", "/x?text=0123456789", "0-3", 0, 0, 0);
  run("range-206", "/x?status=206&text=2345&hdr=Content-Range:%20bytes%202-5/10", "2-5", 0, 0, 0);
  run("resume-206", "/x?status=206&text=56789&hdr=Content-Range:%20bytes%205-9/10", NULL, 5, 0, 0);
  run("resume-ignored", "/x?text=0123456789", NULL, 5, 0, 0);
  run("resume-wrong-range", "/x?status=206&text=0123456789&hdr=Content-Range:%20bytes%200-9/10", NULL, 5, 0, 0);
  run("resume-complete", "/x?text=0123456789", NULL, 10, 0, 0);
  run("resume-416", "/x?status=416&text=no&hdr=Content-Range:%20bytes%20*/10", NULL, 20, 0, 0);
  run("resume-416-fail", "/x?status=416&text=no&hdr=Content-Range:%20bytes%20*/10", NULL, 20, 1, 0);
  run("resume-head", "/x?text=0123456789", NULL, 5, 0, 1);
  /* The application's own Range line wins. */
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 2, "/e?echo=1");
  x.keep_body = 1;
  struct curl_slist *hdrs = curl_slist_append(NULL, "Range: bytes=7-8");
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
  curl_easy_setopt(h, CURLOPT_RANGE, "1-2");
  trace_result("own-range", curl_easy_perform(h), &x);
  trace_xfer_print_body_text("own-range", &x);
  curl_easy_cleanup(h);
  curl_slist_free_all(hdrs);
  trace_xfer_free(&x);
  CURL *e = curl_easy_init();
  trace_code("RESUME_FROM -2", curl_easy_setopt(e, CURLOPT_RESUME_FROM, -2L));
  trace_code("RESUME_FROM_LARGE -2", curl_easy_setopt(e, CURLOPT_RESUME_FROM_LARGE, (curl_off_t)-2));
  curl_easy_cleanup(e);
  curl_global_cleanup();
  return 0;
}
