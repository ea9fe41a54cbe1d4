/* Scenario: a share with CURL_LOCK_DATA_COOKIE: two easy handles see one cookie store (a
   cookie one handle receives is sent by the other; CURLINFO_COOKIELIST and COOKIELIST commands
   act on the shared store); a handle's own cookies are dropped when it joins; whether a handle
   that only joined (no COOKIEFILE) sends cookies; leaving the share (CURLOPT_SHARE NULL);
   CURLSHOPT_UNSHARE while in use and after; COOKIEJAR of a shared handle; the lock callbacks
   (only whether cookie locks were taken and whether lock and unlock calls pair up). */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "share_locks.h"
#include "trace.h"

/* Whether cookie locks were taken since the last call, and whether every lock was undone. */
static void print_locks(const char *label) { share_locks_print(label, "cookie", CURL_LOCK_DATA_COOKIE, 0); }

struct out_heads {
  char *buf;
  size_t len, cap;
};

static int debug_cb(CURL *h, curl_infotype type, char *data, size_t size, void *userdata) {
  (void)h;
  struct out_heads *o = userdata;
  if (type != CURLINFO_HEADER_OUT || !o) return 0;
  if (o->len + size + 1 > o->cap) {
    size_t want = o->cap ? o->cap * 2 : 1024;
    while (want < o->len + size + 1) want *= 2;
    o->buf = realloc(o->buf, want);
    if (!o->buf) abort();
    o->cap = want;
  }
  memcpy(o->buf + o->len, data, size);
  o->len += size;
  o->buf[o->len] = '\0';
  return 0;
}

static void print_heads(const char *label, const struct out_heads *o) {
  int at_start = 1;
  size_t i = 0;
  while (o->buf && i < o->len) {
    size_t end = i;
    while (end < o->len && o->buf[end] != '\n') end++;
    size_t n = end - i;
    if (n && o->buf[i + n - 1] == '\r') n--;
    if (n == 0) {
      at_start = 1;
    } else if (at_start) {
      trace_line("%s: > %.*s", label, (int)n, o->buf + i);
      at_start = 0;
    } else if (n >= 7 && strncasecmp(o->buf + i, "Cookie:", 7) == 0) {
      trace_line("%s: >   %.*s", label, (int)n, o->buf + i);
    }
    i = end + 1;
  }
}

static CURL *new_handle(void) {
  CURL *h = curl_easy_init();
  if (!h) exit(1);
  curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, debug_cb);
  curl_easy_setopt(h, CURLOPT_VERBOSE, 1L);
  return h;
}

static void fetch(CURL *h, const char *label, const char *path) {
  struct trace_xfer x;
  struct out_heads o = {NULL, 0, 0};
  trace_xfer_init(&x, 0);
  trace_xfer_attach(h, &x);
  curl_easy_setopt(h, CURLOPT_DEBUGDATA, &o);
  curl_easy_setopt(h, CURLOPT_URL, trace_url(path));
  CURLcode rc = curl_easy_perform(h);
  curl_easy_setopt(h, CURLOPT_DEBUGDATA, NULL);
  long code = -1;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
  print_heads(label, &o);
  trace_line("%s: result %d %s code %ld", label, (int)rc, trace_code_name(rc), code);
  free(o.buf);
  trace_xfer_free(&x);
}

/* The store as CURLINFO_COOKIELIST gives it (all cookies here are 127.0.0.1's, in one list). */
static void print_list(const char *label, CURL *h) {
  struct curl_slist *list = (struct curl_slist *)1;
  CURLcode rc = curl_easy_getinfo(h, CURLINFO_COOKIELIST, &list);
  if (rc != CURLE_OK) {
    trace_line("%s: COOKIELIST error %d", label, (int)rc);
    return;
  }
  if (!list) {
    trace_line("%s: COOKIELIST NULL", label);
    return;
  }
  for (struct curl_slist *e = list; e; e = e->next) {
    char esc[1024];
    size_t n = 0;
    for (const char *p = e->data; *p && n + 3 < sizeof esc; p++) {
      if (*p == '\t') {
        esc[n++] = '\\';
        esc[n++] = 't';
      } else {
        esc[n++] = *p;
      }
    }
    esc[n] = '\0';
    trace_line("%s:   %s", label, esc);
  }
  curl_slist_free_all(list);
}

