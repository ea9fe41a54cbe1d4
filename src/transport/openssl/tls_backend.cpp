// The OpenSSL build's identity and engine lookup (the ENGINE API is deprecated in OpenSSL 3,
// but it is what libcurl 7.88 uses and what CURLOPT_SSLENGINE names).
#define OPENSSL_SUPPRESS_DEPRECATED
#include "transport/tls_backend.h"

#include <cstdio>

#include <openssl/crypto.h>
#include <openssl/engine.h>

namespace xfer::transport {

curl_sslbackend tls_backend_id() { return CURLSSLBACKEND_OPENSSL; }

const char* tls_backend_name() { return "openssl"; }

// The library loaded at run time, not the headers of the build machine: Debian updates
// OpenSSL under a built xfer, and libcurl reports the loaded one too.
std::string tls_backend_version() {
  char text[40];
  std::snprintf(text, sizeof text, "OpenSSL/%u.%u.%u", OPENSSL_version_major(), OPENSSL_version_minor(),
                OPENSSL_version_patch());
  return text;
}

const char* tls_default_ca_info() { return "/etc/ssl/certs/ca-certificates.crt"; }

bool tls_backend_has(TlsFeature feature) {
  switch (feature) {
    case TlsFeature::kTls13Ciphers: return true;
    case TlsFeature::kSslCtx: return true;
    case TlsFeature::kCaInfoBlob: return true;
    case TlsFeature::kEngines: return true;
  }
  return false;
}

CURLcode tls_engine_select(const char* id) {
#ifdef OPENSSL_NO_ENGINE
  (void)id;
  return CURLE_SSL_ENGINE_NOTFOUND;
#else
  ENGINE* e = ENGINE_by_id(id);
  if (!e) return CURLE_SSL_ENGINE_NOTFOUND;
  ENGINE_free(e);
  return CURLE_NOT_BUILT_IN;
#endif
}

std::vector<std::string> tls_engine_ids() {
  std::vector<std::string> ids;
#ifndef OPENSSL_NO_ENGINE
  // libcurl loads OpenSSL's built-in engines when it starts; xfer only when asked.
  OPENSSL_init_crypto(OPENSSL_INIT_ENGINE_ALL_BUILTIN, nullptr);
  // ENGINE_get_next releases the engine it is given and hands out a reference to the next.
  for (ENGINE* e = ENGINE_get_first(); e; e = ENGINE_get_next(e))
    if (const char* id = ENGINE_get_id(e)) ids.emplace_back(id);
#endif
  return ids;
}

}  // namespace xfer::transport
