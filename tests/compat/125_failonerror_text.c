/* Scenario: FAILONERROR's ERRORBUFFER text names the status code, as libcurl's does; programs
   and the curl tool show it to users ("curl: (22) The requested URL returned error: 404"). */
#include "trace.h"

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  static const char *const paths[] = {"/f?status=404", "/f?status=500&size=10", "/f?status=418"};
  for (unsigned i = 0; i < sizeof paths / sizeof paths[0]; i++) {
    struct trace_xfer x;
    char err[CURL_ERROR_SIZE] = "";
    CURL *h = trace_easy_new(&x, (int)i, paths[i]);
    curl_easy_setopt(h, CURLOPT_FAILONERROR, 1L);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, err);
    trace_result("fail", curl_easy_perform(h), &x);
    trace_line("errorbuffer: %s", err);
    curl_easy_cleanup(h);
    trace_xfer_free(&x);
  }
  curl_global_cleanup();
  return 0;
}
