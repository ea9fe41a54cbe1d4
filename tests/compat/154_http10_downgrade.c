/* Scenario: after a reply in HTTP/1.0, libcurl 7.88 speaks HTTP/1.0 on that connection (no
 * Expect, no chunked upload: CURLE_UPLOAD_FAILED) and, for the rest of the transfer, to
 * wherever a redirect leads; the next transfer on a new connection starts with 1.1 again
 * (curl tests 1073, 1074). */
#include "trace.h"

#include <string.h>

static const char upload[] = "This is data we upload with PUT\nit has no size\n";
static size_t upload_pos;

static size_t read_cb(char *buf, size_t size, size_t nmemb, void *userp) {
  (void)userp;
  size_t left = sizeof upload - 1 - upload_pos;
  size_t n = size * nmemb < left ? size * nmemb : left;
  memcpy(buf, upload + upload_pos, n);
  upload_pos += n;
  return n;
}

static int seek_cb(void *userp, curl_off_t offset, int origin) {
  (void)userp;
  if (origin != SEEK_SET) return CURL_SEEKFUNC_CANTSEEK;
  upload_pos = (size_t)offset;
  return CURL_SEEKFUNC_OK;
}

static void run(CURL *h, int id, const char *label, const char *path) {
  struct trace_xfer x;
  trace_xfer_init(&x, id);
  x.keep_body = 1;
  trace_xfer_attach(h, &x);
  curl_easy_setopt(h, CURLOPT_URL, trace_url(path));
  upload_pos = 0;
  trace_result(label, curl_easy_perform(h), &x);
  if (strstr(path, "echo=1")) trace_xfer_print_body_text(label, &x);
  INFO_LONG(h, RESPONSE_CODE);
  INFO_LONG(h, HTTP_VERSION);
  INFO_LONG(h, NUM_CONNECTS);
  INFO_LONG(h, REDIRECT_COUNT);
  trace_xfer_free(&x);
}

static void as_put(CURL *h) {
  curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(h, CURLOPT_READFUNCTION, read_cb);
  curl_easy_setopt(h, CURLOPT_SEEKFUNCTION, seek_cb);
  curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)-1);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  struct curl_slist *keep = curl_slist_append(NULL, "Connection: keep-alive");
  struct trace_xfer x;

  /* A 1.0 server that keeps the connection: the next requests on it are 1.0. */
  CURL *h = trace_easy_new(&x, 0, NULL);
  trace_xfer_free(&x);
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, keep);
  run(h, 1, "first", "/d?http10=1&size=9");
  run(h, 2, "second", "/d?http10=1&echo=1");
  static char big[1100];
  memset(big, 'x', sizeof big);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, big);
  curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)sizeof big);
  run(h, 3, "post without expect", "/d?http10=1&echo=1");
  as_put(h);
  run(h, 4, "chunked put on it", "/d?http10=1&size=3");
  curl_easy_cleanup(h);

  /* A chunked PUT redirected by a 1.0 server that closes: the next request would be 1.0. */
  h = trace_easy_new(&x, 0, NULL);
  trace_xfer_free(&x);
  as_put(h);
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
  run(h, 5, "put redirected", "/r?http10=1&status=301&location=/r2%3Fsize=4");
  /* A 1.1 server redirects to a 1.0 one that keeps the connection, which redirects back. */
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, keep);
  curl_easy_setopt(h, CURLOPT_UPLOAD, 0L);
  curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
  run(h, 6, "get via 1.0", "/g?status=302&location=/g2%3Fhttp10=1%26status=302%26location=/g3%253Fecho=1");
  run(h, 7, "fresh transfer", "/f?echo=1");
  curl_easy_cleanup(h);
  curl_slist_free_all(keep);
  curl_global_cleanup();
  return 0;
}
