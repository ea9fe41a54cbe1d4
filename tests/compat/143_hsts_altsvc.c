/* Scenario: HSTS and the Alt-Svc cache. The server speaks TLS and plain HTTP on one port
   (--plain-too), so http://NAME:PORT and its HSTS upgrade https://NAME:PORT both reach it; the
   names are mapped to 127.0.0.1 with CURLOPT_RESOLVE (HSTS ignores IP hosts) and the test
   certificate, which does not name them, is checked against the test CA with VERIFYHOST 0.
   HSTS: Strict-Transport-Security learnt over https, then http:// to that host upgraded with
   its explicit port kept (effective URL, request and Host lines, the verbose "Switched" line),
   the default port upgraded to 443; the header ignored over plain http and for an IP host;
   includeSubDomains; max-age=0; the HSTS file written at cleanup, a pre-written one (written
   after setopt: read at the transfer's start, and again at the next one's, which sees a line
   appended in between) with a far-future, an "unlimited", a wildcard and an expired entry; HSTSREADFUNCTION (entries, CURLSTS_FAIL), HSTSWRITEFUNCTION (entries with
   index/total, CURLSTS_DONE); redirects from http to an upgraded host; a CURL_LOCK_DATA_HSTS
   share. Alt-Svc: learnt over https and written at cleanup, ignored over plain http, a file
   loaded at setopt and rewritten, READONLYFILE, CURLOPT_ALTSVC_CTRL results. Dates that depend
   on the current time are printed as now+SECONDS (to the minute). Debian's 7.88 writes the
   HSTS file even with CURLHSTS_READONLYFILE, against its man page: that case is not run. */
// server: --tls server --plain-too
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "trace.h"

#define STS "hdr=Strict-Transport-Security:%20"
#define YEAR "max-age%3D31536000"
#define SUBS "%3B%20includeSubDomains"
#define ALT_H2 "hdr=Alt-Svc:%20h2%3D%22%3A443%22%3B%20ma%3D3600"

static char dir[64];
static char ca_file[1024]; /* run_scenario.py passes the test certificate directory as argv[2] */
static struct curl_slist *resolve_list;

static const char *path_of(const char *name) {
  static char ring[4][128];
  static int next;
  char *out = ring[next];
  next = (next + 1) % 4;
  snprintf(out, sizeof ring[0], "%s/%s", dir, name);
  return out;
}

static void write_file(const char *name, const char *text, const char *mode) {
  FILE *f = fopen(path_of(name), mode);
  if (!f) exit(1);
  fputs(text, f);
  fclose(f);
}

/* "http://HOST:PORT" + path, or https. */
static const char *url(const char *scheme, const char *host, const char *path) {
  static char ring[4][512];
  static int next;
  char *out = ring[next];
  next = (next + 1) % 4;
  snprintf(out, sizeof ring[0], "%s://%s:%d%s", scheme, host, trace_port(), path);
  return out;
}

/* A "YYYYMMDD HH:MM:SS" date: fixed dates (before 2011, after 2089) as they are, one computed
   from the current time as now+SECONDS rounded to the minute. */
