/* Scenario: CURLOPT_PROTOCOLS(_STR) edge values. libcurl 7.88 clears the allowed set before
 * it parses a list, so a list it refuses ("" or NULL: 43, an unknown name: 1) still leaves
 * what it had collected, and an empty set refuses every URL with 1: the curl tool's
 * `--proto -all` sets "" (curl test 1474). A long mask of 0 is taken as it is. */
#include <stdio.h>

#include "trace.h"

static void attempt(const char *label, CURLoption opt, const char *list, long mask, int use_long) {
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 1, "/p?size=3");
  CURLcode rc = use_long ? curl_easy_setopt(h, opt, mask) : curl_easy_setopt(h, opt, list);
  trace_code(label, rc);
  trace_result(label, curl_easy_perform(h), &x);
  /* A redirect to http checks the REDIR set (with FOLLOWLOCATION). */
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
}

static void redirect(const char *label, const char *list) {
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 1, "/r?status=302&location=/p%3Fsize%3D2");
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
  trace_code(label, curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, list));
  trace_result(label, curl_easy_perform(h), &x);
  INFO_LONG(h, REDIRECT_COUNT);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  attempt("str empty", CURLOPT_PROTOCOLS_STR, "", 0, 0);
  attempt("str NULL", CURLOPT_PROTOCOLS_STR, NULL, 0, 0);
  attempt("str comma", CURLOPT_PROTOCOLS_STR, ",", 0, 0);
  attempt("str http", CURLOPT_PROTOCOLS_STR, "http", 0, 0);
  attempt("str HTTP,ftp", CURLOPT_PROTOCOLS_STR, "HTTP,ftp", 0, 0);
  attempt("str https only", CURLOPT_PROTOCOLS_STR, "https", 0, 0);
  attempt("str all", CURLOPT_PROTOCOLS_STR, "all", 0, 0);
  attempt("str ALL", CURLOPT_PROTOCOLS_STR, "ALL", 0, 0);
  attempt("str all,http", CURLOPT_PROTOCOLS_STR, "all,http", 0, 0);
  attempt("str http,all", CURLOPT_PROTOCOLS_STR, "http,all", 0, 0);
  attempt("str http,bogus", CURLOPT_PROTOCOLS_STR, "http,bogus", 0, 0);
  attempt("str bogus,http", CURLOPT_PROTOCOLS_STR, "bogus,http", 0, 0);
  attempt("str ftp,bogus", CURLOPT_PROTOCOLS_STR, "ftp,bogus", 0, 0);
  attempt("str http,,", CURLOPT_PROTOCOLS_STR, "http,,", 0, 0);
  attempt("str space", CURLOPT_PROTOCOLS_STR, "http, https", 0, 0);
  attempt("long 0", CURLOPT_PROTOCOLS, NULL, 0, 1);
  attempt("long http", CURLOPT_PROTOCOLS, NULL, CURLPROTO_HTTP, 1);
  attempt("long ftp", CURLOPT_PROTOCOLS, NULL, CURLPROTO_FTP, 1);
  attempt("long -1", CURLOPT_PROTOCOLS, NULL, -1, 1);
  redirect("redir empty", "");
  redirect("redir http,bogus", "http,bogus");
  redirect("redir https", "https");
  curl_global_cleanup();
  return 0;
}
