/* Scenario: DNS-over-HTTPS (CURLOPT_DOH_URL): the probes, what they inherit, failures, cache and bypasses. */
// server: --tls server --plain-too
#include <stdint.h>
#include <stdlib.h>

#include "tls_scenario.h"

/* The server's request counter, read over a plain connection of its own. */
static char stats_buf[256];
static size_t stats_len;
static size_t stats_cb(char *p, size_t s, size_t n, void *u) {
  (void)u;
  size_t len = s * n;
  if (stats_len + len < sizeof stats_buf) {
    memcpy(stats_buf + stats_len, p, len);
    stats_len += len;
    stats_buf[stats_len] = '\0';
  }
  return len;
}
static long server_requests(void) {
  stats_len = 0;
  stats_buf[0] = '\0';
  CURL *h = curl_easy_init();
  curl_easy_setopt(h, CURLOPT_URL, trace_url("/__stats"));
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, stats_cb);
  curl_easy_perform(h);
  curl_easy_cleanup(h);
  const char *at = strstr(stats_buf, "requests=");
  return at ? atol(at + 9) : -1;
}

static char doh_url[512];
/* https://localhost:PORT/dns-query?doh=1&QUERY (the DoH endpoint speaks TLS). */
static const char *doh(const char *query) {
  snprintf(doh_url, sizeof doh_url, "https://localhost:%d/dns-query?doh=1&%s", trace_port(), query);
  return doh_url;
}

static const char *named_url(const char *host, const char *path) {
  static char ring[4][512];
  static int next;
  char *out = ring[next];
  next = (next + 1) % 4;
  snprintf(out, sizeof ring[0], "http://%s:%d%s", host, trace_port(), path);
  return out;
}

typedef void (*setup_fn)(CURL *h);

/* One transfer to URL with DOH_URL set to doh_query (NULL: none); prints the result and
   how many requests the server saw for it (the transfer's own plus the DoH probes). */
static void run(const char *label, const char *url, const char *doh_query, setup_fn setup) {
  struct trace_xfer x;
  char err[CURL_ERROR_SIZE];
  trace_xfer_init(&x, 1);
  x.keep_body = 1;
  CURL *h = curl_easy_init();
  trace_xfer_attach(h, &x);
  curl_easy_setopt(h, CURLOPT_URL, url);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, err);
  err[0] = '\0';
  if (doh_query) curl_easy_setopt(h, CURLOPT_DOH_URL, doh(doh_query));
  if (setup) setup(h);
  long before = server_requests();
  CURLcode rc = curl_easy_perform(h);
  long after = server_requests();
  trace_result(label, rc, &x);
  trace_xfer_print_body_text(label, &x);
  /* Times in the text ("after 401 milliseconds") vary from run to run: digits become N. */
  for (char *c = err; *c; c++)
    if (*c >= '0' && *c <= '9') *c = 'N';
  trace_line("%s: errorbuffer \"%s\"", label, err);
  trace_line("%s: requests seen %ld", label, after - before - 1);
  INFO_LONG(h, RESPONSE_CODE);
  INFO_STR(h, PRIMARY_IP);
  curl_off_t lookup = -1;
  curl_easy_getinfo(h, CURLINFO_NAMELOOKUP_TIME_T, &lookup);
  trace_line("%s: NAMELOOKUP_TIME_T %s", label, lookup > 0 ? "positive" : lookup == 0 ? "zero" : "unset");
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
}

static void trust(CURL *h) { tls_trust_test_ca(h); }
static void doh_insecure(CURL *h) {
  curl_easy_setopt(h, CURLOPT_DOH_SSL_VERIFYPEER, 0L);
  curl_easy_setopt(h, CURLOPT_DOH_SSL_VERIFYHOST, 0L);
}
static void main_insecure(CURL *h) {
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
}
static void trust_v4(CURL *h) {
  tls_trust_test_ca(h);
  curl_easy_setopt(h, CURLOPT_IPRESOLVE, (long)CURL_IPRESOLVE_V4);
}
static struct curl_slist *pinned;
static void trust_pinned(CURL *h) {
  tls_trust_test_ca(h);
  curl_easy_setopt(h, CURLOPT_RESOLVE, pinned);
}
static void trust_follow(CURL *h) {
  tls_trust_test_ca(h);
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
}
static void empty_doh_url(CURL *h) { curl_easy_setopt(h, CURLOPT_DOH_URL, ""); }
static void plain_doh_url(CURL *h) {
  char url[256];
  snprintf(url, sizeof url, "http://127.0.0.1:%d/dns-query?doh=1&a=127.0.0.1", trace_port());
  curl_easy_setopt(h, CURLOPT_DOH_URL, url);
}

