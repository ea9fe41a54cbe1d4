/* Helpers for the HTTP/2 scenarios (219-222, and those against real origins): a wave of
   transfers on one multi handle, over TLS (ALPN h2, https://localhost) or cleartext prior
   knowledge (h2c, http://127.0.0.1). Every request asks the server for conn=1, whose x-conn
   header names the server's connection; the trace shows connections as letters a, b, c... in
   the order the transfers (by id) first used them, never the server's numbers. Each wave
   records the order of its CURLMSG_DONE messages, but prints only what the scenario makes
   deterministic. Also: header lines with Date left out and X-Conn as a letter, and nginx's
   accepted-connection count. */
#ifndef XFER_TESTS_COMPAT_H2_MULTI_H
#define XFER_TESTS_COMPAT_H2_MULTI_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "tls_scenario.h"

#define MX_MAX 12

enum mx_scheme { MX_TLS, MX_H2C };

struct mx_xfer {
  int id;
  CURL *h;
  struct trace_xfer x;
  int added;
  int removed;
  int done;         /* 0: not finished; k: the k-th CURLMSG_DONE of its wave */
  CURLcode result;
  int header_out;   /* the debug callback saw the request head go out */
};

struct mx_wave {
  CURLM *m;
  enum mx_scheme scheme;
  int n;
  int done_count;
  struct mx_xfer t[MX_MAX];
};

/* Set by a case in which which transfer opened a connection is racy: mx_print then shows
   NUM_CONNECTS only as the wave's sum. */
static int mx_hide_num_connects;

/* Server connection numbers seen in the current case, in letter order. */
static long mx_conn_seen[26];
static int mx_conn_count;

static inline void mx_case(const char *title) {
  mx_conn_count = 0;
  mx_hide_num_connects = 0;
  trace_line("== %s", title);
}

static inline char mx_conn_letter(long server_conn) {
  if (server_conn <= 0) return '-';
  for (int i = 0; i < mx_conn_count; i++)
    if (mx_conn_seen[i] == server_conn) return (char)('a' + i);
  if (mx_conn_count == 26) return '?';
  mx_conn_seen[mx_conn_count] = server_conn;
  return (char)('a' + mx_conn_count++);
}

/* The header lines as the application got them, but Date (it changes every second); a
   server's X-Conn (nginx's connection serial) is shown as a connection letter. */
static inline void mx_print_headers(const char *label, const struct trace_xfer *x) {
  const char *p = x->headers ? x->headers : "";
  while (*p) {
    size_t n = strcspn(p, "\n");
    if (strncasecmp(p, "x-conn:", 7) == 0)
      trace_line("%s: header %.7s <conn %c>", label, p, mx_conn_letter(strtol(p + 7, NULL, 10)));
    else if (strncasecmp(p, "date:", 5) != 0)
      trace_line("%s: header %.*s", label, (int)n, p);
    p += n + (p[n] == '\n');
  }
}

/* Connections nginx has accepted since it started, from its stub_status at /__status on
   `port` (the origin's NGINX_TLS_GOAWAY listener), asked over an HTTP/1.1 connection of its
   own, which the count includes; -1 when it cannot be read. */
static inline long mx_nginx_accepts(int port) {
  struct trace_xfer x;
  trace_xfer_init(&x, 99);
  x.keep_body = 1;
  CURL *h = curl_easy_init();
  trace_xfer_attach(h, &x);
  char url[128];
  snprintf(url, sizeof url, "https://localhost:%d/__status", port);
  curl_easy_setopt(h, CURLOPT_URL, url);
  curl_easy_setopt(h, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1);
  curl_easy_setopt(h, CURLOPT_FORBID_REUSE, 1L);
  tls_trust_test_ca(h);
  CURLcode rc = curl_easy_perform(h);
  long n = -1;
  const char *at = x.body ? strstr(x.body, "requests\n") : NULL;
  if (rc == CURLE_OK && at) n = strtol(at + strlen("requests\n"), NULL, 10);
  else trace_code("status", rc);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
  return n;
}

/* Where the value of header NAME starts in the recorded header lines (the first such line,
   name matched case-insensitively, leading blanks skipped), NULL when absent. The value ends
   at the backslash of the line's escaped CR, or at its LF. */
