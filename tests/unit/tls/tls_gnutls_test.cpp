// The GnuTLS backend's TlsSession against the loopback server: libcurl-gnutls 7.88's codes, results and formats.
#include <catch2/catch.hpp>

#include <gnutls/gnutls.h>

#include <fstream>
#include <iterator>

#include "tls_test_util.h"
#include "transport/tls_backend.h"

using namespace xfer::tls_test;
using xfer::transport::TlsInfo;

namespace {

TlsOptions trusting_test_ca() {
  TlsOptions o;
  o.ca_info = cert("ca.pem");
  o.ca_path.reset();
  return o;
}

std::string field(const std::vector<std::string>& lines, const std::string& name) {
  for (const std::string& l : lines)
    if (l.rfind(name + ":", 0) == 0) return l.substr(name.size() + 1);
  return "(missing)";
}

}  // namespace

TEST_CASE("gnutls: the build says it is GnuTLS", "[gnutls]") {
  CHECK(xfer::transport::tls_backend_id() == CURLSSLBACKEND_GNUTLS);
  CHECK(std::string(xfer::transport::tls_backend_version()).rfind("GnuTLS/", 0) == 0);
  CHECK(xfer::transport::tls_default_ca_info() == nullptr);  // Debian's libcurl-gnutls has none
  CHECK_FALSE(TlsOptions().ca_info.has_value());
  CHECK(xfer::transport::tls_engine_select("dynamic") == CURLE_NOT_BUILT_IN);
  CHECK(xfer::transport::tls_engine_ids().empty());
}

TEST_CASE("gnutls: a trusted server answers by IP, name and IPv6", "[gnutls]") {
  TlsContextCache cache;
  const TlsOptions o = trusting_test_ca();
  auto srv = tls_server();
  REQUIRE(srv->ok());
  for (const char* host : {"127.0.0.1", "localhost"}) {
    auto a = attempt(cache, o, host, srv->port());
    INFO(host << ": " << a->detail);
    REQUIRE(a->code == CURLE_OK);
    const std::string reply = get(*a->session, a->fd, "/?text=hello");
    CHECK(reply.rfind("HTTP/1.1 200", 0) == 0);
    CHECK(reply.find("\r\n\r\nhello") != std::string::npos);
    CHECK(a->session->info().verify_result == 0);
    CHECK(a->session->native_handle() != nullptr);
  }
  auto srv6 = tls_server("server", "", true);
  REQUIRE(srv6->ok());
  auto a6 = attempt(cache, o, "::1", srv6->port(), true);
  INFO(a6->detail);
  CHECK(a6->code == CURLE_OK);
  CHECK(cache.context_count() == 1);
}

TEST_CASE("gnutls: a large body arrives intact through partial reads", "[gnutls]") {
  TlsContextCache cache;
  auto srv = tls_server();
  REQUIRE(srv->ok());
  auto a = attempt(cache, trusting_test_ca(), "localhost", srv->port());
  REQUIRE(a->code == CURLE_OK);
  const std::string reply = get(*a->session, a->fd, "/?size=3000000");
  const auto head_end = reply.find("\r\n\r\n");
  REQUIRE(head_end != std::string::npos);
  CHECK(reply.size() - head_end - 4 == 3000000);
}

TEST_CASE("gnutls: verification results are GnuTLS status bits, as libcurl reports them", "[gnutls]") {
  TlsContextCache cache;
  const TlsOptions o = trusting_test_ca();
  SECTION("untrusted: INVALID | SIGNER_NOT_FOUND") {
    auto srv = tls_server("selfsigned");
    REQUIRE(srv->ok());
    auto a = attempt(cache, o, "localhost", srv->port());
    CHECK(a->code == CURLE_PEER_FAILED_VERIFICATION);
    CHECK(a->session->info().verify_result == (GNUTLS_CERT_INVALID | GNUTLS_CERT_SIGNER_NOT_FOUND));
    CHECK(a->detail == "server certificate verification failed. CAfile: " + cert("ca.pem") + " CRLfile: none");
  }
  SECTION("expired: INVALID | EXPIRED") {
    auto srv = tls_server("expired");
    REQUIRE(srv->ok());
    auto a = attempt(cache, o, "localhost", srv->port());
    CHECK(a->code == CURLE_PEER_FAILED_VERIFICATION);
    CHECK(a->session->info().verify_result == (GNUTLS_CERT_INVALID | GNUTLS_CERT_EXPIRED));
  }
  SECTION("wrong name: 60 with a clean chain (0)") {
    auto srv = tls_server("wrongname");
    REQUIRE(srv->ok());
    auto a = attempt(cache, o, "localhost", srv->port());
    CHECK(a->code == CURLE_PEER_FAILED_VERIFICATION);
    CHECK(a->session->info().verify_result == 0);
    CHECK(a->detail.find("does not match target host name 'localhost'") != std::string::npos);
  }
  SECTION("VERIFYPEER 0: no chain check, the result stays 0; the name still counts") {
    TlsOptions off = o;
    off.verify_peer = false;
    auto srv = tls_server("selfsigned");
    REQUIRE(srv->ok());
    auto a = attempt(cache, off, "localhost", srv->port());
    CHECK(a->code == CURLE_OK);
    CHECK(a->session->info().verify_result == 0);
    auto wrong = tls_server("wrongname");
    REQUIRE(wrong->ok());
    CHECK(attempt(cache, off, "localhost", wrong->port())->code == CURLE_PEER_FAILED_VERIFICATION);
    off.verify_host = 0;
    CHECK(attempt(cache, off, "localhost", wrong->port())->code == CURLE_OK);
  }
}