/* The same name twice on one handle: the second transfer takes the DoH answer from the cache. */
static void cached(void) {
  CURL *h = curl_easy_init();
  struct trace_xfer x;
  trace_xfer_init(&x, 2);
  trace_xfer_attach(h, &x);
  curl_easy_setopt(h, CURLOPT_URL, named_url("cache.example", "/?text=one"));
  curl_easy_setopt(h, CURLOPT_DOH_URL, doh("a=127.0.0.1"));
  tls_trust_test_ca(h);
  long before = server_requests();
  CURLcode rc1 = curl_easy_perform(h);
  long middle = server_requests();
  CURLcode rc2 = curl_easy_perform(h);
  long after = server_requests();
  trace_code("cache: first", rc1);
  trace_code("cache: second", rc2);
  trace_line("cache: requests seen %ld then %ld", middle - before - 1, after - middle - 1);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
}

/* Through a multi handle: what running counts and messages the application sees. */
static void in_multi(void) {
  CURLM *m = curl_multi_init();
  CURL *h = curl_easy_init();
  struct trace_xfer x;
  trace_xfer_init(&x, 3);
  x.keep_body = 1;
  trace_xfer_attach(h, &x);
  curl_easy_setopt(h, CURLOPT_URL, named_url("multi.example", "/?text=multi"));
  curl_easy_setopt(h, CURLOPT_DOH_URL, doh("a=127.0.0.1"));
  tls_trust_test_ca(h);
  curl_multi_add_handle(m, h);
  int running = -1, max_running = 0, first_running = -1;
  for (int i = 0; i < 2000; i++) {
    if (curl_multi_perform(m, &running) != CURLM_OK) break;
    if (first_running < 0) first_running = running;
    if (running > max_running) max_running = running;
    if (running == 0) break;
    curl_multi_poll(m, NULL, 0, 100, NULL);
  }
  trace_line("multi: first running %d, most running %d, last running %d", first_running, max_running, running);
  int msgs = 0, left = 0, ours = 0;
  CURLMsg *msg;
  while ((msg = curl_multi_info_read(m, &left))) {
    msgs++;
    if (msg->easy_handle == h) {
      ours++;
      trace_code("multi: result", msg->data.result);
    }
  }
  trace_line("multi: %d messages, %d for the application's handle", msgs, ours);
  trace_xfer_print_body_text("multi", &x);
  curl_multi_remove_handle(m, h);
  curl_easy_cleanup(h);
  curl_multi_cleanup(m);
  trace_xfer_free(&x);
}

/* A DoH server that never answers: the transfer's timeout ends the lookup. */
static void doh_timeout(CURL *h) {
  tls_trust_test_ca(h);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 400L);
}

/* The application removes its handle while the probes wait for the DoH server. */
static void remove_mid_lookup(void) {
  CURLM *m = curl_multi_init();
  CURL *h = curl_easy_init();
  curl_easy_setopt(h, CURLOPT_URL, named_url("removed.example", "/?text=x"));
  curl_easy_setopt(h, CURLOPT_DOH_URL, doh("hang=1"));
  tls_trust_test_ca(h);
  curl_multi_add_handle(m, h);
  int running = -1;
  for (int i = 0; i < 20; i++) {
    curl_multi_perform(m, &running);
    curl_multi_poll(m, NULL, 0, 20, NULL);
  }
  trace_line("remove: running while the DoH server hangs %d", running);
  trace_mcode("remove: remove_handle", curl_multi_remove_handle(m, h));
  /* libcurl 7.88 leaves the probes running (the count stays 2 until they end); xfer
     stops them with their owner (docs/DIFFERENCES.md), so the count is not compared. */
  trace_mcode("remove: perform", curl_multi_perform(m, &running));
  int left = 0, msgs = 0;
  while (curl_multi_info_read(m, &left)) msgs++;
  trace_line("remove: %d messages", msgs);
  curl_easy_cleanup(h);
  trace_mcode("remove: multi_cleanup", curl_multi_cleanup(m));
}

