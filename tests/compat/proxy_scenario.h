/* Helpers for the proxy scenarios (18N_proxy_*): one traced transfer with what a proxy changes. */
#ifndef XFER_TESTS_COMPAT_PROXY_SCENARIO_H
#define XFER_TESTS_COMPAT_PROXY_SCENARIO_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace.h"

/* The last perform sent the same head twice (see proxy_perform). */
static int proxy_head_repeated;

/* Request head bytes as the library sent them (CURLINFO_HEADER_OUT), CONNECT included. */
struct proxy_sent {
  char buf[16384];
  size_t len;
};

static int proxy_debug_cb(CURL *h, curl_infotype type, char *data, size_t size, void *userdata) {
  (void)h;
  struct proxy_sent *s = userdata;
  if (type != CURLINFO_HEADER_OUT) return 0;
  if (size > sizeof s->buf - 1 - s->len) size = sizeof s->buf - 1 - s->len;
  memcpy(s->buf + s->len, data, size);
  s->len += size;
  s->buf[s->len] = '\0';
  return 0;
}

/* Prints the sent heads, one trace line per line, CR shown as \r. */
__attribute__((unused)) static void proxy_print_sent(const char *label, const struct proxy_sent *s) {
  size_t start = 0;
  for (size_t i = 0; i < s->len; i++) {
    if (s->buf[i] != '\n') continue;
    size_t n = i - start;
    int cr = n > 0 && s->buf[i - 1] == '\r';
    trace_line("%s: sent %.*s%s", label, (int)(cr ? n - 1 : n), s->buf + start, cr ? "\\r" : "");
    start = i + 1;
  }
  if (start < s->len) trace_line("%s: sent (partial) %.*s", label, (int)(s->len - start), s->buf + start);
}

/* Which known port a number is: the test server's, a real proxy's, or another one. */
__attribute__((unused)) static const char *proxy_port_name(long port) {
  static const char *kinds[] = {"tinyproxy", "dante", "dante-userpass", "tinyproxy-tls"};
  if (port == trace_port()) return "server";
  for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
    char var[64];
    snprintf(var, sizeof var, "XFER_TEST_PROXY_%s", kinds[i]);
    for (char *p = var; *p; p++) {
      if (*p == '-') *p = '_';
      if (*p >= 'a' && *p <= 'z') *p = (char)(*p - 'a' + 'A');
    }
    const char *v = getenv(var);
    if (v && atol(v) == port) return kinds[i];
  }
  if (port == 0) return "zero";
  return "other";
}

/* A handle with the trace callbacks, the debug callback collecting sent heads and an error
   buffer; the body is kept as text. */
__attribute__((unused)) static CURL *proxy_handle(struct trace_xfer *x, struct proxy_sent *sent, int id, const char *url) {
  CURL *h = trace_easy_new(x, id, NULL);
  x->keep_body = 1;
  sent->len = 0;
  sent->buf[0] = '\0';
  if (url) curl_easy_setopt(h, CURLOPT_URL, url);
  curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, proxy_debug_cb);
  curl_easy_setopt(h, CURLOPT_DEBUGDATA, sent);
  curl_easy_setopt(h, CURLOPT_VERBOSE, 1L);
  return h;
}

/* Resets the per-transfer records of a handle that is used again. */
__attribute__((unused)) static void proxy_again(CURL *h, struct trace_xfer *x, struct proxy_sent *sent, int id) {
  trace_xfer_free(x);
  trace_xfer_init(x, id);
  x->keep_body = 1;
  trace_xfer_attach(h, x);
  sent->len = 0;
  sent->buf[0] = '\0';
}

/* CURLINFO_PROXY_ERROR's value as its CURLPX_ name. */
__attribute__((unused)) static const char *proxy_error_name(long v) {
  static const char *names[] = {
      "OK", "BAD_ADDRESS_TYPE", "BAD_VERSION", "CLOSED", "GSSAPI", "GSSAPI_PERMSG",
      "GSSAPI_PROTECTION", "IDENTD", "IDENTD_DIFFER", "LONG_HOSTNAME", "LONG_PASSWD",
      "LONG_USER", "NO_AUTH", "RECV_ADDRESS", "RECV_AUTH", "RECV_CONNECT", "RECV_REQACK",
      "REPLY_ADDRESS_TYPE_NOT_SUPPORTED", "REPLY_COMMAND_NOT_SUPPORTED",
      "REPLY_CONNECTION_REFUSED", "REPLY_GENERAL_SERVER_FAILURE", "REPLY_HOST_UNREACHABLE",
      "REPLY_NETWORK_UNREACHABLE", "REPLY_NOT_ALLOWED", "REPLY_TTL_EXPIRED", "REPLY_UNASSIGNED",
      "REQUEST_FAILED", "RESOLVE_HOST", "SEND_AUTH", "SEND_CONNECT", "SEND_REQUEST",
      "UNKNOWN_FAIL", "UNKNOWN_MODE", "USER_REJECTED"};
  if (v >= 0 && v < (long)(sizeof names / sizeof names[0])) return names[v];
  return "(other)";
}

