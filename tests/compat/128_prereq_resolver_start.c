/* Scenario: PREREQFUNCTION runs before every request (redirects too) with the connection's
   addresses and can abort it (42); RESOLVER_START_FUNCTION runs before a lookup and can
   refuse it (6). */
#include <stdio.h>

#include "trace.h"

static int prereq_verdict;

static int prereq(void *clientp, char *primary_ip, char *local_ip, int primary_port, int local_port) {
  trace_line("prereq data=%s primary=%s:%d local=%s local_port_set=%d", (const char *)clientp, primary_ip,
             primary_port, local_ip, local_port > 0);
  return prereq_verdict;
}

static int resolver_start(void *resolver_state, void *reserved, void *userdata) {
  (void)resolver_state;
  (void)reserved;
  trace_line("resolver start data=%s", (const char *)userdata);
  return prereq_verdict;
}

static void run(const char *label, const char *path, int verdict, int use_prereq) {
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 1, path);
  prereq_verdict = verdict;
  if (use_prereq) {
    trace_code("PREREQDATA", curl_easy_setopt(h, CURLOPT_PREREQDATA, "pre"));
    trace_code("PREREQFUNCTION", curl_easy_setopt(h, CURLOPT_PREREQFUNCTION, prereq));
  } else {
    trace_code("RESOLVER_START_DATA", curl_easy_setopt(h, CURLOPT_RESOLVER_START_DATA, "res"));
    trace_code("RESOLVER_START_FUNCTION", curl_easy_setopt(h, CURLOPT_RESOLVER_START_FUNCTION, resolver_start));
  }
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
  trace_result(label, curl_easy_perform(h), &x);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  run("prereq-ok", "/x?size=3", CURL_PREREQFUNC_OK, 1);
  run("prereq-redirect", "/r?status=302&location=/x%3Fsize%3D2", CURL_PREREQFUNC_OK, 1);
  run("prereq-abort", "/x?size=3", CURL_PREREQFUNC_ABORT, 1);
  run("resolver-pass", "/x?size=3", 0, 0);
  run("resolver-fail", "/x?size=3", 1, 0);
  curl_global_cleanup();
  return 0;
}
