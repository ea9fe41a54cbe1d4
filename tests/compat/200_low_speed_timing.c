/* Scenario: when LOW_SPEED_TIME ends a transfer that was slow from its first byte: libcurl
   counts the slow period from the transfer's start, so LOW_SPEED_TIME N aborts after about
   N seconds (not N + 1). Elapsed time is printed as a bucket, loose enough for a busy machine. */
#include "trace.h"

static void run(const char *label, long seconds) {
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 1, "/slow?size=2000&drip=100");
  curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1000L);
  curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, seconds);
  char what[64];
  snprintf(what, sizeof what, "%s: result", label);
  trace_code(what, curl_easy_perform(h));
  double total = 0;
  curl_easy_getinfo(h, CURLINFO_TOTAL_TIME, &total);
  const double late = total - (double)seconds;
  trace_line("%s: aborted %s", label,
             late < -0.3 ? "early" : late < 0.6 ? "after LOW_SPEED_TIME" : late < 1.6 ? "a second late" : "later");
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  run("two-seconds", 2);
  run("three-seconds", 3);
  curl_global_cleanup();
  return 0;
}