static void mask_date(const char *in, char *out, size_t cap) {
  struct tm tm;
  memset(&tm, 0, sizeof tm);
  if (sscanf(in, "%4d%2d%2d %2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
             &tm.tm_min, &tm.tm_sec) != 6 ||
      tm.tm_year < 2011 || tm.tm_year > 2089) {
    snprintf(out, cap, "%s", in);
    return;
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  long ahead = (long)(timegm(&tm) - time(NULL));
  long rounded = (ahead >= 0 ? ahead + 30 : ahead - 30) / 60 * 60;
  snprintf(out, cap, "now%+ld", rounded);
}

/* Replaces every "YYYYMMDD HH:MM:SS" in line (in place) by its masked form. */
static void mask_dates_in(char *line, size_t cap) {
  for (char *p = line; *p; p++) {
    int digits = 0;
    while (digits < 8 && p[digits] >= '0' && p[digits] <= '9') digits++;
    if (digits != 8 || strlen(p) < 17 || p[8] != ' ' || p[11] != ':' || p[14] != ':') continue;
    char date[18], masked[40];
    memcpy(date, p, 17);
    date[17] = '\0';
    mask_date(date, masked, sizeof masked);
    size_t used = (size_t)(p - line);
    char rest[1024];
    snprintf(rest, sizeof rest, "%s", p + 17);
    snprintf(p, cap - used, "%s%s", masked, rest);
    p += strlen(masked) - 1;
  }
}

/* The file line by line, dates masked. */
static void print_file(const char *label, const char *name) {
  FILE *f = fopen(path_of(name), "rb");
  if (!f) {
    trace_line("%s: file %s does not exist", label, name);
    return;
  }
  trace_line("%s: file %s:", label, name);
  char line[1024];
  while (fgets(line, sizeof line, f)) {
    size_t n = strlen(line);
    int newline = n && line[n - 1] == '\n';
    if (newline) line[--n] = '\0';
    mask_dates_in(line, sizeof line);
    trace_line("%s: | %s%s", label, line, newline ? "" : "\\(no newline)");
  }
  fclose(f);
}

/* What the debug callback saw of one perform: headers sent and informational text. */
struct seen {
  char out[16384];
  size_t out_len;
  char text[16384];
  size_t text_len;
};

static void append(char *buf, size_t *len, size_t cap, const char *data, size_t size) {
  if (*len + size + 1 > cap) size = cap - *len - 1;
  memcpy(buf + *len, data, size);
  *len += size;
  buf[*len] = '\0';
}

static int debug_cb(CURL *h, curl_infotype type, char *data, size_t size, void *userdata) {
  (void)h;
  struct seen *s = userdata;
  if (!s) return 0;
  if (type == CURLINFO_HEADER_OUT) append(s->out, &s->out_len, sizeof s->out, data, size);
  if (type == CURLINFO_TEXT) {
    append(s->text, &s->text_len, sizeof s->text, data, size);
    if (size && data[size - 1] != '\n') append(s->text, &s->text_len, sizeof s->text, "\n", 1);
  }
  return 0;
}

static size_t discard_cb(char *ptr, size_t size, size_t nmemb, void *userdata) {
  (void)ptr;
  (void)userdata;
  return size * nmemb;
}

/* Request lines and Host lines sent, then the "Switched from HTTP to HTTPS" lines. */
static void print_seen(const char *label, const struct seen *s) {
  const char *p = s->out;
  while (*p) {
    const char *end = strchr(p, '\n');
    size_t n = end ? (size_t)(end - p) : strlen(p);
    if (n && p[n - 1] == '\r') n--;
    if (strncmp(p, "GET ", 4) == 0 || strncasecmp(p, "Host:", 5) == 0)
      trace_line("%s: sent %.*s", label, (int)n, p);
    if (!end) break;
    p = end + 1;
  }
  p = s->text;
  while (*p) {
    const char *end = strchr(p, '\n');
    size_t n = end ? (size_t)(end - p) : strlen(p);
    if (strncmp(p, "Switched from HTTP to HTTPS", 27) == 0) trace_line("%s: info %.*s", label, (int)n, p);
    if (!end) break;
    p = end + 1;
  }
}

static CURL *new_handle(void) {
  CURL *h = curl_easy_init();
  curl_easy_setopt(h, CURLOPT_RESOLVE, resolve_list);
  curl_easy_setopt(h, CURLOPT_CAINFO, ca_file);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
  curl_easy_setopt(h, CURLOPT_VERBOSE, 1L);
  curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, debug_cb);
  curl_easy_setopt(h, CURLOPT_DEBUGDATA, NULL);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard_cb);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, 3000L);
  return h;
}

