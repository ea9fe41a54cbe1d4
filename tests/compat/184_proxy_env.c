/* Scenario: proxies from the environment: http_proxy (lower case only), HTTPS_PROXY and
   https_proxy, ALL_PROXY/all_proxy, NO_PROXY/no_proxy, and the options that override them
   (PROXY, PROXY "", NOPROXY). The test server plays the proxy; run_scenario.py clears the
   caller's proxy variables, and every case sets exactly the ones it names. */
// server: --tls --plain-too
#include "tls_scenario.h"
#include "proxy_scenario.h"

static const char *vars[] = {"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY",
                             "all_proxy", "ALL_PROXY", "no_proxy", "NO_PROXY"};

static void clear_env(void) {
  for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) unsetenv(vars[i]);
}

static const char *opt_proxy;
static const char *opt_noproxy;

static void setup(CURL *h) {
  tls_trust_test_ca(h);
  if (opt_proxy) curl_easy_setopt(h, CURLOPT_PROXY, opt_proxy);
  if (opt_noproxy) curl_easy_setopt(h, CURLOPT_NOPROXY, opt_noproxy);
}

/* Sets NAME=VALUE pairs (NULL-terminated), runs one transfer, clears the environment. */
static void run(const char *label, const char *url, const char *name1, const char *value1,
                const char *name2, const char *value2) {
  clear_env();
  if (name1) setenv(name1, value1, 1);
  if (name2) setenv(name2, value2, 1);
  proxy_once(label, url, setup);
  clear_env();
  opt_proxy = opt_noproxy = NULL;
}

int main(int argc, char **argv) {
  tls_begin(argc, argv);
  const char *self = proxy_self("http://");
  const char *plain_url = "http://origin.test/v?echo=1";
  const char *direct_url = trace_url("/v?echo=1");
  const char *tls_target = tls_url("localhost", "/v?echo=1");

  run("none", direct_url, NULL, NULL, NULL, NULL);
  run("http_proxy", plain_url, "http_proxy", self, NULL, NULL);
  run("HTTP_PROXY-ignored", direct_url, "HTTP_PROXY", self, NULL, NULL);
  run("http_proxy-noscheme", plain_url, "http_proxy", proxy_self(""), NULL, NULL);
  run("https_proxy", tls_target, "https_proxy", self, NULL, NULL);
  run("HTTPS_PROXY", tls_target, "HTTPS_PROXY", self, NULL, NULL);
  run("https_proxy-not-for-http", direct_url, "https_proxy", self, NULL, NULL);
  run("http_proxy-not-for-https", tls_url("localhost", "/v?echo=1"), "http_proxy", self, NULL, NULL);
  run("all_proxy", plain_url, "all_proxy", self, NULL, NULL);
  run("ALL_PROXY", plain_url, "ALL_PROXY", self, NULL, NULL);
  run("ALL_PROXY-https", tls_target, "ALL_PROXY", self, NULL, NULL);
  /* The scheme-specific variable beats ALL_PROXY (which here points nowhere useful). */
  run("http_proxy-over-all", plain_url, "http_proxy", self, "ALL_PROXY",
      proxy_fmt("http://127.0.0.1:%d", trace_free_port()));

  /* NO_PROXY and no_proxy. */
  run("NO_PROXY", direct_url, "http_proxy", self, "NO_PROXY", "127.0.0.1");
  run("no_proxy", direct_url, "http_proxy", self, "no_proxy", "127.0.0.1");
  run("no_proxy-star", direct_url, "http_proxy", self, "no_proxy", "*");
  run("no_proxy-other", plain_url, "http_proxy", self, "no_proxy", "other.test");
  run("no_proxy-suffix", proxy_fmt("http://a.localhost:%d/v?echo=1", trace_port()), "http_proxy", self,
      "no_proxy", "localhost");
  run("no_proxy-https", tls_target, "https_proxy", self, "no_proxy", "localhost");

  /* Options beat the environment. */
  opt_noproxy = "";
  run("NOPROXY-empty-overrides", direct_url, "http_proxy", self, "no_proxy", "127.0.0.1");
  opt_noproxy = "127.0.0.1";
  run("NOPROXY-option", direct_url, "http_proxy", self, NULL, NULL);
  opt_proxy = "";
  run("PROXY-empty", direct_url, "http_proxy", self, NULL, NULL);
  opt_proxy = proxy_self("");
  run("PROXY-option-over-env", plain_url, "http_proxy",
      proxy_fmt("http://127.0.0.1:%d", trace_free_port()), NULL, NULL);

  /* A variable naming a proxy that is not there. */
  run("http_proxy-refused", plain_url, "http_proxy", proxy_fmt("http://127.0.0.1:%d", trace_free_port()),
      NULL, NULL);

  curl_global_cleanup();
  return 0;
}
