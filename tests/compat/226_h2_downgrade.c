/* Scenario: HTTP/2 requests that go on over HTTP/1.1, as libcurl 7.88 does it. A stream the
   server resets with HTTP_1_1_REQUIRED (h2rst=13) is sent again over HTTP/1.1 ("Downgrades to
   HTTP/1.1"); the next transfer of the handle speaks h2 again. NTLM picked on an h2
   connection ("Forcing HTTP/1.1 for NTLM"): with CURLAUTH_NTLM (type-1 at once) and with
   CURLAUTH_ANY (after a 401). Each case prints the request lines the debug callback saw, the
   response status lines, which server connection answered (letters), the result, code,
   HTTP_VERSION and NUM_CONNECTS. */
// server: --tls server --h2
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tls_scenario.h"

static char request_lines[2048];

/* The first line of every request head the debug callback sees. */
static int on_debug(CURL *h, curl_infotype type, char *data, size_t size, void *userdata) {
  (void)h;
  (void)userdata;
  if (type != CURLINFO_HEADER_OUT) return 0;
  const char *eol = memchr(data, '\r', size);
  size_t n = eol ? (size_t)(eol - data) : size;
  size_t used = strlen(request_lines);
  if (used + n + 4 < sizeof request_lines) {
    memcpy(request_lines + used, data, n);
    strcpy(request_lines + used + n, " | ");
  }
  return 0;
}

static long seen_conns[16];
static int seen_count;

static char conn_letter(long c) {
  for (int i = 0; i < seen_count; i++)
    if (seen_conns[i] == c) return (char)('a' + i);
  if (seen_count == 16) return '?';
  seen_conns[seen_count] = c;
  return (char)('a' + seen_count++);
}

/* Status lines and the x-conn values of every response head, in order. */
static void print_heads(const char *label, const struct trace_xfer *x) {
  if (!x->headers) return;
  char line[256];
  for (const char *p = x->headers; *p;) {
    const char *nl = strchr(p, '\n');
    size_t n = nl ? (size_t)(nl - p) : strlen(p);
    if (n >= sizeof line) n = sizeof line - 1;
    memcpy(line, p, n);
    line[n] = '\0';
    if (strncmp(line, "HTTP/", 5) == 0) {
      char *cr = strstr(line, "\\r");
      if (cr) *cr = '\0';
      trace_line("%s: status %s", label, line);
    } else if (strncasecmp(line, "x-conn:", 7) == 0) {
      trace_line("%s: connection %c", label, conn_letter(strtol(line + 7, NULL, 10)));
    }
    if (!nl) break;
    p = nl + 1;
  }
}

static void run(const char *label, CURL *h, struct trace_xfer *x, const char *path) {
  char err[CURL_ERROR_SIZE];
  trace_xfer_init(x, x->id);
  x->keep_body = 1;
  trace_xfer_attach(h, x);
  curl_easy_setopt(h, CURLOPT_URL, tls_url("localhost", path));
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, err);
  curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, on_debug);
  curl_easy_setopt(h, CURLOPT_VERBOSE, 1L);
  request_lines[0] = '\0';
  CURLcode rc = curl_easy_perform(h);
  trace_result(label, rc, x);
  trace_line("%s: requests %s", label, request_lines);
  print_heads(label, x);
  INFO_LONG(h, RESPONSE_CODE);
  INFO_LONG(h, HTTP_VERSION);
  INFO_LONG(h, NUM_CONNECTS);
  trace_xfer_free(x);
}

static CURL *fresh(void) {
  CURL *h = curl_easy_init();
  tls_trust_test_ca(h);
  return h;
}

int main(int argc, char **argv) {
  tls_begin(argc, argv);
  struct trace_xfer x;
  memset(&x, 0, sizeof x);

  trace_line("== HTTP_1_1_REQUIRED");
  seen_count = 0;
  CURL *h = fresh();
  x.id = 1;
  run("h2 first", h, &x, "/first?size=5&conn=1");
  run("required", h, &x, "/req?h2rst=13&size=7&conn=1");
  run("after", h, &x, "/after?size=9&conn=1");
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, "abc=1");
  run("required post", h, &x, "/post?h2rst=13&echo=1&conn=1");
  CURL *other = fresh();
  run("other handle", other, &x, "/other?size=2&conn=1");
  curl_easy_cleanup(other);
  curl_easy_cleanup(h);
  h = fresh();
  run("fresh handle", h, &x, "/fresh?size=2&conn=1");
  run("fresh required", h, &x, "/fr?h2rst=13&size=2&conn=1");
  curl_easy_setopt(h, CURLOPT_FRESH_CONNECT, 1L);
  run("fresh connect after", h, &x, "/fc?size=2&conn=1");
  curl_easy_cleanup(h);

  trace_line("== NTLM at once");
  seen_count = 0;
  h = fresh();
  curl_easy_setopt(h, CURLOPT_HTTPAUTH, (long)CURLAUTH_NTLM);
  curl_easy_setopt(h, CURLOPT_USERPWD, "user:pass");
  run("ntlm", h, &x, "/ntlm?ntlm=v1&size=4&conn=1");
  run("ntlm again", h, &x, "/ntlm?ntlm=v1&size=4&conn=1");
  curl_easy_cleanup(h);

  trace_line("== NTLM after a 401");
  seen_count = 0;
  h = fresh();
  curl_easy_setopt(h, CURLOPT_HTTPAUTH, (long)CURLAUTH_ANY);
  curl_easy_setopt(h, CURLOPT_USERPWD, "user:pass");
  run("plain h2", h, &x, "/x?size=3&conn=1");
  run("any", h, &x, "/ntlm?ntlm=v1&size=4&conn=1");
  curl_easy_cleanup(h);

  trace_line("== Basic stays on h2");
  seen_count = 0;
  h = fresh();
  curl_easy_setopt(h, CURLOPT_HTTPAUTH, (long)CURLAUTH_ANY);
  curl_easy_setopt(h, CURLOPT_USERPWD, "user:pass");
  run("basic", h, &x, "/b?challenge=Basic%20realm%3Dx&size=4&conn=1");
  curl_easy_cleanup(h);
  return 0;
}