static CURLcode fetch(CURL *h, const char *label, const char *target) {
  static struct seen s;
  memset(&s, 0, sizeof s);
  curl_easy_setopt(h, CURLOPT_URL, target);
  curl_easy_setopt(h, CURLOPT_DEBUGDATA, &s);
  CURLcode rc = curl_easy_perform(h);
  curl_easy_setopt(h, CURLOPT_DEBUGDATA, NULL);
  trace_code(label, rc);
  char *eff = NULL;
  curl_easy_getinfo(h, CURLINFO_EFFECTIVE_URL, &eff);
  trace_line("%s: effective %s", label, eff ? eff : "(null)");
  long code = -1;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
  trace_line("%s: response %ld", label, code);
  print_seen(label, &s);
  return rc;
}

/* Only the result and the effective URL: for upgrades to a port nothing listens on. */
static void fetch_short(CURL *h, const char *label, const char *target) {
  curl_easy_setopt(h, CURLOPT_URL, target);
  CURLcode rc = curl_easy_perform(h);
  trace_code(label, rc);
  char *eff = NULL;
  curl_easy_getinfo(h, CURLINFO_EFFECTIVE_URL, &eff);
  trace_line("%s: effective %s", label, eff ? eff : "(null)");
}

static CURL *hsts_handle(const char *file) {
  CURL *h = new_handle();
  trace_code("  HSTS_CTRL ENABLE", curl_easy_setopt(h, CURLOPT_HSTS_CTRL, CURLHSTS_ENABLE));
  if (file) trace_code("  HSTS file", curl_easy_setopt(h, CURLOPT_HSTS, path_of(file)));
  return h;
}

/* Learning over https, ignoring plain http and IP hosts, upgrades, the file at cleanup. */
static void learn(void) {
  trace_line("== learn");
  CURL *h = hsts_handle("learn.txt");
  fetch(h, "plain-sts", url("http", "hsts.test", "/p?" STS YEAR));
  fetch(h, "after-plain-sts", url("http", "hsts.test", "/after"));
  fetch(h, "ip-sts", url("https", "127.0.0.1", "/ip?" STS YEAR));
  fetch(h, "after-ip-sts", url("http", "127.0.0.1", "/after"));
  fetch(h, "tls-sts", url("https", "hsts.test", "/learn?" STS YEAR));
  fetch(h, "upgraded", url("http", "hsts.test", "/up?a=1"));
  fetch(h, "upgraded-case", url("http", "HSTS.TEST", "/case"));
  fetch(h, "sub-not-included", url("http", "sub.hsts.test", "/sub"));
  fetch_short(h, "default-port", "http://hsts.test/dflt");
  print_file("learn before cleanup", "learn.txt");
  curl_easy_cleanup(h);
  print_file("learn after cleanup", "learn.txt");
}

static void subdomains(void) {
  trace_line("== subdomains");
  CURL *h = hsts_handle(NULL);
  fetch(h, "sts-subs", url("https", "hsts.test", "/?" STS YEAR SUBS));
  fetch(h, "sub", url("http", "sub.hsts.test", "/sub"));
  fetch(h, "deep", url("http", "deep.sub.hsts.test", "/deep"));
  fetch(h, "suffix-only", url("http", "xhsts.test", "/x"));
  fetch(h, "sts-zero", url("https", "hsts.test", "/?" STS "max-age%3D0"));
  fetch(h, "after-zero", url("http", "hsts.test", "/z"));
  fetch(h, "sub-after-zero", url("http", "sub.hsts.test", "/z"));
  curl_easy_cleanup(h);
}

