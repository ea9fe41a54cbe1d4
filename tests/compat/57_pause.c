/* Scenario: pausing from the write callback (CURL_WRITEFUNC_PAUSE) and the read callback
   (CURL_READFUNC_PAUSE), resumed with curl_easy_pause(CURLPAUSE_CONT) from the main loop. */
#include <string.h>

#include "trace.h"

static int write_pauses, read_pauses, want_pause_w = 1, want_pause_r = 1;
static unsigned long long total;
static unsigned int hash = 2166136261u;

static size_t write_cb(char *p, size_t s, size_t n, void *u) {
  (void)u;
  if (want_pause_w) {
    want_pause_w = 0;
    write_pauses++;
    return CURL_WRITEFUNC_PAUSE;
  }
  for (size_t i = 0; i < s * n; i++) hash = (hash ^ (unsigned char)p[i]) * 16777619u;
  total += s * n;
  return s * n;
}

static const char upload[] = "paused upload body, sent after the pause";
static size_t up_off;
static size_t read_cb(char *buf, size_t s, size_t n, void *u) {
  (void)u;
  if (want_pause_r) {
    want_pause_r = 0;
    read_pauses++;
    return CURL_READFUNC_PAUSE;
  }
  size_t left = sizeof upload - 1 - up_off, room = s * n;
  if (left > room) left = room;
  memcpy(buf, upload + up_off, left);
  up_off += left;
  return left;
}

static void drive(CURLM *m, CURL *h, const char *label) {
  int running = 1, loops = 0;
  while (running && loops++ < 400) {
    curl_multi_perform(m, &running);
    /* Let the transfer sit paused for a few rounds, then let it go on. */
    if (loops == 5) curl_easy_pause(h, CURLPAUSE_CONT);
    if (running) curl_multi_poll(m, NULL, 0, 20, NULL);
  }
  int left;
  CURLMsg *msg = curl_multi_info_read(m, &left);
  trace_code(label, msg ? msg->data.result : CURLE_FAILED_INIT);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  CURLM *m = curl_multi_init();

  CURL *h = curl_easy_init();
  curl_easy_setopt(h, CURLOPT_URL, trace_url("/p?size=50000"));
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, write_cb);
  curl_multi_add_handle(m, h);
  drive(m, h, "download");
  trace_line("write pauses=%d bytes=%llu fnv=%08x", write_pauses, total, hash);
  INFO_OFF(h, SIZE_DOWNLOAD_T);
  curl_multi_remove_handle(m, h);
  curl_easy_cleanup(h);

  total = 0;
  hash = 2166136261u;
  h = curl_easy_init();
  curl_easy_setopt(h, CURLOPT_URL, trace_url("/p?echo=1"));
  curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)(sizeof upload - 1));
  curl_easy_setopt(h, CURLOPT_READFUNCTION, read_cb);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, write_cb);
  curl_multi_add_handle(m, h);
  drive(m, h, "upload");
  trace_line("read pauses=%d sent=%zu echoed bytes=%llu", read_pauses, up_off, total);
  INFO_OFF(h, SIZE_UPLOAD_T);
  curl_multi_remove_handle(m, h);
  curl_easy_cleanup(h);
  curl_multi_cleanup(m);
  curl_global_cleanup();
  return 0;
}
