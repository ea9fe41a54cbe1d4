/* Scenario: GOAWAY from a real server: nginx (tests/support/origins.py) on its
   NGINX_TLS_GOAWAY listener, whose keepalive_requests 3 makes it send GOAWAY after the third
   request on a connection and close the connection once its streams are done. Transfers use
   PIPEWAIT over TLS (ALPN h2, https://localhost with the test CA); each one's result, status,
   body, NUM_CONNECTS and connection letter (nginx's X-Conn, as 228 shows it) are printed,
   then the number of connections nginx accepted in the case (stub_status, asked over a
   connection of its own, which is not counted).
   Waves: 3 GETs at once (one connection, exactly used up), 5 GETs at once (the two past
   the limit are retried on new connections: one or two, by timing, see wave_past_limit),
   then 5 GETs one after the other on one handle (the connection is replaced after the
   third). */
// origin: nginx-h2
#include "h2_multi.h"

static long status_mark;

/* How many connections nginx accepted since the last call, the status request's own left out. */
static void print_accepts(const char *label) {
  long now = mx_nginx_accepts(mx_origin_port);
  trace_line("%s: nginx accepted %ld connections", label, now - status_mark - 1);
  status_mark = now;
}

static const char *wave_path(int i) {
  static const char *const paths[] = {"/hello.txt", "/index.html", "/big.bin"};
  return paths[i % 3];
}

/* N PIPEWAIT GETs added at once to one multi handle. */
static void wave_at_once(const char *title, const char *label, int n) {
  mx_case(title);
  CURLM *m = curl_multi_init();
  struct mx_wave w;
  mx_wave_init(&w, m, MX_TLS);
  for (int i = 1; i <= n; i++) mx_new(&w, i, wave_path(i), 1L);
  mx_add_all(&w);
  trace_line("%s: all finished: %d", label, mx_run(&w));
  mx_print(&w, label);
  mx_wave_cleanup(&w);
  curl_multi_cleanup(m);
  print_accepts(label);
}

/* N (more than 3) PIPEWAIT GETs at once: the first three fill the first connection; nginx
   refuses the others, which 7.88 retries either together on one new connection or each on
   a new one of its own, depending on timing. So for those only their outcome is printed,
   whether they left the first connection, and whether nginx's count of accepted connections
   equals the NUM_CONNECTS sum. */
static void wave_past_limit(const char *title, const char *label, int n) {
  mx_case(title);
  CURLM *m = curl_multi_init();
  struct mx_wave w;
  mx_wave_init(&w, m, MX_TLS);
  for (int i = 1; i <= n; i++) mx_new(&w, i, wave_path(i), 1L);
  mx_add_all(&w);
  trace_line("%s: all finished: %d", label, mx_run(&w));
  long connects = 0;
  long first_conn = 0;
  for (int i = 0; i < w.n; i++) {
    struct mx_xfer *t = &w.t[i];
    char what[64];
    snprintf(what, sizeof what, "%s #%d", label, t->id);
    if (t->done) trace_code(what, t->result);
    else trace_line("%s: did not finish", what);
    long version = -1, code = -1, nc = 0;
    curl_easy_getinfo(t->h, CURLINFO_HTTP_VERSION, &version);
    curl_easy_getinfo(t->h, CURLINFO_RESPONSE_CODE, &code);
    curl_easy_getinfo(t->h, CURLINFO_NUM_CONNECTS, &nc);
    if (nc > 0) connects += nc;
    long conn = mx_server_conn(t);
    if (i == 0) first_conn = conn;
    trace_line("%s: HTTP_VERSION=%ld RESPONSE_CODE=%ld on the first connection: %s", what, version,
               code, conn == first_conn ? "yes" : "no");
    trace_line("%s: body bytes=%zu fnv=%08x", what, t->x.body_bytes, (unsigned)t->x.body_fnv);
  }
  mx_wave_cleanup(&w);
  curl_multi_cleanup(m);
  long now = mx_nginx_accepts(mx_origin_port);
  long accepted = now - status_mark - 1;
  status_mark = now;
  trace_line("%s: NUM_CONNECTS sum between 2 and %d: %s", label, n - 2,
             connects >= 2 && connects <= n - 2 ? "yes" : "no");
  trace_line("%s: nginx accepted as many connections as the NUM_CONNECTS sum: %s", label,
             accepted == connects ? "yes" : "no");
}

/* N GETs one after the other on one easy handle (its own connection cache). */
static void sequential(const char *title, const char *label, int n) {
  mx_case(title);
  CURLM *m = curl_multi_init();
  struct mx_wave w;
  mx_wave_init(&w, m, MX_TLS);
  CURL *h = mx_new(&w, 1, "/hello.txt", 1L);
  curl_multi_cleanup(m);
  long connects = 0;
  for (int i = 1; i <= n; i++) {
    char what[64];
    snprintf(what, sizeof what, "%s #%d", label, i);
    curl_easy_setopt(h, CURLOPT_URL, mx_url(MX_TLS, wave_path(i)));
    trace_code(what, curl_easy_perform(h));
    long version = -1, code = -1, nc = -1;
    curl_easy_getinfo(h, CURLINFO_HTTP_VERSION, &version);
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
    curl_easy_getinfo(h, CURLINFO_NUM_CONNECTS, &nc);
    if (nc > 0) connects += nc;
    trace_line("%s: HTTP_VERSION=%ld RESPONSE_CODE=%ld NUM_CONNECTS=%ld conn=%c", what, version,
               code, nc, mx_conn_letter(mx_server_conn(&w.t[0])));
    trace_line("%s: body bytes=%zu fnv=%08x", what, w.t[0].x.body_bytes, (unsigned)w.t[0].x.body_fnv);
    trace_xfer_free(&w.t[0].x);
    trace_xfer_init(&w.t[0].x, 1);
  }
  trace_line("%s: connections seen %d, NUM_CONNECTS sum %ld", label, mx_conn_count, connects);
  mx_wave_cleanup(&w);
  print_accepts(label);
}

int main(int argc, char **argv) {
  tls_begin(argc, argv);
  mx_origin_port = trace_origin_port("NGINX_TLS_GOAWAY");
  status_mark = mx_nginx_accepts(mx_origin_port);
  wave_at_once("3 GETs at once with PIPEWAIT (keepalive_requests 3)", "three", 3);
  wave_past_limit("5 GETs at once with PIPEWAIT", "five", 5);
  sequential("5 GETs one after the other on one handle", "seq", 5);
  curl_global_cleanup();
  return 0;
}
