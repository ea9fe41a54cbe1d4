/* Scenario: what an HTTP/2 request becomes on a real server, Debian's nginx
   (tests/support/origins.py, kind nginx-h2), over TLS (ALPN h2, https://localhost with the test
   CA) and over cleartext prior knowledge (http://127.0.0.1), and what comes back.
   /reqinfo answers with the request as nginx got it: its HTTP/1.1 rendering (Host from
   :authority, the client's fields in order, lower-case names on HTTP/2, empty values kept),
   X-Nginx-Saw (method, uri, protocol, host, and te, connection, keep-alive, upgrade,
   transfer-encoding, expect, content-length as the client sent them) and then the body; it
   reads the whole body before it answers, so no answer races its upload. Each case runs on a
   fresh handle and prints the result, the answer's header lines (Date left out, nginx's X-Conn
   as a connection letter a, b... per case), HTTP_VERSION, status, NUM_CONNECTS, REQUEST_SIZE
   (libcurl counts the HTTP/1.1 form of an HTTP/2 request) and SIZE_UPLOAD_T, then the head
   nginx got line by line and the body it got: as text when short, always as size and FNV-1a
   hash, and whether it equals what was sent. A multipart boundary is random: it is shown as
   BOUNDARY wherever it occurs (only its length, 40, is fixed). ERRORBUFFER only as set or not
   (its wording is xfer's own, docs/DIFFERENCES.md).
   libcurl 7.88 fails a second transfer on a prior-knowledge connection with 16 (curl #10634,
   docs/DIFFERENCES.md): every h2c transfer has a handle of its own.
   Cases:
   1. Request translation: a default GET (TLS, h2c); a custom Host (TLS; h2c with a port),
      which becomes :authority; the connection-specific fields Connection, Keep-Alive,
      Transfer-Encoding, Upgrade and Proxy-Connection set by the application (RFC 9113
      section 8.2.2: none reaches nginx; libcurl leaves an application's Transfer-Encoding out
      of its request on HTTP/2 even in the HTTP/1.1 form REQUEST_SIZE counts); TE: trailers,
      gzip (dropped), "gzip, Trailers" (sent as "trailers") and "trailers;q=1" (dropped);
      Expect: 100-continue set by the application on a small POST (sent as is; nginx never
      answers 100 on HTTP/2, 7.88 waits up to a second for it, then sends the body); a POST of
      1 MiB + 4 KiB (libcurl adds no Expect on HTTP/2); an empty field, a removed Accept, a
      repeated field, blanks before a value; USERAGENT and REFERER; COOKIE (one field, not
      split); CUSTOMREQUEST PATCH with a body (TLS, h2c) and DELETE without one.
   2. Uploads, small and 300 KiB (past the 64 KiB initial stream window), over TLS and h2c:
      POSTFIELDS; PUT with a read callback and INFILESIZE_LARGE; PUT and POST with a read
      callback and no size (chunked on HTTP/1.1, plain DATA on HTTP/2, no content-length); the
      application's Transfer-Encoding: chunked on a sized PUT and an unsized POST (libcurl
      takes it as "no length": no content-length goes out, the body goes as plain DATA, never
      chunk-framed); a two-part mime post, one part from a read callback of known size, and
      the same with that part of unknown size (no content-length). Over h2c only two of the
      300 KiB uploads run (see uploads()).
   3. A stream reset by the server (/reset, `return 444`: RST_STREAM, the connection kept):
      over TLS a GET, the reset (92), then a GET on the same handle (NUM_CONNECTS 0, the same
      connection letter); the reset alone over h2c; and over HTTP/1.1, where nginx closes
      without an answer (52).
   4. HTTP_VERSION NONE, 1_0, 1_1, 2_0, 2TLS and 2_PRIOR_KNOWLEDGE on https:// against
      /reqinfo, each on a fresh handle: the status line as the header callback got it (the
      first header line), HTTP_VERSION, NUM_CONNECTS and the protocol nginx saw. */
// origin: nginx-h2
#include "h2_multi.h"

#define BIG_SIZE (300 * 1024)
#define HUGE_SIZE (1024 * 1024 + 4096)
/* A received body up to this size (and printable) is shown as text too. */
#define TEXT_LIMIT 600

