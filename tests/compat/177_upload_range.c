/* Scenario: RESUME_FROM and RANGE on uploads: the Content-Range line, the body that starts
   at the offset (seek callback, or read and thrown away), seek failures, a source shorter
   than the offset, "already completely uploaded", a negative resume, chunked uploads,
   POSTFIELDS, the application's own Content-Range and a MIME POST (no range at all). */
#include <stdio.h>
#include <string.h>

#include "trace.h"

static const char text[] = "The quick brown fox jumps over the lazy dog";

struct source {
  size_t off;
  int seek_mode; /* 0: no seek callback, 1: seeks, 2: fails, 3: cannot seek */
  int seeks;
  long long last_seek;
};

static size_t read_cb(char *buf, size_t size, size_t nmemb, void *userdata) {
  struct source *s = userdata;
  size_t n = sizeof text - 1 - s->off;
  if (n > size * nmemb) n = size * nmemb;
  if (n > 9) n = 9;
  memcpy(buf, text + s->off, n);
  s->off += n;
  return n;
}

static int seek_cb(void *userdata, curl_off_t offset, int origin) {
  struct source *s = userdata;
  s->seeks++;
  s->last_seek = (long long)offset;
  if (s->seek_mode == 2) return CURL_SEEKFUNC_FAIL;
  if (s->seek_mode == 3) return CURL_SEEKFUNC_CANTSEEK;
  if (origin != SEEK_SET || offset < 0 || (size_t)offset > sizeof text - 1) return CURL_SEEKFUNC_FAIL;
  s->off = (size_t)offset;
  return CURL_SEEKFUNC_OK;
}

/* kind: 'P' PUT, 'R' POST from the read callback, 'F' POSTFIELDS */
static void run(const char *label, char kind, long long size, int seek_mode, curl_off_t resume,
                const char *range, const char *own_header) {
  struct trace_xfer x;
  struct source src = {0, seek_mode, 0, -1};
  CURL *h = trace_easy_new(&x, 1, "/up?echo=1");
  x.keep_body = 1;
  curl_easy_setopt(h, CURLOPT_READFUNCTION, read_cb);
  curl_easy_setopt(h, CURLOPT_READDATA, &src);
  if (seek_mode) {
    curl_easy_setopt(h, CURLOPT_SEEKFUNCTION, seek_cb);
    curl_easy_setopt(h, CURLOPT_SEEKDATA, &src);
  }
  if (kind == 'P') {
    curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
    if (size >= 0) curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)size);
  } else if (kind == 'R') {
    curl_easy_setopt(h, CURLOPT_POST, 1L);
    if (size >= 0) curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)size);
  } else {
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, text);
  }
  if (resume) curl_easy_setopt(h, CURLOPT_RESUME_FROM_LARGE, resume);
  if (range) curl_easy_setopt(h, CURLOPT_RANGE, range);
  struct curl_slist *hdrs = own_header ? curl_slist_append(NULL, own_header) : NULL;
  if (hdrs) curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
  trace_result(label, curl_easy_perform(h), &x);
  trace_xfer_print_body_text(label, &x);
  trace_line("%s: seeks=%d last_seek=%lld read_to=%zu", label, src.seeks, src.last_seek, src.off);
  INFO_LONG(h, RESPONSE_CODE);
  INFO_OFF(h, SIZE_UPLOAD_T);
  curl_easy_cleanup(h);
  curl_slist_free_all(hdrs);
  trace_xfer_free(&x);
}

static void run_mime(void) {
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 2, "/up?echo=1");
  x.keep_body = 1;
  curl_mime *mime = curl_mime_init(h);
  curl_mimepart *part = curl_mime_addpart(mime);
  curl_mime_name(part, "field");
  curl_mime_data(part, "value", CURL_ZERO_TERMINATED);
  curl_easy_setopt(h, CURLOPT_MIMEPOST, mime);
  curl_easy_setopt(h, CURLOPT_RESUME_FROM_LARGE, (curl_off_t)3);
  trace_result("mime-resume", curl_easy_perform(h), &x);
  int seen = 0;
  for (size_t i = 0; x.body && i + 13 <= x.body_len; i++)
    if (memcmp(x.body + i, "Content-Range", 13) == 0) seen = 1;
  trace_line("mime-resume: content-range sent=%d", seen);
  INFO_LONG(h, RESPONSE_CODE);
  curl_easy_cleanup(h);
  curl_mime_free(mime);
  trace_xfer_free(&x);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  const long long n = (long long)(sizeof text - 1);
  run("put-resume-seek", 'P', n, 1, 10, NULL, NULL);
  run("put-resume-read", 'P', n, 0, 10, NULL, NULL);
  run("put-resume-cantseek", 'P', n, 3, 20, NULL, NULL);
  run("put-resume-seekfail", 'P', n, 2, 10, NULL, NULL);
  run("put-resume-short", 'P', n, 0, 100, NULL, NULL);
  run("put-resume-complete", 'P', n, 1, n, NULL, NULL);
  run("put-resume-beyond", 'P', n, 1, n + 5, NULL, NULL);
  run("put-resume-negative", 'P', n, 1, -1, NULL, NULL);
  run("put-resume-chunked", 'P', -1, 1, 10, NULL, NULL);
  run("put-range", 'P', n, 1, 0, "0-9", NULL);
  run("put-range-and-resume", 'P', n, 1, 4, "0-9", NULL);
  run("put-own-content-range", 'P', n, 1, 10, NULL, "Content-Range: bytes 1-2/3");
  run("post-read-resume", 'R', n, 0, 10, NULL, NULL);
  run("post-chunked-resume", 'R', -1, 1, 10, NULL, NULL);
  run("postfields-resume", 'F', -1, 1, 10, NULL, NULL);
  run("postfields-range", 'F', -1, 1, 0, "5-9", NULL);
  run_mime();
  curl_global_cleanup();
  return 0;
}
