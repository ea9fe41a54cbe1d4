/* Scenario: a share with CURL_LOCK_DATA_CONNECT: sequential transfers on three easy handles of
   one share run over one connection (NUM_CONNECTS, the server's X-Conn, local ports compared as
   same/different); a handle driven by a multi handle and a plain easy handle share the cache
   both ways; a handle that leaves the share (CURLOPT_SHARE NULL) opens its own connection and
   finds the shared one again once it rejoins; CURLSHOPT_UNSHARE and curl_share_cleanup answer
   CURLSHE_IN_USE while handles are attached; a connection the server closes is not kept;
   MAXCONNECTS 1 closes the older idle connection of the shared cache; the lock callbacks
   (only whether connect locks were taken, and whether lock and unlock calls pair up). */
#include <stdio.h>
#include <string.h>

#include "multi_util.h"
#include "share_locks.h"
#include "trace.h"

/* Whether connect locks were taken since the last call, and whether every lock was undone. */
static void print_locks(const char *label) { share_locks_print(label, "connect", CURL_LOCK_DATA_CONNECT, 1); }

static CURLSH *new_share(void) {
  CURLSH *s = curl_share_init();
  trace_line("share CONNECT -> %d", (int)curl_share_setopt(s, CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT));
  curl_share_setopt(s, CURLSHOPT_LOCKFUNC, on_lock);
  curl_share_setopt(s, CURLSHOPT_UNLOCKFUNC, on_unlock);
  return s;
}

static long local_port(CURL *h) {
  long port = -1;
  curl_easy_getinfo(h, CURLINFO_LOCAL_PORT, &port);
  return port;
}

/* One transfer on h: result, headers (X-Conn numbers the server's connections), body,
   NUM_CONNECTS; returns the local port used. */
static long run(const char *label, CURL *h, struct trace_xfer *x, int id) {
  trace_xfer_free(x);
  trace_xfer_init(x, id);
  trace_xfer_attach(h, x);
  trace_result(label, curl_easy_perform(h), x);
  INFO_LONG(h, NUM_CONNECTS);
  return local_port(h);
}

static void compare(const char *what, long a, long b) {
  trace_line("%s: %s", what, a > 0 && a == b ? "same" : "different");
}

