/* Scenario: HTTP authentication round trips. HTTPAUTH ANY against a Basic challenge (a first
   request without credentials, the retry with them; CURLINFO_HTTPAUTH_AVAIL), Basic sent at once
   (HTTPAUTH BASIC and the default), a server that refuses again (its 401 returned as CURLE_OK),
   FAILONERROR on a retried and on a final 401, no credentials, POSTFIELDS and a read-callback
   POST (with and without a seek callback) under ANY, Bearer (XOAUTH2_BEARER), credentials and
   redirects to another host (UNRESTRICTED_AUTH), USERNAME/PASSWORD and URL credentials, a second
   transfer on the same handle. Every request head is read through the debug callback
   (HEADER_OUT, its request line and Authorization/Content-Length/Expect lines) with the body
   bytes that followed it (DATA_OUT); the header callback shows every response head, the write
   callback only what the application gets. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "trace.h"

static struct curl_slist *resolve_list;

/* The requests of one perform as the debug callback saw them. */
struct sent {
  char *buf;
  size_t len, cap;
};

static void sent_add(struct sent *o, const char *data, size_t size) {
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
}

static int starts_ci(const char *s, size_t n, const char *prefix) {
  size_t p = strlen(prefix);
  return n >= p && strncasecmp(s, prefix, p) == 0;
}

/* Heads are kept as text; the body bytes after a head become one "[body N]" line. */
static long pending_body;
static int debug_cb(CURL *h, curl_infotype type, char *data, size_t size, void *userdata) {
  (void)h;
  struct sent *o = userdata;
  if (!o) return 0;
  if (type == CURLINFO_HEADER_OUT) {
    if (pending_body) {
      char tmp[48];
      int n = snprintf(tmp, sizeof tmp, "[body %ld]\n", pending_body);
      sent_add(o, tmp, (size_t)n);
      pending_body = 0;
    }
    sent_add(o, data, size);
  } else if (type == CURLINFO_DATA_OUT) {
    pending_body += (long)size;
  }
  return 0;
}