static int tls_port;
static int h2c_port;

static uint32_t fnv1a(const char *p, size_t n) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < n; i++) {
    h ^= (unsigned char)p[i];
    h *= 16777619u;
  }
  return h;
}

/* N bytes, the same on every run, not periodic at any small stride. */
static char *make_body(size_t n, unsigned seed) {
  char *b = malloc(n ? n : 1);
  for (size_t i = 0; i < n; i++) b[i] = (char)(((i * 197) + seed) ^ (i >> 8) ^ (i >> 15));
  return b;
}

/* What the current case sends (NULL: not known byte for byte, as a mime post's). */
static const char *sent_data;
static size_t sent_len;

/* A read callback source; the seek callback (mime parts may rewind) sets its position. */
struct source {
  const char *data;
  size_t len;
  size_t pos;
};

static size_t source_read(char *buf, size_t size, size_t nitems, void *userp) {
  struct source *s = userp;
  size_t n = size * nitems;
  if (n > s->len - s->pos) n = s->len - s->pos;
  memcpy(buf, s->data + s->pos, n);
  s->pos += n;
  return n;
}

static int source_seek(void *userp, curl_off_t offset, int origin) {
  struct source *s = userp;
  if (origin != SEEK_SET || offset < 0 || (size_t)offset > s->len) return CURL_SEEKFUNC_FAIL;
  s->pos = (size_t)offset;
  return CURL_SEEKFUNC_OK;
}

static struct source case_source;
static struct curl_slist *case_headers;
static curl_mime *case_mime;

static const char *origin_url(enum mx_scheme scheme, const char *path) {
  static char buf[512];
  snprintf(buf, sizeof buf, "%s://%s:%d%s", scheme == MX_TLS ? "https" : "http",
           scheme == MX_TLS ? "localhost" : "127.0.0.1", scheme == MX_TLS ? tls_port : h2c_port, path);
  return buf;
}

/* A handle for PATH on nginx: TLS with HTTP_VERSION 2TLS, or h2c by prior knowledge. */
static CURL *origin_handle(struct trace_xfer *x, enum mx_scheme scheme, const char *path, char *errbuf) {
  CURL *h = curl_easy_init();
  trace_xfer_init(x, 1);
  x->keep_body = 1;
  trace_xfer_attach(h, x);
  curl_easy_setopt(h, CURLOPT_URL, origin_url(scheme, path));
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
  errbuf[0] = '\0';
  if (scheme == MX_TLS) {
    tls_trust_test_ca(h);
    curl_easy_setopt(h, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
  } else {
    curl_easy_setopt(h, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE);
  }
  return h;
}

static void print_info(const char *label, CURL *h) {
  long version = -1, code = -1, connects = -1, request_size = -1;
  curl_off_t up = -1;
  curl_easy_getinfo(h, CURLINFO_HTTP_VERSION, &version);
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
  curl_easy_getinfo(h, CURLINFO_NUM_CONNECTS, &connects);
  curl_easy_getinfo(h, CURLINFO_REQUEST_SIZE, &request_size);
  curl_easy_getinfo(h, CURLINFO_SIZE_UPLOAD_T, &up);
  trace_line("%s: HTTP_VERSION=%ld RESPONSE_CODE=%ld NUM_CONNECTS=%ld REQUEST_SIZE=%ld "
             "SIZE_UPLOAD_T=%" CURL_FORMAT_CURL_OFF_T, label, version, code, connects, request_size, up);
}

/* The multipart boundary named by the echoed head's content-type field, or an empty string. */
static void find_boundary(const char *head, size_t head_len, char *out, size_t cap) {
  static const char key[] = "multipart/form-data; boundary=";
  out[0] = '\0';
  for (const char *p = head; p < head + head_len; p++) {
    if (strncasecmp(p, key, sizeof key - 1) != 0) continue;
    const char *v = p + sizeof key - 1;
    size_t n = strcspn(v, "\r\n");
    if (n >= cap) n = cap - 1;
    memcpy(out, v, n);
    out[n] = '\0';
    return;
  }
}

/* A copy of DATA with every occurrence of WORD replaced by BOUNDARY (a plain copy when WORD
   is empty); its length goes to *out_len. */
static char *replace_word(const char *data, size_t len, const char *word, size_t *out_len) {
  static const char token[] = "BOUNDARY";
  size_t wl = strlen(word);
  /* Room for the token at every place the word could start, however short the word. */
  char *out = malloc(len + 1 + (wl ? (len / wl + 1) * sizeof token : 0));
  size_t o = 0;
  for (size_t i = 0; i < len;) {
    if (wl && i + wl <= len && memcmp(data + i, word, wl) == 0) {
      memcpy(out + o, token, sizeof token - 1);
      o += sizeof token - 1;
      i += wl;
    } else {
      out[o++] = data[i++];
    }
  }
  out[o] = '\0';
  *out_len = o;
  return out;
}

static int printable_text(const char *p, size_t n) {
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)p[i];
    if (c != '\r' && c != '\n' && (c < 0x20 || c >= 0x7f)) return 0;
  }
  return 1;
}

