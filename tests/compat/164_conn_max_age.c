/* Scenario: CURLOPT_MAXAGE_CONN and CURLOPT_MAXLIFETIME_CONN. Argument checks; a kept-alive
   connection idle for two seconds is reused under the default (118 s) and under a lifetime
   of 5 s, and closed for a new one once MAXAGE_CONN is 1; a fresh connection is reused under
   a lifetime of 1 s; 0 idle seconds allowed still reuses a connection idle for less than a
   second (whole seconds count). */
#include <unistd.h>

#include "trace.h"

static void run(CURL *h, struct trace_xfer *x, const char *label) {
  trace_xfer_free(x);
  trace_xfer_init(x, 1);
  trace_xfer_attach(h, x);
  trace_result(label, curl_easy_perform(h), x);
  INFO_LONG(h, NUM_CONNECTS);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);

  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 1, "/k?size=10");
  trace_code("maxage -1", curl_easy_setopt(h, CURLOPT_MAXAGE_CONN, -1L));
  trace_code("maxlifetime -1", curl_easy_setopt(h, CURLOPT_MAXLIFETIME_CONN, -1L));
  trace_code("maxage 0", curl_easy_setopt(h, CURLOPT_MAXAGE_CONN, 0L));
  run(h, &x, "first");
  run(h, &x, "maxage 0, at once");
  trace_code("maxage 118", curl_easy_setopt(h, CURLOPT_MAXAGE_CONN, 118L));
  trace_code("maxlifetime 5", curl_easy_setopt(h, CURLOPT_MAXLIFETIME_CONN, 5L));
  trace_sleep_ms(2100);
  run(h, &x, "idle 2 s, lifetime 5 s");
  trace_sleep_ms(2100);
  trace_code("maxage 1", curl_easy_setopt(h, CURLOPT_MAXAGE_CONN, 1L));
  run(h, &x, "idle 2 s, maxage 1 s");
  trace_code("maxlifetime 1", curl_easy_setopt(h, CURLOPT_MAXLIFETIME_CONN, 1L));
  run(h, &x, "new connection, lifetime 1 s");
  curl_easy_cleanup(h);
  trace_xfer_free(&x);

  curl_global_cleanup();
  return 0;
}
