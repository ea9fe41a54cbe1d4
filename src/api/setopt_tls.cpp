// apply_tls_option: decodes and stores the TLS easy options into a handle's TlsOptions.
#include "api/setopt_tls.h"

#include <string>

#include "transport/tls_backend.h"

namespace xfer::api {
namespace {

using transport::TlsOptions;

using Str = OptText;

CURLcode set_str(Str& dst, const Arg& a) {
  if (a.p)
    dst = static_cast<const char*>(a.p);
  else
    dst.reset();
  return CURLE_OK;
}

// Blobs are always copied: xfer keeps no pointer into application memory for them, so
// CURL_BLOB_NOCOPY and CURL_BLOB_COPY behave alike from the caller's side.
CURLcode set_blob(Str& dst, const Arg& a) {
  const auto* blob = static_cast<const curl_blob*>(a.p);
  if (!blob) {
    dst.reset();
    return CURLE_OK;
  }
  dst = std::string(static_cast<const char*>(blob->data), blob->data ? blob->len : 0);
  return CURLE_OK;
}

// 7.88 accepts SSLv2/SSLv3 nowhere and checks only ranges here; min > max is a connect
// time failure, as in libcurl.
CURLcode set_version(long& dst, long v) {
  const long min = v & 0xffff;
  const long max = v & ~0xffffL;
  if (min < CURL_SSLVERSION_DEFAULT || min == CURL_SSLVERSION_SSLv2 ||
      min == CURL_SSLVERSION_SSLv3 || min >= CURL_SSLVERSION_LAST ||
      max < CURL_SSLVERSION_MAX_NONE || max >= CURL_SSLVERSION_MAX_LAST)
    return CURLE_BAD_FUNCTION_ARGUMENT;
  dst = v;
  return CURLE_OK;
}

TlsOptions& slot_of(std::unique_ptr<TlsOptions>& slot) {
  if (!slot) slot = std::make_unique<TlsOptions>();
  return *slot;
}

}  // namespace

bool is_tls_option(CURLoption opt) {
  switch (opt) {
    case CURLOPT_SSL_VERIFYPEER:
    case CURLOPT_SSL_VERIFYHOST:
    case CURLOPT_SSL_VERIFYSTATUS:
    case CURLOPT_CAINFO:
    case CURLOPT_CAPATH:
    case CURLOPT_CAINFO_BLOB:
    case CURLOPT_SSLCERT:
    case CURLOPT_SSLCERTTYPE:
    case CURLOPT_SSLCERT_BLOB:
    case CURLOPT_SSLKEY:
    case CURLOPT_SSLKEYTYPE:
    case CURLOPT_SSLKEY_BLOB:
    case CURLOPT_KEYPASSWD:
    case CURLOPT_SSLVERSION:
    case CURLOPT_SSL_CIPHER_LIST:
    case CURLOPT_TLS13_CIPHERS:
    case CURLOPT_SSL_EC_CURVES:
    case CURLOPT_PINNEDPUBLICKEY:
    case CURLOPT_SSL_OPTIONS:
    case CURLOPT_SSL_SESSIONID_CACHE:
    case CURLOPT_CERTINFO:
    case CURLOPT_SSL_ENABLE_ALPN:
    case CURLOPT_SSL_FALSESTART:
      return true;
    default:
      return false;
  }
}

CURLcode apply_tls_option(std::unique_ptr<TlsOptions>& slot, CURLoption opt, const Arg& a) {
  if (!is_tls_option(opt)) return CURLE_UNKNOWN_OPTION;
  // False start is a feature of other TLS backends; libcurl built on OpenSSL or GnuTLS
  // refuses it without touching the handle.
  if (opt == CURLOPT_SSL_FALSESTART) return CURLE_NOT_BUILT_IN;

  TlsOptions& o = slot_of(slot);
  switch (opt) {
    case CURLOPT_SSL_VERIFYPEER: o.verify_peer = a.l != 0; return CURLE_OK;
    // 7.88 treats every non-zero value as 2 (1 used to mean "CN exists" only).
    case CURLOPT_SSL_VERIFYHOST: o.verify_host = a.l ? 2 : 0; return CURLE_OK;
    case CURLOPT_SSL_VERIFYSTATUS: o.verify_status = a.l != 0; return CURLE_OK;
    case CURLOPT_CAINFO: return set_str(o.ca_info, a);
    case CURLOPT_CAPATH: return set_str(o.ca_path, a);
    case CURLOPT_CAINFO_BLOB: return set_blob(o.ca_info_blob, a);
    case CURLOPT_SSLCERT: return set_str(o.cert, a);
    case CURLOPT_SSLCERTTYPE: return set_str(o.cert_type, a);
    case CURLOPT_SSLCERT_BLOB: return set_blob(o.cert_blob, a);
    case CURLOPT_SSLKEY: return set_str(o.key, a);
    case CURLOPT_SSLKEYTYPE: return set_str(o.key_type, a);
    case CURLOPT_SSLKEY_BLOB: return set_blob(o.key_blob, a);
    case CURLOPT_KEYPASSWD: return set_str(o.key_passwd, a);
    case CURLOPT_SSLVERSION: return set_version(o.ssl_version, a.l);
    case CURLOPT_SSL_CIPHER_LIST: return set_str(o.cipher_list, a);
    case CURLOPT_TLS13_CIPHERS: return set_str(o.tls13_ciphers, a);
    case CURLOPT_SSL_EC_CURVES: return set_str(o.ec_curves, a);
    case CURLOPT_PINNEDPUBLICKEY: return set_str(o.pinned_public_key, a);
    case CURLOPT_SSL_OPTIONS: o.ssl_options = a.l; return CURLE_OK;
    case CURLOPT_SSL_SESSIONID_CACHE: o.session_id_cache = a.l != 0; return CURLE_OK;
    case CURLOPT_CERTINFO: o.cert_info = a.l != 0; return CURLE_OK;
    case CURLOPT_SSL_ENABLE_ALPN: o.enable_alpn = a.l != 0; return CURLE_OK;
    default: return CURLE_UNKNOWN_OPTION;
  }
}

CURLcode tls_backend_refusal(CURLoption opt) {
  using transport::TlsFeature;
  auto lacks = [](TlsFeature f) { return !transport::tls_backend_has(f); };
  switch (opt) {
    case CURLOPT_TLS13_CIPHERS:
    case CURLOPT_PROXY_TLS13_CIPHERS: return lacks(TlsFeature::kTls13Ciphers) ? CURLE_NOT_BUILT_IN : CURLE_OK;
    case CURLOPT_CAINFO_BLOB:
    case CURLOPT_PROXY_CAINFO_BLOB: return lacks(TlsFeature::kCaInfoBlob) ? CURLE_NOT_BUILT_IN : CURLE_OK;
    case CURLOPT_SSL_CTX_FUNCTION:
    case CURLOPT_SSL_CTX_DATA: return lacks(TlsFeature::kSslCtx) ? CURLE_NOT_BUILT_IN : CURLE_OK;
    case CURLOPT_SSLENGINE_DEFAULT: return lacks(TlsFeature::kEngines) ? CURLE_NOT_BUILT_IN : CURLE_OK;
    default: return CURLE_OK;
  }
}

CURLoption proxy_tls_counterpart(CURLoption opt) {
  switch (opt) {
    case CURLOPT_PROXY_SSL_VERIFYPEER: return CURLOPT_SSL_VERIFYPEER;
    case CURLOPT_PROXY_SSL_VERIFYHOST: return CURLOPT_SSL_VERIFYHOST;
    case CURLOPT_PROXY_CAINFO: return CURLOPT_CAINFO;
    case CURLOPT_PROXY_CAPATH: return CURLOPT_CAPATH;
    case CURLOPT_PROXY_CAINFO_BLOB: return CURLOPT_CAINFO_BLOB;
    case CURLOPT_PROXY_SSLCERT: return CURLOPT_SSLCERT;
    case CURLOPT_PROXY_SSLCERTTYPE: return CURLOPT_SSLCERTTYPE;
    case CURLOPT_PROXY_SSLCERT_BLOB: return CURLOPT_SSLCERT_BLOB;
    case CURLOPT_PROXY_SSLKEY: return CURLOPT_SSLKEY;
    case CURLOPT_PROXY_SSLKEYTYPE: return CURLOPT_SSLKEYTYPE;
    case CURLOPT_PROXY_SSLKEY_BLOB: return CURLOPT_SSLKEY_BLOB;
    case CURLOPT_PROXY_KEYPASSWD: return CURLOPT_KEYPASSWD;
    case CURLOPT_PROXY_SSLVERSION: return CURLOPT_SSLVERSION;
    case CURLOPT_PROXY_SSL_CIPHER_LIST: return CURLOPT_SSL_CIPHER_LIST;
    case CURLOPT_PROXY_TLS13_CIPHERS: return CURLOPT_TLS13_CIPHERS;
    case CURLOPT_PROXY_PINNEDPUBLICKEY: return CURLOPT_PINNEDPUBLICKEY;
    case CURLOPT_PROXY_SSL_OPTIONS: return CURLOPT_SSL_OPTIONS;
    default: return static_cast<CURLoption>(0);
  }
}

}  // namespace xfer::api
