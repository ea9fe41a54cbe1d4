// apply_tls_option and curl_global_sslset: values stored, ranges refused, libcurl 7.88's answers.
#include <catch2/catch.hpp>

#include "api/setopt_tls.h"

using xfer::api::apply_tls_option;
using xfer::api::Arg;
using xfer::transport::TlsOptions;

namespace {

Arg long_arg(long v) {
  Arg a;
  a.l = v;
  return a;
}

Arg ptr_arg(const void* p) {
  Arg a;
  a.p = const_cast<void*>(p);
  return a;
}

}  // namespace

TEST_CASE("setopt_tls: non-TLS options pass through untouched", "[tls][setopt]") {
  std::unique_ptr<TlsOptions> slot;
  CHECK(apply_tls_option(slot, CURLOPT_URL, ptr_arg("x")) == CURLE_UNKNOWN_OPTION);
  CHECK_FALSE(slot);  // nothing allocated for a handle without TLS options
}

TEST_CASE("setopt_tls: defaults are Debian libcurl's", "[tls][setopt]") {
  const TlsOptions& d = xfer::transport::default_tls_options();
  CHECK(d.verify_peer);
  CHECK(d.verify_host == 2);
  CHECK(d.ca_info == std::optional<std::string>("/etc/ssl/certs/ca-certificates.crt"));
  CHECK(d.ca_path == std::optional<std::string>("/etc/ssl/certs"));
  CHECK(d.session_id_cache);
}

TEST_CASE("setopt_tls: values", "[tls][setopt]") {
  std::unique_ptr<TlsOptions> slot;
  CHECK(apply_tls_option(slot, CURLOPT_SSL_VERIFYPEER, long_arg(0)) == CURLE_OK);
  REQUIRE(slot);
  CHECK_FALSE(slot->verify_peer);
  CHECK(apply_tls_option(slot, CURLOPT_SSL_VERIFYPEER, long_arg(5)) == CURLE_OK);
  CHECK(slot->verify_peer);

  // 7.88: every non-zero VERIFYHOST means 2, negative and 3 included.
  for (long v : {1L, 2L, 3L, -1L}) {
    CHECK(apply_tls_option(slot, CURLOPT_SSL_VERIFYHOST, long_arg(v)) == CURLE_OK);
    CHECK(slot->verify_host == 2);
  }
  CHECK(apply_tls_option(slot, CURLOPT_SSL_VERIFYHOST, long_arg(0)) == CURLE_OK);
  CHECK(slot->verify_host == 0);

  CHECK(apply_tls_option(slot, CURLOPT_CAINFO, ptr_arg(nullptr)) == CURLE_OK);
  CHECK_FALSE(slot->ca_info);
  char path[] = "/tmp/ca.pem";
  CHECK(apply_tls_option(slot, CURLOPT_CAINFO, ptr_arg(path)) == CURLE_OK);
  path[0] = 'X';  // copied, not borrowed
  CHECK(slot->ca_info == std::optional<std::string>("/tmp/ca.pem"));

  char bytes[] = {'a', '\0', 'b'};
  curl_blob blob{bytes, sizeof bytes, CURL_BLOB_NOCOPY};
  CHECK(apply_tls_option(slot, CURLOPT_CAINFO_BLOB, ptr_arg(&blob)) == CURLE_OK);
  bytes[0] = 'z';
  CHECK(slot->ca_info_blob == std::optional<std::string>(std::string("a\0b", 3)));
  CHECK(apply_tls_option(slot, CURLOPT_CAINFO_BLOB, ptr_arg(nullptr)) == CURLE_OK);
  CHECK_FALSE(slot->ca_info_blob);

  CHECK(apply_tls_option(slot, CURLOPT_SSL_SESSIONID_CACHE, long_arg(0)) == CURLE_OK);
  CHECK_FALSE(slot->session_id_cache);
  CHECK(apply_tls_option(slot, CURLOPT_CERTINFO, long_arg(1)) == CURLE_OK);
  CHECK(slot->cert_info);
  CHECK(apply_tls_option(slot, CURLOPT_SSL_OPTIONS, long_arg(CURLSSLOPT_NO_PARTIALCHAIN)) == CURLE_OK);
  CHECK(slot->ssl_options == CURLSSLOPT_NO_PARTIALCHAIN);
  CHECK(apply_tls_option(slot, CURLOPT_SSL_FALSESTART, long_arg(1)) == CURLE_NOT_BUILT_IN);
}

TEST_CASE("setopt_tls: SSLVERSION ranges as 7.88 checks them", "[tls][setopt]") {
  std::unique_ptr<TlsOptions> slot;
  CHECK(apply_tls_option(slot, CURLOPT_SSLVERSION, long_arg(CURL_SSLVERSION_TLSv1_2)) == CURLE_OK);
  CHECK(apply_tls_option(slot, CURLOPT_SSLVERSION,
                         long_arg(static_cast<long>(CURL_SSLVERSION_TLSv1_3) | CURL_SSLVERSION_MAX_TLSv1_0)) == CURLE_OK);
  for (long bad : {2L, 3L, 8L, -1L, 8L << 16})
    CHECK(apply_tls_option(slot, CURLOPT_SSLVERSION, long_arg(bad)) == CURLE_BAD_FUNCTION_ARGUMENT);
  CHECK(slot->ssl_version == (static_cast<long>(CURL_SSLVERSION_TLSv1_3) | CURL_SSLVERSION_MAX_TLSv1_0));
}

TEST_CASE("setopt_tls: config keys separate what must not share", "[tls][setopt]") {
  TlsOptions a, b;
  CHECK(a.config_key() == b.config_key());
  b.cert_info = true;  // does not change the connection
  CHECK(a.config_key() == b.config_key());
  b.verify_peer = false;
  CHECK(a.config_key() != b.config_key());
  TlsOptions c;
  c.ca_info.reset();
  TlsOptions d;
  d.ca_info = std::string();
  CHECK(c.config_key() != d.config_key());
}

TEST_CASE("sslset: OpenSSL is the one backend", "[tls][sslset]") {
  const curl_ssl_backend** avail = nullptr;
  CHECK(curl_global_sslset(CURLSSLBACKEND_OPENSSL, nullptr, &avail) == CURLSSLSET_OK);
  REQUIRE(avail);
  CHECK(avail[0]->id == CURLSSLBACKEND_OPENSSL);
  CHECK(std::string(avail[0]->name) == "openssl");
  CHECK(avail[1] == nullptr);
  CHECK(curl_global_sslset(static_cast<curl_sslbackend>(-1), "OpenSSL", nullptr) == CURLSSLSET_OK);
  CHECK(curl_global_sslset(CURLSSLBACKEND_GNUTLS, nullptr, &avail) == CURLSSLSET_UNKNOWN_BACKEND);
  CHECK(avail != nullptr);
  CHECK(curl_global_sslset(CURLSSLBACKEND_NONE, nullptr, nullptr) == CURLSSLSET_UNKNOWN_BACKEND);
  CHECK(curl_global_sslset(CURLSSLBACKEND_GNUTLS, "openssl", nullptr) == CURLSSLSET_OK);
}
