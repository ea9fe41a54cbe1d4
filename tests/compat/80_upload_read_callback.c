/* Scenario: request bodies from CURLOPT_READFUNCTION: PUT with a known size, POST of unknown
   size (chunked), a large PUT that waits for "100 Continue", and a read callback that aborts. */
#include <stdlib.h>
#include <string.h>

#include "trace.h"

struct source {
  const char *data;
  size_t len;
  size_t off;
  size_t step;  /* at most this many bytes per call, so several calls are needed */
  int abort_at; /* abort on this call number (0: never) */
  int calls;
};

static size_t read_cb(char *buf, size_t size, size_t nmemb, void *userdata) {
  struct source *s = userdata;
  s->calls++;
  if (s->abort_at && s->calls == s->abort_at) return CURL_READFUNC_ABORT;
  size_t room = size * nmemb;
  size_t n = s->len - s->off;
  if (n > room) n = room;
  if (n > s->step) n = s->step;
  memcpy(buf, s->data + s->off, n);
  s->off += n;
  return n;
}

static void run(const char *label, const char *path, int put, long long size, struct source *src) {
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 1, path);
  x.keep_body = 1;
  curl_easy_setopt(h, CURLOPT_READFUNCTION, read_cb);
  curl_easy_setopt(h, CURLOPT_READDATA, src);
  if (put) {
    curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
    if (size >= 0) curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)size);
  } else {
    curl_easy_setopt(h, CURLOPT_POST, 1L);
    if (size >= 0) curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)size);
  }
  trace_result(label, curl_easy_perform(h), &x);
  if (x.body_len < 2000) trace_xfer_print_body_text(label, &x);
  INFO_LONG(h, RESPONSE_CODE);
  INFO_OFF(h, SIZE_UPLOAD_T);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  static const char text[] = "The quick brown fox jumps over the lazy dog";
  struct source a = {text, sizeof text - 1, 0, 7, 0, 0};
  run("put-known", "/up?echo=1", 1, (long long)(sizeof text - 1), &a);
  struct source b = {text, sizeof text - 1, 0, 10, 0, 0};
  run("post-chunked", "/up?echo=1", 0, -1, &b);
  struct source c = {text, sizeof text - 1, 0, 100, 0, 0};
  run("post-known", "/up?echo=1", 0, (long long)(sizeof text - 1), &c);

  /* 2 MiB: large enough for libcurl's Expect: 100-continue on a POST. */
  size_t big = 2 * 1024 * 1024;
  char *blob = malloc(big);
  for (size_t i = 0; i < big; i++) blob[i] = (char)('a' + i % 26);
  struct source d = {blob, big, 0, 65536, 0, 0};
  run("post-big", "/up?size=3", 0, (long long)big, &d);
  struct source e = {blob, big, 0, 65536, 3, 0};
  run("put-abort", "/up?size=3", 1, (long long)big, &e);
  free(blob);
  curl_global_cleanup();
  return 0;
}
