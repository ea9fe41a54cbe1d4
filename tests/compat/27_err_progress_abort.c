/* Scenario: XFERINFOFUNCTION and the old PROGRESSFUNCTION abort with CURLE_ABORTED_BY_CALLBACK. */
#include "trace.h"

static long xferinfo_calls;
static long progress_calls;

static int abort_xferinfo(void *clientp, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                          curl_off_t ulnow) {
  (void)clientp;
  (void)dltotal;
  (void)dlnow;
  (void)ultotal;
  (void)ulnow;
  xferinfo_calls++;
  return 1;
}

static int abort_progress(void *clientp, double dltotal, double dlnow, double ultotal,
                          double ulnow) {
  (void)clientp;
  (void)dltotal;
  (void)dlnow;
  (void)ultotal;
  (void)ulnow;
  progress_calls++;
  return 1;
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  struct trace_xfer x;
  char err[CURL_ERROR_SIZE];
  CURL *h = trace_easy_new(&x, 1, "/pr?size=100000");
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, err);
  curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, abort_xferinfo);
  curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
  err[0] = '\0';
  trace_result("xferinfo", curl_easy_perform(h), &x);
  trace_line("xferinfo called: %s", xferinfo_calls > 0 ? "yes" : "no");
  trace_line("errorbuffer: %s", err[0] ? "non-empty" : "empty");
  curl_easy_cleanup(h);
  trace_xfer_free(&x);

  h = trace_easy_new(&x, 2, "/pr?size=100000");
  curl_easy_setopt(h, CURLOPT_PROGRESSFUNCTION, abort_progress);
  curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
  trace_result("progress", curl_easy_perform(h), &x);
  trace_line("progress called: %s", progress_calls > 0 ? "yes" : "no");
  curl_easy_cleanup(h);
  trace_xfer_free(&x);

  /* With NOPROGRESS left at 1 the callback is never consulted. */
  xferinfo_calls = 0;
  h = trace_easy_new(&x, 3, "/pr?size=100");
  curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, abort_xferinfo);
  trace_result("disabled", curl_easy_perform(h), &x);
  trace_line("xferinfo called: %s", xferinfo_calls > 0 ? "yes" : "no");
  curl_easy_cleanup(h);
  trace_xfer_free(&x);

  /* A callback that lets the transfer go on is called at least once. */
  h = trace_easy_new(&x, 4, "/pr?size=1000");
  curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, trace_xferinfo_cb);
  curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, trace_debug_cb);
  curl_easy_setopt(h, CURLOPT_VERBOSE, 1L);
  trace_result("counting", curl_easy_perform(h), &x);
  trace_line("xferinfo called: %s", trace_xferinfo_calls > 0 ? "yes" : "no");
  trace_line("debug called: %s", trace_debug_calls > 0 ? "yes" : "no");
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
  curl_global_cleanup();
  return 0;
}
