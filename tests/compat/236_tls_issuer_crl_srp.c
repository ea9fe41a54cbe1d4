/* Scenario: the TLS options xfer has not built yet, as each Debian libcurl flavour answers them:
   CA_CACHE_TIMEOUT, ISSUERCERT (file and blob), CRLFILE, SSLENGINE by name and as default, an
   SSL_CTX_FUNCTION callback, and
   TLS-SRP (TLSAUTH_*, the TLSAUTH_SRP feature bit), with their proxy twins; then one HTTPS
   transfer per option whose effect shows at the handshake (issuer check, CRL, SRP). Pending:
   the oracle for their implementation (docs/OPTIONS.md lists them as not built). */
// server: --tls server
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tls_scenario.h"

/* The TLS codes trace_code_name leaves as "(other)". */
static const char *code_name(CURLcode c) {
  switch (c) {
    case CURLE_SSL_ENGINE_NOTFOUND: return "CURLE_SSL_ENGINE_NOTFOUND";
    case CURLE_SSL_ENGINE_SETFAILED: return "CURLE_SSL_ENGINE_SETFAILED";
    case CURLE_SSL_CERTPROBLEM: return "CURLE_SSL_CERTPROBLEM";
    case CURLE_SSL_CIPHER: return "CURLE_SSL_CIPHER";
    case CURLE_SSL_ENGINE_INITFAILED: return "CURLE_SSL_ENGINE_INITFAILED";
    case CURLE_SSL_CACERT_BADFILE: return "CURLE_SSL_CACERT_BADFILE";
    case CURLE_SSL_SHUTDOWN_FAILED: return "CURLE_SSL_SHUTDOWN_FAILED";
    case CURLE_SSL_CRL_BADFILE: return "CURLE_SSL_CRL_BADFILE";
    case CURLE_SSL_ISSUER_ERROR: return "CURLE_SSL_ISSUER_ERROR";
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH: return "CURLE_SSL_PINNEDPUBKEYNOTMATCH";
    case CURLE_SSL_INVALIDCERTSTATUS: return "CURLE_SSL_INVALIDCERTSTATUS";
    case CURLE_SSL_CLIENTCERT: return "CURLE_SSL_CLIENTCERT";
    default: return trace_code_name(c);
  }
}

static void code_line(const char *what, CURLcode rc) { trace_line("%s: %d %s", what, (int)rc, code_name(rc)); }


static void version_facts(void) {
  const curl_version_info_data *v = curl_version_info(CURLVERSION_NOW);
  char name[64] = "(none)";
  if (v->ssl_version) {
    snprintf(name, sizeof name, "%s", v->ssl_version);
    name[strcspn(name, "/")] = '\0';
  }
  trace_line("version: ssl_version name %s", name);
  static const struct {
    const char *name;
    int bit;
  } bits[] = {
      {"TLSAUTH_SRP", CURL_VERSION_TLSAUTH_SRP},
  };
  for (unsigned i = 0; i < sizeof bits / sizeof bits[0]; i++)
    trace_line("version: feature %s %s", bits[i].name, (v->features & bits[i].bit) ? "set" : "unset");
}

static CURLcode ctx_function(CURL *h, void *ssl_ctx, void *userptr) {
  (void)h;
  (void)ssl_ctx;
  (void)userptr;
  return CURLE_OK;
}

/* The whole of certs/NAME as a blob (CURL_BLOB_COPY, so the buffer is the caller's). */
static struct curl_blob file_blob(const char *name) {
  static char store[4][8192];
  static int next;
  char *buf = store[next];
  next = (next + 1) % 4;
  struct curl_blob b = {buf, 0, CURL_BLOB_COPY};
  FILE *f = fopen(tls_file(name), "rb");
  if (f) {
    b.len = fread(buf, 1, sizeof store[0], f);
    fclose(f);
  }
  return b;
}

static CURL *opt_handle;

static void set_str(const char *label, CURLoption opt, const char *value) {
  char what[160];
  snprintf(what, sizeof what, "setopt %s", label);
  code_line(what, curl_easy_setopt(opt_handle, opt, value));
}

static void set_long(const char *label, CURLoption opt, long value) {
  char what[160];
  snprintf(what, sizeof what, "setopt %s %ld", label, value);
  code_line(what, curl_easy_setopt(opt_handle, opt, value));
}

static void set_blob(const char *label, CURLoption opt, const char *file) {
  char what[160];
  struct curl_blob b;
  if (file) {
    b = file_blob(file);
    snprintf(what, sizeof what, "setopt %s %s", label, file);
  } else {
    snprintf(what, sizeof what, "setopt %s NULL", label);
  }
  code_line(what, curl_easy_setopt(opt_handle, opt, file ? &b : NULL));
}

static void set_longs(const char *label, CURLoption opt, const long *values, int n) {
  for (int i = 0; i < n; i++) set_long(label, opt, values[i]);
}

