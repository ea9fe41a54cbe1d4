/* Scenario: pausing from the header callback. CURL_WRITEFUNC_PAUSE returned for the status
 * line, a field line or the blank line, and curl_easy_pause(RECV) called from inside the
 * callback; the main loop continues after a few passes. Printed: each header callback call
 * as libcurl makes it (how many lines it carries: held lines come back together), which
 * calls happen inside curl_easy_pause(CONT), the body, and what getinfo and the header API
 * report. The head is sent in one piece, so it arrives in one read. */
#include <stdint.h>
#include <string.h>

#include "trace.h"

enum how { RETURN_PAUSE, CALL_PAUSE_RECV };

struct run {
  CURL *h;
  enum how how;
  int pause_at;     /* header call (1-based) that pauses; 0: none */
  int pause_again;  /* also pause the first call made inside curl_easy_pause(CONT) */
  int calls;
  int paused;
  int paused_again;
  int in_cont;
  int paused_rounds;
  int header_rc;
  long writes_while_paused, headers_while_paused;
  size_t bytes;
  uint32_t fnv;
};

static void print_call(struct run *r, const char *p, size_t n, const char *note) {
  int lines = 0;
  for (size_t i = 0; i < n; i++)
    if (p[i] == '\n') lines++;
  char first[80];
  size_t k = 0;
  for (size_t i = 0; i < n && k < sizeof first - 3 && p[i] != '\r' && p[i] != '\n'; i++)
    first[k++] = p[i];
  first[k] = 0;
  trace_line("  header call %d%s: bytes=%zu lines=%d first=\"%s\"%s", r->calls,
             r->in_cont ? " (in CONT)" : "", n, lines, first, note);
}

static size_t header_cb(char *p, size_t s, size_t n, void *u) {
  struct run *r = u;
  size_t len = s * n;
  r->calls++;
  if (r->paused && !r->in_cont) r->headers_while_paused++;
  if (r->calls == r->pause_at || (r->pause_again && r->in_cont && !r->paused_again)) {
    if (r->calls != r->pause_at) r->paused_again = 1;
    r->paused = 1;
    if (r->how == RETURN_PAUSE) {
      print_call(r, p, len, " -> PAUSE");
      return CURL_WRITEFUNC_PAUSE;
    }
    r->header_rc = curl_easy_pause(r->h, CURLPAUSE_RECV);
    print_call(r, p, len, " -> pause(RECV), taken");
    return len;
  }
  print_call(r, p, len, "");
  return len;
}

static size_t write_cb(char *p, size_t s, size_t n, void *u) {
  struct run *r = u;
  size_t len = s * n;
  if (r->paused && !r->in_cont) r->writes_while_paused++;
  for (size_t i = 0; i < len; i++) r->fnv = (r->fnv ^ (unsigned char)p[i]) * 16777619u;
  r->bytes += len;
  return len;
}

static void one(CURLM *m, const char *label, const char *path, enum how how, int pause_at,
                int pause_again, long include_header) {
  struct run r;
  memset(&r, 0, sizeof r);
  r.how = how;
  r.pause_at = pause_at;
  r.pause_again = pause_again;
  r.fnv = 2166136261u;
  r.header_rc = -1;
  trace_line("%s:", label);
  CURL *h = curl_easy_init();
  r.h = h;
  curl_easy_setopt(h, CURLOPT_URL, trace_url(path));
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, header_cb);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &r);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, write_cb);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &r);
  curl_easy_setopt(h, CURLOPT_HEADER, include_header);
  curl_multi_add_handle(m, h);
  int running = 1, conts = 0;
  for (int loop = 0; running && loop < 200; loop++) {
    curl_multi_perform(m, &running);
    if (!running) break;
    if (r.paused && ++r.paused_rounds == 5) {
      r.paused = 0;
      r.paused_rounds = 0;
      r.in_cont = 1;
      CURLcode rc = curl_easy_pause(h, CURLPAUSE_CONT);
      r.in_cont = 0;
      trace_line("  CONT #%d: %d", ++conts, (int)rc);
    }
    curl_multi_poll(m, NULL, 0, 10, NULL);
  }
  int left;
  CURLMsg *msg = curl_multi_info_read(m, &left);
  trace_code("  result", msg ? msg->data.result : CURLE_FAILED_INIT);
  if (how == CALL_PAUSE_RECV) trace_line("  pause(RECV) in callback: %d", r.header_rc);
  trace_line("  headers_while_paused=%ld writes_while_paused=%ld body bytes=%zu fnv=%08x",
             r.headers_while_paused, r.writes_while_paused, r.bytes, r.fnv);
  INFO_LONG(h, RESPONSE_CODE);
  INFO_LONG(h, HEADER_SIZE);
  INFO_OFF(h, SIZE_DOWNLOAD_T);
  INFO_OFF(h, CONTENT_LENGTH_DOWNLOAD_T);
  struct curl_header *hd;
  const char *names[] = {"Content-Type", "X-A", "X-B"};
  for (int i = 0; i < 3; i++) {
    CURLHcode hc = curl_easy_header(h, names[i], 0, CURLH_HEADER, -1, &hd);
    trace_line("  header %s: %d %s", names[i], (int)hc, hc == CURLHE_OK ? hd->value : "");
  }
  curl_multi_remove_handle(m, h);
  curl_easy_cleanup(h);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  CURLM *m = curl_multi_init();
  const char *small = "/x?text=hello&hdr=X-A:%201&hdr=X-B:%202";
  const char *big = "/x?size=100000&hdr=X-A:%201&hdr=X-B:%202";
  one(m, "PAUSE at the status line", small, RETURN_PAUSE, 1, 0, 0);
  one(m, "PAUSE at a field line", small, RETURN_PAUSE, 3, 0, 0);
  one(m, "PAUSE at the blank line", small, RETURN_PAUSE, 6, 0, 0);
  one(m, "PAUSE at the status line, big body", big, RETURN_PAUSE, 1, 0, 0);
  one(m, "PAUSE at a field line, again in CONT", small, RETURN_PAUSE, 2, 1, 0);
  one(m, "PAUSE at a field line, HEADER=1", small, RETURN_PAUSE, 3, 0, 1);
  one(m, "pause(RECV) at a field line", small, CALL_PAUSE_RECV, 3, 0, 0);
  one(m, "pause(RECV) at the blank line, big body", big, CALL_PAUSE_RECV, 6, 0, 0);
  curl_multi_cleanup(m);
  curl_global_cleanup();
  return 0;
}
