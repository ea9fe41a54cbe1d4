// curl_version / curl_version_info: an honest description of what this build of xfer does.
#include <cstdint>
#include <cstdio>
#include <string>

#include <brotli/decode.h>
#include <zlib.h>
#include <zstd.h>

#include <curl/curl.h>
#include <libpsl.h>
#include <nghttp2/nghttp2.h>

#include "transport/tls_backend.h"
#include "util/legacy_crypto.h"

namespace {

// Only what xfer really supports: HTTP/1.1 in clear and over TLS; gzip, deflate, br and
// zstd; GSS-API (Kerberos, and SPNEGO for Negotiate) through MIT's library. Feature names in libcurl's order (alphabetical, case-insensitive).
const char* const kProtocols[] = {"http", "https", nullptr};
const char* const kFeatureNames[] = {"alt-svc", "AsynchDNS", "brotli", "GSS-API", "HSTS", "HTTP2", "HTTPS-proxy",
                                     "IPv6", "Kerberos", "Largefile", "libz", "NTLM", "NTLM_WB", "PSL", "SPNEGO", "SSL", "threadsafe",
                                     "UnixSockets", "zstd", nullptr};
// Without MD4 and DES (OpenSSL's legacy provider) NTLM cannot be answered: not claimed then.
const char* const kFeatureNamesNoNtlm[] = {"alt-svc", "AsynchDNS", "brotli", "GSS-API", "HSTS", "HTTP2",
                                           "HTTPS-proxy", "IPv6", "Kerberos", "Largefile", "libz", "NTLM_WB", "PSL", "SPNEGO", "SSL",
                                           "threadsafe", "UnixSockets", "zstd", nullptr};

// The libraries loaded at run time, not the headers of the build machine: Debian updates
// the TLS library, zlib, brotli and zstd under a built xfer, and libcurl reports the loaded ones too.
const char* ssl_version() {
  static const std::string text = xfer::transport::tls_backend_version();
  return text.c_str();
}

// brotli packs its version as major << 24 | minor << 12 | patch; libcurl prints it bare.
const char* brotli_version() {
  static char text[40];
  static const int once = [] {
    const std::uint32_t v = BrotliDecoderVersion();
    return std::snprintf(text, sizeof text, "%u.%u.%u", v >> 24, (v >> 12) & 0xfff, v & 0xfff);
  }();
  (void)once;
  return text;
}

// zstd's number is major * 10000 + minor * 100 + patch.
const char* zstd_version() {
  static char text[40];
  static const int once = [] {
    const unsigned v = ZSTD_versionNumber();
    return std::snprintf(text, sizeof text, "%u.%u.%u", v / 10000, v / 100 % 100, v % 100);
  }();
  (void)once;
  return text;
}

curl_version_info_data make_info() {
  curl_version_info_data d{};
  d.age = CURLVERSION_ELEVENTH;
  d.version = LIBCURL_VERSION;
  d.version_num = LIBCURL_VERSION_NUM;
  d.host = "x86_64-pc-linux-gnu";
  d.features = CURL_VERSION_IPV6 | CURL_VERSION_ASYNCHDNS | CURL_VERSION_LARGEFILE | CURL_VERSION_THREADSAFE |
               CURL_VERSION_SSL | CURL_VERSION_LIBZ | CURL_VERSION_PSL | CURL_VERSION_ALTSVC |
               CURL_VERSION_HSTS | CURL_VERSION_BROTLI | CURL_VERSION_ZSTD | CURL_VERSION_HTTPS_PROXY |
               CURL_VERSION_UNIX_SOCKETS | CURL_VERSION_GSSAPI | CURL_VERSION_KERBEROS5 | CURL_VERSION_SPNEGO |
               CURL_VERSION_NTLM_WB | CURL_VERSION_HTTP2;
  const bool ntlm = xfer::legacy_crypto_available();
  if (ntlm) d.features |= CURL_VERSION_NTLM;
  d.ssl_version = ssl_version();
  d.libz_version = zlibVersion();
  d.brotli_ver_num = BrotliDecoderVersion();
  d.brotli_version = brotli_version();
  d.zstd_ver_num = ZSTD_versionNumber();
  d.zstd_version = zstd_version();
  d.protocols = kProtocols;
  const nghttp2_info* h2 = nghttp2_version(0);
  d.nghttp2_ver_num = h2->version_num;
  d.nghttp2_version = h2->version_str;
  d.cainfo = "/etc/ssl/certs/ca-certificates.crt";
  d.capath = "/etc/ssl/certs";
  if (!xfer::transport::tls_default_ca_info()) d.cainfo = nullptr;
  d.feature_names = ntlm ? kFeatureNames : kFeatureNamesNoNtlm;
  return d;
}

}  // namespace

extern "C" CURL_EXTERN char* curl_version(void) {
  static char text[200];
  static const int once =
      std::snprintf(text, sizeof text, "libcurl/%s %s zlib/%s brotli/%s zstd/%s libpsl/%s nghttp2/%s (xfer 0.1.0)",
                    LIBCURL_VERSION, ssl_version(), zlibVersion(), brotli_version(), zstd_version(),
                    psl_get_version(), nghttp2_version(0)->version_str);
  (void)once;
  return text;
}

extern "C" CURL_EXTERN curl_version_info_data* curl_version_info(CURLversion) {
  // Built once; every field points at static storage, as applications expect.
  static curl_version_info_data info = make_info();
  return &info;
}
