/* Scenario: response trailers from a real server, Debian's nginx (tests/support/origins.py,
   kind nginx-h2). Two answers end with the same two trailers made by add_trailer,
   X-Checksum (a fixed text, origins.TRAILER_CHECKSUM) and X-Served: nginx: /trailers.txt,
   a static file (Content-Length on HTTP/2), and /trailers-streamed, made by the echo module
   (no Content-Length). Over HTTP/2 the trailers come as a HEADERS frame after the DATA;
   over HTTP/1.1 nginx sends both answers chunked, the trailers after the last chunk.
   libcurl 7.88 ends an HTTP/2 transfer as soon as Content-Length bytes are in, so the
   application never gets the static file's trailers there (xfer does the same on purpose,
   src/engine/transfer_h2.cpp); without a length they come.
   Cases, each on a fresh handle, for each of the two answers: TLS with ALPN h2, cleartext
   h2 by prior knowledge, TLS with HTTP_VERSION 1_1. Each prints every header-callback line
   (Date left out, nginx's X-Conn shown as a connection letter), HTTP_VERSION, status and
   sizes, the body, then the header API: curl_easy_header() for each trailer's name as
   CURLH_TRAILER and as CURLH_HEADER (missing there), Content-Type as CURLH_TRAILER
   (missing), and curl_easy_nextheader() over CURLH_TRAILER.
   libcurl 7.88 files HTTP/2 trailers under CURLH_HEADER (its chunked HTTP/1.1 path files them
   under CURLH_TRAILER, as curl_easy_header(3) says every trailer is): judged by the expected
   trace, which is libcurl's own but for those header API lines (docs/DIFFERENCES.md). */
// origin: nginx-h2
// oracle: 238_h2_trailers_nginx.expected
#include "h2_multi.h"

static int tls_port;
static int h2c_port;

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

static void trailers(const char *title, const char *path, enum mx_scheme scheme, long version_wanted) {
  mx_case(title);
  mx_origin_port = scheme == MX_TLS ? tls_port : h2c_port;
  struct trace_xfer x;
  trace_xfer_init(&x, 1);
  x.keep_body = 1;
  CURL *h = curl_easy_init();
  trace_xfer_attach(h, &x);
  curl_easy_setopt(h, CURLOPT_URL, mx_url(scheme, path));
  curl_easy_setopt(h, CURLOPT_HTTP_VERSION, version_wanted);
  if (scheme == MX_TLS) tls_trust_test_ca(h);
  trace_code("get", curl_easy_perform(h));
  mx_print_headers("get", &x);
  /* Not HEADER_SIZE: X-Conn's value, nginx's connection serial, may grow a digit. */
  long version = -1, code = -1, connects = -1;
  curl_off_t down = -1, length = -1;
  curl_easy_getinfo(h, CURLINFO_HTTP_VERSION, &version);
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
  curl_easy_getinfo(h, CURLINFO_NUM_CONNECTS, &connects);
  curl_easy_getinfo(h, CURLINFO_SIZE_DOWNLOAD_T, &down);
  curl_easy_getinfo(h, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length);
  trace_line("get: HTTP_VERSION=%ld RESPONSE_CODE=%ld NUM_CONNECTS=%ld", version, code, connects);
  trace_line("get: SIZE_DOWNLOAD_T=%" CURL_FORMAT_CURL_OFF_T " CONTENT_LENGTH_DOWNLOAD_T=%"
             CURL_FORMAT_CURL_OFF_T, down, length);
  trace_xfer_print_body_text("get", &x);
  print_lookup(h, "X-Checksum", CURLH_TRAILER, "TRAILER");
  print_lookup(h, "X-Checksum", CURLH_HEADER, "HEADER");
  print_lookup(h, "x-served", CURLH_TRAILER, "TRAILER");
  print_lookup(h, "x-served", CURLH_HEADER, "HEADER");
  print_lookup(h, "X-Served", CURLH_HEADER | CURLH_TRAILER, "HEADER|TRAILER");
  print_lookup(h, "Content-Type", CURLH_TRAILER, "TRAILER");
  print_lookup(h, "Content-Type", CURLH_HEADER, "HEADER");
  struct curl_header *prev = NULL, *hd;
  int n = 0;
  while ((hd = curl_easy_nextheader(h, CURLH_TRAILER, -1, prev))) {
    trace_line("next TRAILER: name %s value \"%s\" amount %zu index %zu origin %#x", hd->name,
               hd->value, hd->amount, hd->index, hd->origin);
    prev = hd;
    n++;
  }
  trace_line("next TRAILER: %d trailers", n);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
}

int main(int argc, char **argv) {
  tls_begin(argc, argv);
  tls_port = trace_origin_port("NGINX_TLS");
  h2c_port = trace_origin_port("NGINX_H2C");
  static const struct {
    const char *name;
    const char *path;
  } answers[] = {{"static file", "/trailers.txt"}, {"streamed", "/trailers-streamed"}};
  for (size_t i = 0; i < sizeof answers / sizeof answers[0]; i++) {
    char title[128];
    snprintf(title, sizeof title, "%s: TLS, HTTP/2", answers[i].name);
    trailers(title, answers[i].path, MX_TLS, (long)CURL_HTTP_VERSION_2TLS);
    snprintf(title, sizeof title, "%s: h2c, prior knowledge", answers[i].name);
    trailers(title, answers[i].path, MX_H2C, (long)CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE);
    snprintf(title, sizeof title, "%s: TLS, HTTP_VERSION 1_1 (chunked)", answers[i].name);
    trailers(title, answers[i].path, MX_TLS, (long)CURL_HTTP_VERSION_1_1);
  }
  curl_global_cleanup();
  return 0;
}
