/* Scenario: CURLINFO_TEXT given to a DEBUGFUNCTION is NUL-terminated one past `size`, as
 * libcurl's is in practice (curl's multi-debugcallback example prints it with %s). */
#include <string.h>

#include "trace.h"

static long text_calls;
static long text_unterminated;
static long text_with_nul_inside;

static int debug_cb(CURL *h, curl_infotype type, char *data, size_t size, void *userp) {
  (void)h;
  (void)userp;
  if (type != CURLINFO_TEXT) return 0;
  text_calls++;
  if (data[size] != '\0') text_unterminated++;
  if (memchr(data, '\0', size)) text_with_nul_inside++;
  return 0;
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 1, "/dbg?size=100");
  curl_easy_setopt(h, CURLOPT_VERBOSE, 1L);
  curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, debug_cb);
  trace_result("get", curl_easy_perform(h), &x);
  /* A second run reuses the connection and a failure adds its own text. */
  curl_easy_setopt(h, CURLOPT_URL, trace_url("/dbg?status=404&size=3"));
  curl_easy_setopt(h, CURLOPT_FAILONERROR, 1L);
  trace_result("fail", curl_easy_perform(h), &x);
  trace_line("text calls: %s", text_calls > 0 ? "some" : "none");
  trace_line("text not NUL-terminated: %ld", text_unterminated);
  trace_line("text with a NUL inside: %ld", text_with_nul_inside);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
  curl_global_cleanup();
  return 0;
}
