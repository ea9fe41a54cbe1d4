// curl_version / curl_version_info: an honest description of what this build of xfer does.
#include <cstdio>

#include <openssl/opensslv.h>
#include <zlib.h>

#include <curl/curl.h>

namespace {

// Only what xfer really supports: HTTP/1.1 in clear and over TLS.
const char* const kProtocols[] = {"http", "https", nullptr};
const char* const kFeatureNames[] = {"AsynchDNS", "IPv6", "Largefile", "SSL", "threadsafe", nullptr};

#define XFER_SSL_VERSION "OpenSSL/" OPENSSL_VERSION_STR

curl_version_info_data make_info() {
  curl_version_info_data d{};
  d.age = CURLVERSION_ELEVENTH;
  d.version = LIBCURL_VERSION;
  d.version_num = LIBCURL_VERSION_NUM;
  d.host = "x86_64-pc-linux-gnu";
  d.features = CURL_VERSION_IPV6 | CURL_VERSION_ASYNCHDNS | CURL_VERSION_LARGEFILE | CURL_VERSION_THREADSAFE |
               CURL_VERSION_SSL;
  d.ssl_version = XFER_SSL_VERSION;
  d.libz_version = nullptr;  // linked for later content decoding, not offered yet
  d.protocols = kProtocols;
  d.cainfo = "/etc/ssl/certs/ca-certificates.crt";
  d.capath = "/etc/ssl/certs";
  d.feature_names = kFeatureNames;
  return d;
}

}  // namespace

extern "C" CURL_EXTERN char* curl_version(void) {
  static char text[] = "libcurl/" LIBCURL_VERSION " " XFER_SSL_VERSION " (xfer 0.1.0)";
  return text;
}

extern "C" CURL_EXTERN curl_version_info_data* curl_version_info(CURLversion) {
  // Built once; every field points at static storage, as applications expect.
  static curl_version_info_data info = make_info();
  return &info;
}
