/* Scenario: cookie files and the cookie store's API: COOKIEFILE with a Netscape file (comments,
   #HttpOnly_, bad and odd lines, expired entries), with Set-Cookie: lines, several files and a
   missing one; COOKIEJAR written at cleanup (printed byte for byte; fixed 2037 expiry dates keep
   it deterministic), COOKIEJAR alone; COOKIELIST commands (ALL, SESS, FLUSH, RELOAD, a Netscape
   line, a Set-Cookie: line); CURLINFO_COOKIELIST; COOKIESESSION; COOKIEFILE NULL; what
   curl_easy_duphandle and curl_easy_reset do with the cookies. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "trace.h"

/* 2037-01-01 00:00:00 GMT and the same date as an HTTP date. */
#define FAR_EPOCH "2114380800"
#define FAR_DATE "Thu,%2001%20Jan%202037%2000:00:00%20GMT"

static char tmpdir[64];
static struct curl_slist *resolve_list;

static const char *tmp_path(const char *name) {
  static char ring[8][128];
  static int next;
  char *out = ring[next];
  next = (next + 1) % 8;
  snprintf(out, sizeof ring[0], "%s/%s", tmpdir, name);
  return out;
}

static void write_file(const char *name, const char *content) {
  FILE *f = fopen(tmp_path(name), "wb");
  if (!f) exit(1);
  fputs(content, f);
  fclose(f);
}

