/* Scenario: the RFC 7540 priority libcurl gives its HTTP/2 streams (TLS, ALPN h2):
   CURLOPT_STREAM_WEIGHT, CURLOPT_STREAM_DEPENDS and CURLOPT_STREAM_DEPENDS_E. Every request
   asks h2prio=1, so the server answers with x-h2-priority ("DEP WEIGHT EXCL" as the stream's
   HEADERS, or a later PRIORITY frame, set it), x-h2-priority-frames (PRIORITY frames seen for
   the stream) and x-h2-stream (its id). A dependency is printed against the stream it should
   name: "0", "#N's stream", or "other". Each setopt's return code is printed. Cases, all on
   one multi handle (one connection, a):
   - one wave of seven: no option (the RFC's defaults, "0 16 0"), weights 1, 256 and 42, and
     the out-of-range weights 0, 257 and -1 (taken with CURLE_OK and ignored: weight 16);
   - #1 (answered after 300 ms) added first, then #2 with STREAM_DEPENDS on #1 and #3 with
     STREAM_DEPENDS on #1 then NULL (the dependency removed): #2 names #1's stream, #3 none;
   - #1 and #2 with STREAM_DEPENDS_E on #1: #2 names #1's stream, exclusive. (A third
     handle made an exclusive child of #1 too would take #2 as its own child in 7.88, and #2
     would then name that handle's stream, 0 while it has none yet: left out.)
   - a weight on an HTTP/1.1 transfer: setopt says CURLE_OK, and no h2 frame carries it. */
// server: --tls server --h2
#include "h2_multi.h"

static long mark;

static void setopt_long(CURL *h, CURLoption opt, const char *name, long value) {
  char what[64];
  snprintf(what, sizeof what, "setopt %s %ld", name, value);
  trace_code(what, curl_easy_setopt(h, opt, value));
}

static void setopt_handle(CURL *h, CURLoption opt, const char *name, CURL *dep, const char *dep_name) {
  char what[64];
  snprintf(what, sizeof what, "setopt %s %s", name, dep_name);
  trace_code(what, curl_easy_setopt(h, opt, dep));
}

/* The x-h2-priority of transfer T, its dependency named against the wave's transfers. */
static void print_priority(struct mx_wave *w, const char *label, const struct mx_xfer *t) {
  const char *prio = mx_header_text(&t->x, "x-h2-priority");
  long dep = -1, weight = -1, excl = -1;
  if (sscanf(prio, "%ld %ld %ld", &dep, &weight, &excl) != 3) {
    trace_line("%s #%d: x-h2-priority %s", label, t->id, prio);
    return;
  }
  char dep_text[32] = "other";
  if (dep == 0) snprintf(dep_text, sizeof dep_text, "0");
  for (int i = 0; i < w->n && dep > 0; i++)
    if (mx_header_number(&w->t[i].x, "x-h2-stream") == dep)
      snprintf(dep_text, sizeof dep_text, "#%d's stream", w->t[i].id);
  trace_line("%s #%d: x-h2-priority depends on %s, weight %ld, exclusive %ld; x-h2-priority-frames %s",
             label, t->id, dep_text, weight, excl, mx_header_text(&t->x, "x-h2-priority-frames"));
}

static void run_and_print(struct mx_wave *w, const char *label) {
  mx_add_all(w);
  trace_line("%s: all finished: %d", label, mx_run(w));
  mx_print(w, label);
  for (int i = 0; i < w->n; i++) print_priority(w, label, &w->t[i]);
  mx_wave_cleanup(w);
}

static void case_weights(struct mx_wave *w) {
  static const long weights[] = {1, 256, 42, 0, 257, -1};
  mx_case("weights: none, 1, 256, 42, then 0, 257 and -1");
  mx_new(w, 1, "/w?h2prio=1", 1L);
  for (int i = 0; i < 6; i++) {
    CURL *h = mx_new(w, i + 2, "/w?h2prio=1", 1L);
    setopt_long(h, CURLOPT_STREAM_WEIGHT, "STREAM_WEIGHT", weights[i]);
  }
  run_and_print(w, "weights");
}

/* #1 slow and added first, #2 depending on it; with_null: #3 depending on it and then on
   nothing. */
static void case_depends(struct mx_wave *w, CURLoption opt, const char *name, const char *label,
                         int with_null) {
  char title[96];
  snprintf(title, sizeof title, "%s: #2 on #1%s", name, with_null ? ", #3 on #1 then NULL" : "");
  mx_case(title);
  CURL *a = mx_new(w, 1, "/d?h2prio=1&delay=300", 1L);
  CURL *b = mx_new(w, 2, "/d?h2prio=1", 1L);
  setopt_handle(b, opt, name, a, "#1");
  if (with_null) {
    CURL *c = mx_new(w, 3, "/d?h2prio=1", 1L);
    setopt_handle(c, opt, name, a, "#1");
    setopt_handle(c, opt, name, NULL, "NULL");
  }
  run_and_print(w, label);
}

static void case_http11(struct mx_wave *w) {
  mx_case("STREAM_WEIGHT 42 on HTTP/1.1");
  CURL *h = mx_new(w, 1, "/h1?h2prio=1", 1L);
  curl_easy_setopt(h, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1);
  setopt_long(h, CURLOPT_STREAM_WEIGHT, "STREAM_WEIGHT", 42);
  run_and_print(w, "http/1.1");
}

int main(int argc, char **argv) {
  tls_begin(argc, argv);
  mark = mx_server_connections(MX_TLS);
  CURLM *m = curl_multi_init();
  struct mx_wave w;
  mx_wave_init(&w, m, MX_TLS);
  case_weights(&w);
  case_depends(&w, CURLOPT_STREAM_DEPENDS, "STREAM_DEPENDS", "depends", 1);
  case_depends(&w, CURLOPT_STREAM_DEPENDS_E, "STREAM_DEPENDS_E", "depends_e", 0);
  case_http11(&w);
  curl_multi_cleanup(m);
  mx_print_server_connections("priority", MX_TLS, &mark);
  curl_global_cleanup();
  return 0;
}
