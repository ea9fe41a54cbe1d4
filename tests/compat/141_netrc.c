/* Scenario: .netrc credentials (CURLOPT_NETRC_FILE pointing at a temporary file): NETRC
   OPTIONAL/REQUIRED/IGNORED and the default; a machine match, the `default` entry, no match;
   URL credentials against the file under OPTIONAL and REQUIRED; a user name set with USERNAME or
   in the URL and the password taken from the file for that login; USERPWD beside the file;
   quoted tokens, case of the machine name, a file without `default`; a missing file and an empty
   file (result codes); netrc with an auth challenge and across a redirect to another host. The
   Authorization line each request carried is printed (from the debug callback), with the
   Basic credentials decoded. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "trace.h"

static char dir[64];
static struct curl_slist *resolve_list;

static const char *path_of(const char *name) {
  static char ring[4][128];
  static int next;
  char *out = ring[next];
  next = (next + 1) % 4;
  snprintf(out, sizeof ring[0], "%s/%s", dir, name);
  return out;
}

static void write_file(const char *name, const char *text) {
  FILE *f = fopen(path_of(name), "wb");
  if (!f) exit(1);
  fputs(text, f);
  fclose(f);
}

static int b64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

static void b64_decode(const char *in, char *out, size_t cap) {
  size_t o = 0;
  unsigned acc = 0;
  int bits = 0;
  for (; *in && *in != '='; in++) {
    int v = b64_value(*in);
    if (v < 0) break;
    acc = (acc << 6) | (unsigned)v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      if (o + 1 < cap) out[o++] = (char)((acc >> bits) & 0xff);
    }
  }
  out[o] = '\0';
}

struct sent {
  char *buf;
  size_t len, cap;
};

static int debug_cb(CURL *h, curl_infotype type, char *data, size_t size, void *userdata) {
  (void)h;
  struct sent *o = userdata;
  if (!o || type != CURLINFO_HEADER_OUT) return 0;
  if (o->len + size + 1 > o->cap) {
    o->cap = (o->len + size + 1) * 2;
    o->buf = realloc(o->buf, o->cap);
    if (!o->buf) abort();
  }
  memcpy(o->buf + o->len, data, size);
  o->len += size;
  o->buf[o->len] = '\0';
  return 0;
}

static void print_sent(const char *label, const struct sent *o) {
  int at_start = 1;
  size_t i = 0;
  while (o->buf && i < o->len) {
    size_t end = i;
    while (end < o->len && o->buf[end] != '\n') end++;
    size_t n = end - i;
    char line[1024];
    if (n && o->buf[i + n - 1] == '\r') n--;
    if (n >= sizeof line) n = sizeof line - 1;
    memcpy(line, o->buf + i, n);
    line[n] = '\0';
    if (n == 0) {
      at_start = 1;
    } else if (at_start) {
      trace_line("%s: > %s", label, line);
      at_start = 0;
    } else if (strncasecmp(line, "Host:", 5) == 0) {
      trace_line("%s: >   %s", label, line);
    } else if (strncasecmp(line, "Authorization: Basic ", 21) == 0) {
      char plain[256];
      b64_decode(line + 21, plain, sizeof plain);
      trace_line("%s: >   %s  [%s]", label, line, plain);
    } else if (strncasecmp(line, "Authorization:", 14) == 0) {
      trace_line("%s: >   %s", label, line);
    }
    i = end + 1;
  }
}

static const char *host_url(const char *userinfo, const char *host, const char *path) {
  static char ring[4][512];
  static int next;
  char *out = ring[next];
  next = (next + 1) % 4;
  snprintf(out, sizeof ring[0], "http://%s%s%s:%d%s", userinfo ? userinfo : "", userinfo ? "@" : "",
           host, trace_port(), path);
  return out;
}

/* netrc: -1 leaves CURLOPT_NETRC unset; file NULL leaves CURLOPT_NETRC_FILE unset. */
static CURL *netrc_handle(long netrc, const char *file) {
  CURL *h = curl_easy_init();
  if (!h) exit(1);
  curl_easy_setopt(h, CURLOPT_RESOLVE, resolve_list);
  curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, debug_cb);
  curl_easy_setopt(h, CURLOPT_VERBOSE, 1L);
  if (netrc != -1) curl_easy_setopt(h, CURLOPT_NETRC, netrc);
  if (file) curl_easy_setopt(h, CURLOPT_NETRC_FILE, path_of(file));
  return h;
}