/* A pre-written file, written after setopt: it is read when the transfer starts. */
static void file_read(void) {
  trace_line("== file read");
  CURL *h = hsts_handle("pre.txt");
  write_file("pre.txt",
             "# a pre-written HSTS file\n"
             "future.test \"20991231 23:59:59\"\n"
             ".wild.test \"20991231 23:59:59\"\n"
             "expired.test \"20000101 00:00:00\"\n"
             "forever.test \"unlimited\"\n",
             "wb");
  fetch(h, "future", url("http", "future.test", "/f"));
  /* An entry appended once the file has been read: each transfer's start reads it again. */
  write_file("pre.txt", "late.test \"20991231 23:59:59\"\n", "ab");
  fetch(h, "late", url("http", "late.test", "/l"));
  fetch(h, "wild-sub", url("http", "a.wild.test", "/w"));
  fetch(h, "wild-itself", url("http", "wild.test", "/w"));
  fetch(h, "forever", url("http", "forever.test", "/u"));
  /* Last: 7.88 drops an expired entry when a lookup passes it, but a later transfer's
     re-read of the file brings it back and cleanup then writes it out again. */
  fetch(h, "expired", url("http", "expired.test", "/e"));
  curl_easy_cleanup(h);
  print_file("file read after cleanup", "pre.txt");
}

struct feed {
  const char *label;
  int calls;
  int fail_at; /* 1-based call that returns CURLSTS_FAIL, 0: never */
};

static CURLSTScode read_cb(CURL *easy, struct curl_hstsentry *e, void *clientp) {
  (void)easy;
  static const struct {
    const char *name;
    int subs;
    const char *expire;
  } entries[] = {
      {"cb.test", 0, "20991231 23:59:59"},
      {"wcb.test", 1, ""},
      {"old.test", 0, "20000101 00:00:00"},
  };
  struct feed *f = clientp;
  int call = ++f->calls;
  trace_line("%s: read callback call %d", f->label, call);
  if (f->fail_at == call) return CURLSTS_FAIL;
  if (call > 3) return CURLSTS_DONE;
  snprintf(e->name, e->namelen, "%s", entries[call - 1].name);
  e->includeSubDomains = (unsigned)entries[call - 1].subs;
  snprintf(e->expire, sizeof e->expire, "%s", entries[call - 1].expire);
  return CURLSTS_OK;
}

struct sink {
  const char *label;
  int stop_after; /* 0: take everything; else CURLSTS_DONE on that call */
  int calls;
};

static CURLSTScode write_cb(CURL *easy, struct curl_hstsentry *e, struct curl_index *i, void *clientp) {
  (void)easy;
  struct sink *s = clientp;
  char expire[40];
  mask_date(e->expire, expire, sizeof expire);
  trace_line("%s: write callback index=%zu total=%zu name=%s subdomains=%u expire=%s", s->label, i->index,
             i->total, e->name, (unsigned)e->includeSubDomains, expire);
  return ++s->calls == s->stop_after ? CURLSTS_DONE : CURLSTS_OK;
}

static void callbacks(void) {
  trace_line("== read callback");
  struct feed f = {"read", 0, 0};
  struct sink s = {"read", 0, 0};
  CURL *h = hsts_handle(NULL);
  curl_easy_setopt(h, CURLOPT_HSTSREADFUNCTION, read_cb);
  curl_easy_setopt(h, CURLOPT_HSTSREADDATA, &f);
  curl_easy_setopt(h, CURLOPT_HSTSWRITEFUNCTION, write_cb);
  curl_easy_setopt(h, CURLOPT_HSTSWRITEDATA, &s);
  trace_line("read: options set");
  fetch(h, "cb", url("http", "cb.test", "/c"));
  fetch(h, "wcb-sub", url("http", "x.wcb.test", "/c"));
  fetch(h, "old", url("http", "old.test", "/c"));
  trace_line("read: cleanup");
  curl_easy_cleanup(h);

  trace_line("== read callback fails");
  struct feed fail = {"fail", 0, 2};
  h = hsts_handle(NULL);
  curl_easy_setopt(h, CURLOPT_HSTSREADFUNCTION, read_cb);
  curl_easy_setopt(h, CURLOPT_HSTSREADDATA, &fail);
  fetch_short(h, "fail", url("http", "cb.test", "/c"));
  curl_easy_cleanup(h);

  trace_line("== write callback");
  struct sink all = {"write", 0, 0};
  h = hsts_handle(NULL);
  curl_easy_setopt(h, CURLOPT_HSTSWRITEFUNCTION, write_cb);
  curl_easy_setopt(h, CURLOPT_HSTSWRITEDATA, &all);
  fetch(h, "w1", url("https", "hsts.test", "/?" STS YEAR));
  fetch(h, "w2", url("https", "sub.hsts.test", "/?" STS "max-age%3D1200" SUBS));
  trace_line("write: cleanup");
  curl_easy_cleanup(h);

  trace_line("== write callback done early");
  struct sink first = {"write-done", 1, 0};
  h = hsts_handle(NULL);
  curl_easy_setopt(h, CURLOPT_HSTSWRITEFUNCTION, write_cb);
  curl_easy_setopt(h, CURLOPT_HSTSWRITEDATA, &first);
  fetch(h, "d1", url("https", "hsts.test", "/?" STS YEAR));
  fetch(h, "d2", url("https", "sub.hsts.test", "/?" STS YEAR));
  trace_line("write-done: cleanup");
  curl_easy_cleanup(h);
}

