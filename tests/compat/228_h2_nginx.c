/* Scenario: HTTP/2 against a real server, Debian's nginx (tests/support/origins.py), over TLS
   (ALPN h2, https://localhost with the test CA) and over cleartext prior knowledge
   (http://127.0.0.1). Header lines are printed as the application gets them, but Date;
   nginx's X-Conn (its connection serial) is shown as a letter a, b, c... per case, in order of
   first use. The docroot's files have fixed mtimes, so Last-Modified and ETag repeat. /upload
   reads the whole request body before it answers (nginx's echo module), so a POST's answer
   never races its upload (7.88's busy loop: docs/internals/HTTP2.md).
   libcurl 7.88 fails a second transfer on a prior-knowledge connection with 16 (curl #10634,
   docs/DIFFERENCES.md): every h2c transfer has a handle of its own.
   Cases, TLS: GET, a second GET on the same handle (the connection reused), HEAD, a 404
   made by `return`, the 1 MiB file (size and hash), a small POST and a 200 KiB POST (echoed
   back), HTTP_VERSION 1_1 (nginx answers in HTTP/1.1); h2c: GET, small POST, 404; then two
   waves of 10 GETs on one multi handle over TLS, with PIPEWAIT (one connection) and without
   (only what does not depend on timing). */
// origin: nginx-h2
#include "h2_multi.h"

#define BIG_POST_SIZE (200 * 1024)

static int tls_port;
static int h2c_port;

/* A handle for PATH on nginx: TLS (HTTP/2 by ALPN) or cleartext HTTP/2 by prior knowledge. */
static CURL *origin_handle(struct trace_xfer *x, enum mx_scheme scheme, const char *path) {
  mx_origin_port = scheme == MX_TLS ? tls_port : h2c_port;
  CURL *h = curl_easy_init();
  trace_xfer_init(x, 1);
  x->keep_body = 1;
  trace_xfer_attach(h, x);
  curl_easy_setopt(h, CURLOPT_URL, mx_url(scheme, path));
  if (scheme == MX_TLS) {
    tls_trust_test_ca(h);
    curl_easy_setopt(h, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
  } else {
    curl_easy_setopt(h, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE);
  }
  return h;
}

static void print_sizes(const char *label, CURL *h) {
  long version = -1, code = -1, connects = -1, request_size = -1;
  curl_off_t down = -1, length = -1, up = -1;
  curl_easy_getinfo(h, CURLINFO_HTTP_VERSION, &version);
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
  curl_easy_getinfo(h, CURLINFO_NUM_CONNECTS, &connects);
  curl_easy_getinfo(h, CURLINFO_REQUEST_SIZE, &request_size);
  curl_easy_getinfo(h, CURLINFO_SIZE_DOWNLOAD_T, &down);
  curl_easy_getinfo(h, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length);
  curl_easy_getinfo(h, CURLINFO_SIZE_UPLOAD_T, &up);
  trace_line("%s: HTTP_VERSION=%ld RESPONSE_CODE=%ld NUM_CONNECTS=%ld REQUEST_SIZE=%ld", label,
             version, code, connects, request_size);
  trace_line("%s: SIZE_DOWNLOAD_T=%" CURL_FORMAT_CURL_OFF_T " CONTENT_LENGTH_DOWNLOAD_T=%"
             CURL_FORMAT_CURL_OFF_T " SIZE_UPLOAD_T=%" CURL_FORMAT_CURL_OFF_T, label, down, length, up);
  INFO_STR(h, CONTENT_TYPE);
}

/* Performs, then prints the result, the header lines, the sizes and the body (as text when
   kept, else as size and hash). The record is emptied for the handle's next transfer. */
static void perform_print(const char *label, CURL *h, struct trace_xfer *x) {
  trace_code(label, curl_easy_perform(h));
  mx_print_headers(label, x);
  print_sizes(label, h);
  if (x->keep_body) trace_xfer_print_body_text(label, x);
  else trace_xfer_print_body(label, x);
  int keep = x->keep_body;
  trace_xfer_free(x);
  trace_xfer_init(x, 1);
  x->keep_body = keep;
}

/* One fresh handle, one transfer, an optional setup step. */
static void once(const char *title, enum mx_scheme scheme, const char *path, void (*setup)(CURL *h)) {
  mx_case(title);
  struct trace_xfer x;
  CURL *h = origin_handle(&x, scheme, path);
  if (setup) setup(h);
  perform_print("once", h, &x);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
}

static void set_head(CURL *h) { curl_easy_setopt(h, CURLOPT_NOBODY, 1L); }

static void set_small_post(CURL *h) { curl_easy_setopt(h, CURLOPT_POSTFIELDS, "name=xfer&value=1+2"); }

static void set_http11(CURL *h) { curl_easy_setopt(h, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1); }

static void get_twice(void) {
  mx_case("TLS: two GETs on one handle");
  struct trace_xfer x;
  CURL *h = origin_handle(&x, MX_TLS, "/hello.txt");
  perform_print("first", h, &x);
  curl_easy_setopt(h, CURLOPT_URL, mx_url(MX_TLS, "/index.html"));
  perform_print("second", h, &x);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
}

static void get_big(void) {
  mx_case("TLS: GET of the 1 MiB file");
  struct trace_xfer x;
  CURL *h = origin_handle(&x, MX_TLS, "/big.bin");
  x.keep_body = 0;
  perform_print("big", h, &x);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
}

/* A body the echo must return byte for byte: not periodic, so a misplaced chunk shows. */
static void big_post(void) {
  mx_case("TLS: POST of 200 KiB, echoed");
  char *body = malloc(BIG_POST_SIZE);
  uint32_t fnv = 2166136261u;
  for (size_t i = 0; i < BIG_POST_SIZE; i++) {
    body[i] = (char)((i * 7) ^ (i >> 10));
    fnv ^= (unsigned char)body[i];
    fnv *= 16777619u;
  }
  struct trace_xfer x;
  CURL *h = origin_handle(&x, MX_TLS, "/upload");
  x.keep_body = 0;
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
  curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)BIG_POST_SIZE);
  trace_line("sent body bytes=%d fnv=%08x", BIG_POST_SIZE, (unsigned)fnv);
  perform_print("big post", h, &x);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
  free(body);
}

