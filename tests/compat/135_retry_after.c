/* Scenario: CURLINFO_RETRY_AFTER. libcurl 7.88 reads a leading number of seconds, else
 * (when that gave 0) an HTTP date as seconds from now, else 0; the last Retry-After of the
 * transfer counts, a redirect keeps it, a new transfer or a reset clears it (curl tests
 * 1594, 1596, 3010, and 366 through the tool's --retry-max-time). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "trace.h"

static void run(CURL *h, const char *label, const char *path) {
  struct trace_xfer x;
  trace_xfer_init(&x, 1);
  trace_xfer_attach(h, &x);
  curl_easy_setopt(h, CURLOPT_URL, trace_url(path));
  trace_code(label, curl_easy_perform(h));
  INFO_LONG(h, RESPONSE_CODE);
  INFO_OFF(h, RETRY_AFTER);
  trace_xfer_free(&x);
}

/* A date value: only how far from the expected offset it is, never the time itself. */
static void run_date(CURL *h, const char *label, time_t when) {
  char date[64], path[256];
  struct tm tm;
  gmtime_r(&when, &tm);
  strftime(date, sizeof date, "%a,%%20%d%%20%b%%20%Y%%20%H:%M:%S%%20GMT", &tm);
  snprintf(path, sizeof path, "/d?status=503&hdr=Retry-After:%%20%s", date);
  struct trace_xfer x;
  trace_xfer_init(&x, 1);
  trace_xfer_attach(h, &x);
  curl_easy_setopt(h, CURLOPT_URL, trace_url(path));
  trace_code(label, curl_easy_perform(h));
  curl_off_t v = -12345;
  curl_easy_getinfo(h, CURLINFO_RETRY_AFTER, &v);
  long long expected = (long long)(when - time(NULL));
  long long off = (long long)v - expected;
  trace_line("%s: RETRY_AFTER %s (sign %d)", label, off >= -3 && off <= 3 ? "as expected" : "off",
             v > 0 ? 1 : v < 0 ? -1 : 0);
  trace_xfer_free(&x);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  CURL *h = curl_easy_init();
  INFO_OFF(h, RETRY_AFTER);
  run(h, "seconds", "/s?status=503&hdr=Retry-After:%2022");
  run(h, "no header", "/s?status=503");
  run(h, "on a 200", "/s?status=200&hdr=Retry-After:%2030");
  run(h, "trailing junk", "/s?status=429&hdr=Retry-After:%2022abc");
  run(h, "zero", "/s?status=503&hdr=Retry-After:%200");
  run(h, "negative", "/s?status=503&hdr=Retry-After:%20-5");
  run(h, "plus sign", "/s?status=503&hdr=Retry-After:%20%2B7");
  run(h, "overflow", "/s?status=503&hdr=Retry-After:%2099999999999999999999");
  run(h, "huge", "/s?status=503&hdr=Retry-After:%209223372036854775807");
  run(h, "words", "/s?status=503&hdr=Retry-After:%20soon");
  run(h, "empty", "/s?status=503&hdr=Retry-After:");
  run(h, "date starting with a day", "/s?status=503&hdr=Retry-After:%2011%20Jul%202030%2002:26:59%20GMT");
  run(h, "two headers", "/s?status=503&hdr=Retry-After:%204&hdr=Retry-After:%209");
  run(h, "odd case", "/s?status=503&hdr=rETRY-aFTER:%2013");
  run_date(h, "date ahead", time(NULL) + 1000);
  run_date(h, "date past", time(NULL) - 100000);
  run_date(h, "date before the epoch", (time_t)-315619200);
  run(h, "bad date", "/s?status=503&hdr=Retry-After:%20Thu,%2099%20Foo%202030");
  /* A redirect answer's value outlives the redirect; the next transfer starts at 0. */
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
  run(h, "followed", "/r?status=301&location=/t%3Fsize%3D1&hdr=Retry-After:%205");
  run(h, "followed, final has one", "/r?status=301&location=/t%3Fhdr%3DRetry-After:%252011&hdr=Retry-After:%205");
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  run(h, "not followed", "/r?status=301&location=/t&hdr=Retry-After:%202");
  curl_easy_reset(h);
  INFO_OFF(h, RETRY_AFTER);
  curl_easy_cleanup(h);
  curl_global_cleanup();
  return 0;
}
