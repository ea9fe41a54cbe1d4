/* Scenario: what a handle remembers of authentication when the application changes
   CURLOPT_HTTPAUTH between transfers (a method picked earlier is dropped when no longer
   allowed; Digest challenges left unanswered make the next Digest challenge a duplicate that
   is answered with the old nonce once more), CURLOPT_DISALLOW_USERNAME_IN_URL (first URL and
   a redirect), CURLOPT_PORT (range checks, the first URL, relative and absolute redirects,
   the Host header and effective URL, 0 to turn it off) and a .netrc that does not parse.
   Digest here has no qop, so every Authorization line is deterministic and printed whole. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "trace.h"

/* The request lines, Host and Authorization of every request of a transfer, in order. */
static int debug_cb(CURL *h, curl_infotype type, char *data, size_t size, void *userdata) {
  (void)h;
  (void)userdata;
  if (type != CURLINFO_HEADER_OUT) return 0;
  char *copy = malloc(size + 1);
  memcpy(copy, data, size);
  copy[size] = '\0';
  int first = 1;
  for (char *save = NULL, *line = strtok_r(copy, "\r\n", &save); line; line = strtok_r(NULL, "\r\n", &save)) {
    /* The request line without its query (which names the test's ports). */
    if (first) {
      char *q = strchr(line, '?');
      if (q) strcpy(q, " HTTP/1.1");
    }
    if (first || strncmp(line, "Host:", 5) == 0 || strncmp(line, "Authorization:", 14) == 0)
      trace_line("  > %s", line);
    first = 0;
  }
  free(copy);
  return 0;
}

static size_t sink(char *p, size_t s, size_t n, void *u) {
  (void)p;
  (void)u;
  return s * n;
}

static CURL *new_handle(void) {
  CURL *h = curl_easy_init();
  curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, debug_cb);
  curl_easy_setopt(h, CURLOPT_VERBOSE, 1L);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, sink);
  return h;
}

static void perform(CURL *h, const char *label) {
  char err[CURL_ERROR_SIZE] = "";
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, err);
  trace_line("%s:", label);
  CURLcode rc = curl_easy_perform(h);
  long code = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
  /* A refused connection's message names a port and a time: only its code is printed. */
  if (rc == CURLE_COULDNT_CONNECT) err[0] = '\0';
  trace_line("  result %d %s, status %ld, error \"%s\"", (int)rc, trace_code_name(rc), code, err);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, NULL);
}

/* A path whose server wants Digest (nonce n1) or Basic, accepts only Basic u:right, and
   answers every refused Authorization with a fresh Digest nonce (n2) and Basic again. */
#define BOTH "challenge=Digest%20realm%3D%22r%22%2C%20nonce%3D%22n1%22&challenge=Basic%20realm%3D%22r%22" \
             "&authok=dTpyaWdodA%3D%3D" \
             "&rechallenge=Digest%20realm%3D%22r%22%2C%20nonce%3D%22n2%22&rechallenge=Basic%20realm%3D%22r%22"
/* The same with Basic first in each response. */
#define BOTH_BASIC_FIRST "challenge=Basic%20realm%3D%22r%22&challenge=Digest%20realm%3D%22r%22%2C%20nonce%3D%22n1%22" \
             "&authok=dTpyaWdodA%3D%3D" \
             "&rechallenge=Basic%20realm%3D%22r%22&rechallenge=Digest%20realm%3D%22r%22%2C%20nonce%3D%22n2%22"