static inline const char *mx_header_find(const struct trace_xfer *x, const char *name) {
  if (!x->headers) return NULL;
  size_t n = strlen(name);
  for (const char *p = x->headers; *p;) {
    if (strncasecmp(p, name, n) == 0 && p[n] == ':') return p + n + 1 + strspn(p + n + 1, " ");
    const char *nl = strchr(p, '\n');
    if (!nl) break;
    p = nl + 1;
  }
  return NULL;
}

/* The x-conn (or X-Conn) value from the recorded header lines, 0 when absent. */
static inline long mx_header_number(const struct trace_xfer *x, const char *name) {
  const char *v = mx_header_find(x, name);
  return v ? strtol(v, NULL, 10) : 0;
}

/* The value of header NAME as text in one of a few rotating static buffers, "(absent)" when
   the header is missing. */
static inline const char *mx_header_text(const struct trace_xfer *x, const char *name) {
  static char ring[4][128];
  static int next;
  const char *v = mx_header_find(x, name);
  if (!v) return "(absent)";
  char *out = ring[next];
  next = (next + 1) % 4;
  size_t n = strcspn(v, "\\\n");
  if (n >= sizeof ring[0]) n = sizeof ring[0] - 1;
  memcpy(out, v, n);
  out[n] = '\0';
  return out;
}

/* The port the wave's URLs name: the test server's, unless a scenario against a real origin
   server (tests/support/origins.py) sets another for its next waves. */
static int mx_origin_port;

static inline int mx_port(void) { return mx_origin_port ? mx_origin_port : trace_port(); }

/* The URL of PATH on HOST, conn=1 added to its query. */
static inline const char *mx_url_on(enum mx_scheme scheme, const char *host, const char *path) {
  static char ring[4][512];
  static int next;
  char *out = ring[next];
  next = (next + 1) % 4;
  const char *sep = strchr(path, '?') ? "&" : "?";
  snprintf(out, sizeof ring[0], "%s://%s:%d%s%sconn=1", scheme == MX_TLS ? "https" : "http", host,
           mx_port(), path, sep);
  return out;
}

/* https://localhost (the name the test certificate is issued to) or http://127.0.0.1. */
static inline const char *mx_url(enum mx_scheme scheme, const char *path) {
  return mx_url_on(scheme, scheme == MX_TLS ? "localhost" : "127.0.0.1", path);
}

static inline int mx_debug(CURL *h, curl_infotype type, char *data, size_t size, void *userdata) {
  (void)h;
  (void)data;
  (void)size;
  struct mx_xfer *t = userdata;
  if (type == CURLINFO_HEADER_OUT) t->header_out = 1;
  return 0;
}

static inline void mx_wave_init(struct mx_wave *w, CURLM *m, enum mx_scheme scheme) {
  memset(w, 0, sizeof *w);
  w->m = m;
  w->scheme = scheme;
}