static void redirects(void) {
  trace_line("== redirects");
  CURL *h = hsts_handle(NULL);
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
  char path[512];
  /* The STS header arrives on the redirect response itself. */
  snprintf(path, sizeof path, "/learn?status=301&location=http://hsts.test:%d/back&%s",
           trace_port(), STS YEAR);
  fetch(h, "sts-then-redirect", url("https", "hsts.test", path));
  snprintf(path, sizeof path, "/r?status=302&location=http://hsts.test:%d/target", trace_port());
  fetch(h, "ip-redirects-to-host", url("http", "127.0.0.1", path));
  long n = -1;
  curl_easy_getinfo(h, CURLINFO_REDIRECT_COUNT, &n);
  trace_line("ip-redirects-to-host: redirects %ld", n);
  curl_easy_cleanup(h);
}

static void share(void) {
  trace_line("== share");
  CURLSH *sh = curl_share_init();
  trace_line("share HSTS: %d", (int)curl_share_setopt(sh, CURLSHOPT_SHARE, CURL_LOCK_DATA_HSTS));
  CURL *a = hsts_handle(NULL);
  curl_easy_setopt(a, CURLOPT_SHARE, sh);
  CURL *b = hsts_handle(NULL);
  curl_easy_setopt(b, CURLOPT_SHARE, sh);
  fetch(a, "a-learns", url("https", "hsts.test", "/?" STS YEAR));
  fetch(b, "b-upgraded", url("http", "hsts.test", "/b"));
  curl_easy_cleanup(a);
  fetch(b, "b-after-a-gone", url("http", "hsts.test", "/b2"));
  curl_easy_cleanup(b);
  trace_line("share cleanup: %d", (int)curl_share_cleanup(sh));
}

static CURL *altsvc_handle(const char *file) {
  CURL *h = new_handle();
  trace_code("  ALTSVC file", curl_easy_setopt(h, CURLOPT_ALTSVC, path_of(file)));
  return h;
}

