/* Scenario: curl_multi_cleanup with handles still added, and curl_easy_cleanup of an added handle. */
#include "multi_util.h"

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  CURLM *m = curl_multi_init();
  struct trace_xfer xa, xb, xc;
  CURL *done = trace_easy_new(&xa, 1, "/cl?size=10");
  CURL *stuck = trace_easy_new(&xb, 2, "/cl?hang=1");
  CURL *gone = trace_easy_new(&xc, 3, "/cl?hang=1");
  curl_multi_add_handle(m, done);
  curl_multi_add_handle(m, stuck);
  curl_multi_add_handle(m, gone);
  int running = -1;
  for (int i = 0; i < 100 && running != 2; i++) {
    curl_multi_perform(m, &running);
    if (running != 2) curl_multi_poll(m, NULL, 0, 50, NULL);
  }
  trace_line("running: %d", running);

  /* Cleaning up an easy handle that is still in the multi detaches it first. */
  curl_easy_cleanup(gone);
  curl_multi_perform(m, &running);
  trace_line("running after easy_cleanup of an added handle: %d", running);

  trace_mcode("multi_cleanup with handles added", curl_multi_cleanup(m));

  /* The survivors are plain easy handles again. */
  trace_xfer_free(&xa);
  trace_xfer_init(&xa, 1);
  trace_result("done again", curl_easy_perform(done), &xa);
  trace_xfer_free(&xb);
  trace_xfer_init(&xb, 2);
  curl_easy_setopt(stuck, CURLOPT_URL, trace_url("/cl?size=20"));
  trace_result("stuck again", curl_easy_perform(stuck), &xb);
  CURLM *m2 = curl_multi_init();
  trace_mcode("add to a new multi", curl_multi_add_handle(m2, done));
  trace_mcode("remove", curl_multi_remove_handle(m2, done));
  trace_mcode("cleanup m2", curl_multi_cleanup(m2));
  curl_easy_cleanup(done);
  curl_easy_cleanup(stuck);
  trace_xfer_free(&xa);
  trace_xfer_free(&xb);
  trace_xfer_free(&xc);
  curl_global_cleanup();
  return 0;
}
