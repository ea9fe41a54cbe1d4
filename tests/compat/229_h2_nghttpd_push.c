/* Scenario: HTTP/2 server push from a real server, nghttp2's nghttpd (tests/support/origins.py),
   over TLS with the test CA: a GET of /page.html makes it promise /style.css and /script.js
   (in that order) and answer all three at once. The push callback and the wave's printout
   are scenario 224's (h2_push.h); nghttpd sends no X-Conn, so NUM_CONNECTS tells the
   connections apart. libcurl 7.88 takes a push only when the promise's :authority carries no
   port (224's header comment): the page is asked for as https://localhost/ (port 443) and
   CONNECT_TO sends it to nghttpd, whose promises repeat the request's :authority. Each case
   runs on a multi handle of its own and ends with a GET of /script.js on the same multi,
   which reuses the connection. Cases: the callback denies both pushes (CURL_PUSH_DENY), and
   no PUSHFUNCTION (the client does not let the server push). The callback accepting both
   (their answers complete as transfers #101 and #102, in promise order) is scenario 230's
   case, judged by an expected trace: 7.88 crashes on it. */
// origin: nghttpd
#include "h2_push.h"

static struct curl_slist *connect_to;

/* A transfer of PATH to https://localhost/ (port 443), connected to nghttpd by CONNECT_TO. */
static CURL *origin_new(struct mx_wave *w, int id, const char *path) {
  CURL *h = mx_new(w, id, path, 1L);
  char url[512];
  snprintf(url, sizeof url, "https://localhost%s", path);
  curl_easy_setopt(h, CURLOPT_URL, url);
  curl_easy_setopt(h, CURLOPT_CONNECT_TO, connect_to);
  w->t[w->n - 1].x.keep_body = 1;
  return h;
}

/* A GET after the case's wave, on the same multi handle: NUM_CONNECTS 0 when the pushes left
   the connection usable. */
static void get_after(struct mx_wave *w, const char *label) {
  mx_wave_cleanup(w);
  origin_new(w, 9, "/script.js");
  mx_add_all(w);
  char what[64];
  snprintf(what, sizeof what, "%s after", label);
  trace_line("%s: finished: %d", what, mx_run(w));
  mx_print(w, what);
  trace_xfer_print_body_text(what, &w->t[0].x);
}

static void push_case(const char *title, const char *label, enum push_way way) {
  mx_case(title);
  CURLM *m = curl_multi_init();
  struct mx_wave w;
  mx_wave_init(&w, m, MX_TLS);
  struct push_case pc = {&w, way, 0};
  if (way != PUSH_NONE) {
    trace_mcode("setopt PUSHFUNCTION", curl_multi_setopt(m, CURLMOPT_PUSHFUNCTION, on_push));
    trace_mcode("setopt PUSHDATA", curl_multi_setopt(m, CURLMOPT_PUSHDATA, &pc));
  }
  origin_new(&w, 1, "/page.html");
  mx_add_all(&w);
  trace_line("%s: all done: %d", label, mx_run_until(&w, all_done));
  trace_line("%s: push callback calls %d", label, pc.calls);
  print_wave(&w, label);
  get_after(&w, label);
  mx_wave_cleanup(&w);
  curl_multi_cleanup(m);
}

int main(int argc, char **argv) {
  tls_begin(argc, argv);
  mx_origin_port = trace_origin_port("NGHTTPD");
  char route[64];
  snprintf(route, sizeof route, "localhost:443:localhost:%d", mx_origin_port);
  connect_to = curl_slist_append(NULL, route);
#ifndef PUSH_ACCEPT_ONLY
  push_case("PUSHFUNCTION denies both pushes", "deny", PUSH_DENY);
  push_case("no PUSHFUNCTION", "no callback", PUSH_NONE);
#else
  /* 230: judged by its expected trace (7.88 crashes on these pushes, DIFFERENCES.md). */
  push_case("PUSHFUNCTION accepts both pushes", "accept", PUSH_ACCEPT);
#endif
  curl_slist_free_all(connect_to);
  curl_global_cleanup();
  return 0;
}
