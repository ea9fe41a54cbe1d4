/* Scenario: multi API argument quirks and curl_multi_timeout on empty and fresh multis. */
#include "trace.h"

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  CURLM *m = curl_multi_init();
  CURLM *other = curl_multi_init();
  CURL *h = curl_easy_init();
  CURL *never = curl_easy_init();
  int running = -7;
  long timeout = -7;

  trace_mcode("timeout empty", curl_multi_timeout(m, &timeout));
  trace_line("timeout empty value: %ld", timeout);
  trace_mcode("perform NULL multi", curl_multi_perform(NULL, &running));
  trace_mcode("add NULL easy", curl_multi_add_handle(m, NULL));
  trace_mcode("add to NULL multi", curl_multi_add_handle(NULL, h));
  trace_mcode("remove never added", curl_multi_remove_handle(m, never));
  trace_mcode("remove NULL easy", curl_multi_remove_handle(m, NULL));
  trace_mcode("timeout NULL multi", curl_multi_timeout(NULL, &timeout));
  trace_mcode("cleanup NULL multi", curl_multi_cleanup(NULL));
  trace_line("strerror OK is text: %s", curl_multi_strerror(CURLM_OK) ? "yes" : "no");

  curl_easy_setopt(h, CURLOPT_URL, trace_url("/a?size=5"));
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, trace_write_cb);
  struct trace_xfer x;
  trace_xfer_init(&x, 1);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &x);
  trace_mcode("add", curl_multi_add_handle(m, h));
  timeout = -7;
  trace_mcode("timeout after add", curl_multi_timeout(m, &timeout));
  trace_line("timeout after add value: %ld", timeout);
  trace_mcode("add again", curl_multi_add_handle(m, h));
  trace_mcode("add to another multi", curl_multi_add_handle(other, h));
  trace_code("easy_perform while in multi", curl_easy_perform(h));

  for (int iter = 0; iter < 500; iter++) {
    if (curl_multi_perform(m, &running) != CURLM_OK || running == 0) break;
    curl_multi_poll(m, NULL, 0, 100, NULL);
  }
  trace_line("running at end: %d", running);
  int left = -1;
  CURLMsg *msg = curl_multi_info_read(m, &left);
  trace_line("msg: %s left=%d", msg ? "yes" : "no", left);
  if (msg) trace_code("msg result", msg->data.result);
  msg = curl_multi_info_read(m, &left);
  trace_line("second info_read: %s left=%d", msg ? "yes" : "no", left);
  trace_xfer_print_body("a", &x);

  trace_mcode("remove", curl_multi_remove_handle(m, h));
  trace_mcode("remove twice", curl_multi_remove_handle(m, h));
  timeout = -7;
  trace_mcode("timeout after remove", curl_multi_timeout(m, &timeout));
  trace_line("timeout after remove value: %ld", timeout);
  trace_mcode("add to another multi after remove", curl_multi_add_handle(other, h));
  trace_mcode("remove from other", curl_multi_remove_handle(other, h));
  curl_easy_cleanup(h);
  curl_easy_cleanup(never);
  trace_mcode("cleanup", curl_multi_cleanup(m));
  trace_mcode("cleanup other", curl_multi_cleanup(other));
  trace_xfer_free(&x);
  curl_global_cleanup();
  return 0;
}