static void auth_switch(void) {
  trace_line("== HTTPAUTH changed between transfers");
  CURL *h = new_handle();
  curl_easy_setopt(h, CURLOPT_URL, trace_url("/a1?" BOTH));
  curl_easy_setopt(h, CURLOPT_USERPWD, "u:wrong");
  curl_easy_setopt(h, CURLOPT_HTTPAUTH, (long)CURLAUTH_DIGEST);
  perform(h, "digest, wrong password");
  curl_easy_setopt(h, CURLOPT_URL, trace_url("/a2?" BOTH));
  curl_easy_setopt(h, CURLOPT_USERPWD, "u:right");
  curl_easy_setopt(h, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
  perform(h, "basic now, right password");
  curl_easy_setopt(h, CURLOPT_URL, trace_url("/a3?" BOTH));
  curl_easy_setopt(h, CURLOPT_HTTPAUTH, (long)CURLAUTH_DIGEST);
  perform(h, "digest again");
  curl_easy_setopt(h, CURLOPT_URL, trace_url("/a4?" BOTH));
  curl_easy_setopt(h, CURLOPT_HTTPAUTH, (long)CURLAUTH_ANY);
  perform(h, "any");
  curl_easy_cleanup(h);

  trace_line("== Digest refused, then Digest again on the handle");
  h = new_handle();
  curl_easy_setopt(h, CURLOPT_USERPWD, "u:wrong");
  curl_easy_setopt(h, CURLOPT_HTTPAUTH, (long)CURLAUTH_DIGEST);
  curl_easy_setopt(h, CURLOPT_URL, trace_url("/b1?" BOTH));
  perform(h, "first");
  curl_easy_setopt(h, CURLOPT_URL, trace_url("/b2?" BOTH));
  perform(h, "second");
  curl_easy_setopt(h, CURLOPT_URL, trace_url("/b3?" BOTH));
  perform(h, "third");
  curl_easy_cleanup(h);

  trace_line("== Basic refused (Digest offered after Basic / before it), then Digest");
  for (int order = 0; order < 2; order++) {
    h = new_handle();
    curl_easy_setopt(h, CURLOPT_USERPWD, "u:wrong");
    curl_easy_setopt(h, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
    curl_easy_setopt(h, CURLOPT_URL, trace_url(order ? "/c1?" BOTH : "/c1?" BOTH_BASIC_FIRST));
    perform(h, order ? "basic, digest listed first" : "basic, basic listed first");
    curl_easy_setopt(h, CURLOPT_HTTPAUTH, (long)CURLAUTH_DIGEST);
    curl_easy_setopt(h, CURLOPT_URL, trace_url(order ? "/c2?" BOTH : "/c2?" BOTH_BASIC_FIRST));
    perform(h, "then digest");
    curl_easy_cleanup(h);
  }
}

static void disallow_user(void) {
  trace_line("== DISALLOW_USERNAME_IN_URL");
  char url[512];
  CURL *h = new_handle();
  snprintf(url, sizeof url, "http://u:p@127.0.0.1:%d/d1", trace_port());
  curl_easy_setopt(h, CURLOPT_URL, url);
  trace_code("setopt 1", curl_easy_setopt(h, CURLOPT_DISALLOW_USERNAME_IN_URL, 1L));
  perform(h, "user in the URL");
  snprintf(url, sizeof url, "http://@127.0.0.1:%d/d2", trace_port());
  curl_easy_setopt(h, CURLOPT_URL, url);
  perform(h, "empty userinfo");
  curl_easy_setopt(h, CURLOPT_URL, trace_url("/d3"));
  perform(h, "no user");
  snprintf(url, sizeof url, "/d4?status=302&location=http%%3A%%2F%%2Fv%%40127.0.0.1%%3A%d%%2Fd5", trace_port());
  curl_easy_setopt(h, CURLOPT_URL, trace_url(url));
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
  perform(h, "redirect to a URL with a user");
  trace_code("setopt 0", curl_easy_setopt(h, CURLOPT_DISALLOW_USERNAME_IN_URL, 0L));
  perform(h, "allowed again");
  curl_easy_cleanup(h);
}

static void port_option(void) {
  trace_line("== PORT");
  CURL *h = new_handle();
  trace_code("setopt -1", curl_easy_setopt(h, CURLOPT_PORT, -1L));
  trace_code("setopt 65536", curl_easy_setopt(h, CURLOPT_PORT, 65536L));
  trace_code("setopt 65535", curl_easy_setopt(h, CURLOPT_PORT, 65535L));
  /* The URL names a port nobody listens on; the option names the server's. */
  int closed = trace_free_port();
  char url[512];
  snprintf(url, sizeof url, "http://127.0.0.1:%d/p1", closed);
  curl_easy_setopt(h, CURLOPT_URL, url);
  trace_code("setopt port", curl_easy_setopt(h, CURLOPT_PORT, (long)trace_port()));
  perform(h, "first URL");
  char *eff = NULL;
  curl_easy_getinfo(h, CURLINFO_EFFECTIVE_URL, &eff);
  trace_line("EFFECTIVE_URL is the URL given: %s", eff && strcmp(eff, url) == 0 ? "yes" : "no");
  perform(h, "same handle again");
  snprintf(url, sizeof url, "http://127.0.0.1:%d/p2?status=302&location=%%2Fp3", closed);
  curl_easy_setopt(h, CURLOPT_URL, url);
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
  perform(h, "relative redirect");
  trace_info_str(h, CURLINFO_EFFECTIVE_URL, "EFFECTIVE_URL");
  snprintf(url, sizeof url, "http://127.0.0.1:%d/p4?status=302&location=http%%3A%%2F%%2F127.0.0.1%%3A%d%%2Fp5",
           closed, closed);
  curl_easy_setopt(h, CURLOPT_URL, url);
  perform(h, "absolute redirect to the closed port");
  trace_code("setopt 0", curl_easy_setopt(h, CURLOPT_PORT, 0L));
  curl_easy_setopt(h, CURLOPT_URL, trace_url("/p6"));
  perform(h, "off again");
  curl_easy_cleanup(h);
}

static void bad_netrc(void) {
  trace_line("== .netrc that does not parse");
  char path[] = "/tmp/xfer-compat-netrc-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) return;
  const char text[] = "machine 127.0.0.1 login u password \"unterminated\n";
  if (write(fd, text, sizeof text - 1) < 0) trace_line("write failed");
  close(fd);
  CURL *h = new_handle();
  curl_easy_setopt(h, CURLOPT_URL, trace_url("/n1"));
  curl_easy_setopt(h, CURLOPT_NETRC_FILE, path);
  curl_easy_setopt(h, CURLOPT_NETRC, (long)CURL_NETRC_OPTIONAL);
  perform(h, "optional");
  curl_easy_setopt(h, CURLOPT_NETRC, (long)CURL_NETRC_IGNORED);
  perform(h, "ignored");
  curl_easy_cleanup(h);
  unlink(path);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  auth_switch();
  disallow_user();
  port_option();
  bad_netrc();
  curl_global_cleanup();
  return 0;
}