static void print_sent(const char *label, struct sent *o) {
  if (pending_body) {
    char tmp[48];
    int n = snprintf(tmp, sizeof tmp, "[body %ld]\n", pending_body);
    sent_add(o, tmp, (size_t)n);
    pending_body = 0;
  }
  int at_start = 1;
  size_t i = 0;
  while (o->buf && i < o->len) {
    size_t end = i;
    while (end < o->len && o->buf[end] != '\n') end++;
    size_t n = end - i;
    const char *line = o->buf + i;
    if (n && line[n - 1] == '\r') n--;
    if (n == 0) {
      at_start = 1;
    } else if (starts_ci(line, n, "[body ")) {
      trace_line("%s: >   %.*s", label, (int)n, line);
      at_start = 1;
    } else if (at_start) {
      trace_line("%s: > %.*s", label, (int)n, line);
      at_start = 0;
    } else if (starts_ci(line, n, "Authorization:") || starts_ci(line, n, "Content-Length:") ||
               starts_ci(line, n, "Expect:") || starts_ci(line, n, "Transfer-Encoding:")) {
      trace_line("%s: >   %.*s", label, (int)n, line);
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

static CURL *new_handle(void) {
  CURL *h = curl_easy_init();
  if (!h) exit(1);
  curl_easy_setopt(h, CURLOPT_RESOLVE, resolve_list);
  curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, debug_cb);
  curl_easy_setopt(h, CURLOPT_VERBOSE, 1L);
  return h;
}

static void print_avail(const char *label, CURL *h) {
  long avail = -1;
  curl_easy_getinfo(h, CURLINFO_HTTPAUTH_AVAIL, &avail);
  long code = -1;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
  trace_line("%s: code %ld HTTPAUTH_AVAIL=%ld", label, code, avail);
}

/* One perform; url NULL keeps the handle's URL. Prints the requests, the response heads, the
   delivered body as text, the code and HTTPAUTH_AVAIL. */
static CURLcode run(CURL *h, const char *label, const char *url) {
  struct trace_xfer x;
  struct sent o = {NULL, 0, 0};
  trace_xfer_init(&x, 0);
  x.keep_body = 1;
  trace_xfer_attach(h, &x);
  pending_body = 0;
  curl_easy_setopt(h, CURLOPT_DEBUGDATA, &o);
  if (url) curl_easy_setopt(h, CURLOPT_URL, url);
  CURLcode rc = curl_easy_perform(h);
  curl_easy_setopt(h, CURLOPT_DEBUGDATA, NULL);
  print_sent(label, &o);
  trace_result(label, rc, &x);
  trace_xfer_print_body_text(label, &x);
  print_avail(label, h);
  free(o.buf);
  trace_xfer_free(&x);
  return rc;
}

#define BASIC_X "challenge=Basic%20realm%3D%22x%22"

/* A fresh handle with credentials (NULL: none) and HTTPAUTH (-1: not set). libcurl keeps what
   it learned about a server's schemes on the handle, so each case below starts afresh unless it
   is about that memory. */
static CURL *auth_handle(const char *userpwd, long auth) {
  CURL *h = new_handle();
  if (userpwd) curl_easy_setopt(h, CURLOPT_USERPWD, userpwd);
  if (auth != -1) curl_easy_setopt(h, CURLOPT_HTTPAUTH, auth);
  return h;
}

static void one(const char *label, const char *userpwd, long auth, long failonerror, const char *url) {
  CURL *h = auth_handle(userpwd, auth);
  if (failonerror) curl_easy_setopt(h, CURLOPT_FAILONERROR, 1L);
  run(h, label, url);
  curl_easy_cleanup(h);
}

static void basic_rounds(void) {
  CURL *h = auth_handle("user:pass", -1);
  trace_code("HTTPAUTH ANY", curl_easy_setopt(h, CURLOPT_HTTPAUTH, (long)CURLAUTH_ANY));
  run(h, "any-basic", trace_url("/a?" BASIC_X "&echo=1"));
  /* The same handle again: Basic is now sent at once, to any path and without a challenge. */
  run(h, "any-basic-again", trace_url("/other?" BASIC_X "&echo=1"));
  run(h, "any-no-challenge", trace_url("/a?echo=1"));
  /* Setting HTTPAUTH again does not forget it. */
  curl_easy_setopt(h, CURLOPT_HTTPAUTH, (long)CURLAUTH_ANY);
  run(h, "any-set-again", trace_url("/a?" BASIC_X "&text=ok"));
  curl_easy_cleanup(h);

  /* A fresh handle with ANY and a server that asks for nothing. */
  one("any-fresh-no-challenge", "user:pass", CURLAUTH_ANY, 0, trace_url("/a?echo=1"));
  /* HTTPAUTH BASIC, and no HTTPAUTH at all: credentials in the first request. */
  one("basic-direct", "user:pass", CURLAUTH_BASIC, 0, trace_url("/a?" BASIC_X "&echo=1"));
  one("default-direct", "user:pass", -1, 0, trace_url("/a?echo=1"));
  /* ANYSAFE leaves Basic out. */
  one("anysafe-basic", "user:pass", CURLAUTH_ANYSAFE, 0, trace_url("/a?" BASIC_X "&text=ok"));

  /* Odd credentials: no colon, empty password, empty user, a colon in the password, UTF-8. */
  static const char *const userpwds[] = {"justuser", "user:", ":pw", "user:pa:ss", "\xc3\xa9t\xc3\xa9:\xc3\xa0", NULL};
  for (int i = 0; userpwds[i]; i++) {
    char label[32];
    snprintf(label, sizeof label, "userpwd-%d", i);
    one(label, userpwds[i], CURLAUTH_ANY, 0, trace_url("/a?" BASIC_X));
  }
  /* USERNAME/PASSWORD, a password alone, credentials in the URL. */
  h = auth_handle(NULL, CURLAUTH_ANY);
  curl_easy_setopt(h, CURLOPT_USERNAME, "name");
  curl_easy_setopt(h, CURLOPT_PASSWORD, "word");
  run(h, "username-password", trace_url("/a?" BASIC_X));
  curl_easy_cleanup(h);
  h = auth_handle(NULL, CURLAUTH_ANY);
  curl_easy_setopt(h, CURLOPT_PASSWORD, "onlypw");
  run(h, "password-only", trace_url("/a?" BASIC_X));
  curl_easy_cleanup(h);
  char url[256];
  snprintf(url, sizeof url, "http://url%%20user:p%%40ss@127.0.0.1:%d/a?%s", trace_port(), BASIC_X);
  one("url-credentials", NULL, CURLAUTH_ANY, 0, url);
  one("url-credentials-basic", NULL, -1, 0, url);
  /* The option and the URL both. */
  one("url-and-option", "opt:ion", CURLAUTH_ANY, 0, url);
}

static void refusals(void) {
  /* The server answers 401 whatever comes. */
  static const char *const always401 =
      "/a?status=401&text=denied&hdr=WWW-Authenticate:%20Basic%20realm%3D%22x%22";
  one("refused-any", "user:wrong", CURLAUTH_ANY, 0, trace_url(always401));
  one("refused-basic", "user:wrong", CURLAUTH_BASIC, 0, trace_url(always401));
  /* FAILONERROR: a 401 that leads to a retry is no failure; a final one is. */
  one("fail-retried", "user:pass", CURLAUTH_ANY, 1, trace_url("/a?" BASIC_X "&text=ok"));
  one("fail-final-any", "user:wrong", CURLAUTH_ANY, 1, trace_url(always401));
  one("fail-final-basic", "user:wrong", CURLAUTH_BASIC, 1, trace_url(always401));
  /* No credentials: the 401 is the answer, with or without FAILONERROR. */
  one("no-credentials", NULL, CURLAUTH_ANY, 0, trace_url("/a?" BASIC_X "&text=secret"));
  one("no-credentials-fail", NULL, CURLAUTH_ANY, 1, trace_url("/a?" BASIC_X "&text=secret"));
  /* A 401 without any WWW-Authenticate, and one offering only an unknown scheme. */
  one("401-no-challenge", "user:pass", CURLAUTH_ANY, 0, trace_url("/a?status=401&text=x"));
  one("401-unknown-scheme", "user:pass", CURLAUTH_ANY, 0, trace_url("/a?challenge=Fancy%20realm%3D%22x%22&text=ok"));
  /* Several challenges at once: what HTTPAUTH_AVAIL reports, without and with credentials. */
  static const char *const several =
      "/a?status=401&hdr=WWW-Authenticate:%20Bearer%20realm%3D%22b%22"
      "&hdr=WWW-Authenticate:%20Basic%20realm%3D%22x%22"
      "&hdr=WWW-Authenticate:%20Fancy%20x%3Dy";
  one("avail-several-nocred", NULL, CURLAUTH_ANY, 0, trace_url(several));
  one("avail-several", "user:pass", CURLAUTH_ANY, 0, trace_url(several));
  /* The scheme name in any case, and two schemes in one header line. */
  one("challenge-lowercase", "user:pass", CURLAUTH_ANY, 0, trace_url("/a?challenge=basic%20realm%3D%22x%22&text=ok"));
  one("challenge-no-realm", "user:pass", CURLAUTH_ANY, 0, trace_url("/a?challenge=Basic&text=ok"));
  /* Only Digest allowed, the server offers Basic. */
  one("digest-wanted-basic-offered", "user:pass", CURLAUTH_DIGEST, 0, trace_url("/a?" BASIC_X "&text=ok"));
  /* HTTPAUTH NONE with credentials. */
  one("auth-none", "user:pass", CURLAUTH_NONE, 0, trace_url("/a?" BASIC_X "&text=ok"));
  /* A 407 is not a 401: no WWW-Authenticate retry. */
  one("status-407", "user:pass", CURLAUTH_ANY, 0,
      trace_url("/a?status=407&hdr=Proxy-Authenticate:%20Basic%20realm%3D%22p%22&text=p"));
  /* A 401 with Connection: close: the retry goes on a new connection. */
  CURL *h = auth_handle("user:pass", CURLAUTH_ANY);
  run(h, "challenge-connclose", trace_url("/a?" BASIC_X "&connclose=1&text=ok"));
  INFO_LONG(h, NUM_CONNECTS);
  curl_easy_cleanup(h);
  h = auth_handle("user:pass", CURLAUTH_ANY);
  run(h, "challenge-keepalive", trace_url("/a?" BASIC_X "&text=ok"));
  INFO_LONG(h, NUM_CONNECTS);
  curl_easy_cleanup(h);
}

struct upload {
  const char *data;
  size_t len, pos;
  int seeks;
};

static size_t read_cb(char *buf, size_t size, size_t nmemb, void *userdata) {
  struct upload *u = userdata;
  size_t n = size * nmemb;
  if (n > u->len - u->pos) n = u->len - u->pos;
  memcpy(buf, u->data + u->pos, n);
  u->pos += n;
  return n;
}

static int seek_cb(void *userdata, curl_off_t offset, int origin) {
  struct upload *u = userdata;
  u->seeks++;
  if (origin != SEEK_SET || offset < 0 || (size_t)offset > u->len) return CURL_SEEKFUNC_FAIL;
  u->pos = (size_t)offset;
  return CURL_SEEKFUNC_OK;
}

static void posts(void) {
  CURL *h = auth_handle("user:pass", CURLAUTH_ANY);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, "field=value&other=1");
  run(h, "post-any", trace_url("/p?" BASIC_X "&echo=1"));
  curl_easy_cleanup(h);
  h = auth_handle("user:pass", CURLAUTH_BASIC);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, "field=value&other=1");
  run(h, "post-basic", trace_url("/p?" BASIC_X "&echo=1"));
  curl_easy_cleanup(h);

  /* A read-callback body of known size, without and with a seek callback. */
  static const char body[] = "0123456789abcdefghij";
  for (int with_seek = 0; with_seek <= 1; with_seek++) {
    struct upload u = {body, sizeof body - 1, 0, 0};
    char label[32];
    snprintf(label, sizeof label, "post-readcb-seek%d", with_seek);
    h = auth_handle("user:pass", CURLAUTH_ANY);
    curl_easy_setopt(h, CURLOPT_POST, 1L);
    curl_easy_setopt(h, CURLOPT_READFUNCTION, read_cb);
    curl_easy_setopt(h, CURLOPT_READDATA, &u);
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)u.len);
    if (with_seek) {
      curl_easy_setopt(h, CURLOPT_SEEKFUNCTION, seek_cb);
      curl_easy_setopt(h, CURLOPT_SEEKDATA, &u);
    }
    run(h, label, trace_url("/p?" BASIC_X "&echo=1"));
    trace_line("%s: seeks %d", label, u.seeks);
    curl_easy_cleanup(h);
  }
  /* A PUT upload under ANY, with a seek callback. */
  struct upload u = {body, sizeof body - 1, 0, 0};
  h = auth_handle("user:pass", CURLAUTH_ANY);
  curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(h, CURLOPT_READFUNCTION, read_cb);
  curl_easy_setopt(h, CURLOPT_READDATA, &u);
  curl_easy_setopt(h, CURLOPT_INFILESIZE, (long)u.len);
  curl_easy_setopt(h, CURLOPT_SEEKFUNCTION, seek_cb);
  curl_easy_setopt(h, CURLOPT_SEEKDATA, &u);
  run(h, "put-any", trace_url("/p?" BASIC_X "&echo=1"));
  trace_line("put-any: seeks %d", u.seeks);
  curl_easy_cleanup(h);
}