TEST_CASE("gnutls: an unreadable CA file is 77, GnuTLS's code in the verify result", "[gnutls]") {
  TlsContextCache cache;
  TlsOptions o = trusting_test_ca();
  o.ca_info = cert("does-not-exist.pem");
  auto srv = tls_server();
  REQUIRE(srv->ok());
  const int fd = connect_loopback(srv->port());
  REQUIRE(fd >= 0);
  xfer::Status err;
  std::string detail = "x";
  long verify = 0;
  auto s = TlsSession::create(cache, o, "localhost", srv->port(), fd, err, &detail, nullptr, &verify);
  ::close(fd);
  CHECK_FALSE(s);
  CHECK(err.code == CURLE_SSL_CACERT_BADFILE);
  CHECK(verify == GNUTLS_E_FILE_ERROR);
  CHECK(detail.empty());  // libcurl only logs it: ERRORBUFFER stays empty
}

TEST_CASE("gnutls: client certificates fail with 35, PKCS#12 files included", "[gnutls]") {
  TlsContextCache cache;
  auto srv = tls_server("server", cert("ca.pem"));
  REQUIRE(srv->ok());
  TlsOptions o = trusting_test_ca();
  o.cert = cert("client.pem");
  o.key = cert("client.key");
  CHECK(attempt(cache, o, "localhost", srv->port())->code == CURLE_OK);
  SECTION("encrypted key with its password") {
    o.key = cert("client-enc.key");
    o.key_passwd = "secret";
    CHECK(attempt(cache, o, "localhost", srv->port())->code == CURLE_OK);
  }
  SECTION("a PKCS#12 file is read as PEM, as libcurl-gnutls 7.88 reads it") {
    o.cert = cert("client.p12");
    o.cert_type = "P12";
    o.key.reset();
    o.key_passwd = "secret";
    CHECK(attempt(cache, o, "localhost", srv->port())->code == CURLE_SSL_CONNECT_ERROR);
  }
  SECTION("a PKCS#12 blob is loaded") {
    std::ifstream in(cert("client.p12"), std::ios::binary);
    o.cert.reset();
    o.key.reset();
    o.cert_blob = std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    o.cert_type = "P12";
    o.key_passwd = "secret";
    CHECK(attempt(cache, o, "localhost", srv->port())->code == CURLE_OK);
  }
  SECTION("a key that does not exist") {
    o.key = cert("does-not-exist.key");
    CHECK(attempt(cache, o, "localhost", srv->port())->code == CURLE_SSL_CONNECT_ERROR);
  }
}

TEST_CASE("gnutls: pinning", "[gnutls]") {
  TlsContextCache cache;
  auto srv = tls_server();
  REQUIRE(srv->ok());
  TlsOptions o = trusting_test_ca();
  std::ifstream pin_in(cert("server.pin"));
  std::string pin;
  std::getline(pin_in, pin);
  o.pinned_public_key = pin;
  CHECK(attempt(cache, o, "localhost", srv->port())->code == CURLE_OK);
  o.pinned_public_key = cert("server-pub.pem");
  CHECK(attempt(cache, o, "localhost", srv->port())->code == CURLE_OK);
  o.pinned_public_key = cert("server-pub.der");
  CHECK(attempt(cache, o, "localhost", srv->port())->code == CURLE_OK);
  o.pinned_public_key = cert("other-pub.pem");
  CHECK(attempt(cache, o, "localhost", srv->port())->code == CURLE_SSL_PINNEDPUBKEYNOTMATCH);
}

