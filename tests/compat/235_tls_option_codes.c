/* Scenario: how the TLS backend answers each TLS option. curl_global_sslset by id and by name
   and its list of backends; curl_version_info's TLS library name (no version) and TLS feature
   bits; the setopt code of every TLS-related easy option (its proxy and DoH twins too) for
   typical, backend-specific and bogus values; then one HTTPS transfer per option whose effect
   shows only at the handshake (cipher syntax of the other backend, version ranges, OCSP,
   blobs, certificate types), and one with CERTINFO: the backend id
   of TLS_SSL_PTR and TLS_SESSION (the deprecated one), the certificate fields, the engine list's size.
   Built against each Debian libcurl flavour, this trace is the table of their differences.
   ISSUERCERT, CRLFILE, CA_CACHE_TIMEOUT, TLS-SRP, engines by name and an SSL_CTX_FUNCTION
   callback wait in 236 (pending). */
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

static const char *sslset_name(CURLsslset s) {
  switch (s) {
    case CURLSSLSET_OK: return "OK";
    case CURLSSLSET_UNKNOWN_BACKEND: return "UNKNOWN_BACKEND";
    case CURLSSLSET_TOO_LATE: return "TOO_LATE";
    case CURLSSLSET_NO_BACKENDS: return "NO_BACKENDS";
    default: return "(other)";
  }
}

/* One curl_global_sslset call: its answer and, when asked for, the backends it lists. */
static void sslset(const char *label, curl_sslbackend id, const char *name, int want_list) {
  const curl_ssl_backend **avail = NULL;
  CURLsslset s = curl_global_sslset(id, name, want_list ? &avail : NULL);
  trace_line("sslset %s: %d %s", label, (int)s, sslset_name(s));
  if (!want_list) return;
  if (!avail) {
    trace_line("sslset %s: no list", label);
    return;
  }
  int n = 0;
  for (; avail[n]; n++)
    trace_line("sslset %s: available[%d] id=%d name=%s", label, n, (int)avail[n]->id, avail[n]->name);
  trace_line("sslset %s: %d available", label, n);
}

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
      {"SSL", CURL_VERSION_SSL},
      {"HTTPS_PROXY", CURL_VERSION_HTTPS_PROXY},
      {"MULTI_SSL", CURL_VERSION_MULTI_SSL},
      {"NTLM", CURL_VERSION_NTLM},
      {"NTLM_WB", CURL_VERSION_NTLM_WB},
  };
  for (unsigned i = 0; i < sizeof bits / sizeof bits[0]; i++)
    trace_line("version: feature %s %s", bits[i].name, (v->features & bits[i].bit) ? "set" : "unset");
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