/* The getinfo values a proxy changes. */
__attribute__((unused)) static void proxy_print_info(const char *label, CURL *h) {
  long v;
  char *s;
  v = -1;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &v);
  trace_line("%s: RESPONSE_CODE %ld", label, v);
  v = -1;
  curl_easy_getinfo(h, CURLINFO_HTTP_CONNECTCODE, &v);
  trace_line("%s: HTTP_CONNECTCODE %ld", label, v);
  v = -1;
  curl_easy_getinfo(h, CURLINFO_PROXY_ERROR, &v);
  trace_line("%s: PROXY_ERROR %ld CURLPX_%s", label, v, proxy_error_name(v));
  v = -1;
  curl_easy_getinfo(h, CURLINFO_PROXYAUTH_AVAIL, &v);
  trace_line("%s: PROXYAUTH_AVAIL %ld", label, v);
  v = -1;
  curl_easy_getinfo(h, CURLINFO_HTTPAUTH_AVAIL, &v);
  trace_line("%s: HTTPAUTH_AVAIL %ld", label, v);
  v = -1;
  curl_easy_getinfo(h, CURLINFO_NUM_CONNECTS, &v);
  trace_line("%s: NUM_CONNECTS %ld", label, v);
  s = NULL;
  curl_easy_getinfo(h, CURLINFO_PRIMARY_IP, &s);
  trace_line("%s: PRIMARY_IP %s", label, s ? s : "(null)");
  v = -1;
  curl_easy_getinfo(h, CURLINFO_PRIMARY_PORT, &v);
  trace_line("%s: PRIMARY_PORT %s", label, proxy_port_name(v));
  s = NULL;
  curl_easy_getinfo(h, CURLINFO_EFFECTIVE_URL, &s);
  trace_line("%s: EFFECTIVE_URL %s", label, s ? s : "(null)");
  v = -1;
  curl_easy_getinfo(h, CURLINFO_HEADER_SIZE, &v);
  trace_line("%s: HEADER_SIZE %ld", label, v);
  v = -1;
  curl_easy_getinfo(h, CURLINFO_REQUEST_SIZE, &v);
  trace_line("%s: REQUEST_SIZE %ld", label, proxy_head_repeated ? v / 2 : v);
}

/* Performs, then prints the result, received headers, sent heads, body text and info.
   A kept proxy connection may close while idle (a real proxy's own timing): a library that
   notices first opens a new one, one that does not sends the request, finds the connection
   dead and sends it again on a new one. Both are right, so a head sent twice in a row is
   printed once, and counted once in REQUEST_SIZE. */
__attribute__((unused)) static CURLcode proxy_perform(const char *label, CURL *h, struct trace_xfer *x, struct proxy_sent *sent) {
  CURLcode rc = curl_easy_perform(h);
  trace_result(label, rc, x);
  proxy_head_repeated = sent->len > 0 && sent->len % 2 == 0 && memcmp(sent->buf, sent->buf + sent->len / 2, sent->len / 2) == 0;
  if (proxy_head_repeated) sent->len /= 2;
  proxy_print_sent(label, sent);
  /* An echoed request equal to the sent heads is said so rather than printed twice. */
  if (x->body_len && x->body_len == sent->len && memcmp(x->body, sent->buf, sent->len) == 0)
    trace_line("%s: body is the sent heads", label);
  else
    trace_xfer_print_body_text(label, x);
  proxy_print_info(label, h);
  proxy_head_repeated = 0;
  return rc;
}

/* One fresh handle for url, an optional setup step, everything printed and freed. */
__attribute__((unused)) static CURLcode proxy_once(const char *label, const char *url,
                                                   void (*setup)(CURL *h)) {
  struct trace_xfer x;
  struct proxy_sent sent;
  CURL *h = proxy_handle(&x, &sent, 1, url);
  if (setup) setup(h);
  CURLcode rc = proxy_perform(label, h, &x, &sent);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
  return rc;
}

/* "http://127.0.0.1:PORT" of the test server (the scripted proxy), static ring buffer. */
__attribute__((unused)) static const char *proxy_self(const char *scheme_prefix) {
  static char ring[4][128];
  static int next;
  char *out = ring[next];
  next = (next + 1) % 4;
  snprintf(out, sizeof ring[0], "%s127.0.0.1:%d", scheme_prefix, trace_port());
  return out;
}

/* printf into one of a few rotating static buffers. */
__attribute__((unused, format(printf, 1, 2))) static const char *proxy_fmt(const char *fmt, ...) {
  static char ring[8][512];
  static int next;
  char *out = ring[next];
  next = (next + 1) % 8;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(out, sizeof ring[0], fmt, ap);
  va_end(ap);
  return out;
}

#endif
