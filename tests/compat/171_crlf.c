/* Scenario: CURLOPT_CRLF on HTTP uploads. libcurl 7.88 turns every LF into CRLF (an LF
   after a CR too) in what it streams after the request head: a read callback's data, and a
   POSTFIELDS body too large to go beside the head. It keeps Content-Length at the
   unconverted size and a chunk's size line at the bytes read, so more bytes follow than the
   framing says. A small POSTFIELDS body, sent with the head, is not converted. The server
   takes exactly the bytes libcurl sends as the body (rawbody=N) and echoes them. */
#include <stdlib.h>
#include <string.h>

#include "trace.h"

static const char text[] = "line one\nline two\r\n\nend\n";

struct source {
  const char *data;
  size_t len;
  size_t off;
  size_t step;
};

static size_t read_cb(char *buf, size_t size, size_t nmemb, void *userdata) {
  struct source *s = userdata;
  size_t n = s->len - s->off;
  if (n > size * nmemb) n = size * nmemb;
  if (n > s->step) n = s->step;
  memcpy(buf, s->data + s->off, n);
  s->off += n;
  return n;
}

static size_t count_lf(const char *p, size_t n) {
  size_t c = 0;
  for (size_t i = 0; i < n; i++) c += p[i] == '\n';
  return c;
}

/* method 'U' PUT, 'P' POST through the read callback, 'F' POSTFIELDS. raw: the body bytes
   the server reads (0: as the framing says). */
static void run(const char *label, char method, const char *data, size_t len, long long size, size_t step,
                long crlf, size_t raw, int tail) {
  char pq[64];
  if (raw)
    snprintf(pq, sizeof pq, "/c?echo=1&rawbody=%zu", raw);
  else
    snprintf(pq, sizeof pq, "/c?echo=1");
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 1, pq);
  x.keep_body = 1;
  struct source s = {data, len, 0, step};
  struct curl_slist *hdrs = curl_slist_append(NULL, "Expect:");
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
  if (method == 'U') {
    curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)size);
  } else if (method == 'P') {
    curl_easy_setopt(h, CURLOPT_POST, 1L);
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)size);
  } else {
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, data);
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)size);
  }
  if (method != 'F') {
    curl_easy_setopt(h, CURLOPT_READFUNCTION, read_cb);
    curl_easy_setopt(h, CURLOPT_READDATA, &s);
  }
  /* Fewer bytes than the server waits for would hang: fail in time instead. */
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 3000L);
  trace_code("setopt CRLF", curl_easy_setopt(h, CURLOPT_CRLF, crlf));
  trace_code(label, curl_easy_perform(h));
  if (tail && x.body_len > 200) {
    struct trace_xfer t = x;
    t.body += t.body_len - 200;
    t.body_len = 200;
    trace_xfer_print_body_text(label, &t);
    trace_line("%s: echoed %zu bytes", label, x.body_len);
  } else {
    trace_xfer_print_body_text(label, &x);
  }
  INFO_LONG(h, RESPONSE_CODE);
  INFO_OFF(h, SIZE_UPLOAD_T);
  INFO_LONG(h, REQUEST_SIZE);
  curl_easy_cleanup(h);
  curl_slist_free_all(hdrs);
  trace_xfer_free(&x);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  const size_t n = sizeof text - 1;
  const size_t lf = count_lf(text, n);

  run("put, crlf off", 'U', text, n, (long long)n, 1000, 0L, 0, 0);
  run("put, crlf on", 'U', text, n, (long long)n, 1000, 1L, n + lf, 0);
  run("put in pieces, crlf on", 'U', text, n, (long long)n, 5, 1L, n + lf, 0);
  run("post read callback, crlf on", 'P', text, n, (long long)n, 1000, 1L, n + lf, 0);
  /* Chunked: the size lines count the bytes read; framing adds 3+2 per chunk and 5. */
  run("put chunked, crlf on", 'U', text, n, -1, 1000, 1L, 2 + 2 + n + lf + 2 + 5, 0);
  run("put chunked in pieces, crlf on", 'U', text, n, -1, 10, 1L, 3 * 5 + n + lf + 5, 0);
  run("small postfields, crlf on", 'F', text, n, (long long)n, 0, 1L, 0, 0);

  /* 70000 bytes, an LF every 100: streamed after the head, so converted. */
  size_t big = 70000;
  char *blob = malloc(big + 1);
  for (size_t i = 0; i < big; i++) blob[i] = i % 100 == 99 ? '\n' : (char)('a' + i % 26);
  blob[big] = 0;
  run("large postfields, crlf on", 'F', blob, big, (long long)big, 0, 1L, big + count_lf(blob, big), 1);
  run("large postfields, crlf off", 'F', blob, big, (long long)big, 0, 0L, 0, 1);
  free(blob);

  curl_global_cleanup();
  return 0;
}
