/* Scenario: malformed URLs fail with CURLE_URL_MALFORMAT; no URL at all is a different error. */
#include "trace.h"

static void try_url(const char *label, const char *url) {
  struct trace_xfer x;
  char err[CURL_ERROR_SIZE];
  CURL *h = trace_easy_new(&x, 1, NULL);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, err);
  if (url) curl_easy_setopt(h, CURLOPT_URL, url);
  err[0] = '\0';
  trace_result(label, curl_easy_perform(h), &x);
  trace_line("%s: errorbuffer %s", label, err[0] ? "non-empty" : "empty");
  INFO_LONG(h, NUM_CONNECTS);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  try_url("bracket", "http://[::1");
  try_url("badport", "http://127.0.0.1:99999/");
  try_url("space", "http://127.0.0.1 x/");
  try_url("empty", "");
  try_url("nourl", NULL);
  curl_global_cleanup();
  return 0;
}