static void altsvc(void) {
  trace_line("== alt-svc learnt");
  CURL *h = altsvc_handle("alt.txt");
  fetch(h, "alt-tls", url("https", "hsts.test", "/?" ALT_H2));
  fetch(h, "alt-plain", url("http", "sub.hsts.test", "/?" ALT_H2));
  print_file("alt before cleanup", "alt.txt");
  curl_easy_cleanup(h);
  print_file("alt after cleanup", "alt.txt");

  trace_line("== alt-svc over plain http only");
  h = altsvc_handle("alt-plain.txt");
  fetch(h, "plain-only", url("http", "hsts.test", "/?" ALT_H2));
  curl_easy_cleanup(h);
  print_file("alt plain after cleanup", "alt-plain.txt");

  static const char pre[] = "# pre-written alt-svc cache\n"
                            "h1 old.test 443 h2 old.test 443 \"20991231 23:59:59\" 0 0\n"
                            "h1 older.test 443 h2 alt.older.test 8443 \"20991231 23:59:59\" 1 0\n";
  trace_line("== alt-svc file loaded at setopt");
  write_file("alt-pre.txt", pre, "wb");
  h = altsvc_handle("alt-pre.txt");
  write_file("alt-pre.txt", "h1 late.test 443 h2 late.test 443 \"20991231 23:59:59\" 0 0\n", "ab");
  fetch(h, "pre-learn", url("https", "hsts.test", "/?" ALT_H2));
  curl_easy_cleanup(h);
  print_file("alt pre after cleanup", "alt-pre.txt");

  trace_line("== alt-svc READONLYFILE");
  write_file("alt-ro.txt", pre, "wb");
  h = altsvc_handle("alt-ro.txt");
  trace_code("  ALTSVC_CTRL READONLYFILE|H1|H2",
             curl_easy_setopt(h, CURLOPT_ALTSVC_CTRL,
                              (long)(CURLALTSVC_READONLYFILE | CURLALTSVC_H1 | CURLALTSVC_H2)));
  fetch(h, "ro-learn", url("https", "hsts.test", "/?" ALT_H2));
  curl_easy_cleanup(h);
  print_file("alt ro after cleanup", "alt-ro.txt");

  trace_line("== alt-svc ctrl");
  h = curl_easy_init();
  trace_code("ALTSVC_CTRL 0", curl_easy_setopt(h, CURLOPT_ALTSVC_CTRL, 0L));
  trace_code("ALTSVC_CTRL H1", curl_easy_setopt(h, CURLOPT_ALTSVC_CTRL, (long)CURLALTSVC_H1));
  trace_code("ALTSVC_CTRL H1|H2|H3",
             curl_easy_setopt(h, CURLOPT_ALTSVC_CTRL,
                              (long)(CURLALTSVC_H1 | CURLALTSVC_H2 | CURLALTSVC_H3)));
  trace_code("ALTSVC_CTRL READONLYFILE",
             curl_easy_setopt(h, CURLOPT_ALTSVC_CTRL, (long)CURLALTSVC_READONLYFILE));
  trace_code("ALTSVC_CTRL 0 again", curl_easy_setopt(h, CURLOPT_ALTSVC_CTRL, 0L));
  curl_easy_cleanup(h);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  snprintf(ca_file, sizeof ca_file, "%s/ca.pem", argc > 2 ? argv[2] : ".");
  curl_global_init(CURL_GLOBAL_DEFAULT);
  snprintf(dir, sizeof dir, "/tmp/xfer-compat-143-XXXXXX");
  if (!mkdtemp(dir)) return 1;
  static const char *names[] = {"hsts.test", "HSTS.TEST", "sub.hsts.test", "deep.sub.hsts.test", "xhsts.test",
                                "future.test", "wild.test", "a.wild.test", "expired.test", "forever.test",
                                "cb.test", "x.wcb.test", "old.test", "late.test", NULL};
  char entry[128];
  for (int i = 0; names[i]; i++) {
    snprintf(entry, sizeof entry, "%s:%d:127.0.0.1", names[i], trace_port());
    resolve_list = curl_slist_append(resolve_list, entry);
  }
  resolve_list = curl_slist_append(resolve_list, "hsts.test:80:127.0.0.1");
  resolve_list = curl_slist_append(resolve_list, "hsts.test:443:127.0.0.1");

  learn();
  subdomains();
  file_read();
  callbacks();
  redirects();
  share();
  altsvc();

  static const char *files[] = {"learn.txt",     "pre.txt",     "alt.txt",
                                "alt-plain.txt", "alt-pre.txt", "alt-ro.txt", NULL};
  for (int i = 0; files[i]; i++) unlink(path_of(files[i]));
  rmdir(dir);
  curl_slist_free_all(resolve_list);
  curl_global_cleanup();
  return 0;
}