static CURL *named_handle(struct trace_xfer *x, int id, const char *host, struct curl_slist **rs) {
  char entry[96], url[160];
  snprintf(entry, sizeof entry, "%s:%d:127.0.0.1", host, trace_port());
  *rs = curl_slist_append(*rs, entry);
  snprintf(url, sizeof url, "http://%s:%d/n?size=5&conn=1", host, trace_port());
  CURL *h = trace_easy_new(x, id, NULL);
  curl_easy_setopt(h, CURLOPT_URL, url);
  curl_easy_setopt(h, CURLOPT_RESOLVE, *rs);
  return h;
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);

  /* Part 1: three handles of one share, one after the other. */
  CURLSH *s = new_share();
  struct trace_xfer xa, xb, xc;
  CURL *a = trace_easy_new(&xa, 1, "/one?size=10&conn=1");
  CURL *b = trace_easy_new(&xb, 2, "/two?size=20&conn=1");
  CURL *c = trace_easy_new(&xc, 3, "/three?size=30&conn=1");
  trace_code("setopt share a", curl_easy_setopt(a, CURLOPT_SHARE, s));
  trace_code("setopt share b", curl_easy_setopt(b, CURLOPT_SHARE, s));
  trace_code("setopt share c", curl_easy_setopt(c, CURLOPT_SHARE, s));
  print_locks("attach");
  long pa = run("a", a, &xa, 1);
  print_locks("a");
  long pb = run("b", b, &xb, 2);
  print_locks("b");
  long pc = run("c", c, &xc, 3);
  print_locks("c");
  compare("a/b local port", pa, pb);
  compare("b/c local port", pb, pc);

  trace_line("unshare CONNECT in use -> %d", (int)curl_share_setopt(s, CURLSHOPT_UNSHARE, CURL_LOCK_DATA_CONNECT));
  trace_line("share DNS in use -> %d", (int)curl_share_setopt(s, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS));
  trace_line("cleanup in use -> %d", (int)curl_share_cleanup(s));
  print_locks("in use");

  /* Part 2: b leaves the share: its own connection; a still finds the shared one. */
  trace_code("setopt share b NULL", curl_easy_setopt(b, CURLOPT_SHARE, NULL));
  long pb2 = run("b alone", b, &xb, 4);
  print_locks("b alone");
  compare("b alone/shared local port", pb2, pa);
  long pa2 = run("a again", a, &xa, 5);
  compare("a again/shared local port", pa2, pa);
  long pb3 = run("b alone again", b, &xb, 6);
  compare("b alone again/b alone local port", pb3, pb2);
  trace_code("setopt share b again", curl_easy_setopt(b, CURLOPT_SHARE, s));
  long pb4 = run("b rejoined", b, &xb, 7);
  compare("b rejoined/shared local port", pb4, pa);
  print_locks("rejoin");

  /* Part 3: a connection the server closes is not kept for the next handle. */
  curl_easy_setopt(c, CURLOPT_URL, trace_url("/close?size=3&conn=1&connclose=1"));
  long pc2 = run("c closing", c, &xc, 8);
  compare("c closing/shared local port", pc2, pa);
  long pa3 = run("a after close", a, &xa, 9);
  compare("a after close/c closing local port", pa3, pc2);
  compare("a after close/shared local port", pa3, pa);
  print_locks("close");

  trace_line("detach a, b, c");
  curl_easy_setopt(a, CURLOPT_SHARE, NULL);
  curl_easy_setopt(b, CURLOPT_SHARE, NULL);
  curl_easy_setopt(c, CURLOPT_SHARE, NULL);
  trace_line("unshare CONNECT idle -> %d", (int)curl_share_setopt(s, CURLSHOPT_UNSHARE, CURL_LOCK_DATA_CONNECT));
  trace_line("share CONNECT idle -> %d", (int)curl_share_setopt(s, CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT));
  trace_line("cleanup idle -> %d", (int)curl_share_cleanup(s));
  print_locks("cleanup");
  curl_easy_cleanup(a);
  curl_easy_cleanup(b);
  curl_easy_cleanup(c);

  /* Part 4: a handle in a multi handle and a plain easy handle share one cache. */
  s = new_share();
  struct trace_xfer xd, xe;
  CURL *d = trace_easy_new(&xd, 10, "/multi?size=40&conn=1");
  CURL *e = trace_easy_new(&xe, 11, "/easy?size=50&conn=1");
  curl_easy_setopt(d, CURLOPT_PRIVATE, (void *)(intptr_t)10);
  curl_easy_setopt(d, CURLOPT_SHARE, s);
  curl_easy_setopt(e, CURLOPT_SHARE, s);
  CURLM *m = curl_multi_init();
  trace_mcode("add d", curl_multi_add_handle(m, d));
  trace_line("d running after run: %d", multi_run(m));
  multi_print_msgs(m);
  trace_xfer_print_headers("d", &xd);
  trace_xfer_print_body("d", &xd);
  INFO_LONG(d, NUM_CONNECTS);
  long pd = local_port(d);
  trace_mcode("remove d", curl_multi_remove_handle(m, d));
  print_locks("multi d");
  long pe = run("e", e, &xe, 11);
  compare("d/e local port", pd, pe);
  print_locks("easy e");
  trace_xfer_free(&xd);
  trace_xfer_init(&xd, 12);
  trace_mcode("add d again", curl_multi_add_handle(m, d));
  trace_line("d running after run: %d", multi_run(m));
  multi_print_msgs(m);
  trace_xfer_print_headers("d again", &xd);
  INFO_LONG(d, NUM_CONNECTS);
  compare("d again/e local port", local_port(d), pe);
  trace_mcode("remove d again", curl_multi_remove_handle(m, d));
  trace_mcode("multi cleanup", curl_multi_cleanup(m));
  long pe2 = run("e after multi cleanup", e, &xe, 13);
  compare("e after multi cleanup/e local port", pe2, pe);
  print_locks("multi gone");
  curl_easy_cleanup(d);
  curl_easy_cleanup(e);
  trace_line("cleanup -> %d", (int)curl_share_cleanup(s));

  /* Part 5: MAXCONNECTS 1 on both handles: the second host's connection pushes out the
     first one's; with the default limit both stay. */
  for (int limit = 0; limit <= 1; limit++) {
    trace_line("-- maxconnects %s", limit ? "1" : "default");
    s = new_share();
    struct curl_slist *rs = NULL;
    struct trace_xfer xf, xg;
    CURL *f = named_handle(&xf, 20, "one.test", &rs);
    CURL *g = named_handle(&xg, 21, "two.test", &rs);
    curl_easy_setopt(f, CURLOPT_SHARE, s);
    curl_easy_setopt(g, CURLOPT_SHARE, s);
    if (limit) {
      curl_easy_setopt(f, CURLOPT_MAXCONNECTS, 1L);
      curl_easy_setopt(g, CURLOPT_MAXCONNECTS, 1L);
    }
    /* libcurl tells idle ages in milliseconds: the pauses leave no ties. */
    long pf = run("f one.test", f, &xf, 20);
    trace_sleep_ms(10);
    long pg = run("g two.test", g, &xg, 21);
    compare("f/g local port", pf, pg);
    trace_sleep_ms(10);
    long pf2 = run("f one.test again", f, &xf, 22);
    compare("f again/f local port", pf2, pf);
    trace_sleep_ms(10);
    long pg2 = run("g two.test again", g, &xg, 23);
    compare("g again/g local port", pg2, pg);
    print_locks("maxconnects");
    curl_easy_cleanup(f);
    curl_easy_cleanup(g);
    trace_line("cleanup -> %d", (int)curl_share_cleanup(s));
    curl_slist_free_all(rs);
    trace_xfer_free(&xf);
    trace_xfer_free(&xg);
  }

  trace_xfer_free(&xa);
  trace_xfer_free(&xb);
  trace_xfer_free(&xc);
  trace_xfer_free(&xd);
  trace_xfer_free(&xe);
  curl_global_cleanup();
  return 0;
}
