/* Scenario: HTTP/2 stream priority as a real server receives it: nghttpd over TLS, run with
   -v, logs every frame it gets (tests/support/origins.py); the program reads that log after
   each case and prints, per HEADERS frame, its stream id and its priority fields (or that it
   had none), and any PRIORITY frame for a stream the client opened. Cases, each on a multi handle of its own (so a
   connection of its own, stream ids from 1): no options; STREAM_WEIGHT 42; weights 1 then
   256 on one handle (two streams of one connection); out-of-range weights 0 and 300 (kept
   out); B with STREAM_DEPENDS on A while A (1 MiB) is still running, both PIPEWAIT; the
   same with STREAM_DEPENDS_E; B depending on A and then on NULL. */
// origin: nghttpd
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tls_scenario.h"

static int port;
static const char *frames_path;
static long frames_seen;  /* bytes of the frame log already printed */

static size_t discard(char *p, size_t size, size_t n, void *ud) {
  (void)p;
  (void)ud;
  return size * n;
}

static CURL *handle(const char *path) {
  static char url[256];
  CURL *h = curl_easy_init();
  snprintf(url, sizeof url, "https://localhost:%d%s", port, path);
  curl_easy_setopt(h, CURLOPT_URL, url);
  tls_trust_test_ca(h);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard);
  curl_easy_setopt(h, CURLOPT_PIPEWAIT, 1L);
  return h;
}

/* Runs the multi until every handle is done (bounded), then prints each result in handle
   order (which stream's answer ends first is nghttpd's scheduling). */
static void run_all(const char *label, CURLM *m, CURL **hs, int n) {
  CURLcode results[3] = {CURLE_OK, CURLE_OK, CURLE_OK};
  int finished[3] = {0, 0, 0};
  for (int i = 0; i < n; i++) curl_multi_add_handle(m, hs[i]);
  int running = 1, done = 0;
  for (int turns = 0; turns < 20000 && done < n; turns++) {
    curl_multi_perform(m, &running);
    int q = 0;
    CURLMsg *msg;
    while ((msg = curl_multi_info_read(m, &q))) {
      if (msg->msg != CURLMSG_DONE) continue;
      for (int i = 0; i < n; i++) {
        if (hs[i] != msg->easy_handle) continue;
        results[i] = msg->data.result;
        finished[i] = 1;
      }
      done++;
    }
    if (done < n) curl_multi_poll(m, NULL, 0, 100, NULL);
  }
  for (int i = 0; i < n; i++) {
    long code = 0;
    curl_easy_getinfo(hs[i], CURLINFO_RESPONSE_CODE, &code);
    if (finished[i])
      trace_line("%s #%d: %d %s %ld", label, i + 1, (int)results[i], trace_code_name(results[i]), code);
    else
      trace_line("%s #%d: not finished", label, i + 1);
  }
  for (int i = 0; i < n; i++) {
    curl_multi_remove_handle(m, hs[i]);
    curl_easy_cleanup(hs[i]);
  }
}

/* The HEADERS and PRIORITY frames nghttpd logged since the last call. */
static void print_frames(const char *label) {
  FILE *f = fopen(frames_path, "r");
  if (!f) {
    trace_line("%s: no frame log", label);
    return;
  }
  fseek(f, frames_seen, SEEK_SET);
  char line[512];
  int want_prio = 0;
  long stream = 0;
  while (fgets(line, sizeof line, f)) {
    const char *at = strstr(line, "recv HEADERS frame");
    const char *pr = strstr(line, "recv PRIORITY frame");
    const char *sid = strstr(line, "stream_id=");
    if ((at || pr) && sid) {
      stream = strtol(sid + 10, NULL, 10);
      /* 7.88 also sends a PRIORITY frame for stream 2^31-1 (a stream it never opens) before
         a weighted request's HEADERS; xfer does not (DIFFERENCES.md). */
      if (pr && stream == 2147483647) {
        want_prio = 0;
        continue;
      }
      want_prio = 1;
      if (!strstr(line, "flags=") || (at && !(strtol(strstr(line, "flags=") + 6, NULL, 16) & 0x20))) {
        trace_line("%s: HEADERS stream %ld: no priority", label, stream);
        want_prio = 0;
      }
      continue;
    }
    const char *dep = strstr(line, "dep_stream_id=");
    if (want_prio && dep) {
      long d = strtol(dep + 14, NULL, 10);
      const char *w = strstr(line, "weight=");
      const char *e = strstr(line, "exclusive=");
      trace_line("%s: %s stream %ld: depends on %ld, weight %ld, exclusive %ld", label,
                 strstr(line, "padlen") ? "HEADERS" : "PRIORITY", stream, d, w ? strtol(w + 7, NULL, 10) : -1,
                 e ? strtol(e + 10, NULL, 10) : -1);
      want_prio = 0;
    }
  }
  frames_seen = ftell(f);
  fclose(f);
}

static void one_case(const char *label, CURL **hs, int n) {
  trace_line("== %s", label);
  CURLM *m = curl_multi_init();
  run_all(label, m, hs, n);
  curl_multi_cleanup(m);
  print_frames(label);
}

int main(int argc, char **argv) {
  tls_begin(argc, argv);
  port = trace_origin_port("NGHTTPD");
  frames_path = getenv("XFER_TEST_NGHTTPD_FRAMES");
  if (!frames_path) {
    trace_line("no frame log named");
    return 1;
  }

  CURL *h[3];
  h[0] = handle("/style.css");
  one_case("no options", h, 1);

  h[0] = handle("/style.css");
  trace_code("setopt STREAM_WEIGHT 42", curl_easy_setopt(h[0], CURLOPT_STREAM_WEIGHT, 42L));
  one_case("weight 42", h, 1);

  h[0] = handle("/style.css");
  trace_code("setopt STREAM_WEIGHT 0", curl_easy_setopt(h[0], CURLOPT_STREAM_WEIGHT, 0L));
  trace_code("setopt STREAM_WEIGHT 300", curl_easy_setopt(h[0], CURLOPT_STREAM_WEIGHT, 300L));
  one_case("weights out of range", h, 1);

  h[0] = handle("/big.bin");
  h[1] = handle("/style.css");
  trace_code("setopt STREAM_DEPENDS A", curl_easy_setopt(h[1], CURLOPT_STREAM_DEPENDS, h[0]));
  trace_code("setopt STREAM_WEIGHT 7", curl_easy_setopt(h[1], CURLOPT_STREAM_WEIGHT, 7L));
  one_case("B depends on A", h, 2);

  h[0] = handle("/big.bin");
  h[1] = handle("/style.css");
  trace_code("setopt STREAM_DEPENDS_E A", curl_easy_setopt(h[1], CURLOPT_STREAM_DEPENDS_E, h[0]));
  one_case("B depends exclusively on A", h, 2);

  h[0] = handle("/big.bin");
  h[1] = handle("/style.css");
  curl_easy_setopt(h[1], CURLOPT_STREAM_DEPENDS, h[0]);
  trace_code("setopt STREAM_DEPENDS NULL", curl_easy_setopt(h[1], CURLOPT_STREAM_DEPENDS, NULL));
  one_case("B depends on A, then on nothing", h, 2);
  return 0;
}