static void bearer(void) {
  CURL *h = new_handle();
  trace_code("XOAUTH2_BEARER", curl_easy_setopt(h, CURLOPT_XOAUTH2_BEARER, "tok.en-123"));
  trace_code("HTTPAUTH BEARER", curl_easy_setopt(h, CURLOPT_HTTPAUTH, (long)CURLAUTH_BEARER));
  run(h, "bearer-direct", trace_url("/b?challenge=Bearer%20realm%3D%22b%22&echo=1"));
  curl_easy_cleanup(h);
  /* ANY with a token: the first request goes bare, the Bearer challenge is answered. */
  h = auth_handle(NULL, CURLAUTH_ANY);
  curl_easy_setopt(h, CURLOPT_XOAUTH2_BEARER, "tok.en-123");
  run(h, "bearer-any", trace_url("/b?challenge=Bearer%20realm%3D%22b%22&echo=1"));
  curl_easy_cleanup(h);
  /* A token and a user under ANY against a Basic challenge, and against both. */
  h = auth_handle("user:pass", CURLAUTH_ANY);
  curl_easy_setopt(h, CURLOPT_XOAUTH2_BEARER, "tok.en-123");
  run(h, "bearer-and-basic-any", trace_url("/b?" BASIC_X "&echo=1"));
  curl_easy_cleanup(h);
  h = auth_handle("user:pass", CURLAUTH_ANY);
  curl_easy_setopt(h, CURLOPT_XOAUTH2_BEARER, "tok.en-123");
  run(h, "bearer-or-basic-any", trace_url("/b?" BASIC_X "&challenge=Bearer%20realm%3D%22b%22&echo=1"));
  curl_easy_cleanup(h);
  /* A token and a user with HTTPAUTH BEARER: which header? */
  h = auth_handle("user:pass", CURLAUTH_BEARER);
  curl_easy_setopt(h, CURLOPT_XOAUTH2_BEARER, "tok.en-123");
  run(h, "bearer-with-user", trace_url("/b?echo=1"));
  curl_easy_cleanup(h);
  /* BEARER without a token. */
  one("bearer-no-token", NULL, CURLAUTH_BEARER, 0, trace_url("/b?challenge=Bearer%20realm%3D%22b%22&text=ok"));
}