static void print_file(const char *label, const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    trace_line("%s: no file", label);
    return;
  }
  char line[1024];
  while (fgets(line, sizeof line, f)) {
    line[strcspn(line, "\n")] = '\0';
    for (char *p = line; *p; p++)
      if (*p == '\t') *p = '|';
    trace_line("%s: | %s", label, line);
  }
  fclose(f);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  char jar[64];
  snprintf(jar, sizeof jar, "/tmp/xfer-compat-138-XXXXXX");
  int fd = mkstemp(jar);
  if (fd < 0) return 1;
  close(fd);
  unlink(jar);

  CURLSH *s = curl_share_init();
  trace_line("share COOKIE -> %d", (int)curl_share_setopt(s, CURLSHOPT_SHARE, CURL_LOCK_DATA_COOKIE));
  curl_share_setopt(s, CURLSHOPT_LOCKFUNC, on_lock);
  curl_share_setopt(s, CURLSHOPT_UNLOCKFUNC, on_unlock);

  /* a has the engine on and joins; b only joins. */
  CURL *a = new_handle();
  CURL *b = new_handle();
  curl_easy_setopt(a, CURLOPT_COOKIEFILE, "");
  trace_code("a SHARE", curl_easy_setopt(a, CURLOPT_SHARE, s));
  trace_code("b SHARE", curl_easy_setopt(b, CURLOPT_SHARE, s));
  print_locks("attach");
  fetch(a, "a-set", "/x?hdr=Set-Cookie:%20sa%3D1");
  print_locks("a-set");
  fetch(b, "b-joined-only", "/x?hdr=Set-Cookie:%20sb%3D1");
  print_locks("b-joined-only");
  print_list("list-a", a);
  print_list("list-b", b);
  fetch(a, "a-after-b", "/y");
  trace_code("b COOKIEFILE", curl_easy_setopt(b, CURLOPT_COOKIEFILE, ""));
  fetch(b, "b-engine", "/x?hdr=Set-Cookie:%20sc%3D1");
  fetch(a, "a-after-b-engine", "/y");
  print_locks("b-engine");

  /* COOKIELIST on one handle changes the other's view. */
  trace_code("b COOKIELIST add", curl_easy_setopt(b, CURLOPT_COOKIELIST, "127.0.0.1\tFALSE\t/\tFALSE\t0\tlisted\t1"));
  print_locks("cookielist-add");
  print_list("list-a-after-add", a);
  print_locks("getinfo-cookielist");
  trace_code("a COOKIELIST SESS", curl_easy_setopt(a, CURLOPT_COOKIELIST, "SESS"));
  print_list("list-b-after-sess", b);
  fetch(b, "b-reset-store", "/x?hdr=Set-Cookie:%20sd%3D1&hdr=Set-Cookie:%20se%3D1");

  /* A handle with cookies of its own joins: those are gone. */
  CURL *c = new_handle();
  curl_easy_setopt(c, CURLOPT_COOKIEFILE, "");
  fetch(c, "c-own", "/x?hdr=Set-Cookie:%20own%3D1");
  trace_code("c SHARE", curl_easy_setopt(c, CURLOPT_SHARE, s));
  fetch(c, "c-joined", "/y");
  print_list("list-c", c);

  /* The share refuses to drop cookies or go away while handles use it. */
  trace_line("unshare COOKIE in use -> %d", (int)curl_share_setopt(s, CURLSHOPT_UNSHARE, CURL_LOCK_DATA_COOKIE));
  trace_line("share cleanup in use -> %d", (int)curl_share_cleanup(s));

  /* c leaves: what it holds and sends afterwards. */
  trace_code("c SHARE NULL", curl_easy_setopt(c, CURLOPT_SHARE, NULL));
  print_list("list-c-left", c);
  fetch(c, "c-left", "/x?hdr=Set-Cookie:%20cleft%3D1");
  fetch(c, "c-left-next", "/y");
  fetch(a, "a-after-c-left", "/y");
  curl_easy_cleanup(c);

  /* The jar of a shared handle holds the shared store. */
  curl_easy_setopt(a, CURLOPT_COOKIEJAR, jar);
  trace_code("a SHARE NULL", curl_easy_setopt(a, CURLOPT_SHARE, NULL));
  print_list("list-a-left", a);
  curl_easy_cleanup(a);
  print_file("jar-a", jar);
  unlink(jar);
  curl_easy_setopt(b, CURLOPT_COOKIEJAR, jar);
  curl_easy_cleanup(b);
  print_file("jar-b", jar);
  unlink(jar);
  print_locks("cleanup");

  /* With no handle left, cookies can be unshared; a new member then has its own store. */
  trace_line("unshare COOKIE -> %d", (int)curl_share_setopt(s, CURLSHOPT_UNSHARE, CURL_LOCK_DATA_COOKIE));
  CURL *d = new_handle();
  CURL *e = new_handle();
  curl_easy_setopt(d, CURLOPT_COOKIEFILE, "");
  curl_easy_setopt(e, CURLOPT_COOKIEFILE, "");
  curl_easy_setopt(d, CURLOPT_SHARE, s);
  curl_easy_setopt(e, CURLOPT_SHARE, s);
  fetch(d, "d-set", "/x?hdr=Set-Cookie:%20sd%3D1");
  fetch(e, "e-unshared", "/y");
  print_locks("unshared");
  curl_easy_setopt(d, CURLOPT_SHARE, NULL);
  curl_easy_setopt(e, CURLOPT_SHARE, NULL);
  curl_easy_cleanup(d);
  curl_easy_cleanup(e);
  trace_line("share cleanup -> %d", (int)curl_share_cleanup(s));
  curl_global_cleanup();
  return 0;
}