/* The file byte for byte, one trace line per line (CR, tab and other controls escaped). */
static void print_file(const char *label, const char *name) {
  FILE *f = fopen(tmp_path(name), "rb");
  if (!f) {
    trace_line("%s: file %s does not exist", label, name);
    return;
  }
  char line[8192];
  size_t n = 0;
  int c;
  long lines = 0;
  trace_line("%s: file %s:", label, name);
  for (;;) {
    c = fgetc(f);
    if (c == EOF || c == '\n' || n + 8 >= sizeof line) {
      if (c == '\n' || n) {
        line[n] = '\0';
        trace_line("%s: | %s%s", label, line, c == '\n' ? "" : "\\(no newline)");
        lines++;
      }
      n = 0;
      if (c == EOF) break;
      continue;
    }
    if (c == '\t') {
      memcpy(line + n, "\\t", 2);
      n += 2;
    } else if (c == '\r') {
      memcpy(line + n, "\\r", 2);
      n += 2;
    } else if (c < 0x20 || c >= 0x7f) {
      n += (size_t)snprintf(line + n, 8, "\\x%02x", c);
    } else {
      line[n++] = (char)c;
    }
  }
  fclose(f);
  trace_line("%s: file %s: %ld lines", label, name, lines);
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* CURLINFO_COOKIELIST, tabs shown as \t. libcurl lists the cookies by an internal hash of the
   domain, so lists that mix domains are printed sorted (sorted=1); a list of one domain is
   printed in the order it comes in. */
static void print_list(const char *label, CURL *h, int sorted) {
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
  size_t count = 0;
  for (struct curl_slist *e = list; e; e = e->next) count++;
  char **lines = calloc(count, sizeof *lines);
  size_t i = 0;
  for (struct curl_slist *e = list; e; e = e->next) lines[i++] = e->data;
  if (sorted) qsort(lines, count, sizeof *lines, cmp_str);
  trace_line("%s: COOKIELIST %zu%s", label, count, sorted ? " (sorted)" : "");
  for (i = 0; i < count; i++) {
    char esc[4096];
    size_t n = 0;
    for (const char *p = lines[i]; *p && n + 3 < sizeof esc; p++) {
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
  free(lines);
  curl_slist_free_all(list);
}

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

/* The request line of every head sent and the Cookie: lines under it. */
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

static const char *host_url(const char *host, const char *path) {
  static char ring[4][1024];
  static int next;
  char *out = ring[next];
  next = (next + 1) % 4;
  snprintf(out, sizeof ring[0], "http://%s:%d%s", host, trace_port(), path);
  return out;
}

static void setup(CURL *h) {
  curl_easy_setopt(h, CURLOPT_RESOLVE, resolve_list);
  curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, debug_cb);
  curl_easy_setopt(h, CURLOPT_DEBUGDATA, NULL);
  curl_easy_setopt(h, CURLOPT_VERBOSE, 1L);
}

static CURL *new_handle(void) {
  CURL *h = curl_easy_init();
  if (!h) exit(1);
  setup(h);
  return h;
}

static void fetch(CURL *h, const char *label, const char *url) {
  struct trace_xfer x;
  struct out_heads o = {NULL, 0, 0};
  trace_xfer_init(&x, 0);
  trace_xfer_attach(h, &x);
  curl_easy_setopt(h, CURLOPT_DEBUGDATA, &o);
  curl_easy_setopt(h, CURLOPT_URL, url);
  CURLcode rc = curl_easy_perform(h);
  curl_easy_setopt(h, CURLOPT_DEBUGDATA, NULL);
  long code = -1;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
  print_heads(label, &o);
  trace_line("%s: result %d %s code %ld", label, (int)rc, trace_code_name(rc), code);
  free(o.buf);
  trace_xfer_free(&x);
}

static void netscape_file(void) {
  write_file("ns.txt",
             "# Netscape HTTP Cookie File\n"
             "# a comment line\n"
             "\n"
             "127.0.0.1\tFALSE\t/\tFALSE\t0\tns1\tv1\n"
             ".cookie.test\tTRUE\t/\tFALSE\t" FAR_EPOCH "\tns2\tv2\n"
             "www.cookie.test\tFALSE\t/p\tTRUE\t0\tns3\tv3\n"
             "www.cookie.test\tFALSE\t/p\tFALSE\t0\tns4\tv4\n"
             "#HttpOnly_127.0.0.1\tFALSE\t/\tFALSE\t0\tho\thv\n"
             "127.0.0.1\tFALSE\t/\tFALSE\t1\texpired\tx\n"
             "this is not a cookie line\n"
             "127.0.0.1\tFALSE\t/\tFALSE\t0\tsix\n"
             "127.0.0.1\tFALSE\t/\tFALSE\t0\teight\tv\textra\n"
             "127.0.0.1\tFALSE\t/\tFALSE\t" FAR_EPOCH "\tspaced\tvalue with spaces\n"
             "127.0.0.1\tFALSE\t/\tFALSE\t0\tcrlf\tv\r\n"
             "127.0.0.1\tFALSE\t/only\tFALSE\t0\tonly\tv\n"
             "cookie.test\tFALSE\t/\tFALSE\t0\tnodot\tv\n"
             ".cookie.test\tFALSE\t/\tFALSE\t0\tdotfalse\tv\n"
             "cookie.test\tTRUE\t/\tFALSE\t0\tnodottrue\tv\n"
             "127.0.0.1 FALSE / FALSE 0 spaces v\n"
             "127.0.0.1\tFALSE\t/\tFALSE\tnotanumber\tbadexp\tv\n"
             "127.0.0.1\tFALSE\t/\tFALSE\t0\tlast\tnonewline");
  CURL *h = new_handle();
  trace_code("COOKIEFILE ns", curl_easy_setopt(h, CURLOPT_COOKIEFILE, tmp_path("ns.txt")));
  /* Nothing is read before the first transfer. */
  print_list("ns-before", h, 1);
  fetch(h, "ns-ip", trace_url("/y"));
  fetch(h, "ns-ip-only", trace_url("/only/x"));
  fetch(h, "ns-www-p", host_url("www.cookie.test", "/p/x"));
  fetch(h, "ns-sub", host_url("sub.cookie.test", "/y"));
  fetch(h, "ns-parent", host_url("cookie.test", "/y"));
  print_list("ns-list", h, 1);
  curl_easy_cleanup(h);
}

static void setcookie_file(void) {
  write_file("sc.txt",
             "Set-Cookie: sa=1; Domain=cookie.test; Path=/\n"
             "Set-Cookie: sb=2\n"
             "set-cookie: sc=3; domain=127.0.0.1\n"
             "Set-Cookie: sd=4; Domain=.cookie.test; Expires=" "Thu, 01 Jan 2037 00:00:00 GMT" "\n"
             "Set-Cookie: se=5; Domain=cookie.test; Secure\n"
             "Set-Cookie: sf=6; Domain=cookie.test; Max-Age=0\n"
             "Set-Cookie: sg=7; Domain=cookie.test; Path=/deep/er/\n"
             "Set-Cookie:sh=8;Domain=cookie.test\n"
             "127.0.0.1\tFALSE\t/\tFALSE\t0\tmixed\tnetscape\n"
             "Cookie: not=this\n");
  CURL *h = new_handle();
  curl_easy_setopt(h, CURLOPT_COOKIEFILE, tmp_path("sc.txt"));
  fetch(h, "sc-ip", trace_url("/y"));
  fetch(h, "sc-www", host_url("www.cookie.test", "/deep/er/x"));
  fetch(h, "sc-other", host_url("other.test", "/y"));
  print_list("sc-list", h, 1);
  curl_easy_setopt(h, CURLOPT_COOKIEJAR, tmp_path("sc-jar.txt"));
  curl_easy_cleanup(h);
  print_file("sc-jar", "sc-jar.txt");
}

static void several_files(void) {
  write_file("f1.txt", "127.0.0.1\tFALSE\t/\tFALSE\t0\tone\t1\n127.0.0.1\tFALSE\t/\tFALSE\t0\tboth\tfrom-f1\n");
  write_file("f2.txt", "127.0.0.1\tFALSE\t/\tFALSE\t0\ttwo\t2\n127.0.0.1\tFALSE\t/\tFALSE\t0\tboth\tfrom-f2\n");
  CURL *h = new_handle();
  trace_code("COOKIEFILE f1", curl_easy_setopt(h, CURLOPT_COOKIEFILE, tmp_path("f1.txt")));
  trace_code("COOKIEFILE missing", curl_easy_setopt(h, CURLOPT_COOKIEFILE, tmp_path("missing.txt")));
  trace_code("COOKIEFILE f2", curl_easy_setopt(h, CURLOPT_COOKIEFILE, tmp_path("f2.txt")));
  fetch(h, "files", trace_url("/y"));
  print_list("files-list", h, 0);
  /* The same files are read again before the next transfer; a server cookie stays. */
  fetch(h, "files-set", trace_url("/x?hdr=Set-Cookie:%20srv%3D1&hdr=Set-Cookie:%20one%3Dserver"));
  fetch(h, "files-again", trace_url("/y"));
  print_list("files-again-list", h, 0);
  /* A file cookie the server deletes: is it read in again before the next transfer? */
  fetch(h, "files-delete", trace_url("/x?hdr=Set-Cookie:%20two%3D%3B%20Max-Age%3D0"));
  print_list("files-delete-list", h, 0);
  fetch(h, "files-after-delete", trace_url("/y"));
  print_list("files-after-delete-list", h, 0);
  curl_easy_cleanup(h);

  /* Only a missing file: the engine is on all the same. */
  h = new_handle();
  curl_easy_setopt(h, CURLOPT_COOKIEFILE, tmp_path("missing.txt"));
  fetch(h, "missing-set", trace_url("/x?hdr=Set-Cookie:%20m%3D1"));
  fetch(h, "missing-next", trace_url("/y"));
  curl_easy_cleanup(h);
}

static void jar(void) {
  /* Server cookies of every kind go to the jar at cleanup. */
  CURL *h = new_handle();
  curl_easy_setopt(h, CURLOPT_COOKIEFILE, "");
  trace_code("COOKIEJAR", curl_easy_setopt(h, CURLOPT_COOKIEJAR, tmp_path("jar1.txt")));
  fetch(h, "jar-set-ip",
        trace_url("/x?hdr=Set-Cookie:%20sess%3D1"
                  "&hdr=Set-Cookie:%20pers%3D2%3B%20Expires%3D" FAR_DATE
                  "&hdr=Set-Cookie:%20ho%3D3%3B%20HttpOnly%3B%20Expires%3D" FAR_DATE
                  "&hdr=Set-Cookie:%20sec%3D4%3B%20Secure%3B%20Path%3D/s"
                  "&hdr=Set-Cookie:%20gone%3D5%3B%20Max-Age%3D0"
                  "&hdr=Set-Cookie:%20empty%3D"
                  "&hdr=Set-Cookie:%20q%3D%22a%20b%22"));
  fetch(h, "jar-set-www",
        host_url("www.cookie.test",
                 "/dir/page?hdr=Set-Cookie:%20dom%3D1%3B%20Domain%3Dcookie.test%3B%20Expires%3D" FAR_DATE
                 "&hdr=Set-Cookie:%20host%3D1"));
  fetch(h, "jar-set-later", trace_url("/x?hdr=Set-Cookie:%20later%3D6&hdr=Set-Cookie:%20sess%3D7"));
  print_file("jar-before-cleanup", "jar1.txt");
  curl_easy_cleanup(h);
  print_file("jar-after-cleanup", "jar1.txt");

  /* No cookies known: no file. A file already there is left alone? */
  h = new_handle();
  curl_easy_setopt(h, CURLOPT_COOKIEFILE, "");
  curl_easy_setopt(h, CURLOPT_COOKIEJAR, tmp_path("jar2.txt"));
  fetch(h, "jar-empty", trace_url("/y"));
  curl_easy_cleanup(h);
  print_file("jar-empty", "jar2.txt");
  write_file("jar3.txt", "previous content\n");
  h = new_handle();
  curl_easy_setopt(h, CURLOPT_COOKIEFILE, "");
  curl_easy_setopt(h, CURLOPT_COOKIEJAR, tmp_path("jar3.txt"));
  fetch(h, "jar-empty-existing", trace_url("/y"));
  curl_easy_cleanup(h);
  print_file("jar-empty-existing", "jar3.txt");

  /* COOKIEJAR alone turns the engine on. */
  h = new_handle();
  curl_easy_setopt(h, CURLOPT_COOKIEJAR, tmp_path("jar4.txt"));
  fetch(h, "jaronly-set", trace_url("/x?hdr=Set-Cookie:%20j%3D1"));
  fetch(h, "jaronly-next", trace_url("/y"));
  curl_easy_cleanup(h);
  print_file("jaronly", "jar4.txt");

  /* The usual pattern: the same file read and written, an existing file replaced. */
  write_file("jar5.txt", "127.0.0.1\tFALSE\t/\tFALSE\t" FAR_EPOCH "\tkept\tfrom-file\n"
                         "127.0.0.1\tFALSE\t/\tFALSE\t" FAR_EPOCH "\tchanged\tfrom-file\n"
                         "127.0.0.1\tFALSE\t/\tFALSE\t0\tdropped\tfrom-file\n");
  h = new_handle();
  curl_easy_setopt(h, CURLOPT_COOKIEFILE, tmp_path("jar5.txt"));
  curl_easy_setopt(h, CURLOPT_COOKIEJAR, tmp_path("jar5.txt"));
  fetch(h, "jar-same-file",
        trace_url("/x?hdr=Set-Cookie:%20changed%3Dby-server%3B%20Expires%3D" FAR_DATE
                  "&hdr=Set-Cookie:%20dropped%3D%3B%20Max-Age%3D0"
                  "&hdr=Set-Cookie:%20added%3D1"));
  print_list("jar-same-file", h, 0);
  curl_easy_cleanup(h);
  print_file("jar-same-file", "jar5.txt");
}

static void cookielist(void) {
  CURLcode rc;
  /* A Netscape line on a handle without the engine. */
  CURL *h = new_handle();
  print_list("cl-none", h, 0);
  rc = curl_easy_setopt(h, CURLOPT_COOKIELIST, "127.0.0.1\tFALSE\t/\tFALSE\t0\tl1\tnetscape");
  trace_code("COOKIELIST netscape", rc);
  print_list("cl-after-netscape", h, 0);
  fetch(h, "cl-netscape", trace_url("/x?hdr=Set-Cookie:%20srv%3D1"));
  fetch(h, "cl-netscape-next", trace_url("/y"));
  curl_easy_cleanup(h);

  h = new_handle();
  curl_easy_setopt(h, CURLOPT_COOKIEFILE, "");
  curl_easy_setopt(h, CURLOPT_COOKIEJAR, tmp_path("cl-jar.txt"));
  trace_code("COOKIELIST set-cookie", curl_easy_setopt(h, CURLOPT_COOKIELIST, "Set-Cookie: l2=2; domain=127.0.0.1"));
  trace_code("COOKIELIST set-cookie far", curl_easy_setopt(h, CURLOPT_COOKIELIST,
                                                         "Set-Cookie: l3=3; domain=127.0.0.1; expires=Thu, 01 Jan 2037 00:00:00 GMT"));
  trace_code("COOKIELIST set-cookie nodomain", curl_easy_setopt(h, CURLOPT_COOKIELIST, "Set-Cookie: anyhost=1"));
  trace_code("COOKIELIST netscape", curl_easy_setopt(h, CURLOPT_COOKIELIST, "127.0.0.1\tFALSE\t/\tFALSE\t" FAR_EPOCH "\tl4\t4"));
  trace_code("COOKIELIST httponly", curl_easy_setopt(h, CURLOPT_COOKIELIST, "#HttpOnly_127.0.0.1\tFALSE\t/\tFALSE\t0\tl5\t5"));
  trace_code("COOKIELIST garbage", curl_easy_setopt(h, CURLOPT_COOKIELIST, "garbage"));
  trace_code("COOKIELIST empty", curl_easy_setopt(h, CURLOPT_COOKIELIST, ""));
  trace_code("COOKIELIST replace", curl_easy_setopt(h, CURLOPT_COOKIELIST, "Set-Cookie: l2=two; domain=127.0.0.1"));
  trace_code("COOKIELIST lowercase cmd", curl_easy_setopt(h, CURLOPT_COOKIELIST, "flush"));
  print_file("cl-lowercase-flush", "cl-jar.txt");
  print_list("cl-list", h, 0);
  fetch(h, "cl-ip", trace_url("/y"));
  fetch(h, "cl-other-host", host_url("other.test", "/y"));
  trace_code("COOKIELIST FLUSH", curl_easy_setopt(h, CURLOPT_COOKIELIST, "FLUSH"));
  print_file("cl-flush", "cl-jar.txt");
  trace_code("COOKIELIST SESS", curl_easy_setopt(h, CURLOPT_COOKIELIST, "SESS"));
  print_list("cl-after-sess", h, 0);
  fetch(h, "cl-after-sess", trace_url("/y"));
  trace_code("COOKIELIST ALL", curl_easy_setopt(h, CURLOPT_COOKIELIST, "ALL"));
  print_list("cl-after-all", h, 0);
  fetch(h, "cl-after-all", trace_url("/y"));
  /* RELOAD reads the COOKIEFILE files; "" names none, so add the flushed jar. */
  curl_easy_setopt(h, CURLOPT_COOKIEFILE, tmp_path("cl-jar.txt"));
  trace_code("COOKIELIST RELOAD", curl_easy_setopt(h, CURLOPT_COOKIELIST, "RELOAD"));
  print_list("cl-after-reload", h, 0);
  trace_code("COOKIELIST ALL", curl_easy_setopt(h, CURLOPT_COOKIELIST, "ALL"));
  /* After ALL the files are read again at the next transfer? */
  fetch(h, "cl-all-then-perform", trace_url("/y"));
  print_list("cl-all-then-perform", h, 0);
  trace_code("COOKIELIST NULL", curl_easy_setopt(h, CURLOPT_COOKIELIST, NULL));
  curl_easy_cleanup(h);
  print_file("cl-at-cleanup", "cl-jar.txt");

  /* FLUSH with no COOKIEJAR, and FLUSH/ALL/SESS/RELOAD on a handle with no engine. */
  h = new_handle();
  trace_code("no-engine FLUSH", curl_easy_setopt(h, CURLOPT_COOKIELIST, "FLUSH"));
  trace_code("no-engine ALL", curl_easy_setopt(h, CURLOPT_COOKIELIST, "ALL"));
  trace_code("no-engine SESS", curl_easy_setopt(h, CURLOPT_COOKIELIST, "SESS"));
  trace_code("no-engine RELOAD", curl_easy_setopt(h, CURLOPT_COOKIELIST, "RELOAD"));
  print_list("no-engine", h, 0);
  fetch(h, "no-engine-set", trace_url("/x?hdr=Set-Cookie:%20n%3D1"));
  fetch(h, "no-engine-next", trace_url("/y"));
  curl_easy_cleanup(h);
}

static void cookiesession(void) {
  write_file("sess.txt", "127.0.0.1\tFALSE\t/\tFALSE\t0\tsession\t1\n"
                         "127.0.0.1\tFALSE\t/\tFALSE\t" FAR_EPOCH "\tpersistent\t1\n");
  for (long on = 0; on <= 1; on++) {
    char label[32];
    CURL *h = new_handle();
    trace_code("COOKIESESSION", curl_easy_setopt(h, CURLOPT_COOKIESESSION, on));
    curl_easy_setopt(h, CURLOPT_COOKIEFILE, tmp_path("sess.txt"));
    snprintf(label, sizeof label, "session-%ld", on);
    fetch(h, label, trace_url("/x?hdr=Set-Cookie:%20fromserver%3D1"));
    print_list(label, h, 0);
    /* Set after the load: a new session does not drop what is already held. */
    trace_code("COOKIESESSION later", curl_easy_setopt(h, CURLOPT_COOKIESESSION, 1L - on));
    fetch(h, label, trace_url("/y"));
    curl_easy_cleanup(h);
  }
}

static void cookiefile_null(void) {
  CURL *h = new_handle();
  curl_easy_setopt(h, CURLOPT_COOKIEFILE, tmp_path("sess.txt"));
  fetch(h, "null-set", trace_url("/x?hdr=Set-Cookie:%20srv%3D1"));
  trace_code("COOKIEFILE NULL", curl_easy_setopt(h, CURLOPT_COOKIEFILE, NULL));
  fetch(h, "null-next", trace_url("/x?hdr=Set-Cookie:%20srv2%3D1"));
  print_list("null-list", h, 0);
  fetch(h, "null-next2", trace_url("/y"));
  /* Turned on again with "": the cookies held before come back? */
  curl_easy_setopt(h, CURLOPT_COOKIEFILE, "");
  fetch(h, "null-again", trace_url("/y"));
  curl_easy_cleanup(h);
}

static void dup_and_reset(void) {
  write_file("dup.txt", "127.0.0.1\tFALSE\t/\tFALSE\t0\tfromfile\t1\n");
  CURL *h = new_handle();
  curl_easy_setopt(h, CURLOPT_COOKIEFILE, tmp_path("dup.txt"));
  curl_easy_setopt(h, CURLOPT_COOKIE, "opt=1");
  fetch(h, "orig-set", trace_url("/x?hdr=Set-Cookie:%20srv%3D1"));
  curl_easy_setopt(h, CURLOPT_COOKIELIST, "127.0.0.1\tFALSE\t/\tFALSE\t0\tlisted\t1");
  print_list("orig", h, 0);
  CURL *d = curl_easy_duphandle(h);
  trace_line("duphandle: %s", d ? "ok" : "NULL");
  print_list("dup-before", d, 0);
  fetch(d, "dup", trace_url("/y"));
  print_list("dup-after", d, 0);
  /* The two stores are apart: a cookie the duplicate gets is not the original's. */
  fetch(d, "dup-set", trace_url("/x?hdr=Set-Cookie:%20dupsrv%3D1"));
  fetch(h, "orig-after-dup", trace_url("/y"));
  curl_easy_cleanup(d);

  /* A duplicate of a handle whose engine is on with no file. */
  CURL *e = curl_easy_init();
  setup(e);
  curl_easy_setopt(e, CURLOPT_COOKIEFILE, "");
  fetch(e, "plain-set", trace_url("/x?hdr=Set-Cookie:%20p%3D1"));
  d = curl_easy_duphandle(e);
  fetch(d, "plain-dup-set", trace_url("/x?hdr=Set-Cookie:%20q%3D1"));
  fetch(d, "plain-dup-next", trace_url("/y"));
  curl_easy_cleanup(d);
  curl_easy_cleanup(e);

  /* After curl_easy_reset. */
  curl_easy_reset(h);
  setup(h);
  print_list("reset", h, 0);
  fetch(h, "reset", trace_url("/x?hdr=Set-Cookie:%20afterreset%3D1"));
  fetch(h, "reset-next", trace_url("/y"));
  curl_easy_setopt(h, CURLOPT_COOKIEFILE, "");
  fetch(h, "reset-engine-on", trace_url("/y"));
  print_list("reset-engine-on", h, 0);
  curl_easy_cleanup(h);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  snprintf(tmpdir, sizeof tmpdir, "/tmp/xfer-compat-137-XXXXXX");
  if (!mkdtemp(tmpdir)) return 1;
  static const char *const hosts[] = {"cookie.test", "www.cookie.test", "sub.cookie.test", "other.test", NULL};
  char entry[128];
  for (int i = 0; hosts[i]; i++) {
    snprintf(entry, sizeof entry, "%s:%d:127.0.0.1", hosts[i], trace_port());
    resolve_list = curl_slist_append(resolve_list, entry);
  }
  netscape_file();
  setcookie_file();
  several_files();
  jar();
  cookielist();
  cookiesession();
  cookiefile_null();
  dup_and_reset();
  static const char *const files[] = {"ns.txt", "sc.txt", "sc-jar.txt", "f1.txt", "f2.txt", "jar1.txt",
                                      "jar2.txt", "jar3.txt", "jar4.txt", "jar5.txt", "cl-jar.txt",
                                      "sess.txt", "dup.txt", NULL};
  for (int i = 0; files[i]; i++) unlink(tmp_path(files[i]));
  rmdir(tmpdir);
  curl_slist_free_all(resolve_list);
  curl_global_cleanup();
  return 0;
}