/* A new handle for PATH, HTTP/2 by ALPN or by prior knowledge, not yet added. */
static inline CURL *mx_new(struct mx_wave *w, int id, const char *path, long pipewait) {
  if (w->n == MX_MAX) abort();
  struct mx_xfer *t = &w->t[w->n++];
  memset(t, 0, sizeof *t);
  t->id = id;
  trace_xfer_init(&t->x, id);
  t->h = curl_easy_init();
  trace_xfer_attach(t->h, &t->x);
  curl_easy_setopt(t->h, CURLOPT_PRIVATE, (void *)(intptr_t)id);
  curl_easy_setopt(t->h, CURLOPT_URL, mx_url(w->scheme, path));
  curl_easy_setopt(t->h, CURLOPT_PIPEWAIT, pipewait);
  curl_easy_setopt(t->h, CURLOPT_DEBUGFUNCTION, mx_debug);
  curl_easy_setopt(t->h, CURLOPT_DEBUGDATA, t);
  curl_easy_setopt(t->h, CURLOPT_VERBOSE, 1L);
  if (w->scheme == MX_TLS) {
    tls_trust_test_ca(t->h);
    curl_easy_setopt(t->h, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
  } else {
    curl_easy_setopt(t->h, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE);
  }
  return t->h;
}

static inline struct mx_xfer *mx_find(struct mx_wave *w, CURL *h) {
  for (int i = 0; i < w->n; i++)
    if (w->t[i].h == h) return &w->t[i];
  return NULL;
}

static inline void mx_add(struct mx_wave *w, int index) {
  CURLMcode mc = curl_multi_add_handle(w->m, w->t[index].h);
  if (mc != CURLM_OK) trace_mcode("add", mc);
  w->t[index].added = 1;
}

static inline void mx_add_all(struct mx_wave *w) {
  for (int i = 0; i < w->n; i++)
    if (!w->t[i].added) mx_add(w, i);
}

static inline long mx_now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* One perform plus the messages it queued. Returns the running count. */
static inline int mx_step(struct mx_wave *w, int poll_ms) {
  int running = 0;
  CURLMcode mc = curl_multi_perform(w->m, &running);
  if (mc != CURLM_OK) trace_mcode("perform", mc);
  int left = 0;
  CURLMsg *msg;
  while ((msg = curl_multi_info_read(w->m, &left))) {
    if (msg->msg != CURLMSG_DONE) continue;
    struct mx_xfer *t = mx_find(w, msg->easy_handle);
    if (!t || t->done) continue;
    t->done = ++w->done_count;
    t->result = msg->data.result;
  }
  if (running) curl_multi_poll(w->m, NULL, 0, poll_ms, NULL);
  return running;
}

/* Runs until nothing is running or until(w) is true (bounded: 3 s and 5000 passes). Returns
   1 when the condition was met (or, without one, when everything finished). */
static inline int mx_run_until(struct mx_wave *w, int (*until)(struct mx_wave *w)) {
  long end = mx_now_ms() + 3000;
  for (int pass = 0; pass < 5000 && mx_now_ms() < end; pass++) {
    int running = mx_step(w, 20);
    if (until && until(w)) return 1;
    if (!running) return until ? 0 : 1;
  }
  return 0;
}

static inline int mx_run(struct mx_wave *w) { return mx_run_until(w, NULL); }

static inline long mx_server_conn(const struct mx_xfer *t) { return mx_header_number(&t->x, "x-conn"); }

/* Per transfer: result, HTTP version, status, body, NUM_CONNECTS and its connection's letter;
   then the number of distinct connections and the NUM_CONNECTS sum. */
static inline void mx_print(struct mx_wave *w, const char *label) {
  long connects = 0;
  int first = mx_conn_count;
  for (int i = 0; i < w->n; i++) {
    struct mx_xfer *t = &w->t[i];
    char what[96];
    snprintf(what, sizeof what, "%s #%d", label, t->id);
    if (t->removed) {
      trace_line("%s: removed before it finished", what);
    } else if (!t->done) {
      trace_line("%s: did not finish", what);
    } else {
      trace_code(what, t->result);
    }
    long version = -1, code = -1, nc = -1;
    curl_easy_getinfo(t->h, CURLINFO_HTTP_VERSION, &version);
    curl_easy_getinfo(t->h, CURLINFO_RESPONSE_CODE, &code);
    curl_easy_getinfo(t->h, CURLINFO_NUM_CONNECTS, &nc);
    if (nc > 0) connects += nc;
    if (mx_hide_num_connects)
      trace_line("%s: HTTP_VERSION=%ld RESPONSE_CODE=%ld conn=%c", what, version, code,
                 mx_conn_letter(mx_server_conn(t)));
    else
      trace_line("%s: HTTP_VERSION=%ld RESPONSE_CODE=%ld NUM_CONNECTS=%ld conn=%c", what, version,
                 code, nc, mx_conn_letter(mx_server_conn(t)));
    /* A kept body is an echo, printed by mx_print_echo_summary (its size depends on the port). */
    if (!t->x.keep_body)
      trace_line("%s: body bytes=%zu fnv=%08x", what, t->x.body_bytes, (unsigned)t->x.body_fnv);
  }
  trace_line("%s: new connections seen %d, NUM_CONNECTS sum %ld", label, mx_conn_count - first,
             connects);
}

/* An echo=1 body: its :method and content-length lines, and the request body the server got
   as a byte count and FNV-1a hash (the echoed head names the port, so it is not hashed). */
static inline void mx_print_echo_summary(const char *label, const struct trace_xfer *x) {
  const char *b = x->body ? x->body : "";
  const char *end = strstr(b, "\r\n\r\n");
  size_t skip = 4;
  if (!end) {
    end = strstr(b, "\n\n");
    skip = 2;
  }
  if (!end) {
    trace_line("%s: echo without an end of head", label);
    return;
  }
  for (const char *p = b; p < end;) {
    const char *nl = strchr(p, '\n');
    if (!nl || nl > end) nl = end;
    size_t n = (size_t)(nl - p);
    if (n && p[n - 1] == '\r') n--;
    if (strncmp(p, ":method:", 8) == 0 || strncasecmp(p, "content-length:", 15) == 0)
      trace_line("%s: server got %.*s", label, (int)n, p);
    p = nl + 1;
  }
  const char *body = end + skip;
  size_t len = x->body_len - (size_t)(body - b);
  uint32_t fnv = 2166136261u;
  for (size_t i = 0; i < len; i++) {
    fnv ^= (unsigned char)body[i];
    fnv *= 16777619u;
  }
  trace_line("%s: server got body bytes=%zu fnv=%08x", label, len, (unsigned)fnv);
}

/* Where the first two transfers of a wave (the slow ones of a limits case) finished among
   the wave's CURLMSG_DONE messages: "first" (both before every other), "last" (both after
   every other) or "mixed". Their order between themselves is not shown. */
static inline void mx_print_slow_pair(const struct mx_wave *w, const char *label) {
  int a = w->t[0].done, b = w->t[1].done, n = w->done_count;
  const char *where = "mixed";
  if ((a == 1 && b == 2) || (a == 2 && b == 1)) where = "first";
  else if ((a == n && b == n - 1) || (a == n - 1 && b == n)) where = "last";
  trace_line("%s: the slow #%d and #%d finished %s of %d", label, w->t[0].id, w->t[1].id, where, n);
}

static inline void mx_wave_cleanup(struct mx_wave *w) {
  for (int i = 0; i < w->n; i++) {
    struct mx_xfer *t = &w->t[i];
    if (t->added && !t->removed) curl_multi_remove_handle(w->m, t->h);
    curl_easy_cleanup(t->h);
    trace_xfer_free(&t->x);
  }
  w->n = 0;
  w->done_count = 0;
}

/* One GET (id 0, /warm?size=5) alone, run to its end and printed as "LABEL warm-up", the
   wave left empty: the transfers added next find a connection known to speak h2 with the
   server's SETTINGS in, so they all go out in one pass (7.88 places streams on a new
   connection before its SETTINGS arrive, and PIPEWAIT transfers a pass after the first). */
static inline void mx_warm_up(struct mx_wave *w, const char *label) {
  mx_new(w, 0, "/warm?size=5", 1L);
  mx_add_all(w);
  trace_line("all finished: %d", mx_run(w));
  char what[64];
  snprintf(what, sizeof what, "%s warm-up", label);
  mx_print(w, what);
  mx_wave_cleanup(w);
}

/* The server's connection count from /__stats, asked over a fresh HTTP/1.1 connection of its
   own (so it counts itself). The scenario prints differences only. */
static inline long mx_server_connections(enum mx_scheme scheme) {
  struct trace_xfer x;
  trace_xfer_init(&x, 98);
  x.keep_body = 1;
  CURL *h = curl_easy_init();
  trace_xfer_attach(h, &x);
  curl_easy_setopt(h, CURLOPT_URL, mx_url(scheme, "/__stats"));
  curl_easy_setopt(h, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1);
  curl_easy_setopt(h, CURLOPT_FORBID_REUSE, 1L);
  if (scheme == MX_TLS) tls_trust_test_ca(h);
  CURLcode rc = curl_easy_perform(h);
  long n = -1;
  const char *at = x.body ? strstr(x.body, "connections=") : NULL;
  if (rc == CURLE_OK && at) n = strtol(at + strlen("connections="), NULL, 10);
  else trace_code("stats", rc);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
  return n;
}

/* Prints how many connections the server accepted since *mark (not counting the stats
   requests' own) and moves the mark. */
static inline void mx_print_server_connections(const char *label, enum mx_scheme scheme, long *mark) {
  long now = mx_server_connections(scheme);
  trace_line("%s: server accepted %ld connections", label, now - *mark - 1);
  *mark = now;
}

#endif
