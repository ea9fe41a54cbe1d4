// The GnuTLS build's identity: what libcurl built on GnuTLS answers where the backends differ.
#include "transport/tls_backend.h"

#include <gnutls/gnutls.h>

namespace xfer::transport {

curl_sslbackend tls_backend_id() { return CURLSSLBACKEND_GNUTLS; }

const char* tls_backend_name() { return "gnutls"; }

std::string tls_backend_version() {
  // The library loaded at run time ("3.7.9"), as libcurl prints it.
  const char* v = gnutls_check_version(nullptr);
  return std::string("GnuTLS/") + (v ? v : "");
}

const char* tls_default_ca_info() { return nullptr; }

bool tls_backend_has(TlsFeature feature) {
  switch (feature) {
    case TlsFeature::kTls13Ciphers: return false;
    case TlsFeature::kSslCtx: return false;
    case TlsFeature::kCaInfoBlob: return false;
    case TlsFeature::kEngines: return false;
  }
  return false;
}

// GnuTLS has no engines: libcurl's GnuTLS build answers CURLE_NOT_BUILT_IN to any name.
CURLcode tls_engine_select(const char*) { return CURLE_NOT_BUILT_IN; }

std::vector<std::string> tls_engine_ids() { return {}; }

}  // namespace xfer::transport