static void run(CURL *h, const char *label, const char *url) {
  struct trace_xfer x;
  struct sent o = {NULL, 0, 0};
  trace_xfer_init(&x, 0);
  trace_xfer_attach(h, &x);
  curl_easy_setopt(h, CURLOPT_DEBUGDATA, &o);
  curl_easy_setopt(h, CURLOPT_URL, url);
  CURLcode rc = curl_easy_perform(h);
  curl_easy_setopt(h, CURLOPT_DEBUGDATA, NULL);
  print_sent(label, &o);
  long code = -1;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
  trace_line("%s: result %d %s code %ld", label, (int)rc, trace_code_name(rc), code);
  free(o.buf);
  trace_xfer_free(&x);
}

static void one(const char *label, long netrc, const char *file, const char *url) {
  CURL *h = netrc_handle(netrc, file);
  run(h, label, url);
  curl_easy_cleanup(h);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  snprintf(dir, sizeof dir, "/tmp/xfer-compat-141-XXXXXX");
  if (!mkdtemp(dir)) return 1;
  static const char *const hosts[] = {"a.test", "b.test", "c.test", "d.test", "q.test", "up.test", NULL};
  for (int i = 0; hosts[i]; i++) {
    char entry[64];
    snprintf(entry, sizeof entry, "%s:%d:127.0.0.1", hosts[i], trace_port());
    resolve_list = curl_slist_append(resolve_list, entry);
  }
  write_file("netrc",
             "# a comment line\n"
             "machine a.test login alice password apw\n"
             "machine b.test\n"
             "  login bob\n"
             "  password bpw\n"
             "\n"
             "machine c.test login carol password cpw1\n"
             "machine c.test login carl password cpw2\n"
             "machine q.test login \"quo ted\" password \"p\\\"w d\"\n"
             "machine UP.TEST login upper password upw\n"
             "machine 127.0.0.1 login ipuser password ippw\n"
             "default login dflt password dpw\n");
  write_file("nodefault", "machine a.test login alice password apw\n");
  write_file("empty", "");
  write_file("loginonly", "machine a.test login lonely\n");
  write_file("passonly", "machine a.test password lonepw\n");

  /* The three modes and the default (no CURLOPT_NETRC). */
  one("optional", CURL_NETRC_OPTIONAL, "netrc", host_url(NULL, "a.test", "/e"));
  one("required", CURL_NETRC_REQUIRED, "netrc", host_url(NULL, "a.test", "/e"));
  one("ignored", CURL_NETRC_IGNORED, "netrc", host_url(NULL, "a.test", "/e"));
  one("unset", -1, "netrc", host_url(NULL, "a.test", "/e"));
  /* Matches: a multi-line entry, the IP address, a machine name in capitals, no match. */
  one("multiline", CURL_NETRC_OPTIONAL, "netrc", host_url(NULL, "b.test", "/e"));
  one("ip", CURL_NETRC_OPTIONAL, "netrc", trace_url("/e"));
  one("machine-case", CURL_NETRC_OPTIONAL, "netrc", host_url(NULL, "up.test", "/e"));
  one("quoted", CURL_NETRC_OPTIONAL, "netrc", host_url(NULL, "q.test", "/e"));
  one("default-entry", CURL_NETRC_OPTIONAL, "netrc", host_url(NULL, "d.test", "/e"));
  one("no-match-no-default", CURL_NETRC_OPTIONAL, "nodefault", host_url(NULL, "d.test", "/e"));
  one("no-match-required", CURL_NETRC_REQUIRED, "nodefault", host_url(NULL, "d.test", "/e"));
  /* Two entries for one machine: the first. */
  one("two-entries", CURL_NETRC_OPTIONAL, "netrc", host_url(NULL, "c.test", "/e"));
  /* A login without a password, a password without a login. */
  one("login-only", CURL_NETRC_OPTIONAL, "loginonly", host_url(NULL, "a.test", "/e"));
  one("password-only", CURL_NETRC_OPTIONAL, "passonly", host_url(NULL, "a.test", "/e"));

  /* URL credentials against the file. */
  one("url-optional", CURL_NETRC_OPTIONAL, "netrc", host_url("urlu:urlp", "a.test", "/e"));
  one("url-required", CURL_NETRC_REQUIRED, "netrc", host_url("urlu:urlp", "a.test", "/e"));
  /* A user name in the URL: the password of that login. */
  one("url-user-carl", CURL_NETRC_OPTIONAL, "netrc", host_url("carl", "c.test", "/e"));
  one("url-user-carol", CURL_NETRC_OPTIONAL, "netrc", host_url("carol", "c.test", "/e"));
  one("url-user-unknown", CURL_NETRC_OPTIONAL, "netrc", host_url("nobody", "c.test", "/e"));
  one("url-user-empty-password", CURL_NETRC_OPTIONAL, "netrc", host_url("carl:", "c.test", "/e"));

  /* USERNAME set: the password of that login from the file. */
  static const char *const users[] = {"carl", "carol", "nobody", NULL};
  for (int i = 0; users[i]; i++) {
    char label[48];
    snprintf(label, sizeof label, "username-%s", users[i]);
    CURL *h = netrc_handle(CURL_NETRC_OPTIONAL, "netrc");
    curl_easy_setopt(h, CURLOPT_USERNAME, users[i]);
    run(h, label, host_url(NULL, "c.test", "/e"));
    curl_easy_cleanup(h);
  }
  /* USERPWD beside the file, under OPTIONAL and REQUIRED; PASSWORD alone. */
  CURL *h = netrc_handle(CURL_NETRC_OPTIONAL, "netrc");
  curl_easy_setopt(h, CURLOPT_USERPWD, "opt:pw");
  run(h, "userpwd-optional", host_url(NULL, "a.test", "/e"));
  curl_easy_cleanup(h);
  h = netrc_handle(CURL_NETRC_REQUIRED, "netrc");
  curl_easy_setopt(h, CURLOPT_USERPWD, "opt:pw");
  run(h, "userpwd-required", host_url(NULL, "a.test", "/e"));
  curl_easy_cleanup(h);
  h = netrc_handle(CURL_NETRC_OPTIONAL, "netrc");
  curl_easy_setopt(h, CURLOPT_PASSWORD, "onlypw");
  run(h, "password-option", host_url(NULL, "a.test", "/e"));
  curl_easy_cleanup(h);

  /* Missing and empty files. */
  one("missing-required", CURL_NETRC_REQUIRED, "does-not-exist", host_url(NULL, "a.test", "/e"));
  one("missing-optional", CURL_NETRC_OPTIONAL, "does-not-exist", host_url(NULL, "a.test", "/e"));
  one("empty-required", CURL_NETRC_REQUIRED, "empty", host_url(NULL, "a.test", "/e"));
  one("empty-optional", CURL_NETRC_OPTIONAL, "empty", host_url(NULL, "a.test", "/e"));

  /* With a challenge under ANY: the first request goes bare, the retry has the file's. */
  h = netrc_handle(CURL_NETRC_OPTIONAL, "netrc");
  curl_easy_setopt(h, CURLOPT_HTTPAUTH, (long)CURLAUTH_ANY);
  run(h, "challenge-any", host_url(NULL, "a.test", "/e?challenge=Basic%20realm%3D%22x%22"));
  curl_easy_cleanup(h);

  /* A redirect to another host: that host's entry, or none? */
  char path[256];
  snprintf(path, sizeof path, "/r?status=302&location=http://b.test:%d/land", trace_port());
  h = netrc_handle(CURL_NETRC_OPTIONAL, "netrc");
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
  run(h, "redirect", host_url(NULL, "a.test", path));
  curl_easy_setopt(h, CURLOPT_UNRESTRICTED_AUTH, 1L);
  run(h, "redirect-unrestricted", host_url(NULL, "a.test", path));
  curl_easy_cleanup(h);

  /* The same handle after the file changes: read again for the next transfer? */
  write_file("changing", "machine a.test login first password one\n");
  h = netrc_handle(CURL_NETRC_OPTIONAL, "changing");
  run(h, "changing-1", host_url(NULL, "a.test", "/e"));
  write_file("changing", "machine a.test login second password two\n");
  run(h, "changing-2", host_url(NULL, "a.test", "/e"));
  curl_easy_cleanup(h);

  static const char *const files[] = {"netrc", "nodefault", "empty", "loginonly", "passonly", "changing", NULL};
  for (int i = 0; files[i]; i++) unlink(path_of(files[i]));
  rmdir(dir);
  curl_slist_free_all(resolve_list);
  curl_global_cleanup();
  return 0;
}
