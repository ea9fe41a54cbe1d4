/* Scenario: GSS-API against a private Kerberos KDC (realm XFER.TEST, tests/support/kdc.py): HTTP
   Negotiate (SPNEGO) with HTTPAUTH NEGOTIATE and ANY, with and without USERPWD ":", SERVICE_NAME
   naming a principal the server holds and one nobody holds, GSSAPI_DELEGATION NONE /
   POLICY_FLAG / FLAG (only xsvc/localhost is ok_as_delegate), a server that never accepts, a
   POST body, a second transfer on the connection; Negotiate to a proxy (absolute-form and
   CONNECT) with PROXY_SERVICE_NAME; SOCKS5 GSS-API (RFC 1961) with SOCKS5_GSSAPI_SERVICE and
   SOCKS5_GSSAPI_NEC. Hosts are `localhost`, so the default principal is HTTP/localhost. What
   each request carried comes from the debug callback, what the server made of it from its
   X-Negotiate-* headers; tokens differ every run and print as <token>. */
// needs: kdc
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

static char url_buf[512];
static const char *origin(const char *path_and_query) {
  snprintf(url_buf, sizeof url_buf, "http://localhost:%d%s", trace_port(), path_and_query);
  return url_buf;
}

/* Negotiate to the origin with these settings; NULL userpwd leaves USERPWD unset. */
static void origin_case(const char *label, const char *query, long auth, const char *userpwd,
                        const char *service, long delegation) {
  CURL *h = new_handle(origin(query));
  curl_easy_setopt(h, CURLOPT_HTTPAUTH, auth);
  if (userpwd) curl_easy_setopt(h, CURLOPT_USERPWD, userpwd);
  if (service) curl_easy_setopt(h, CURLOPT_SERVICE_NAME, service);
  if (delegation >= 0) curl_easy_setopt(h, CURLOPT_GSSAPI_DELEGATION, delegation);
  perform(label, h);
  curl_easy_cleanup(h);
}

/* Arms the SOCKS peer's next handshake with LABELS (a raw SOCKS4a request, see
   URL-PROTOCOL.md), since a SOCKS5 proxy picks its method before it hears the destination. */
static void arm(const char *labels) {
  char req[300];
  memcpy(req, "\x04\x01\x00\x50\x00\x00\x00\x01\x00", 9);
  int n = snprintf(req + 9, sizeof req - 9, "arm.%s.test", labels);
  size_t len = 9 + (size_t)n + 1;
  unsigned char reply[8];
  size_t got = 0;
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in sa;
  memset(&sa, 0, sizeof sa);
  sa.sin_family = AF_INET;
  sa.sin_port = htons((unsigned short)trace_port());
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0 && send(fd, req, len, 0) == (ssize_t)len) {
    while (got < sizeof reply) {
      ssize_t r = recv(fd, reply + got, sizeof reply - got, 0);
      if (r <= 0) break;
      got += (size_t)r;
    }
  }
  if (fd >= 0) close(fd);
  trace_line("arm %s: %s", labels, got == sizeof reply && reply[1] == 90 ? "ok" : "FAILED");
}