/* GETs of three sizes in turn: the hello text, the index, the 1 MiB file. */
static const char *wave_path(int i) {
  static const char *const paths[] = {"/hello.txt", "/index.html", "/big.bin"};
  return paths[i % 3];
}

static void wave(const char *title, const char *label, long pipewait) {
  mx_case(title);
  mx_origin_port = tls_port;
  CURLM *m = curl_multi_init();
  struct mx_wave w;
  mx_wave_init(&w, m, MX_TLS);
  for (int i = 1; i <= 10; i++) mx_new(&w, i, wave_path(i), pipewait);
  mx_add_all(&w);
  trace_line("%s: all finished: %d", label, mx_run(&w));
  mx_print(&w, label);
  mx_wave_cleanup(&w);
  curl_multi_cleanup(m);
}

/* Without PIPEWAIT how many connections 7.88 opens depends on when the first one's ALPN
   answer comes: only each transfer's own outcome is printed. */
static void wave_no_pipewait(void) {
  mx_case("TLS: 10 GETs on one multi handle without PIPEWAIT");
  mx_origin_port = tls_port;
  CURLM *m = curl_multi_init();
  struct mx_wave w;
  mx_wave_init(&w, m, MX_TLS);
  for (int i = 1; i <= 10; i++) mx_new(&w, i, wave_path(i), 0L);
  mx_add_all(&w);
  trace_line("no pipewait: all finished: %d", mx_run(&w));
  long connects = 0;
  for (int i = 0; i < w.n; i++) {
    struct mx_xfer *t = &w.t[i];
    char what[64];
    snprintf(what, sizeof what, "no pipewait #%d", t->id);
    trace_code(what, t->result);
    long version = -1, code = -1, nc = 0;
    curl_easy_getinfo(t->h, CURLINFO_HTTP_VERSION, &version);
    curl_easy_getinfo(t->h, CURLINFO_RESPONSE_CODE, &code);
    curl_easy_getinfo(t->h, CURLINFO_NUM_CONNECTS, &nc);
    connects += nc;
    trace_line("%s: HTTP_VERSION=%ld RESPONSE_CODE=%ld", what, version, code);
    trace_line("%s: body bytes=%zu fnv=%08x", what, t->x.body_bytes, (unsigned)t->x.body_fnv);
  }
  trace_line("no pipewait: NUM_CONNECTS sum between 1 and 10: %s",
             connects >= 1 && connects <= 10 ? "yes" : "no");
  mx_wave_cleanup(&w);
  curl_multi_cleanup(m);
}

int main(int argc, char **argv) {
  tls_begin(argc, argv);
  tls_port = trace_origin_port("NGINX_TLS");
  h2c_port = trace_origin_port("NGINX_H2C");
  once("TLS: GET of a small file", MX_TLS, "/hello.txt", NULL);
  get_twice();
  once("TLS: HEAD", MX_TLS, "/hello.txt", set_head);
  once("TLS: 404 made by return", MX_TLS, "/status/404", NULL);
  get_big();
  once("TLS: small POST, echoed", MX_TLS, "/upload", set_small_post);
  big_post();
  once("TLS: HTTP_VERSION 1_1", MX_TLS, "/hello.txt", set_http11);
  once("h2c: GET of a small file", MX_H2C, "/hello.txt", NULL);
  once("h2c: small POST, echoed", MX_H2C, "/upload", set_small_post);
  once("h2c: 404 made by return", MX_H2C, "/status/404", NULL);
  wave("TLS: 10 GETs on one multi handle with PIPEWAIT", "pipewait", 1L);
  wave_no_pipewait();
  curl_global_cleanup();
  return 0;
}
