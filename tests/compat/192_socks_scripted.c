/* Scenario: SOCKS failure paths against the test server's scripted SOCKS peer (URL-PROTOCOL.md,
   "SOCKS"): every SOCKS5 reply code, method choices, bad versions, RFC 1929 logins with and
   without credentials and SOCKS5_AUTH, SOCKS4/4a rejections, bound addresses of every type
   followed at once by the response (nothing may be over-read), a proxy closing or stalling
   mid-handshake, replies a byte at a time, over-long names and users, PRE_PROXY before an
   HTTP proxy, keep-alive through SOCKS, and CURLINFO_PROXY_ERROR staying set on a handle.
   The method, login and greeting knobs are armed beforehand by a raw SOCKS4a request, since
   a SOCKS5 proxy chooses its method before the client names the destination. */
// server: --tls --plain-too
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tls_scenario.h"
#include "proxy_scenario.h"

static const char *proxy;
static const char *pre_proxy;
static long type = -1;
static const char *userpwd;
static long socks5_auth = -1;
static long connect_timeout_ms;
static long buffer_size;
static int tunnel;
static int mask_digits;
static char errbuf[CURL_ERROR_SIZE];

static void setup(CURL *h) {
  errbuf[0] = '\0';
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(h, CURLOPT_PROXY, proxy);
  tls_trust_test_ca(h);
  if (pre_proxy) curl_easy_setopt(h, CURLOPT_PRE_PROXY, pre_proxy);
  if (type >= 0) curl_easy_setopt(h, CURLOPT_PROXYTYPE, type);
  if (userpwd) curl_easy_setopt(h, CURLOPT_PROXYUSERPWD, userpwd);
  if (socks5_auth >= 0) trace_code("SOCKS5_AUTH", curl_easy_setopt(h, CURLOPT_SOCKS5_AUTH, socks5_auth));
  if (connect_timeout_ms) curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, connect_timeout_ms);
  if (buffer_size) curl_easy_setopt(h, CURLOPT_BUFFERSIZE, buffer_size);
  if (tunnel) curl_easy_setopt(h, CURLOPT_HTTPPROXYTUNNEL, 1L);
}

/* The error buffer; a timeout's milliseconds vary, so digits can be masked. */
static void print_errbuf(const char *label) {
  char shown[CURL_ERROR_SIZE];
  size_t n = 0;
  for (const char *p = errbuf; *p && n + 1 < sizeof shown; p++)
    shown[n++] = (mask_digits && *p >= '0' && *p <= '9') ? '#' : *p;
  shown[n] = '\0';
  trace_line("%s: ERRORBUFFER \"%s\"", label, shown);
}

static void reset_knobs(void) {
  pre_proxy = userpwd = NULL;
  type = socks5_auth = -1;
  connect_timeout_ms = buffer_size = 0;
  tunnel = mask_digits = 0;
}

static void run(const char *label, const char *url, const char *proxy_url) {
  struct trace_xfer x;
  struct proxy_sent sent;
  proxy = proxy_url;
  CURL *h = proxy_handle(&x, &sent, 1, url);
  setup(h);
  proxy_perform(label, h, &x, &sent);
  print_errbuf(label);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
  reset_knobs();
}

/* http://NAME:PORT/PATH: with socks4a/socks5h the name reaches the peer as its script. */
static const char *at(const char *name, const char *path) {
  return proxy_fmt("http://%s:%d%s", name, trace_port(), path);
}

