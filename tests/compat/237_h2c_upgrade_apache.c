/* Scenario: CURL_HTTP_VERSION_2_0 on http:// against a real server that switches, Debian's
   Apache with mod_http2 (tests/support/origins.py, kind apache-h2c). The request goes out in
   HTTP/1.1 with "Upgrade: h2c" and HTTP2-Settings; Apache answers "101 Switching Protocols"
   and then the same request's answer on HTTP/2 stream 1. Header lines are printed as the
   application gets them (the 101's lines included), but Date; the docroot's files have fixed
   mtimes, so Last-Modified and ETag (Apache's is made of mtime and size) repeat.
   Apache 2.4.71 ends an upgraded connection with GOAWAY ("timeout") and a close the first
   time it finds nothing to read there: right after the upgraded stream when the client's
   preface is not in yet, or while an answer waits for the client's WINDOW_UPDATE. So every
   case but the last has a fresh handle, and the file fetched by upgrade is /window.bin,
   65535 bytes, which the initial connection window lets through whole; the 1 MiB file
   comes by prior knowledge.
   Cases: GET of a small file (with the header API after it: the 101's Upgrade line is a
   CURLH_1XX header of the same request, the final answer's Content-Type a CURLH_HEADER
   one, and a walk over the 1XX headers), HEAD, a 404, the 65535-byte file (size and hash),
   a small POST (Apache does not upgrade a request with a body: it answers in HTTP/1.1),
   HTTP_VERSION 1_1 (no upgrade offered; Apache advertises it), 2_PRIOR_KNOWLEDGE GET of a
   small file and of the 1 MiB file; last two GETs on one handle with the upgraded
   connection closed in between. Back to back, the second GET would race Apache's GOAWAY
   (7.88 then either opens another connection or sends on the closing one and fails with
   CURLE_HTTP2, depending on how its reads split Apache's bytes), so that case makes the
   close certain: its header callback holds the 101's status line 800 ms, so the client's
   preface comes late and Apache closes after the first answer, and 800 ms pass before the
   second GET, so the GOAWAY and the close are in when it starts: the dead connection is
   left, the second GET upgrades again on a new one. */
// origin: apache-h2c
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "h2_multi.h"

static int port;

static const char *url(const char *path) {
  static char buf[2][256];
  static int next;
  char *out = buf[next];
  next = (next + 1) % 2;
  snprintf(out, sizeof buf[0], "http://127.0.0.1:%d%s", port, path);
  return out;
}

static CURL *apache_handle(struct trace_xfer *x, const char *path, long version_wanted) {
  CURL *h = curl_easy_init();
  trace_xfer_init(x, 1);
  x->keep_body = 1;
  trace_xfer_attach(h, x);
  curl_easy_setopt(h, CURLOPT_URL, url(path));
  curl_easy_setopt(h, CURLOPT_HTTP_VERSION, version_wanted);
  return h;
}

static void print_sizes(const char *label, CURL *h) {
  long version = -1, code = -1, connects = -1, request_size = -1, header_size = -1;
  curl_off_t down = -1, length = -1, up = -1;
  curl_easy_getinfo(h, CURLINFO_HTTP_VERSION, &version);
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
  curl_easy_getinfo(h, CURLINFO_NUM_CONNECTS, &connects);
  curl_easy_getinfo(h, CURLINFO_REQUEST_SIZE, &request_size);
  curl_easy_getinfo(h, CURLINFO_HEADER_SIZE, &header_size);
  curl_easy_getinfo(h, CURLINFO_SIZE_DOWNLOAD_T, &down);
  curl_easy_getinfo(h, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length);
  curl_easy_getinfo(h, CURLINFO_SIZE_UPLOAD_T, &up);
  trace_line("%s: HTTP_VERSION=%ld RESPONSE_CODE=%ld NUM_CONNECTS=%ld REQUEST_SIZE=%ld HEADER_SIZE=%ld",
             label, version, code, connects, request_size, header_size);
  trace_line("%s: SIZE_DOWNLOAD_T=%" CURL_FORMAT_CURL_OFF_T " CONTENT_LENGTH_DOWNLOAD_T=%"
             CURL_FORMAT_CURL_OFF_T " SIZE_UPLOAD_T=%" CURL_FORMAT_CURL_OFF_T, label, down, length, up);
  INFO_STR(h, CONTENT_TYPE);
}

/* Performs, then prints the result, the header lines, the sizes and the body (as text when
   kept, else as size and hash). */
static void perform_print(const char *label, CURL *h, struct trace_xfer *x) {
  trace_code(label, curl_easy_perform(h));
  mx_print_headers(label, x);
  print_sizes(label, h);
  if (x->keep_body) trace_xfer_print_body_text(label, x);
  else trace_xfer_print_body(label, x);
}