TEST_CASE("gnutls: no tickets: TLS 1.2 resumes by session ID, TLS 1.3 not at all", "[gnutls]") {
  TlsContextCache cache;
  const TlsOptions o = trusting_test_ca();
  SECTION("TLS 1.2") {
    auto srv = tls_server("server", "", false, 12);
    REQUIRE(srv->ok());
    for (int i = 0; i < 3; ++i) {
      auto a = attempt(cache, o, "localhost", srv->port());
      REQUIRE(a->code == CURLE_OK);
      get(*a->session, a->fd, "/");
      CHECK(a->session->info().resumed == (i > 0));
    }
    CHECK(srv->tls_resumed_count() == 2);
  }
  SECTION("TLS 1.3") {
    auto srv = tls_server();
    REQUIRE(srv->ok());
    for (int i = 0; i < 2; ++i) {
      auto a = attempt(cache, o, "localhost", srv->port());
      REQUIRE(a->code == CURLE_OK);
      get(*a->session, a->fd, "/");
      CHECK_FALSE(a->session->info().resumed);
    }
    CHECK(srv->tls_resumed_count() == 0);
  }
}

TEST_CASE("gnutls: priority strings, versions and ALPN", "[gnutls]") {
  TlsContextCache cache;
  auto srv = tls_server();
  REQUIRE(srv->ok());
  TlsOptions o = trusting_test_ca();
  SECTION("a priority string GnuTLS takes is used") {
    o.cipher_list = "NORMAL:-VERS-TLS1.3";
    auto a = attempt(cache, o, "localhost", srv->port());
    REQUIRE(a->code == CURLE_OK);
    CHECK(a->session->info().version == "TLS1.2");
  }
  SECTION("one GnuTLS refuses is passed over, as 7.88 passes over every one") {
    o.cipher_list = "ECDHE-RSA-AES128-GCM-SHA256";
    auto a = attempt(cache, o, "localhost", srv->port());
    REQUIRE(a->code == CURLE_OK);
    CHECK(a->session->info().version == "TLS1.3");
  }
  SECTION("SSLVERSION narrows the versions") {
    o.ssl_version = static_cast<long>(CURL_SSLVERSION_TLSv1_2) | static_cast<long>(CURL_SSLVERSION_MAX_TLSv1_2);
    auto a = attempt(cache, o, "localhost", srv->port());
    REQUIRE(a->code == CURLE_OK);
    CHECK(a->session->info().version == "TLS1.2");
    o.ssl_version = static_cast<long>(CURL_SSLVERSION_TLSv1_3) | static_cast<long>(CURL_SSLVERSION_MAX_TLSv1_2);
    CHECK(attempt(cache, o, "localhost", srv->port())->code == CURLE_SSL_CONNECT_ERROR);
  }
  SECTION("ALPN: http/1.1, or h2 first when asked (a server without h2 picks http/1.1)") {
    auto a = attempt(cache, o, "localhost", srv->port());
    REQUIRE(a->code == CURLE_OK);
    CHECK_FALSE(a->session->alpn_h2());
  }
}

TEST_CASE("gnutls: certinfo in libcurl-gnutls's format", "[gnutls]") {
  TlsContextCache cache;
  auto srv = tls_server();
  REQUIRE(srv->ok());
  TlsOptions o = trusting_test_ca();
  o.cert_info = true;
  auto a = attempt(cache, o, "localhost", srv->port());
  REQUIRE(a->code == CURLE_OK);
  const TlsInfo info = a->session->info();
  REQUIRE(info.certinfo.size() >= 1);
  const auto& leaf = info.certinfo[0];
  CHECK(field(leaf, "Subject") == "O=xfer tests, CN=localhost");
  CHECK(field(leaf, "Issuer") == "O=xfer tests, CN=xfer test CA");
  CHECK(field(leaf, "Version") == "2");
  CHECK(field(leaf, "Public Key Algorithm") == "rsaEncryption");
  CHECK(field(leaf, "RSA Public Key") == "2048");
  CHECK(field(leaf, "rsa(e)") == "0x10001");
  CHECK(field(leaf, "rsa(n)").size() == 256 * 3);
  CHECK(field(leaf, "Serial Number").back() == ':');
  CHECK(field(leaf, "Start Date").size() == std::string("2026-12-08 00:16:03 GMT").size());
  CHECK(field(leaf, "Cert").rfind("-----BEGIN CERTIFICATE-----\n", 0) == 0);
}