/* The /reqinfo answer: the head nginx got, line by line, then the body it got. */
static void print_reqinfo(const char *label, const struct trace_xfer *x) {
  const char *b = x->body ? x->body : "";
  const char *end = strstr(b, "\r\n\r\n");
  if (!end) {
    trace_line("%s: no request head in the answer (%zu bytes)", label, x->body_len);
    return;
  }
  char boundary[128];
  find_boundary(b, (size_t)(end - b), boundary, sizeof boundary);
  if (boundary[0]) trace_line("%s: multipart boundary of %zu bytes", label, strlen(boundary));
  size_t len;
  char *text = replace_word(b, x->body_len, boundary, &len);
  end = strstr(text, "\r\n\r\n");
  for (const char *p = text; p < end;) {
    size_t n = strcspn(p, "\r\n");
    trace_line("%s: nginx got %.*s", label, (int)n, p);
    p += n;
    if (*p == '\r') p++;
    if (*p == '\n') p++;
  }
  const char *body = end + 4;
  size_t body_len = len - (size_t)(body - text);
  trace_line("%s: nginx got body bytes=%zu fnv=%08x", label, body_len, (unsigned)fnv1a(body, body_len));
  if (body_len && body_len <= TEXT_LIMIT && printable_text(body, body_len)) {
    struct trace_xfer shown;
    trace_xfer_init(&shown, 0);
    shown.body = (char *)body;
    shown.body_len = body_len;
    trace_xfer_print_body_text(label, &shown);
  }
  if (sent_data)
    trace_line("%s: that is the body sent (%zu bytes): %s", label, sent_len,
               body_len == sent_len && memcmp(body, sent_data, sent_len) == 0 ? "yes" : "no");
  free(text);
}

/* Performs, prints the outcome, the answer and what nginx got (the /reqinfo echo). */
static void perform_print(const char *label, CURL *h, struct trace_xfer *x, const char *errbuf, int reqinfo) {
  CURLcode rc = curl_easy_perform(h);
  trace_code(label, rc);
  /* ERRORBUFFER's wording is xfer's own (docs/DIFFERENCES.md): only whether it is set. */
  if (rc != CURLE_OK) trace_line("%s: errorbuffer %s", label, errbuf[0] ? "non-empty" : "empty");
  mx_print_headers(label, x);
  print_info(label, h);
  if (reqinfo) print_reqinfo(label, x);
  else trace_xfer_print_body_text(label, x);
  trace_xfer_free(x);
  trace_xfer_init(x, 1);
  x->keep_body = 1;
}

/* One fresh handle, one transfer of PATH: SETUP adds options, the case's fields are set. */
static void once(const char *title, enum mx_scheme scheme, const char *path, void (*setup)(CURL *h)) {
  mx_case(title);
  struct trace_xfer x;
  char errbuf[CURL_ERROR_SIZE];
  CURL *h = origin_handle(&x, scheme, path, errbuf);
  sent_data = NULL;
  sent_len = 0;
  case_headers = NULL;
  case_mime = NULL;
  if (setup) setup(h);
  if (case_headers) curl_easy_setopt(h, CURLOPT_HTTPHEADER, case_headers);
  perform_print("req", h, &x, errbuf, strcmp(path, "/reqinfo") == 0 || strncmp(path, "/reqinfo?", 9) == 0);
  curl_easy_cleanup(h);
  curl_slist_free_all(case_headers);
  curl_mime_free(case_mime);
  case_headers = NULL;
  case_mime = NULL;
  trace_xfer_free(&x);
}

