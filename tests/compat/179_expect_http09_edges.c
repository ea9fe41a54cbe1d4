/* Scenario: Expect: 100-continue edges (a server that never sends 100 with short and zero
   EXPECT_100_TIMEOUT_MS, two 100s, the application's own Expect lines, HTTP/1.0, an empty
   PUT) and HTTP/0.9 edges (status lines that are not quite HTTP/1.x, with and without
   HTTP09_ALLOWED). */
#include <string.h>

#include "trace.h"

static const char payload[] = "0123456789";

struct source {
  size_t off;
};

static size_t read_cb(char *buf, size_t size, size_t nmemb, void *userdata) {
  struct source *s = userdata;
  size_t n = sizeof payload - 1 - s->off;
  if (n > size * nmemb) n = size * nmemb;
  memcpy(buf, payload + s->off, n);
  s->off += n;
  return n;
}

static void put(const char *label, const char *path, long timeout_ms, const char *own_expect, long http10,
                curl_off_t size) {
  struct trace_xfer x;
  struct source src = {0};
  CURL *h = trace_easy_new(&x, 1, path);
  x.keep_body = 1;
  curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(h, CURLOPT_READFUNCTION, read_cb);
  curl_easy_setopt(h, CURLOPT_READDATA, &src);
  curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, size);
  if (timeout_ms >= 0) curl_easy_setopt(h, CURLOPT_EXPECT_100_TIMEOUT_MS, timeout_ms);
  if (http10) curl_easy_setopt(h, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_0);
  struct curl_slist *hdrs = own_expect ? curl_slist_append(NULL, own_expect) : NULL;
  if (hdrs) curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
  trace_result(label, curl_easy_perform(h), &x);
  trace_xfer_print_body_text(label, &x);
  INFO_LONG(h, RESPONSE_CODE);
  INFO_OFF(h, SIZE_UPLOAD_T);
  curl_easy_cleanup(h);
  curl_slist_free_all(hdrs);
  trace_xfer_free(&x);
}

static void get09(const char *label, const char *statusline, long allowed) {
  char path[256];
  snprintf(path, sizeof path, "/s?text=hi&connclose=1&statusline=%s", statusline);
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 2, path);
  x.keep_body = 1;
  curl_easy_setopt(h, CURLOPT_HTTP09_ALLOWED, allowed);
  trace_result(label, curl_easy_perform(h), &x);
  trace_xfer_print_body_text(label, &x);
  INFO_LONG(h, RESPONSE_CODE);
  INFO_LONG(h, HTTP_VERSION);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  const curl_off_t n = (curl_off_t)(sizeof payload - 1);
  put("no100-short-timeout", "/u?echo=1&noexpect=1", 50, NULL, 0, n);
  put("no100-zero-timeout", "/u?echo=1&noexpect=1", 0, NULL, 0, n);
  put("continue-twice", "/u?echo=1&continue=1", -1, NULL, 0, n);
  put("own-empty-expect", "/u?echo=1", -1, "Expect:", 0, n);
  put("own-expect-other", "/u?echo=1&noexpect=1", 50, "Expect: something", 0, n);
  put("own-expect-100", "/u?echo=1", -1, "Expect: 100-continue", 0, n);
  put("http10-put", "/u?echo=1", -1, NULL, 1, n);
  put("empty-put", "/u?echo=1", -1, NULL, 0, 0);
  get09("lowercase-allowed", "http/1.1%20200%20OK", 1);
  get09("lowercase-refused", "http/1.1%20200%20OK", 0);
  get09("no-reason", "HTTP/1.1%20200", 0);
  get09("version-only", "HTTP/1.1", 0);
  get09("version-only-allowed", "HTTP/1.1", 1);
  get09("http2-line", "HTTP/2%20200", 0);
  get09("http3-line", "HTTP/3%20200%20OK", 0);
  get09("http20-line", "HTTP/2.0%20201%20Created", 0);
  get09("http21-line", "HTTP/2.1%20200%20OK", 0);
  get09("http2-bad-code", "HTTP/2%2020%20OK", 0);
  get09("lowercase-404", "http/1.1%20404%20Not%20Found", 0);
  get09("no-version", "HTTP/x%20500", 0);
  get09("icy-allowed", "ICY%20200%20OK", 1);
  get09("leading-space", "%20HTTP/1.1%20200%20OK", 0);
  get09("leading-space-allowed", "%20HTTP/1.1%20200%20OK", 1);
  curl_global_cleanup();
  return 0;
}