static void once(const char *title, const char *path, long version_wanted, void (*setup)(CURL *h)) {
  trace_line("== %s", title);
  struct trace_xfer x;
  CURL *h = apache_handle(&x, path, version_wanted);
  if (setup) setup(h);
  perform_print("once", h, &x);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
}

static void print_lookup(CURL *h, const char *name, unsigned int origin, const char *origin_name) {
  struct curl_header *hd = NULL;
  CURLHcode rc = curl_easy_header(h, name, 0, origin, -1, &hd);
  if (rc != CURLHE_OK || !hd) {
    trace_line("header %s %s: code %d", name, origin_name, (int)rc);
    return;
  }
  trace_line("header %s %s: code 0 name %s value \"%s\" amount %zu index %zu origin %#x", name,
             origin_name, hd->name, hd->value, hd->amount, hd->index, hd->origin);
}

static void get_with_header_api(void) {
  trace_line("== 2_0: GET of a small file, then the header API");
  struct trace_xfer x;
  CURL *h = apache_handle(&x, "/hello.txt", (long)CURL_HTTP_VERSION_2_0);
  perform_print("get", h, &x);
  print_lookup(h, "Upgrade", CURLH_1XX, "1XX");
  print_lookup(h, "Upgrade", CURLH_HEADER, "HEADER");
  print_lookup(h, "Connection", CURLH_1XX, "1XX");
  print_lookup(h, "Content-Type", CURLH_HEADER, "HEADER");
  print_lookup(h, "Content-Type", CURLH_1XX, "1XX");
  print_lookup(h, "ETag", CURLH_HEADER, "HEADER");
  struct curl_header *prev = NULL, *hd;
  while ((hd = curl_easy_nextheader(h, CURLH_1XX, -1, prev))) {
    trace_line("next 1XX: name %s value \"%s\" amount %zu index %zu origin %#x", hd->name, hd->value,
               hd->amount, hd->index, hd->origin);
    prev = hd;
  }
  int headers = 0;
  prev = NULL;
  while ((hd = curl_easy_nextheader(h, CURLH_HEADER, -1, prev))) {
    headers++;
    prev = hd;
  }
  trace_line("next HEADER: %d headers", headers);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
}

/* A file fetched as size and hash. */
static void get_binary(const char *title, const char *path, long version_wanted) {
  trace_line("== %s", title);
  struct trace_xfer x;
  CURL *h = apache_handle(&x, path, version_wanted);
  x.keep_body = 0;
  perform_print("file", h, &x);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
}

/* The trace's header callback, holding the 101's status line: the client sends its preface
   only once the 101's head is read, so Apache finishes stream 1 without it and closes. */
static size_t header_late_preface(char *ptr, size_t size, size_t nmemb, void *userdata) {
  if (size * nmemb >= 12 && memcmp(ptr, "HTTP/1.1 101", 12) == 0) trace_sleep_ms(800);
  return trace_header_cb(ptr, size, nmemb, userdata);
}

static void get_twice(void) {
  trace_line("== 2_0: two GETs on one handle, the upgraded connection closed in between");
  struct trace_xfer x;
  CURL *h = apache_handle(&x, "/hello.txt", (long)CURL_HTTP_VERSION_2_0);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, header_late_preface);
  perform_print("first", h, &x);
  trace_xfer_free(&x);
  trace_xfer_init(&x, 2);
  x.keep_body = 1;
  trace_sleep_ms(800);
  curl_easy_setopt(h, CURLOPT_URL, url("/index.html"));
  perform_print("second", h, &x);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
}

static void set_head(CURL *h) { curl_easy_setopt(h, CURLOPT_NOBODY, 1L); }

static void set_small_post(CURL *h) { curl_easy_setopt(h, CURLOPT_POSTFIELDS, "name=xfer&value=1+2"); }

int main(int argc, char **argv) {
  tls_begin(argc, argv);
  port = trace_origin_port("APACHE_H2C");
  get_with_header_api();
  once("2_0: HEAD", "/hello.txt", (long)CURL_HTTP_VERSION_2_0, set_head);
  once("2_0: 404", "/missing.txt", (long)CURL_HTTP_VERSION_2_0, NULL);
  get_binary("2_0: GET of the 65535-byte file", "/window.bin", (long)CURL_HTTP_VERSION_2_0);
  once("2_0: small POST (not upgraded)", "/hello.txt", (long)CURL_HTTP_VERSION_2_0, set_small_post);
  once("1_1: GET (no upgrade offered)", "/hello.txt", (long)CURL_HTTP_VERSION_1_1, NULL);
  once("2_PRIOR_KNOWLEDGE: GET", "/hello.txt", (long)CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE, NULL);
  get_binary("2_PRIOR_KNOWLEDGE: GET of the 1 MiB file", "/big.bin",
             (long)CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE);
  get_twice();
  curl_global_cleanup();
  return 0;
}