static void add_fields(const char *const *lines) {
  for (; *lines; lines++) case_headers = curl_slist_append(case_headers, *lines);
}

/* ---- 1. request translation ---- */

static void set_custom_host(CURL *h) {
  (void)h;
  static const char *const f[] = {"Host: example.com", NULL};
  add_fields(f);
}

static void set_custom_host_port(CURL *h) {
  (void)h;
  static const char *const f[] = {"Host: example.com:8080", NULL};
  add_fields(f);
}

static void set_connection_fields(CURL *h) {
  (void)h;
  static const char *const f[] = {"Connection: keep-alive", "Keep-Alive: timeout=5, max=100",
                                  "Transfer-Encoding: gzip", "Upgrade: websocket",
                                  "Proxy-Connection: keep-alive", "X-Custom: kept", NULL};
  add_fields(f);
}

static void set_te_trailers(CURL *h) {
  (void)h;
  static const char *const f[] = {"TE: trailers", NULL};
  add_fields(f);
}

static void set_te_gzip(CURL *h) {
  (void)h;
  static const char *const f[] = {"TE: gzip", NULL};
  add_fields(f);
}

static void set_te_list(CURL *h) {
  (void)h;
  static const char *const f[] = {"TE: gzip, Trailers", NULL};
  add_fields(f);
}

static void set_te_q(CURL *h) {
  (void)h;
  static const char *const f[] = {"TE: trailers;q=1", NULL};
  add_fields(f);
}

static void set_app_expect(CURL *h) {
  static const char body[] = "expect=set-by-the-application";
  static const char *const f[] = {"Expect: 100-continue", NULL};
  add_fields(f);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
  sent_data = body;
  sent_len = sizeof body - 1;
}

static char *huge_body;

static void set_huge_post(CURL *h) {
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, huge_body);
  curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)HUGE_SIZE);
  sent_data = huge_body;
  sent_len = HUGE_SIZE;
}

static void set_odd_fields(CURL *h) {
  (void)h;
  static const char *const f[] = {"X-Empty;", "Accept:", "X-Dup: one", "X-Dup: two",
                                  "X-Blanks:   inner  blanks", NULL};
  add_fields(f);
}

static void set_agent_referer(CURL *h) {
  curl_easy_setopt(h, CURLOPT_USERAGENT, "xfer-scenario/241");
  curl_easy_setopt(h, CURLOPT_REFERER, "https://example.com/from?x=1");
}

static void set_cookie(CURL *h) { curl_easy_setopt(h, CURLOPT_COOKIE, "a=1; b=two; c=3"); }

static void set_patch(CURL *h) {
  static const char body[] = "{\"op\":\"patch\"}";
  curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, "PATCH");
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
  static const char *const f[] = {"Content-Type: application/json", NULL};
  add_fields(f);
  sent_data = body;
  sent_len = sizeof body - 1;
}

static void set_delete(CURL *h) { curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, "DELETE"); }

/* ---- 2. uploads ---- */

static const char small_post[] = "name=xfer&value=1+2";
static const char small_put[] = "a small body, sent by the read callback\n";
static char *big_body;
/* The size the next upload case uses: 0 small, 1 big. */
static int upload_big;

static void use_source(const char *small) {
  case_source.data = upload_big ? big_body : small;
  case_source.len = upload_big ? BIG_SIZE : strlen(small);
  case_source.pos = 0;
  sent_data = case_source.data;
  sent_len = case_source.len;
}

static void set_postfields(CURL *h) {
  use_source(small_post);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, case_source.data);
  curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)case_source.len);
}

static void set_read_callback(CURL *h) {
  curl_easy_setopt(h, CURLOPT_READFUNCTION, source_read);
  curl_easy_setopt(h, CURLOPT_READDATA, &case_source);
}

static void set_put_sized(CURL *h) {
  use_source(small_put);
  curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
  set_read_callback(h);
  curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)case_source.len);
}

static void set_put_unsized(CURL *h) {
  use_source(small_put);
  curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
  set_read_callback(h);
}

