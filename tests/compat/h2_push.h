/* Helpers for the HTTP/2 server push scenarios (224, 229): a push callback that prints its
   arguments and adopts accepted pushes into the wave, and the wave's printout. */
#ifndef XFER_TESTS_COMPAT_H2_PUSH_H
#define XFER_TESTS_COMPAT_H2_PUSH_H

#include "h2_multi.h"

#define PUSH_ID_BASE 100

enum push_way { PUSH_ACCEPT, PUSH_ACCEPT_INHERIT, PUSH_DENY, PUSH_ERROROUT, PUSH_NONE };

struct push_case {
  struct mx_wave *w;
  enum push_way way;
  int calls;
};

static inline void print_push_headers(const char *label, size_t num_headers, struct curl_pushheaders *headers) {
  static const char *const names[] = {":path", ":method", ":scheme", ":authority", "x-none", ":"};
  trace_line("%s: num_headers=%zu", label, num_headers);
  for (size_t i = 0; i <= num_headers; i++) {
    const char *h = curl_pushheader_bynum(headers, i);
    trace_line("%s: bynum(%zu) %s", label, i, h ? h : "NULL");
  }
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    const char *v = curl_pushheader_byname(headers, names[i]);
    trace_line("%s: byname(%s) %s", label, names[i], v ? v : "NULL");
  }
}

/* A pushed handle libcurl made and added becomes one of the wave's transfers; its write and
   header data point at its own record (the functions too, unless inherited). */
static inline void adopt_push(struct push_case *pc, CURL *easy, int id) {
  struct mx_wave *w = pc->w;
  if (w->n == MX_MAX) abort();
  struct mx_xfer *t = &w->t[w->n++];
  memset(t, 0, sizeof *t);
  t->id = id;
  t->h = easy;
  t->added = 1;
  trace_xfer_init(&t->x, id);
  t->x.keep_body = 1;
  if (pc->way == PUSH_ACCEPT) {
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, trace_write_cb);
    curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, trace_header_cb);
  }
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, &t->x);
  curl_easy_setopt(easy, CURLOPT_HEADERDATA, &t->x);
  curl_easy_setopt(easy, CURLOPT_DEBUGDATA, t);
}

/* The recorded header lines but x-conn and x-req, which hold the server's numbers (the
   connection letter stands for them). */
static inline void print_headers_but_conn(const char *label, const struct trace_xfer *x) {
  const char *p = x->headers ? x->headers : "";
  while (*p) {
    size_t n = strcspn(p, "\n");
    if (strncasecmp(p, "x-conn:", 7) != 0 && strncasecmp(p, "x-req:", 6) != 0)
      trace_line("%s: header %.*s", label, (int)n, p);
    p += n + (p[n] == '\n');
  }
}

static inline int on_push(CURL *parent, CURL *easy, size_t num_headers,
                          struct curl_pushheaders *headers, void *userp) {
  struct push_case *pc = userp;
  char label[32];
  snprintf(label, sizeof label, "push %d", ++pc->calls);
  print_push_headers(label, num_headers, headers);
  void *parent_private = NULL, *pushed_private = NULL;
  curl_easy_getinfo(parent, CURLINFO_PRIVATE, &parent_private);
  curl_easy_getinfo(easy, CURLINFO_PRIVATE, &pushed_private);
  trace_line("%s: PRIVATE is the parent's: %s", label, parent_private == pushed_private ? "yes" : "no");
  if (pc->way == PUSH_DENY) return CURL_PUSH_DENY;
  if (pc->way == PUSH_ERROROUT) return CURL_PUSH_ERROROUT;
  adopt_push(pc, easy, PUSH_ID_BASE + pc->calls);
  return CURL_PUSH_OK;
}

/* Every transfer of the wave, pushed ones included, has its CURLMSG_DONE: libcurl's own
   http2-serverpush example counts the same way. */
static inline int all_done(struct mx_wave *w) { return w->done_count == w->n; }

static inline void print_wave(struct mx_wave *w, const char *label) {
  mx_print(w, label);
  for (int i = 0; i < w->n; i++) {
    struct mx_xfer *t = &w->t[i];
    char what[64];
    snprintf(what, sizeof what, "%s #%d", label, t->id);
    char *url = NULL;
    curl_easy_getinfo(t->h, CURLINFO_EFFECTIVE_URL, &url);
    trace_line("%s: EFFECTIVE_URL %s", what, url ? url : "NULL");
    if (t->x.keep_body) trace_xfer_print_body_text(what, &t->x);
  }
}

#endif