static void redirects(void) {
  char path[256], path2[256], url[320];
  snprintf(path, sizeof path, "/r?status=302&location=http://b.test:%d/land%%3Fecho%%3D1", trace_port());
  snprintf(path2, sizeof path2,
           "/r?status=302&location=http://b.test:%d/land%%3Fchallenge%%3DBasic%%2520realm%%253D%%2522y%%2522%%26echo%%3D1",
           trace_port());
  for (int unrestricted = 0; unrestricted <= 1; unrestricted++) {
    char label[48];
    CURL *h = auth_handle("user:pass", -1);
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(h, CURLOPT_UNRESTRICTED_AUTH, (long)unrestricted);
    snprintf(label, sizeof label, "redirect-host-unrestricted%d", unrestricted);
    run(h, label, host_url("a.test", path));
    curl_easy_cleanup(h);
    /* Under ANY the other host's challenge is answered only with UNRESTRICTED_AUTH. */
    h = auth_handle("user:pass", CURLAUTH_ANY);
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(h, CURLOPT_UNRESTRICTED_AUTH, (long)unrestricted);
    snprintf(label, sizeof label, "redirect-any-unrestricted%d", unrestricted);
    run(h, label, host_url("a.test", path2));
    curl_easy_cleanup(h);
  }
  /* On the same host the credentials stay; the host name's case does not matter. */
  CURL *h = auth_handle("user:pass", -1);
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
  run(h, "redirect-same-host", host_url("a.test", "/r?status=302&location=/land%3Fecho%3D1"));
  snprintf(path, sizeof path, "/r?status=302&location=http://A.TEST:%d/land%%3Fecho%%3D1", trace_port());
  run(h, "redirect-same-host-upper", host_url("a.test", path));
  curl_easy_cleanup(h);
  /* Credentials from the URL. */
  snprintf(path, sizeof path, "/r?status=302&location=http://b.test:%d/land%%3Fecho%%3D1", trace_port());
  snprintf(url, sizeof url, "http://u:p@a.test:%d%s", trace_port(), path);
  h = auth_handle(NULL, -1);
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
  run(h, "redirect-url-credentials", url);
  curl_easy_cleanup(h);
  /* A Location that carries credentials of its own, with and without USERPWD. */
  snprintf(path, sizeof path, "/r?status=302&location=http://loc:cred@b.test:%d/land%%3Fecho%%3D1", trace_port());
  h = auth_handle(NULL, -1);
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
  run(h, "redirect-location-credentials", host_url("a.test", path));
  curl_easy_cleanup(h);
  h = auth_handle("user:pass", -1);
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
  run(h, "redirect-location-credentials-userpwd", host_url("a.test", path));
  curl_easy_cleanup(h);
  snprintf(path, sizeof path, "/r?status=302&location=http://loc:cred@a.test:%d/land%%3Fecho%%3D1", trace_port());
  h = auth_handle(NULL, -1);
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
  run(h, "redirect-location-credentials-same-host", host_url("a.test", path));
  curl_easy_cleanup(h);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  char entry[64];
  snprintf(entry, sizeof entry, "a.test:%d:127.0.0.1", trace_port());
  resolve_list = curl_slist_append(resolve_list, entry);
  snprintf(entry, sizeof entry, "b.test:%d:127.0.0.1", trace_port());
  resolve_list = curl_slist_append(resolve_list, entry);
  basic_rounds();
  refusals();
  posts();
  bearer();
  redirects();
  curl_slist_free_all(resolve_list);
  curl_global_cleanup();
  return 0;
}
