/* Scenario: CURLOPT_KEEP_SENDING_ON_ERROR. A server answers a request that waits for
   "100 Continue" with a final error reply at once (early=1), then drains the body if one
   comes. By default libcurl does not send the body and closes the connection after the
   reply; with the option set it sends the body after all, and the connection stays for the
   next request. Not when the reply closes the connection anyway. A follow-up GET on the
   same handle and the server's counters (/__stats) show whether the body went out and the
   connection was kept. */
#include <stdlib.h>
#include <string.h>

#include "trace.h"

struct source {
  const char *data;
  size_t len;
  size_t off;
  int calls;
};

static size_t read_cb(char *buf, size_t size, size_t nmemb, void *userdata) {
  struct source *s = userdata;
  s->calls++;
  size_t n = s->len - s->off;
  if (n > size * nmemb) n = size * nmemb;
  memcpy(buf, s->data + s->off, n);
  s->off += n;
  return n;
}

static void follow_up(const char *label, CURL *h) {
  struct trace_xfer x;
  trace_xfer_init(&x, 2);
  x.keep_body = 1;
  trace_xfer_attach(h, &x);
  curl_easy_setopt(h, CURLOPT_UPLOAD, 0L);
  curl_easy_setopt(h, CURLOPT_POST, 0L);
  curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
  curl_easy_setopt(h, CURLOPT_URL, trace_url("/__stats"));
  trace_code(label, curl_easy_perform(h));
  trace_xfer_print_body_text(label, &x);
  INFO_LONG(h, NUM_CONNECTS);
  trace_xfer_free(&x);
}

/* method 'U' PUT, 'P' POST through the read callback (size known). */
static void run(const char *label, char method, const char *data, size_t len, const char *pq, long keep) {
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 1, pq);
  struct source s = {data, len, 0, 0};
  if (method == 'U') {
    curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
  } else {
    curl_easy_setopt(h, CURLOPT_POST, 1L);
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
  }
  curl_easy_setopt(h, CURLOPT_READFUNCTION, read_cb);
  curl_easy_setopt(h, CURLOPT_READDATA, &s);
  trace_code("setopt KEEP_SENDING_ON_ERROR", curl_easy_setopt(h, CURLOPT_KEEP_SENDING_ON_ERROR, keep));
  trace_result(label, curl_easy_perform(h), &x);
  trace_line("%s: read calls %s, bytes read %zu", label, s.calls ? ">0" : "0", s.off);
  INFO_LONG(h, RESPONSE_CODE);
  INFO_OFF(h, SIZE_UPLOAD_T);
  INFO_OFF(h, SIZE_DOWNLOAD_T);
  trace_xfer_free(&x);
  follow_up(label, h);
  curl_easy_cleanup(h);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  static const char text[] = "The quick brown fox jumps over the lazy dog";
  const size_t n = sizeof text - 1;

  run("put 403, default", 'U', text, n, "/u?early=1&status=403&size=5", 0L);
  run("put 403, keep sending", 'U', text, n, "/u?early=1&status=403&size=5", 1L);
  run("put 500 chunked reply, keep sending", 'U', text, n, "/u?early=1&status=500&size=2000&chunked=1", 1L);
  run("put 401 without credentials, keep sending", 'U', text, n, "/u?early=1&status=401&size=4", 1L);
  run("put 404 closing, keep sending", 'U', text, n, "/u?early=1&status=404&size=4&connclose=1", 1L);
  run("put 302, keep sending", 'U', text, n, "/u?early=1&status=302&location=/elsewhere", 1L);

  /* 2 MiB: a POST that large waits for "100 Continue" too. */
  size_t big = 2 * 1024 * 1024;
  char *blob = malloc(big);
  for (size_t i = 0; i < big; i++) blob[i] = (char)('a' + i % 26);
  run("post big 400, default", 'P', blob, big, "/p?early=1&status=400&size=3", 0L);
  run("post big 400, keep sending", 'P', blob, big, "/p?early=1&status=400&size=3", 1L);
  free(blob);

  curl_global_cleanup();
  return 0;
}