/* The options of the origin connection, then their proxy twins, then DoH's. */
static void option_codes(void) {
  opt_handle = curl_easy_init();
  CURL *h = opt_handle;
  STR(SSL_CIPHER_LIST, "ECDHE-RSA-AES128-GCM-SHA256");
  STR(SSL_CIPHER_LIST, "NORMAL:-VERS-TLS1.3");
  STR(SSL_CIPHER_LIST, NULL);
  STR(TLS13_CIPHERS, "TLS_AES_128_GCM_SHA256");
  STR(TLS13_CIPHERS, NULL);
  STR(SSL_EC_CURVES, "X25519:P-256");
  STR(SSL_EC_CURVES, NULL);
  LONGS(SSL_SESSIONID_CACHE, 0, 1, 2);
  LONGS(CERTINFO, 0, 1);
  STR(PINNEDPUBLICKEY, "sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
  STR(PINNEDPUBLICKEY, NULL);
  STR(SSLCERT, tls_file("client.pem"));
  STR(SSLCERTTYPE, "PEM");
  STR(SSLCERTTYPE, "DER");
  STR(SSLCERTTYPE, "P12");
  STR(SSLCERTTYPE, "ENG");
  STR(SSLCERTTYPE, "BOGUS");
  STR(SSLCERTTYPE, NULL);
  STR(SSLKEY, tls_file("client.key"));
  STR(SSLKEYTYPE, "PEM");
  STR(SSLKEYTYPE, "DER");
  STR(SSLKEYTYPE, "ENG");
  STR(SSLKEYTYPE, "BOGUS");
  STR(SSLKEYTYPE, NULL);
  STR(KEYPASSWD, "secret");
  STR(KEYPASSWD, NULL);
  BLOB(SSLCERT_BLOB, "client.pem");
  BLOB(SSLCERT_BLOB, NULL);
  BLOB(SSLKEY_BLOB, "client.key");
  BLOB(SSLKEY_BLOB, NULL);
  BLOB(CAINFO_BLOB, "ca.pem");
  BLOB(CAINFO_BLOB, NULL);
  STR(CAINFO, tls_file("ca.pem"));
  STR(CAPATH, tls_file("."));
  STR(CAPATH, NULL);
  code_line("setopt SSL_CTX_FUNCTION NULL", curl_easy_setopt(h, CURLOPT_SSL_CTX_FUNCTION, (curl_ssl_ctx_callback)NULL));
  code_line("setopt SSL_CTX_DATA pointer", curl_easy_setopt(h, CURLOPT_SSL_CTX_DATA, (void *)&opt_handle));
  code_line("setopt SSL_CTX_DATA NULL", curl_easy_setopt(h, CURLOPT_SSL_CTX_DATA, (void *)NULL));
  STR(SSLENGINE, "no-such-engine-xyzzy");
  LONGS(SSLENGINE_DEFAULT, 0);
  LONGS(SSL_FALSESTART, 0, 1);
  LONGS(SSL_OPTIONS, 0, CURLSSLOPT_ALLOW_BEAST, CURLSSLOPT_NO_REVOKE, CURLSSLOPT_NO_PARTIALCHAIN,
        CURLSSLOPT_REVOKE_BEST_EFFORT, CURLSSLOPT_NATIVE_CA, CURLSSLOPT_AUTO_CLIENT_CERT, 63, 64, -1);
  LONGS(SSLVERSION, CURL_SSLVERSION_DEFAULT, CURL_SSLVERSION_TLSv1, CURL_SSLVERSION_SSLv2, CURL_SSLVERSION_SSLv3,
        CURL_SSLVERSION_TLSv1_0, CURL_SSLVERSION_TLSv1_1, CURL_SSLVERSION_TLSv1_2, CURL_SSLVERSION_TLSv1_3,
        CURL_SSLVERSION_LAST, -1, CURL_SSLVERSION_TLSv1_2 | CURL_SSLVERSION_MAX_DEFAULT,
        CURL_SSLVERSION_TLSv1_2 | CURL_SSLVERSION_MAX_TLSv1_0, CURL_SSLVERSION_TLSv1_2 | CURL_SSLVERSION_MAX_TLSv1_1,
        CURL_SSLVERSION_TLSv1_2 | CURL_SSLVERSION_MAX_TLSv1_2, CURL_SSLVERSION_TLSv1_2 | CURL_SSLVERSION_MAX_TLSv1_3,
        CURL_SSLVERSION_TLSv1_3 | CURL_SSLVERSION_MAX_TLSv1_2, CURL_SSLVERSION_MAX_TLSv1_2, CURL_SSLVERSION_MAX_LAST,
        CURL_SSLVERSION_MAX_LAST + (1L << 16), CURL_SSLVERSION_SSLv3 | CURL_SSLVERSION_MAX_TLSv1_3);
  LONGS(SSL_VERIFYPEER, 0, 1, 2, -1);
  LONGS(SSL_VERIFYHOST, 0, 1, 2, 3, -1);
  LONGS(SSL_VERIFYSTATUS, 0, 1);
  STR(RANDOM_FILE, "/dev/urandom");
  STR(EGDSOCKET, "/nonexistent/egd");
  LONGS(SSL_ENABLE_ALPN, 0, 1);
  LONGS(SSL_ENABLE_NPN, 0, 1);
  LONGS(USE_SSL, CURLUSESSL_NONE, CURLUSESSL_TRY, CURLUSESSL_CONTROL, CURLUSESSL_ALL, 4, -1);

  STR(PROXY_SSL_CIPHER_LIST, "ECDHE-RSA-AES128-GCM-SHA256");
  STR(PROXY_SSL_CIPHER_LIST, "NORMAL:-VERS-TLS1.3");
  STR(PROXY_TLS13_CIPHERS, "TLS_AES_128_GCM_SHA256");
  STR(PROXY_TLS13_CIPHERS, NULL);
  STR(PROXY_PINNEDPUBLICKEY, "sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
  STR(PROXY_PINNEDPUBLICKEY, NULL);
  STR(PROXY_SSLCERT, tls_file("client.pem"));
  STR(PROXY_SSLCERTTYPE, "P12");
  STR(PROXY_SSLCERTTYPE, "BOGUS");
  STR(PROXY_SSLKEY, tls_file("client.key"));
  STR(PROXY_SSLKEYTYPE, "DER");
  STR(PROXY_SSLKEYTYPE, "BOGUS");
  STR(PROXY_KEYPASSWD, "secret");
  BLOB(PROXY_SSLCERT_BLOB, "client.pem");
  BLOB(PROXY_SSLKEY_BLOB, "client.key");
  BLOB(PROXY_CAINFO_BLOB, "ca.pem");
  BLOB(PROXY_CAINFO_BLOB, NULL);
  STR(PROXY_CAINFO, tls_file("ca.pem"));
  STR(PROXY_CAPATH, tls_file("."));
  LONGS(PROXY_SSL_OPTIONS, 0, CURLSSLOPT_NO_REVOKE, CURLSSLOPT_NATIVE_CA, CURLSSLOPT_AUTO_CLIENT_CERT, 63, 64);
  LONGS(PROXY_SSLVERSION, CURL_SSLVERSION_DEFAULT, CURL_SSLVERSION_SSLv3, CURL_SSLVERSION_TLSv1_3, CURL_SSLVERSION_LAST,
        CURL_SSLVERSION_TLSv1_2 | CURL_SSLVERSION_MAX_TLSv1_2);
  LONGS(PROXY_SSL_VERIFYPEER, 0, 1);
  LONGS(PROXY_SSL_VERIFYHOST, 0, 1, 2, 3);

  LONGS(DOH_SSL_VERIFYPEER, 0, 1, 2);
  LONGS(DOH_SSL_VERIFYHOST, 0, 1, 2, 3);
  LONGS(DOH_SSL_VERIFYSTATUS, 0, 1);
  curl_easy_cleanup(h);
}

/* The certificate chain as CERTINFO gives it, one line per field. A value is the same for every
   run on one certificate set; a long one (key, signature, PEM) shows its start and its length,
   which is enough to tell its format. */
static void print_certinfo(const char *label, CURL *h) {
  struct curl_certinfo *ci = NULL;
  CURLcode rc = curl_easy_getinfo(h, CURLINFO_CERTINFO, &ci);
  trace_line("%s: CERTINFO rc=%d certs=%d", label, (int)rc, ci ? ci->num_of_certs : -1);
  for (int i = 0; ci && i < ci->num_of_certs; i++) {
    for (struct curl_slist *f = ci->certinfo[i]; f; f = f->next) {
      const char *colon = strchr(f->data, ':');
      size_t value_len = colon ? strlen(colon + 1) : 0;
      if (!colon || value_len <= 80)
        trace_line("%s: cert %d %s", label, i, f->data);
      else
        trace_line("%s: cert %d %.*s:%.24s... (%zu bytes)", label, i, (int)(colon - f->data), f->data, colon + 1,
                   value_len);
    }
  }
}

static void engines(const char *label, CURL *h) {
  struct curl_slist *list = NULL;
  CURLcode rc = curl_easy_getinfo(h, CURLINFO_SSL_ENGINES, &list);
  int n = 0;
  for (struct curl_slist *e = list; e; e = e->next) n++;
  trace_line("%s: SSL_ENGINES rc=%d count %s", label, (int)rc, n > 0 ? ">0" : "0");
  curl_slist_free_all(list);
}

/* TLS_SSL_PTR and TLS_SESSION (the deprecated one) asked from inside the transfer, where the
   connection is still the handle's: the backend id and whether the backend's object is there. */
struct backend_seen {
  CURL *h;
  int asked;
  char ssl_ptr[64];
  char session[64];
};

static void ask_backend(CURL *h, CURLINFO info, char *out, size_t out_size) {
  struct curl_tlssessioninfo *ti = NULL;
  CURLcode rc = curl_easy_getinfo(h, info, &ti);
  snprintf(out, out_size, "rc=%d backend=%d internals=%s", (int)rc, ti ? (int)ti->backend : -1,
           ti && ti->internals ? "set" : "null");
}

static size_t backend_write_cb(char *ptr, size_t size, size_t nmemb, void *userdata) {
  struct backend_seen *seen = userdata;
  (void)ptr;
  if (!seen->asked) {
    seen->asked = 1;
    ask_backend(seen->h, CURLINFO_TLS_SSL_PTR, seen->ssl_ptr, sizeof seen->ssl_ptr);
    ask_backend(seen->h, CURLINFO_TLS_SESSION, seen->session, sizeof seen->session);
  }
  return size * nmemb;
}

/* The transfer with CERTINFO on: what the backend tells about itself during and after it. */
static void backend_transfer(void) {
  struct trace_xfer x;
  char err[CURL_ERROR_SIZE];
  char after[64];
  CURL *h = tls_handle(&x, 1, "localhost", "/?text=hello", err);
  struct backend_seen seen = {h, 0, "", ""};
  engines("fresh", h);
  tls_trust_test_ca(h);
  curl_easy_setopt(h, CURLOPT_CERTINFO, 1L);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, backend_write_cb);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &seen);
  CURLcode rc = curl_easy_perform(h);
  code_line("certinfo transfer", rc);
  INFO_LONG(h, RESPONSE_CODE);
  trace_line("during: TLS_SSL_PTR %s", seen.asked ? seen.ssl_ptr : "(no body)");
  trace_line("during: TLS_SESSION %s", seen.asked ? seen.session : "(no body)");
  ask_backend(h, CURLINFO_TLS_SSL_PTR, after, sizeof after);
  trace_line("after: TLS_SSL_PTR %s", after);
  ask_backend(h, CURLINFO_TLS_SESSION, after, sizeof after);
  trace_line("after: TLS_SESSION %s", after);
  print_certinfo("after", h);
  engines("after", h);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
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

static void openssl_cipher(CURL *h) { curl_easy_setopt(h, CURLOPT_SSL_CIPHER_LIST, "ECDHE-RSA-AES128-GCM-SHA256"); }
static void openssl_cipher_tls12(CURL *h) {
  openssl_cipher(h);
  curl_easy_setopt(h, CURLOPT_SSLVERSION, CURL_SSLVERSION_TLSv1_2 | CURL_SSLVERSION_MAX_TLSv1_2);
}
static void gnutls_priority(CURL *h) { curl_easy_setopt(h, CURLOPT_SSL_CIPHER_LIST, "NORMAL:-VERS-TLS1.3"); }
static void gnutls_priority_no_versions(CURL *h) { curl_easy_setopt(h, CURLOPT_SSL_CIPHER_LIST, "NORMAL:-VERS-ALL"); }
static void bogus_cipher(CURL *h) { curl_easy_setopt(h, CURLOPT_SSL_CIPHER_LIST, "NO-SUCH-CIPHER"); }
static void tls13_cipher(CURL *h) { curl_easy_setopt(h, CURLOPT_TLS13_CIPHERS, "TLS_AES_128_GCM_SHA256"); }
static void bogus_tls13_cipher(CURL *h) { curl_easy_setopt(h, CURLOPT_TLS13_CIPHERS, "NO_SUCH_TLS13_CIPHER"); }
static void curves(CURL *h) { curl_easy_setopt(h, CURLOPT_SSL_EC_CURVES, "P-256"); }
static void bogus_curves(CURL *h) { curl_easy_setopt(h, CURLOPT_SSL_EC_CURVES, "no-such-curve"); }
static void tls13_only(CURL *h) { curl_easy_setopt(h, CURLOPT_SSLVERSION, CURL_SSLVERSION_TLSv1_3); }
static void tls12_only(CURL *h) {
  curl_easy_setopt(h, CURLOPT_SSLVERSION, CURL_SSLVERSION_TLSv1_2 | CURL_SSLVERSION_MAX_TLSv1_2);
}
static void max_tls11(CURL *h) { curl_easy_setopt(h, CURLOPT_SSLVERSION, CURL_SSLVERSION_MAX_TLSv1_1); }
static void min_above_max(CURL *h) {
  curl_easy_setopt(h, CURLOPT_SSLVERSION, CURL_SSLVERSION_TLSv1_3 | CURL_SSLVERSION_MAX_TLSv1_2);
}
static void verify_status(CURL *h) { curl_easy_setopt(h, CURLOPT_SSL_VERIFYSTATUS, 1L); }
static void cainfo_blob_only(CURL *h) {
  struct curl_blob b = file_blob("ca.pem");
  curl_easy_setopt(h, CURLOPT_CAINFO, NULL);
  curl_easy_setopt(h, CURLOPT_CAPATH, NULL);
  curl_easy_setopt(h, CURLOPT_CAINFO_BLOB, &b);
}
static void cainfo_blob_garbage(CURL *h) {
  struct curl_blob b = file_blob("garbage.pem");
  curl_easy_setopt(h, CURLOPT_CAINFO, NULL);
  curl_easy_setopt(h, CURLOPT_CAPATH, NULL);
  curl_easy_setopt(h, CURLOPT_CAINFO_BLOB, &b);
}
static void capath_missing(CURL *h) { curl_easy_setopt(h, CURLOPT_CAPATH, tls_file("no-such-dir")); }
static void cert_blobs(CURL *h) {
  struct curl_blob c = file_blob("client.pem");
  struct curl_blob k = file_blob("client.key");
  curl_easy_setopt(h, CURLOPT_SSLCERT_BLOB, &c);
  curl_easy_setopt(h, CURLOPT_SSLKEY_BLOB, &k);
}
static void cert_blob_p12(CURL *h) {
  struct curl_blob c = file_blob("client.p12");
  curl_easy_setopt(h, CURLOPT_SSLCERT_BLOB, &c);
  curl_easy_setopt(h, CURLOPT_SSLCERTTYPE, "P12");
  curl_easy_setopt(h, CURLOPT_KEYPASSWD, "secret");
}
static void cert_type_eng(CURL *h) {
  curl_easy_setopt(h, CURLOPT_SSLCERT, tls_file("client.pem"));
  curl_easy_setopt(h, CURLOPT_SSLKEY, tls_file("client.key"));
  curl_easy_setopt(h, CURLOPT_SSLCERTTYPE, "ENG");
}
static void cert_type_bogus(CURL *h) {
  curl_easy_setopt(h, CURLOPT_SSLCERT, tls_file("client.pem"));
  curl_easy_setopt(h, CURLOPT_SSLKEY, tls_file("client.key"));
  curl_easy_setopt(h, CURLOPT_SSLCERTTYPE, "BOGUS");
}
static void key_type_bogus(CURL *h) {
  curl_easy_setopt(h, CURLOPT_SSLCERT, tls_file("client.pem"));
  curl_easy_setopt(h, CURLOPT_SSLKEY, tls_file("client.key"));
  curl_easy_setopt(h, CURLOPT_SSLKEYTYPE, "BOGUS");
}
static void key_without_cert(CURL *h) { curl_easy_setopt(h, CURLOPT_SSLKEY, tls_file("client.key")); }
static void alpn_off(CURL *h) { curl_easy_setopt(h, CURLOPT_SSL_ENABLE_ALPN, 0L); }
static void no_revoke(CURL *h) { curl_easy_setopt(h, CURLOPT_SSL_OPTIONS, (long)CURLSSLOPT_NO_REVOKE); }
static void native_ca(CURL *h) { curl_easy_setopt(h, CURLOPT_SSL_OPTIONS, (long)CURLSSLOPT_NATIVE_CA); }

#define HANDSHAKE(fn) handshake(#fn, fn)

static void handshakes(void) {
  HANDSHAKE(openssl_cipher);
  HANDSHAKE(openssl_cipher_tls12);
  HANDSHAKE(gnutls_priority);
  HANDSHAKE(gnutls_priority_no_versions);
  HANDSHAKE(bogus_cipher);
  HANDSHAKE(tls13_cipher);
  HANDSHAKE(bogus_tls13_cipher);
  HANDSHAKE(curves);
  HANDSHAKE(bogus_curves);
  HANDSHAKE(tls13_only);
  HANDSHAKE(tls12_only);
  HANDSHAKE(max_tls11);
  HANDSHAKE(min_above_max);
  HANDSHAKE(verify_status);
  HANDSHAKE(cainfo_blob_only);
  HANDSHAKE(cainfo_blob_garbage);
  HANDSHAKE(capath_missing);
  HANDSHAKE(cert_blobs);
  HANDSHAKE(cert_blob_p12);
  HANDSHAKE(cert_type_eng);
  HANDSHAKE(cert_type_bogus);
  HANDSHAKE(key_type_bogus);
  HANDSHAKE(key_without_cert);
  HANDSHAKE(alpn_off);
  HANDSHAKE(no_revoke);
  HANDSHAKE(native_ca);
}

int main(int argc, char **argv) {
  /* curl_global_sslset has to come before curl_global_init (in tls_begin); its lines hold no port. */
  sslset("id OPENSSL", CURLSSLBACKEND_OPENSSL, NULL, 1);
  sslset("id GNUTLS", CURLSSLBACKEND_GNUTLS, NULL, 1);
  sslset("name openssl", CURLSSLBACKEND_NONE, "openssl", 0);
  sslset("name gnutls", CURLSSLBACKEND_NONE, "gnutls", 0);
  sslset("name GnuTLS", CURLSSLBACKEND_NONE, "GnuTLS", 0);
  sslset("name bogus", CURLSSLBACKEND_NONE, "bogus", 0);
  sslset("id NONE", CURLSSLBACKEND_NONE, NULL, 1);
  tls_begin(argc, argv);
  sslset("after init id OPENSSL", CURLSSLBACKEND_OPENSSL, NULL, 0);
  sslset("after init id GNUTLS", CURLSSLBACKEND_GNUTLS, NULL, 0);
  version_facts();
  option_codes();
  backend_transfer();
  handshakes();
  curl_global_cleanup();
  return 0;
}