int main(int argc, char **argv) {
  tls_begin(argc, argv);
  /* Own copies: proxy_self's few buffers rotate. */
  char s5h[64], s5[64], s4[64], s4a[64];
  snprintf(s5h, sizeof s5h, "%s", proxy_self("socks5h://"));
  snprintf(s5, sizeof s5, "%s", proxy_self("socks5://"));
  snprintf(s4, sizeof s4, "%s", proxy_self("socks4://"));
  snprintf(s4a, sizeof s4a, "%s", proxy_self("socks4a://"));
  char here[128];
  snprintf(here, sizeof here, "%s", trace_url("/s?echo=1"));
  char label[64];

  /* The success paths: a name (4a, 5h), an address (4, 5). */
  run("ok-5h", at("plain.test", "/s?echo=1"), s5h);
  run("ok-5", here, s5);
  run("ok-4", here, s4);
  run("ok-4a", at("plain.test", "/s?echo=1"), s4a);
  run("ok-5h-ip", here, s5h);

  /* Every SOCKS5 reply code, then unassigned ones. */
  for (int code = 1; code <= 9; code++) {
    snprintf(label, sizeof label, "reply5-%d", code);
    run(label, at(proxy_fmt("reply-%d.test", code), "/"), s5h);
  }
  run("reply5-200", at("reply-200.test", "/"), s5h);
  trace_socks_arm("reply-4");
  run("reply5-local-4", here, s5);

  /* SOCKS4 and 4a rejections. */
  run("reply4a-91", at("reply-91.test", "/"), s4a);
  run("reply4a-92", at("reply-92.test", "/"), s4a);
  run("reply4a-93", at("reply-93.test", "/"), s4a);
  run("reply4a-94", at("reply-94.test", "/"), s4a);
  run("reply4a-0", at("reply-0.test", "/"), s4a);
  trace_socks_arm("reply-91");
  run("reply4-local-91", here, s4);
  run("ver4a-4", at("ver-4.test", "/"), s4a);

  /* Methods the peer picks. GSS-API (1) is only refused alike when SOCKS5_AUTH leaves it out. */
  trace_socks_arm("method-255");
  run("method-255", here, s5);
  trace_socks_arm("method-1");
  socks5_auth = CURLAUTH_BASIC;
  run("method-1-basic", here, s5);
  trace_socks_arm("method-3");
  run("method-3", here, s5h);
  trace_socks_arm("method-128");
  run("method-128", here, s5h);
  trace_socks_arm("methodver-4");
  run("methodver-4", here, s5h);
  trace_socks_arm("methodver-0");
  run("methodver-0", here, s5h);
  run("ver5-4", at("ver-4.test", "/"), s5h);
  run("ver5-0", at("ver-0.test", "/"), s5h);

  /* RFC 1929: only user:pass passes. */
  trace_socks_arm("method-2");
  userpwd = "user:pass";
  run("login-ok", at("plain.test", "/s?echo=1"), s5h);
  trace_socks_arm("method-2");
  userpwd = "user:wrong";
  run("login-wrong", here, s5h);
  trace_socks_arm("method-2");
  run("login-none", here, s5h);
  trace_socks_arm("method-2");
  run("login-in-url", here, proxy_self("socks5h://user:pass@"));
  trace_socks_arm("method-2");
  run("login-in-url-wrong", here, proxy_self("socks5h://someone:pass@"));
  trace_socks_arm("method-2");
  userpwd = "user:pass";
  socks5_auth = CURLAUTH_NONE;
  run("login-auth-none", here, s5h);
  trace_socks_arm("method-2");
  userpwd = "user:pass";
  socks5_auth = CURLAUTH_BASIC;
  run("login-auth-basic", here, s5h);
  trace_socks_arm("method-2");
  userpwd = "user:";
  run("login-empty-password", here, s5h);
  userpwd = "user:pass";
  run("login-not-asked", here, s5h);
  socks5_auth = CURLAUTH_DIGEST;
  run("auth-digest", here, s5h);

  /* Bound addresses of each type, each followed in the same write by a response that the
     client must leave for the HTTP layer. */
  run("bound-name", at("bound-name.test", "/s?echo=1"), s5h);
  run("bound-v6", at("bound-v6.test", "/s?echo=1"), s5h);
  run("early-v4", at("early.test", "/"), s5h);
  run("early-name", at("bound-name.early.test", "/"), s5h);
  run("early-v6", at("bound-v6.early.test", "/"), s5h);
  run("early-4a", at("early.test", "/"), s4a);
  run("early-short-name", at("bound-short.early.test", "/"), s5h);
  run("bound-type-7", at("bound-type-7.test", "/"), s5h);
  trace_socks_arm("bound-name.slow");
  run("https-bound-name-slow", tls_url("localhost", "/s?echo=1"), s5h);

  /* The proxy closes or stalls mid-handshake. */
  run("close-request", at("close.test", "/"), s5h);
  run("half-reply", at("half.test", "/"), s5h);
  run("close-4a", at("close.test", "/"), s4a);
  run("half-4a", at("half.test", "/"), s4a);
  trace_socks_arm("close-greeting");
  run("close-greeting", here, s5);
  trace_socks_arm("half-greeting");
  run("half-greeting", here, s5);
  trace_socks_arm("method-2.close-login");
  userpwd = "user:pass";
  run("close-login", here, s5);
  connect_timeout_ms = 200;
  mask_digits = 1;
  run("hang-request", at("hang.test", "/"), s5h);
  trace_socks_arm("hang-greeting");
  connect_timeout_ms = 200;
  mask_digits = 1;
  run("hang-greeting", here, s5);

  /* Replies a byte at a time. */
  run("slow-5h", at("slow.bound-v6.test", "/s?echo=1"), s5h);
  run("slow-4a", at("slow.test", "/s?echo=1"), s4a);
  trace_socks_arm("slow.method-2");
  userpwd = "user:pass";
  run("slow-login", here, s5);

  /* Names and users too long for the protocol. */
  {
    char name[300];
    memset(name, 'a', sizeof name - 6);
    strcpy(name + sizeof name - 6, ".test");
    run("long-name-5h", at(name, "/"), s5h);
    run("long-name-4a", at(name, "/"), s4a);
    name[250] = '\0';
    run("name-250-4a", at(proxy_fmt("%s.test", name), "/"), s4a);
    run("name-255-5h", at(proxy_fmt("%s.test", name), "/"), s5h);
    char user[320];
    memset(user, 'u', 300);
    strcpy(user + 300, ":pass");
    trace_socks_arm("method-2");
    userpwd = user;
    run("long-user-5", here, s5);
    strcpy(user, "user:");
    memset(user + 5, 'p', 300);
    user[305] = '\0';
    trace_socks_arm("method-2");
    userpwd = user;
    run("long-password-5", here, s5);
    memset(user, 'u', 300);
    user[300] = '\0';
    userpwd = user;
    buffer_size = 1024;
    run("user-4-fits", here, s4);
    static char big[1100];
    memset(big, 'u', 1020);
    big[1020] = '\0';
    userpwd = big;
    buffer_size = 1024;
    run("long-user-4", here, s4);
  }
  run("socks4-ipv6", proxy_fmt("http://[::1]:%d/", trace_port()), s4);

  /* PRE_PROXY: SOCKS to the HTTP proxy (the server itself, absolute-form), then CONNECT. */
  pre_proxy = s5h;
  run("pre-proxy-5h", "http://origin.test/s?echo=1", proxy_self("http://"));
  pre_proxy = s4a;
  run("pre-proxy-4a", "http://origin.test/s?echo=1", proxy_fmt("http://proxy.test:%d", trace_port()));
  pre_proxy = s5h;
  run("pre-proxy-refused", "http://origin.test/", proxy_fmt("http://reply-5.test:%d", trace_port()));
  pre_proxy = s5h;
  tunnel = 1;
  run("pre-proxy-tunnel", tls_url("localhost", "/s?echo=1"), proxy_fmt("http://proxy.test:%d", trace_port()));
  pre_proxy = s5;
  run("pre-proxy-5-local", "http://origin.test/s?echo=1", proxy_self("http://"));

  /* Keep-alive through SOCKS, then CURLINFO_PROXY_ERROR across transfers of one handle:
     libcurl sets it on a SOCKS failure and never clears it. */
  {
    struct trace_xfer x;
    struct proxy_sent sent;
    proxy = s5h;
    CURL *h = proxy_handle(&x, &sent, 1, at("plain.test", "/k?echo=1&conn=1"));
    setup(h);
    proxy_perform("keepalive-1", h, &x, &sent);
    print_errbuf("keepalive-1");
    proxy_again(h, &x, &sent, 2);
    proxy_perform("keepalive-2", h, &x, &sent);
    print_errbuf("keepalive-2");

    proxy_again(h, &x, &sent, 3);
    curl_easy_setopt(h, CURLOPT_URL, at("reply-3.test", "/"));
    proxy_perform("sticky-fail", h, &x, &sent);
    print_errbuf("sticky-fail");
    proxy_again(h, &x, &sent, 4);
    curl_easy_setopt(h, CURLOPT_URL, at("plain.test", "/k?echo=1&conn=1"));
    proxy_perform("sticky-then-ok", h, &x, &sent);
    print_errbuf("sticky-then-ok");
    proxy_again(h, &x, &sent, 5);
    curl_easy_setopt(h, CURLOPT_URL, trace_url("/k?status=500"));
    curl_easy_setopt(h, CURLOPT_PROXY, "");
    proxy_perform("sticky-direct", h, &x, &sent);
    CURL *dup = curl_easy_duphandle(h);
    long v = -1;
    curl_easy_getinfo(dup, CURLINFO_PROXY_ERROR, &v);
    trace_line("sticky-dup: PROXY_ERROR %ld", v);
    curl_easy_cleanup(dup);
    curl_easy_reset(h);
    v = -1;
    curl_easy_getinfo(h, CURLINFO_PROXY_ERROR, &v);
    trace_line("sticky-reset: PROXY_ERROR %ld", v);
    curl_easy_cleanup(h);
    trace_xfer_free(&x);
    reset_knobs();
  }

  curl_global_cleanup();
  return 0;
}
