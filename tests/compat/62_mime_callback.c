/* Scenario: MIME parts from read callbacks: known size (Content-Length), then an abort. */
#include <string.h>

#include "mime_util.h"
#include "trace.h"

struct feed {
  int calls;
  int abort_at;
};

static size_t feed_read(char *buf, size_t size, size_t n, void *arg) {
  struct feed *f = arg;
  (void)size;
  if (f->abort_at && f->calls == f->abort_at) return CURL_READFUNC_ABORT;
  if (f->calls >= 3 || n < 4) return 0;
  f->calls++;
  memcpy(buf, "abcd", 4);
  return 4;
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 1, "/cb?echo=1");
  x.keep_body = 1;
  struct feed known = {0, 0};
  curl_mime *m = curl_mime_init(h);
  curl_mimepart *p = curl_mime_addpart(m);
  curl_mime_name(p, "cb");
  curl_mime_data_cb(p, 12, feed_read, NULL, NULL, &known);
  curl_easy_setopt(h, CURLOPT_MIMEPOST, m);
  trace_result("known", curl_easy_perform(h), &x);
  mime_mask_boundaries(&x);
  trace_xfer_print_body_text("known", &x);
  trace_line("known calls %d", known.calls);
  trace_xfer_free(&x);
  curl_mime_free(m);

  /* Unknown size, and the callback aborts: the transfer ends with ABORTED_BY_CALLBACK. */
  trace_xfer_init(&x, 2);
  struct feed aborting = {0, 2};
  m = curl_mime_init(h);
  p = curl_mime_addpart(m);
  curl_mime_name(p, "cb");
  curl_mime_data_cb(p, -1, feed_read, NULL, NULL, &aborting);
  struct curl_slist *hdrs = curl_slist_append(NULL, "Expect:");
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
  curl_easy_setopt(h, CURLOPT_MIMEPOST, m);
  trace_code("abort", curl_easy_perform(h));
  trace_xfer_free(&x);
  curl_mime_free(m);
  curl_slist_free_all(hdrs);

  curl_easy_cleanup(h);
  curl_global_cleanup();
  return 0;
}