/* The multi handle is cleaned up with a lookup in progress. */
static void cleanup_mid_lookup(void) {
  CURLM *m = curl_multi_init();
  CURL *h = curl_easy_init();
  curl_easy_setopt(h, CURLOPT_URL, named_url("cleanup.example", "/?text=x"));
  curl_easy_setopt(h, CURLOPT_DOH_URL, doh("hang=1"));
  tls_trust_test_ca(h);
  curl_multi_add_handle(m, h);
  int running = -1;
  for (int i = 0; i < 10; i++) {
    curl_multi_perform(m, &running);
    curl_multi_poll(m, NULL, 0, 20, NULL);
  }
  trace_mcode("cleanup: multi_cleanup", curl_multi_cleanup(m));
  curl_easy_cleanup(h);
}

int main(int argc, char **argv) {
  tls_begin(argc, argv);
  {
    CURL *h = curl_easy_init();
    trace_code("setopt DOH_URL NULL", curl_easy_setopt(h, CURLOPT_DOH_URL, (char *)NULL));
    trace_code("setopt DOH_SSL_VERIFYPEER 1", curl_easy_setopt(h, CURLOPT_DOH_SSL_VERIFYPEER, 1L));
    trace_code("setopt DOH_SSL_VERIFYHOST 1", curl_easy_setopt(h, CURLOPT_DOH_SSL_VERIFYHOST, 1L));
    trace_code("setopt DOH_SSL_VERIFYHOST 3", curl_easy_setopt(h, CURLOPT_DOH_SSL_VERIFYHOST, 3L));
    trace_code("setopt DOH_SSL_VERIFYSTATUS 0", curl_easy_setopt(h, CURLOPT_DOH_SSL_VERIFYSTATUS, 0L));
    curl_easy_cleanup(h);
  }
  run("basic", named_url("foo.example", "/?text=hello"), "a=127.0.0.1", trust);
  run("cname", named_url("alias.example", "/?text=cname"), "cname=real.example&a=127.0.0.1", trust);
  run("two-a", named_url("two.example", "/?text=two"), "a=127.0.0.1&a=127.0.0.2", trust);
  run("untrusted", named_url("foo.example", "/?text=x"), "a=127.0.0.1", NULL);
  run("doh-insecure", named_url("foo.example", "/?text=insecure"), "a=127.0.0.1", doh_insecure);
  run("main-insecure", named_url("foo.example", "/?text=x"), "a=127.0.0.1", main_insecure);
  run("nxdomain", named_url("gone.example", "/?text=x"), "rcode=3", trust);
  run("no-records", named_url("empty.example", "/?text=x"), "ttl=5", trust);
  run("http-500", named_url("foo.example", "/?text=500"), "a=127.0.0.1&dohstatus=500", trust);
  run("truncated", named_url("foo.example", "/?text=x"), "a=127.0.0.1&dohcut=2", trust);
  run("junk-after", named_url("foo.example", "/?text=x"), "a=127.0.0.1&dohjunk=3", trust);
  run("bad-id", named_url("foo.example", "/?text=x"), "a=127.0.0.1&dohid=7", trust);
  run("too-big", named_url("foo.example", "/?text=x"), "a=127.0.0.1&dohjunk=4000", trust);
  run("ipresolve-v4", named_url("v4.example", "/?text=v4"), "a=127.0.0.1", trust_v4);
  char pin[128];
  snprintf(pin, sizeof pin, "pinned.example:%d:127.0.0.1", trace_port());
  pinned = curl_slist_append(NULL, pin);
  run("resolve-entry", named_url("pinned.example", "/?text=pinned"), "a=127.0.0.9", trust_pinned);
  curl_slist_free_all(pinned);
  run("ip-literal", named_url("127.0.0.1", "/?text=literal"), "a=127.0.0.9", trust);
  run("localhost", named_url("localhost", "/?text=local"), "a=127.0.0.9", trust);
  char redirect[256];
  snprintf(redirect, sizeof redirect, "/?status=302&location=http://second.example:%d/%%3Ftext=moved", trace_port());
  run("redirect", named_url("first.example", redirect), "a=127.0.0.1", trust_follow);
  run("empty-url", named_url("foo.example", "/?text=x"), NULL, empty_doh_url);
  run("plain-http-url", named_url("foo.example", "/?text=x"), NULL, plain_doh_url);
  run("doh-timeout", named_url("slow.example", "/?text=x"), "hang=1", doh_timeout);
  cached();
  in_multi();
  remove_mid_lookup();
  cleanup_mid_lookup();
  curl_global_cleanup();
  return 0;
}
