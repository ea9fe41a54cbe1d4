// Which TLS library this build runs on, and the answers that differ between libcurl's builds with each.
#pragma once

#include <string>
#include <vector>

#include <curl/curl.h>

namespace xfer::transport {

// CURLSSLBACKEND_OPENSSL or CURLSSLBACKEND_GNUTLS: curl_global_sslset, TLS_SESSION_INFO.
curl_sslbackend tls_backend_id();
// The name curl_global_sslset lists ("openssl", "gnutls").
const char* tls_backend_name();
// The library really loaded, as curl_version_info prints it ("OpenSSL/3.0.17", "GnuTLS/3.7.9").
std::string tls_backend_version();

// The CA bundle used when CURLOPT_CAINFO is not set: Debian builds libcurl on OpenSSL with
// /etc/ssl/certs/ca-certificates.crt and on GnuTLS with none (CAPATH /etc/ssl/certs only).
const char* tls_default_ca_info();

// Options one backend has and the other lacks: setopt answers CURLE_NOT_BUILT_IN where
// libcurl built with this backend does.
enum class TlsFeature {
  kTls13Ciphers,  // CURLOPT_TLS13_CIPHERS (and PROXY_)
  kSslCtx,        // CURLOPT_SSL_CTX_FUNCTION / _DATA
  kCaInfoBlob,    // CURLOPT_CAINFO_BLOB (and PROXY_)
  kEngines,       // CURLOPT_SSLENGINE_DEFAULT
};
bool tls_backend_has(TlsFeature feature);

// CURLOPT_SSLENGINE's answer for `id`: OpenSSL refuses an engine it cannot load with
// CURLE_SSL_ENGINE_NOTFOUND (and xfer one it can with CURLE_NOT_BUILT_IN: keys in engines
// are not built); a backend without engines answers CURLE_NOT_BUILT_IN.
CURLcode tls_engine_select(const char* id);
// The ids of the engines the library has loaded, for CURLINFO_SSL_ENGINES (as libcurl lists them).
std::vector<std::string> tls_engine_ids();

}  // namespace xfer::transport