static void set_post_unsized(CURL *h) {
  use_source(small_put);
  curl_easy_setopt(h, CURLOPT_POST, 1L);
  set_read_callback(h);
}

/* The application's Transfer-Encoding: chunked: libcurl takes it as "no length" (no
   content-length goes out even with INFILESIZE set) and leaves the line out of its HTTP/2
   request; the body goes as plain DATA, never chunk-framed. */
static void set_put_sized_chunked(CURL *h) {
  static const char *const f[] = {"Transfer-Encoding: chunked", NULL};
  add_fields(f);
  set_put_sized(h);
}

static void set_post_unsized_chunked(CURL *h) {
  static const char *const f[] = {"Transfer-Encoding: chunked", NULL};
  add_fields(f);
  set_post_unsized(h);
}

static void mime_post(CURL *h, int sized) {
  use_source(small_put);
  sent_data = NULL;
  case_mime = curl_mime_init(h);
  curl_mimepart *part = curl_mime_addpart(case_mime);
  curl_mime_name(part, "field");
  curl_mime_data(part, "a text field", CURL_ZERO_TERMINATED);
  part = curl_mime_addpart(case_mime);
  curl_mime_name(part, "file");
  curl_mime_filename(part, "data.bin");
  curl_mime_type(part, "application/octet-stream");
  curl_mime_data_cb(part, sized ? (curl_off_t)case_source.len : -1, source_read, source_seek, NULL,
                    &case_source);
  curl_easy_setopt(h, CURLOPT_MIMEPOST, case_mime);
  trace_line("mime part from the callback: %zu bytes fnv=%08x", case_source.len,
             (unsigned)fnv1a(case_source.data, case_source.len));
}

static void set_mime_sized(CURL *h) { mime_post(h, 1); }

static void set_mime_unsized(CURL *h) { mime_post(h, 0); }

/* Over h2c libcurl 7.88 often stalls about a second in an upload that outgrows the window
   (its result is right, only late): of the 300 KiB uploads h2c runs the two marked, so a run
   stays well inside run_scenario.py's 10 seconds even on a busy machine. */
static void uploads(enum mx_scheme scheme) {
  static const struct {
    const char *name;
    void (*setup)(CURL *h);
    int big_on_h2c;
  } kinds[] = {
      {"POSTFIELDS", set_postfields, 1},
      {"PUT, read callback, INFILESIZE_LARGE", set_put_sized, 0},
      {"PUT, read callback, no size", set_put_unsized, 1},
      {"POST, read callback, no size", set_post_unsized, 0},
      {"PUT, INFILESIZE_LARGE, the application's Transfer-Encoding: chunked", set_put_sized_chunked, 0},
      {"POST, no size, the application's Transfer-Encoding: chunked", set_post_unsized_chunked, 0},
      {"mime post, callback part of known size", set_mime_sized, 0},
      {"mime post, callback part of unknown size", set_mime_unsized, 0},
  };
  for (int big = 0; big <= 1; big++) {
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
      if (big && scheme == MX_H2C && !kinds[i].big_on_h2c) continue;
      char title[160];
      snprintf(title, sizeof title, "%s: upload, %s, %s", scheme == MX_TLS ? "TLS" : "h2c",
               kinds[i].name, big ? "300 KiB" : "small");
      upload_big = big;
      once(title, scheme, "/reqinfo", kinds[i].setup);
    }
  }
}

/* ---- 3. a stream reset by the server ---- */

static void reset_then_reuse(void) {
  mx_case("TLS: GET, a stream reset by nginx (return 444), GET on the same handle");
  struct trace_xfer x;
  char errbuf[CURL_ERROR_SIZE];
  CURL *h = origin_handle(&x, MX_TLS, "/hello.txt", errbuf);
  perform_print("before", h, &x, errbuf, 0);
  curl_easy_setopt(h, CURLOPT_URL, origin_url(MX_TLS, "/reset"));
  errbuf[0] = '\0';
  perform_print("reset", h, &x, errbuf, 0);
  curl_easy_setopt(h, CURLOPT_URL, origin_url(MX_TLS, "/hello.txt"));
  errbuf[0] = '\0';
  perform_print("after", h, &x, errbuf, 0);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
}

static void set_http11(CURL *h) { curl_easy_setopt(h, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1); }

/* ---- 4. HTTP_VERSION values on https:// ---- */

