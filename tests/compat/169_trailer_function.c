/* Scenario: CURLOPT_TRAILERFUNCTION / TRAILERDATA. The callback runs once a chunked upload's
   body has ended and its lines follow the last chunk ("0\r\n"), each CRLF-terminated, then
   the closing CRLF; a line whose first colon is not followed by a space is skipped. No
   "Trailer:" request header is added. An upload with a known size is not chunked and the
   callback is not called, nor for a small POSTFIELDS body sent chunked beside the head,
   while a large one streams and gets trailers. CURL_TRAILERFUNC_ABORT fails the transfer
   with CURLE_ABORTED_BY_CALLBACK, once "0\r\n" is out (SIZE_UPLOAD counts it). The echoed
   requests, the callback's calls and the userdata it saw are printed. (A second chunked
   upload on a handle whose trailers went out crashes libcurl 7.88: every case has its
   own handle.) */
#include <stdlib.h>
#include <string.h>

#include "trace.h"

struct source {
  const char *data;
  size_t len;
  size_t off;
};

static size_t read_cb(char *buf, size_t size, size_t nmemb, void *userdata) {
  struct source *s = userdata;
  size_t n = s->len - s->off;
  if (n > size * nmemb) n = size * nmemb;
  if (n > 9) n = 9; /* several chunks */
  memcpy(buf, s->data + s->off, n);
  s->off += n;
  return n;
}

struct trailer_state {
  int calls;
  int mode; /* 0: lines, 1: no lines, 2: abort */
  void *seen_userdata;
};

static int trailer_cb(struct curl_slist **list, void *userdata) {
  struct trailer_state *t = userdata;
  t->calls++;
  t->seen_userdata = userdata;
  if (t->mode == 2) {
    *list = curl_slist_append(*list, "X-Never: sent");
    return CURL_TRAILERFUNC_ABORT;
  }
  if (t->mode == 1) return CURL_TRAILERFUNC_OK;
  *list = curl_slist_append(*list, "X-Checksum: 1234");
  *list = curl_slist_append(*list, "Malformed line");
  *list = curl_slist_append(*list, "X-No-Space:skipped");
  *list = curl_slist_append(*list, "X-Two: a: b");
  *list = curl_slist_append(*list, "X-Empty: ");
  return CURL_TRAILERFUNC_OK;
}

static const char text[] = "The quick brown fox jumps over the lazy dog";

static void print_tail(const char *label, const struct trace_xfer *x, size_t n) {
  struct trace_xfer tail = *x;
  if (tail.body_len > n) {
    tail.body += tail.body_len - n;
    tail.body_len = n;
  }
  trace_xfer_print_body_text(label, &tail);
}

/* One perform on h; prints the result, the echoed request and the callback's record. */
static void run(const char *label, CURL *h, struct trace_xfer *x, struct trailer_state *t) {
  x->body_len = 0;
  x->body_bytes = 0;
  int calls_before = t->calls;
  t->seen_userdata = NULL;
  CURLcode rc = curl_easy_perform(h);
  trace_code(label, rc);
  if (x->body_len < 1500)
    trace_xfer_print_body_text(label, x);
  else
    print_tail(label, x, 120);
  trace_line("%s: trailer calls %d userdata %s", label, t->calls - calls_before,
             t->seen_userdata == t ? "ok" : (t->seen_userdata ? "other" : "none"));
  INFO_LONG(h, RESPONSE_CODE);
  INFO_OFF(h, SIZE_UPLOAD_T);
}

/* method: 'U' upload (PUT), 'P' POST through the read callback, 'F' POSTFIELDS. */
static CURL *setup(struct trace_xfer *x, char method, long long size, struct source *src, struct curl_slist *hdrs,
                   struct trailer_state *t, const char *pq) {
  CURL *h = trace_easy_new(x, 1, pq);
  x->keep_body = 1;
  if (method == 'U') {
    curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
    if (size >= 0) curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)size);
  } else if (method == 'P') {
    curl_easy_setopt(h, CURLOPT_POST, 1L);
    if (size >= 0) curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)size);
  }
  if (method != 'F') {
    curl_easy_setopt(h, CURLOPT_READFUNCTION, read_cb);
    curl_easy_setopt(h, CURLOPT_READDATA, src);
  }
  if (hdrs) curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
  curl_easy_setopt(h, CURLOPT_TRAILERFUNCTION, trailer_cb);
  curl_easy_setopt(h, CURLOPT_TRAILERDATA, t);
  return h;
}

static void once(const char *label, char method, long long size, struct curl_slist *hdrs, int mode) {
  struct trace_xfer x;
  struct source src = {text, sizeof text - 1, 0};
  struct trailer_state t = {0, mode, NULL};
  CURL *h = setup(&x, method, size, &src, hdrs, &t, "/t?echo=1");
  run(label, h, &x, &t);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);

  struct curl_slist *chunked = curl_slist_append(NULL, "Transfer-Encoding: chunked");
  struct curl_slist *no_expect = curl_slist_append(NULL, "Expect:");

  once("put unknown size", 'U', -1, NULL, 0);
  once("put unknown size, no Expect", 'U', -1, no_expect, 0);
  once("post unknown size", 'P', -1, NULL, 0);
  once("put known size", 'U', (long long)(sizeof text - 1), NULL, 0);
  once("put known size, chunked header", 'U', (long long)(sizeof text - 1), chunked, 0);
  once("no lines", 'P', -1, NULL, 1);
  once("abort", 'P', -1, NULL, 2);

  /* POSTFIELDS sent chunked: beside the head when small, streamed when large. */
  {
    struct trace_xfer x;
    struct trailer_state t = {0, 0, NULL};
    CURL *h = setup(&x, 'F', -1, NULL, chunked, &t, "/t?echo=1");
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, text);
    run("small postfields chunked", h, &x, &t);
    curl_easy_cleanup(h);
    trace_xfer_free(&x);

    size_t big = 100000;
    char *blob = malloc(big + 1);
    for (size_t i = 0; i < big; i++) blob[i] = (char)('a' + i % 26);
    blob[big] = 0;
    h = setup(&x, 'F', -1, NULL, chunked, &t, "/t?echo=1");
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, blob);
    run("large postfields chunked", h, &x, &t);
    curl_easy_cleanup(h);
    trace_xfer_free(&x);
    free(blob);
  }

  curl_slist_free_all(chunked);
  curl_slist_free_all(no_expect);
  curl_global_cleanup();
  return 0;
}
