/* Scenario: a zstd body in the legacy v0.7 frame format (found by tests/fuzz, where xfer's
   decoder gave another result when the frame's first bytes came in two reads). Read in one
   piece, libcurl 7.88 (through libzstd) decodes such a frame, alone or followed by a
   current one, and fails with 61 where what follows a frame starts none. */
#include "raw_reply.h"

/* "HTTP/1.1 200 OK", "Content-Encoding: zstd", then a body that ends at the close. */
#define ZSTD_HEAD "raw=HTTP/1.1%20200%20OK%0D%0AContent-Encoding:%20zstd%0D%0A%0D%0A"
/* Magic 0xFD2FB527, a header with a 1-byte content size (5), one raw block "hello", the
   end block. */
#define V07_HELLO "%27%B5%2F%FD%20%05%40%00%05hello%C0%00%00"
/* "world" in a current frame (zstd -c --no-check). */
#define CURRENT_WORLD "%28%B5%2F%FD%00%58%29%00%00world"

static void get(const char *label, const char *path) {
  struct trace_xfer x;
  char err[CURL_ERROR_SIZE] = "";
  CURL *h = trace_easy_new(&x, 1, path);
  x.keep_body = 1;
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, err);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 5000L);
  curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "zstd");
  CURLcode rc = curl_easy_perform(h);
  raw_print(label, h, rc, &x, err, 1);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  get("v07", "/z?" ZSTD_HEAD V07_HELLO);
  get("v07-then-current", "/z?" ZSTD_HEAD V07_HELLO CURRENT_WORLD);
  get("current-then-v07", "/z?" ZSTD_HEAD CURRENT_WORLD V07_HELLO);
  get("v07-then-junk", "/z?" ZSTD_HEAD V07_HELLO "junk!");
  curl_global_cleanup();
  return 0;
}