static void versions(void) {
  static const struct {
    const char *name;
    long value;
  } v[] = {
      {"NONE", CURL_HTTP_VERSION_NONE},
      {"1_0", CURL_HTTP_VERSION_1_0},
      {"1_1", CURL_HTTP_VERSION_1_1},
      {"2_0", CURL_HTTP_VERSION_2_0},
      {"2TLS", CURL_HTTP_VERSION_2TLS},
      {"2_PRIOR_KNOWLEDGE", CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE},
  };
  for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
    char title[96];
    snprintf(title, sizeof title, "TLS: HTTP_VERSION %s", v[i].name);
    mx_case(title);
    struct trace_xfer x;
    char errbuf[CURL_ERROR_SIZE];
    CURL *h = origin_handle(&x, MX_TLS, "/reqinfo", errbuf);
    CURLcode src = curl_easy_setopt(h, CURLOPT_HTTP_VERSION, v[i].value);
    trace_line("setopt HTTP_VERSION %s: %d", v[i].name, (int)src);
    sent_data = NULL;
    perform_print("version", h, &x, errbuf, 1);
    curl_easy_cleanup(h);
    trace_xfer_free(&x);
  }
}

int main(int argc, char **argv) {
  tls_begin(argc, argv);
  tls_port = trace_origin_port("NGINX_TLS");
  h2c_port = trace_origin_port("NGINX_H2C");
  big_body = make_body(BIG_SIZE, 1);
  huge_body = make_body(HUGE_SIZE, 2);
  trace_line("big body: %d bytes fnv=%08x", BIG_SIZE, (unsigned)fnv1a(big_body, BIG_SIZE));
  trace_line("huge body: %d bytes fnv=%08x", HUGE_SIZE, (unsigned)fnv1a(huge_body, HUGE_SIZE));

  once("TLS: GET with the defaults", MX_TLS, "/reqinfo?a=1&b=two%20words", NULL);
  once("h2c: GET with the defaults", MX_H2C, "/reqinfo?a=1&b=two%20words", NULL);
  once("TLS: a custom Host field", MX_TLS, "/reqinfo", set_custom_host);
  once("h2c: a custom Host field with a port", MX_H2C, "/reqinfo", set_custom_host_port);
  once("TLS: connection-specific fields set by the application", MX_TLS, "/reqinfo",
       set_connection_fields);
  once("h2c: connection-specific fields set by the application", MX_H2C, "/reqinfo",
       set_connection_fields);
  once("TLS: TE: trailers", MX_TLS, "/reqinfo", set_te_trailers);
  once("TLS: TE: gzip", MX_TLS, "/reqinfo", set_te_gzip);
  once("TLS: TE: gzip, Trailers", MX_TLS, "/reqinfo", set_te_list);
  once("TLS: TE: trailers;q=1", MX_TLS, "/reqinfo", set_te_q);
  once("TLS: Expect: 100-continue set by the application, small POST", MX_TLS, "/reqinfo",
       set_app_expect);
  once("TLS: POST of 1 MiB + 4 KiB", MX_TLS, "/reqinfo", set_huge_post);
  once("TLS: an empty field, a removed one, a repeated one, blanks in a value", MX_TLS, "/reqinfo",
       set_odd_fields);
  once("TLS: USERAGENT and REFERER", MX_TLS, "/reqinfo", set_agent_referer);
  once("TLS: COOKIE", MX_TLS, "/reqinfo", set_cookie);
  once("TLS: CUSTOMREQUEST PATCH with a body", MX_TLS, "/reqinfo", set_patch);
  once("h2c: CUSTOMREQUEST PATCH with a body", MX_H2C, "/reqinfo", set_patch);
  once("TLS: CUSTOMREQUEST DELETE", MX_TLS, "/reqinfo", set_delete);

  uploads(MX_TLS);
  uploads(MX_H2C);

  reset_then_reuse();
  once("h2c: a stream reset by nginx (return 444)", MX_H2C, "/reset", NULL);
  once("TLS: HTTP_VERSION 1_1, nginx closes without an answer (return 444)", MX_TLS, "/reset",
       set_http11);

  versions();

  free(big_body);
  free(huge_body);
  curl_global_cleanup();
  return 0;
}
