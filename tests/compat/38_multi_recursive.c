/* Scenario: multi calls made from inside a write callback get CURLM_RECURSIVE_API_CALL. */
#include "trace.h"

static CURLM *multi;
static CURL *self;
static CURL *spare;
static int called;
static CURLMcode from_add, from_remove, from_perform, from_cleanup;
static int running_inside = -7;
static size_t received;

static size_t reentering_write(char *ptr, size_t size, size_t nmemb, void *userdata) {
  (void)ptr;
  (void)userdata;
  if (!called) {
    called = 1;
    from_add = curl_multi_add_handle(multi, spare);
    from_remove = curl_multi_remove_handle(multi, self);
    from_perform = curl_multi_perform(multi, &running_inside);
    from_cleanup = curl_multi_cleanup(multi);
  }
  received += size * nmemb;
  return size * nmemb;
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  multi = curl_multi_init();
  self = curl_easy_init();
  spare = curl_easy_init();
  curl_easy_setopt(self, CURLOPT_URL, trace_url("/rec?size=3000"));
  curl_easy_setopt(self, CURLOPT_WRITEFUNCTION, reentering_write);
  curl_easy_setopt(spare, CURLOPT_URL, trace_url("/spare?size=1"));
  trace_mcode("add", curl_multi_add_handle(multi, self));
  int running = -1;
  for (int iter = 0; iter < 500; iter++) {
    if (curl_multi_perform(multi, &running) != CURLM_OK || running == 0) break;
    curl_multi_poll(multi, NULL, 0, 100, NULL);
  }
  trace_line("callback called: %d", called);
  trace_mcode("add inside callback", from_add);
  trace_mcode("remove inside callback", from_remove);
  trace_mcode("perform inside callback", from_perform);
  trace_line("running from inner perform untouched: %s", running_inside == -7 ? "yes" : "no");
  trace_mcode("cleanup inside callback", from_cleanup);
  trace_line("received: %zu", received);
  int left = 0;
  CURLMsg *msg = curl_multi_info_read(multi, &left);
  if (msg) trace_code("result", msg->data.result);
  /* The spare handle was never added, so adding it now works. */
  trace_mcode("add spare after", curl_multi_add_handle(multi, spare));
  trace_mcode("remove spare", curl_multi_remove_handle(multi, spare));
  trace_mcode("remove self", curl_multi_remove_handle(multi, self));
  curl_easy_cleanup(self);
  curl_easy_cleanup(spare);
  trace_mcode("cleanup", curl_multi_cleanup(multi));
  curl_global_cleanup();
  return 0;
}