#define STR(name, value) set_str(#name " " #value, CURLOPT_##name, value)
#define LONG(name, value) set_long(#name, CURLOPT_##name, value)
#define BLOB(name, file) set_blob(#name, CURLOPT_##name, file)
#define LONGS(name, ...)                                                                  \
  do {                                                                                    \
    static const long values_[] = {__VA_ARGS__};                                          \
    set_longs(#name, CURLOPT_##name, values_, (int)(sizeof values_ / sizeof values_[0])); \
  } while (0)

/* The options xfer has not built yet, on the origin connection and the proxy. */
static void option_codes(void) {
  opt_handle = curl_easy_init();
  CURL *h = opt_handle;
  LONGS(CA_CACHE_TIMEOUT, 0, 60, -1);
  STR(ISSUERCERT, tls_file("ca.pem"));
  STR(ISSUERCERT, NULL);
  BLOB(ISSUERCERT_BLOB, "ca.pem");
  BLOB(ISSUERCERT_BLOB, NULL);
  STR(CRLFILE, tls_file("garbage.pem"));
  STR(CRLFILE, NULL);
  STR(SSLENGINE, "dynamic");
  LONGS(SSLENGINE_DEFAULT, 1);
  STR(TLSAUTH_USERNAME, "user");
  STR(TLSAUTH_PASSWORD, "pass");
  STR(TLSAUTH_TYPE, "SRP");
  STR(TLSAUTH_TYPE, "srp");
  STR(TLSAUTH_TYPE, "NONE");
  STR(TLSAUTH_TYPE, "BOGUS");
  STR(TLSAUTH_TYPE, "");
  STR(TLSAUTH_TYPE, NULL);
  STR(PROXY_ISSUERCERT, tls_file("ca.pem"));
  BLOB(PROXY_ISSUERCERT_BLOB, "ca.pem");
  STR(PROXY_CRLFILE, tls_file("garbage.pem"));
  STR(PROXY_TLSAUTH_USERNAME, "user");
  STR(PROXY_TLSAUTH_PASSWORD, "pass");
  STR(PROXY_TLSAUTH_TYPE, "SRP");
  STR(PROXY_TLSAUTH_TYPE, "BOGUS");
  code_line("setopt SSL_CTX_FUNCTION function", curl_easy_setopt(h, CURLOPT_SSL_CTX_FUNCTION, ctx_function));
  curl_easy_cleanup(h);
}

/* One transfer to the test server with SETUP applied on top of trusting the test CA. */
static void handshake(const char *label, void (*setup)(CURL *h)) {
  struct trace_xfer x;
  char err[CURL_ERROR_SIZE];
  CURL *h = tls_handle(&x, 1, "localhost", "/?text=ok", err);
  tls_trust_test_ca(h);
  setup(h);
  CURLcode rc = curl_easy_perform(h);
  long verify = -1, status = -1, version = -1;
  curl_easy_getinfo(h, CURLINFO_SSL_VERIFYRESULT, &verify);
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_getinfo(h, CURLINFO_HTTP_VERSION, &version);
  trace_line("%s: %d %s verifyresult=%ld response=%ld http_version=%ld body=%zu errorbuffer %s", label, (int)rc,
             code_name(rc), verify, status, version, x.body_bytes, err[0] ? "non-empty" : "empty");
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
}

static void issuer_ca(CURL *h) { curl_easy_setopt(h, CURLOPT_ISSUERCERT, tls_file("ca.pem")); }
static void issuer_other(CURL *h) { curl_easy_setopt(h, CURLOPT_ISSUERCERT, tls_file("selfsigned.pem")); }
static void issuer_missing(CURL *h) { curl_easy_setopt(h, CURLOPT_ISSUERCERT, tls_file("does-not-exist.pem")); }
static void issuer_blob_ca(CURL *h) {
  struct curl_blob b = file_blob("ca.pem");
  curl_easy_setopt(h, CURLOPT_ISSUERCERT_BLOB, &b);
}
static void issuer_blob_other(CURL *h) {
  struct curl_blob b = file_blob("selfsigned.pem");
  curl_easy_setopt(h, CURLOPT_ISSUERCERT_BLOB, &b);
}
static void crl_garbage(CURL *h) { curl_easy_setopt(h, CURLOPT_CRLFILE, tls_file("garbage.pem")); }
static void crl_missing(CURL *h) { curl_easy_setopt(h, CURLOPT_CRLFILE, tls_file("does-not-exist.pem")); }
static void srp(CURL *h) {
  curl_easy_setopt(h, CURLOPT_TLSAUTH_USERNAME, "user");
  curl_easy_setopt(h, CURLOPT_TLSAUTH_PASSWORD, "pass");
}
static void srp_no_password(CURL *h) { curl_easy_setopt(h, CURLOPT_TLSAUTH_USERNAME, "user"); }
static void ctx_function_set(CURL *h) { curl_easy_setopt(h, CURLOPT_SSL_CTX_FUNCTION, ctx_function); }

#define HANDSHAKE(fn) handshake(#fn, fn)

static void handshakes(void) {
  HANDSHAKE(issuer_ca);
  HANDSHAKE(issuer_other);
  HANDSHAKE(issuer_missing);
  HANDSHAKE(issuer_blob_ca);
  HANDSHAKE(issuer_blob_other);
  HANDSHAKE(crl_garbage);
  HANDSHAKE(crl_missing);
  HANDSHAKE(srp);
  HANDSHAKE(srp_no_password);
  HANDSHAKE(ctx_function_set);
}

int main(int argc, char **argv) {
  tls_begin(argc, argv);
  version_facts();
  option_codes();
  handshakes();
  curl_global_cleanup();
  return 0;
}
