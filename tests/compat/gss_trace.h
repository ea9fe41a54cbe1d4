/* Shared by the GSS-API scenarios (203, 204): tracing of requests, responses and results with
   Negotiate tokens masked, and arming the test server's SOCKS peer. Static functions: each
   scenario includes it once. */
#ifndef XFER_COMPAT_GSS_TRACE_H
#define XFER_COMPAT_GSS_TRACE_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "trace.h"

/* Collected lines of one perform: request heads (">"), body byte counts, response heads ("<"). */
static char lines[16384];
static size_t lines_len;
static long body_out;

static void add_line(const char *prefix, const char *text, size_t n) {
  while (n && (text[n - 1] == '\n' || text[n - 1] == '\r')) n--;
  char masked[1024];
  size_t m = 0;
  /* A base64 token after "Negotiate " changes every run: only its presence is kept. */
  const char *neg = NULL;
  for (size_t i = 0; i + 10 <= n; i++)
    if (strncasecmp(text + i, "Negotiate ", 10) == 0) {
      neg = text + i + 10;
      break;
    }
  if (neg && neg < text + n) {
    size_t head = (size_t)(neg - text);
    m = (size_t)snprintf(masked, sizeof masked, "%.*s<token>", (int)head, text);
  } else {
    m = (size_t)snprintf(masked, sizeof masked, "%.*s", (int)n, text);
  }
  if (m >= sizeof masked) m = sizeof masked - 1;
  int w = snprintf(lines + lines_len, sizeof lines - lines_len, "%s%s\n", prefix, masked);
  if (w > 0 && (size_t)w < sizeof lines - lines_len) lines_len += (size_t)w;
}

static void flush_body(void) {
  if (!body_out) return;
  char tmp[48];
  int n = snprintf(tmp, sizeof tmp, "[body %ld]", body_out);
  add_line("> ", tmp, (size_t)n);
  body_out = 0;
}

/* Request heads: only the lines that matter here (the request line, the credentials, the
   body's size); User-Agent, Host, Accept are the same every time. */
static int debug_cb(CURL *h, curl_infotype type, char *data, size_t size, void *userdata) {
  (void)h;
  (void)userdata;
  if (type == CURLINFO_DATA_OUT) body_out += (long)size;
  if (type != CURLINFO_HEADER_OUT) return 0;
  flush_body();
  size_t i = 0;
  int first = 1;
  while (i < size) {
    size_t end = i;
    while (end < size && data[end] != '\n') end++;
    const char *l = data + i;
    size_t n = end - i;
    if (first || (n >= 14 && strncasecmp(l, "Authorization:", 14) == 0) ||
        (n >= 20 && strncasecmp(l, "Proxy-Authorization:", 20) == 0) ||
        (n >= 15 && strncasecmp(l, "Content-Length:", 15) == 0))
      add_line("> ", l, n);
    first = 0;
    i = end + 1;
  }
  return 0;
}

/* Response heads, all lines but Content-Type (always text/plain). */
static size_t header_cb(char *ptr, size_t size, size_t nmemb, void *userdata) {
  (void)userdata;
  size_t n = size * nmemb;
  if (!(n >= 13 && strncasecmp(ptr, "Content-Type:", 13) == 0) && !(n <= 2 && (ptr[0] == '\r' || ptr[0] == '\n')))
    add_line("< ", ptr, n);
  return n;
}

static char body[256];
static size_t body_len;
static size_t write_cb(char *ptr, size_t size, size_t nmemb, void *userdata) {
  (void)userdata;
  size_t n = size * nmemb;
  size_t room = sizeof body - 1 - body_len;
  memcpy(body + body_len, ptr, n < room ? n : room);
  body_len += n < room ? n : room;
  body[body_len] = '\0';
  return n;
}

static char errbuf[CURL_ERROR_SIZE];

static CURL *new_handle(const char *url) {
  CURL *h = curl_easy_init();
  curl_easy_setopt(h, CURLOPT_URL, url);
  curl_easy_setopt(h, CURLOPT_VERBOSE, 1L);
  curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, debug_cb);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, header_cb);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, write_cb);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 5000L);
  return h;
}

/* Writes the names of an auth mask into out (callers pass their own buffers, so that two
   masks can go into one line). */
static const char *auth_names(long mask, char *out) {
  out[0] = '\0';
  const struct { long bit; const char *name; } names[] = {
      {CURLAUTH_BASIC, "basic"}, {CURLAUTH_DIGEST, "digest"}, {CURLAUTH_NEGOTIATE, "negotiate"},
      {CURLAUTH_NTLM, "ntlm"},   {CURLAUTH_BEARER, "bearer"}};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (mask & names[i].bit) {
      strcat(out, out[0] ? "," : "");
      strcat(out, names[i].name);
    }
  return out[0] ? out : "none";
}

/* Performs and prints: result, codes, what went out and came back, the body. */
static void perform(const char *label, CURL *h) {
  lines_len = 0;
  lines[0] = '\0';
  body_out = 0;
  body_len = 0;
  body[0] = '\0';
  errbuf[0] = '\0';
  CURLcode rc = curl_easy_perform(h);
  flush_body();
  long code = 0, avail = 0, proxy_avail = 0, proxy_error = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
  curl_easy_getinfo(h, CURLINFO_HTTPAUTH_AVAIL, &avail);
  curl_easy_getinfo(h, CURLINFO_PROXYAUTH_AVAIL, &proxy_avail);
  curl_easy_getinfo(h, CURLINFO_PROXY_ERROR, &proxy_error);
  char avail_names[128], proxy_avail_names[128];
  trace_line("%s: result %d %s, response %ld, httpauth_avail %s, proxyauth_avail %s, proxy_error %ld", label,
             (int)rc, trace_code_name(rc), code, auth_names(avail, avail_names),
             auth_names(proxy_avail, proxy_avail_names), proxy_error);
  if (errbuf[0]) trace_line("%s: error \"%s\"", label, errbuf);
  char *p = lines;
  while (*p) {
    char *nl = strchr(p, '\n');
    *nl = '\0';
    trace_line("%s: %s", label, p);
    p = nl + 1;
  }
  if (body_len) trace_line("%s: body \"%.*s\"", label, (int)strcspn(body, "\n"), body);
}

/* SOCKS5 through the test server itself with GSS-API armed. */
static void socks_case(const char *label, const char *labels, long socks_auth, const char *service, long nec) {
  trace_socks_arm(labels);
  char proxy[64], target[128];
  snprintf(proxy, sizeof proxy, "socks5h://localhost:%d", trace_port());
  snprintf(target, sizeof target, "http://socks.test:%d/s?text=tunnel", trace_port());
  CURL *h = new_handle(target);
  curl_easy_setopt(h, CURLOPT_PROXY, proxy);
  if (socks_auth >= 0) curl_easy_setopt(h, CURLOPT_SOCKS5_AUTH, socks_auth);
  if (service) curl_easy_setopt(h, CURLOPT_SOCKS5_GSSAPI_SERVICE, service);
  if (nec >= 0) curl_easy_setopt(h, CURLOPT_SOCKS5_GSSAPI_NEC, nec);
  perform(label, h);
  curl_easy_cleanup(h);
}

#endif