/* SOCKS5 through the test server itself with GSS-API armed. */
static void socks_case(const char *label, const char *labels, long socks_auth, const char *service, long nec) {
  arm(labels);
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

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  const char *ok = "/n?negotiate=1&text=ok";

  /* The curl tool's --negotiate -u : ; then ANY; then no credentials at all. */
  origin_case("neg-colon", ok, CURLAUTH_NEGOTIATE, ":", NULL, -1);
  origin_case("any-colon", ok, CURLAUTH_ANY, ":", NULL, -1);
  origin_case("neg-nouser", ok, CURLAUTH_NEGOTIATE, NULL, NULL, -1);
  origin_case("any-nouser", ok, CURLAUTH_ANY, NULL, NULL, -1);
  origin_case("neg-user", ok, CURLAUTH_NEGOTIATE, "someone:secret", NULL, -1);

  /* Service names: xsvc/localhost is in the server's keytab, nosuch/localhost nowhere. */
  origin_case("service-xsvc", ok, CURLAUTH_NEGOTIATE, ":", "xsvc", -1);
  origin_case("service-none", ok, CURLAUTH_NEGOTIATE, ":", "nosuch", -1);

  /* Delegation: HTTP/localhost is not ok_as_delegate, xsvc/localhost is. */
  origin_case("deleg-none", ok, CURLAUTH_NEGOTIATE, ":", NULL, CURLGSSAPI_DELEGATION_NONE);
  origin_case("deleg-policy", ok, CURLAUTH_NEGOTIATE, ":", NULL, CURLGSSAPI_DELEGATION_POLICY_FLAG);
  origin_case("deleg-flag", ok, CURLAUTH_NEGOTIATE, ":", NULL, CURLGSSAPI_DELEGATION_FLAG);
  origin_case("deleg-policy-xsvc", ok, CURLAUTH_NEGOTIATE, ":", "xsvc", CURLGSSAPI_DELEGATION_POLICY_FLAG);

  /* A server that refuses every token: its 401 comes back as CURLE_OK. */
  origin_case("never", "/n?negotiate=never&text=no", CURLAUTH_NEGOTIATE, ":", NULL, -1);
  origin_case("never-any", "/n?negotiate=never&text=no", CURLAUTH_ANY, ":", NULL, -1);

  /* A POST body: how often it goes, and with which request. */
  {
    CURL *h = new_handle(origin("/n?negotiate=1&text=posted"));
    curl_easy_setopt(h, CURLOPT_HTTPAUTH, CURLAUTH_NEGOTIATE);
    curl_easy_setopt(h, CURLOPT_USERPWD, ":");
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, "name=value&more=1");
    perform("post-neg", h);
    curl_easy_setopt(h, CURLOPT_HTTPAUTH, CURLAUTH_ANY);
    perform("post-any", h);
    curl_easy_cleanup(h);
  }

  /* Two transfers on one handle and one connection (X-Conn numbers it). */
  {
    CURL *h = new_handle(origin("/n?negotiate=1&conn=1&text=first"));
    curl_easy_setopt(h, CURLOPT_HTTPAUTH, CURLAUTH_NEGOTIATE);
    curl_easy_setopt(h, CURLOPT_USERPWD, ":");
    perform("reuse-1", h);
    curl_easy_setopt(h, CURLOPT_URL, origin("/n?negotiate=1&conn=1&text=second"));
    perform("reuse-2", h);
    curl_easy_setopt(h, CURLOPT_URL, origin("/plain?conn=1&text=third"));
    perform("reuse-3-noauth", h);
    curl_easy_cleanup(h);
  }

  /* The test server as a Negotiate proxy: absolute-form, then a CONNECT tunnel. */
  {
    char proxy[64];
    snprintf(proxy, sizeof proxy, "http://localhost:%d", trace_port());
    const char *services[] = {NULL, "xsvc", "nosuch"};
    const char *labels[] = {"proxy", "proxy-service-xsvc", "proxy-service-none"};
    for (int i = 0; i < 3; i++) {
      CURL *h = new_handle("http://origin.test/p?proxynegotiate=1&text=proxied");
      curl_easy_setopt(h, CURLOPT_PROXY, proxy);
      curl_easy_setopt(h, CURLOPT_PROXYAUTH, CURLAUTH_NEGOTIATE);
      curl_easy_setopt(h, CURLOPT_PROXYUSERPWD, ":");
      if (services[i]) curl_easy_setopt(h, CURLOPT_PROXY_SERVICE_NAME, services[i]);
      perform(labels[i], h);
      curl_easy_cleanup(h);
    }
    CURL *h = new_handle("http://origin.test/p?proxynegotiate=1&text=proxied");
    curl_easy_setopt(h, CURLOPT_PROXY, proxy);
    curl_easy_setopt(h, CURLOPT_PROXYAUTH, CURLAUTH_ANY);
    curl_easy_setopt(h, CURLOPT_PROXYUSERPWD, ":");
    perform("proxy-any", h);
    curl_easy_cleanup(h);

    char target[128];
    snprintf(target, sizeof target, "http://negotiate.test:%d/t?text=tunnelled", trace_port());
    h = new_handle(target);
    curl_easy_setopt(h, CURLOPT_PROXY, proxy);
    curl_easy_setopt(h, CURLOPT_HTTPPROXYTUNNEL, 1L);
    curl_easy_setopt(h, CURLOPT_PROXYAUTH, CURLAUTH_NEGOTIATE);
    curl_easy_setopt(h, CURLOPT_PROXYUSERPWD, ":");
    perform("connect", h);
    curl_easy_cleanup(h);
  }

  /* SOCKS5 GSS-API. libcurl 7.88 takes method 1 only when the proxy's method reply is already
     there when it first reads (its allow_gssapi flag is lost when the read has to wait), and
     then does not go on to the request: `slow` makes the wait certain, so the trace is stable. */
  socks_case("socks-gssapi", "gssapi.slow", CURLAUTH_GSSAPI, NULL, -1);
  socks_case("socks-default-auth", "gssapi.slow", -1, NULL, -1);
  socks_case("socks-service", "gssapi.slow", CURLAUTH_GSSAPI, "socks", -1);
  socks_case("socks-nec", "gssapi.slow", CURLAUTH_GSSAPI, NULL, 1);
  socks_case("socks-basic-only", "gssapi", CURLAUTH_BASIC, NULL, -1);

  curl_global_cleanup();
  return 0;
}
