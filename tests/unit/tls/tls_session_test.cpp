// TlsSession and TlsContextCache against the loopback server in TLS mode: verification outcomes and codes.
#include <catch2/catch.hpp>

#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>

#include <fstream>
#include <iterator>

#include "tls_test_util.h"

using namespace xfer::tls_test;
using xfer::transport::TlsInfo;

namespace {

TlsOptions trusting_test_ca() {
  TlsOptions o;
  o.ca_info = cert("ca.pem");
  o.ca_path.reset();
  return o;
}

std::string slurp(const std::string& name) {
  std::ifstream in(name, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

TEST_CASE("tls: a trusted server answers over TLS by IP, name and IPv6", "[tls]") {
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
    TlsInfo info = a->session->info();
    CHECK(info.verify_result == X509_V_OK);
    CHECK(a->session->native_handle() != nullptr);
  }

  auto srv6 = tls_server("server", "", true);
  REQUIRE(srv6->ok());
  auto a6 = attempt(cache, o, "::1", srv6->port(), true);
  INFO(a6->detail);
  CHECK(a6->code == CURLE_OK);
  CHECK(cache.context_count() == 1);  // one config, one SSL_CTX
}

TEST_CASE("tls: a large body arrives intact through partial reads", "[tls]") {
  TlsContextCache cache;
  auto srv = tls_server();
  REQUIRE(srv->ok());
  auto a = attempt(cache, trusting_test_ca(), "localhost", srv->port());
  REQUIRE(a->code == CURLE_OK);
  const std::string reply = get(*a->session, a->fd, "/?size=3000000");
  const auto head_end = reply.find("\r\n\r\n");
  REQUIRE(head_end != std::string::npos);
  CHECK(reply.size() - head_end - 4 == 3000000);
  CHECK(reply[head_end + 4 + 27] == 'b');
}

TEST_CASE("tls: verification failures map to libcurl's codes", "[tls]") {
  TlsContextCache cache;

  SECTION("untrusted issuer with the system bundle") {
    auto srv = tls_server();
    auto a = attempt(cache, TlsOptions{}, "localhost", srv->port());
    CHECK(a->code == CURLE_PEER_FAILED_VERIFICATION);
    CHECK(a->session->info().verify_result == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
    CHECK(a->detail.find("SSL certificate problem") != std::string::npos);
  }
  SECTION("expired") {
    auto srv = tls_server("expired");
    auto a = attempt(cache, trusting_test_ca(), "localhost", srv->port());
    CHECK(a->code == CURLE_PEER_FAILED_VERIFICATION);
    CHECK(a->session->info().verify_result == X509_V_ERR_CERT_HAS_EXPIRED);
  }
  SECTION("self-signed") {
    auto srv = tls_server("selfsigned");
    auto a = attempt(cache, trusting_test_ca(), "localhost", srv->port());
    CHECK(a->code == CURLE_PEER_FAILED_VERIFICATION);
    CHECK(a->session->info().verify_result == X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT);
  }
  SECTION("wrong host name: the error text names the certificate's names") {
    auto srv = tls_server("wrongname");
    auto a = attempt(cache, trusting_test_ca(), "localhost", srv->port());
    CHECK(a->code == CURLE_PEER_FAILED_VERIFICATION);
    CHECK(a->detail.find("wrong.example") != std::string::npos);
    // libcurl 7.88 rejects the name before it reads the chain's result.
    CHECK(a->session->info().verify_result == xfer::transport::tls_initial_verify_result());
  }
  SECTION("wrong IP address") {
    auto srv = tls_server("wrongname");
    auto a = attempt(cache, trusting_test_ca(), "127.0.0.1", srv->port());
    CHECK(a->code == CURLE_PEER_FAILED_VERIFICATION);
  }
  SECTION("VERIFYPEER 0 still checks the name, as 7.88 does") {
    auto srv = tls_server("wrongname");
    TlsOptions o;
    o.verify_peer = false;
    auto a = attempt(cache, o, "localhost", srv->port());
    CHECK(a->code == CURLE_PEER_FAILED_VERIFICATION);
  }
}

TEST_CASE("tls: VERIFYPEER 0 and VERIFYHOST 0 relax exactly their checks", "[tls]") {
  TlsContextCache cache;
  SECTION("self-signed accepted without peer verification; the result is still reported") {
    auto srv = tls_server("selfsigned");
    TlsOptions o;
    o.verify_peer = false;
    auto a = attempt(cache, o, "localhost", srv->port());
    REQUIRE(a->code == CURLE_OK);
    CHECK(a->session->info().verify_result == X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT);
    CHECK(get(*a->session, a->fd, "/").rfind("HTTP/1.1 200", 0) == 0);
  }
  SECTION("wrong name accepted without host verification") {
    auto srv = tls_server("wrongname");
    TlsOptions o = trusting_test_ca();
    o.verify_host = 0;
    auto a = attempt(cache, o, "localhost", srv->port());
    CHECK(a->code == CURLE_OK);
  }
  SECTION("both off: anything goes") {
    auto srv = tls_server("expired");
    TlsOptions o;
    o.verify_peer = false;
    o.verify_host = 0;
    auto a = attempt(cache, o, "127.0.0.1", srv->port());
    CHECK(a->code == CURLE_OK);
    // No CA is even loaded without peer verification, as in libcurl: the issuer is unknown.
    CHECK(a->session->info().verify_result == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
  }
}

TEST_CASE("tls: CA sources", "[tls]") {
  TlsContextCache cache;
  auto srv = tls_server();
  REQUIRE(srv->ok());
  SECTION("CAINFO_BLOB replaces CAINFO") {
    TlsOptions o;
    o.ca_info = cert("garbage.pem");
    o.ca_info_blob = slurp(cert("ca.pem"));
    auto a = attempt(cache, o, "localhost", srv->port());
    CHECK(a->code == CURLE_OK);
  }
  SECTION("a CA file that is not a certificate") {
    TlsOptions o;
    o.ca_info = cert("garbage.pem");
    auto a = attempt(cache, o, "localhost", srv->port());
    CHECK(a->code == CURLE_SSL_CACERT_BADFILE);
    CHECK(a->detail.find("garbage.pem") != std::string::npos);
  }
  SECTION("a CA file that does not exist") {
    TlsOptions o;
    o.ca_info = cert("no-such-file.pem");
    auto a = attempt(cache, o, "localhost", srv->port());
    CHECK(a->code == CURLE_SSL_CACERT_BADFILE);
  }
  SECTION("a bad CA file does not matter without peer verification") {
    TlsOptions o;
    o.ca_info = cert("no-such-file.pem");
    o.verify_peer = false;
    auto a = attempt(cache, o, "localhost", srv->port());
    CHECK(a->code == CURLE_OK);
  }
  SECTION("CAPATH alone, without a bundle") {
    TlsOptions o;
    o.ca_info.reset();
    o.ca_path = XFER_TEST_CERTS_DIR;  // not hashed: nothing found, so untrusted
    auto a = attempt(cache, o, "localhost", srv->port());
    CHECK(a->code == CURLE_PEER_FAILED_VERIFICATION);
  }
}

TEST_CASE("tls: client certificates", "[tls]") {
  TlsContextCache cache;
  auto srv = tls_server("server", cert("ca.pem"));
  REQUIRE(srv->ok());
  TlsOptions o = trusting_test_ca();

  SECTION("none given: the server refuses (TLS 1.3 reports it after the handshake)") {
    auto a = attempt(cache, o, "localhost", srv->port());
    if (a->code == CURLE_OK) {
      bool read_error = false;
      const std::string reply = get(*a->session, a->fd, "/", &read_error);
      CHECK(reply.empty());
      // libcurl says 55 here: its request write meets the server's alert first.
      const CURLcode c = a->session->failure().code;
      CHECK((c == CURLE_SEND_ERROR || c == CURLE_RECV_ERROR));
    } else {
      CHECK((a->code == CURLE_SSL_CONNECT_ERROR || a->code == CURLE_SSL_CLIENTCERT));
    }
  }
  SECTION("PEM cert with key file") {
    o.cert = cert("client.pem");
    o.key = cert("client.key");
    auto a = attempt(cache, o, "localhost", srv->port());
    REQUIRE(a->code == CURLE_OK);
    CHECK(get(*a->session, a->fd, "/").rfind("HTTP/1.1 200", 0) == 0);
  }
  SECTION("DER cert and DER key") {
    o.cert = cert("client.der");
    o.cert_type = "DER";
    o.key = cert("client-key.der");
    o.key_type = "der";
    auto a = attempt(cache, o, "localhost", srv->port());
    REQUIRE(a->code == CURLE_OK);
    CHECK(get(*a->session, a->fd, "/").rfind("HTTP/1.1 200", 0) == 0);
  }
  SECTION("encrypted key with KEYPASSWD") {
    o.cert = cert("client.pem");
    o.key = cert("client-enc.key");
    o.key_passwd = "secret";
    auto a = attempt(cache, o, "localhost", srv->port());
    REQUIRE(a->code == CURLE_OK);
    CHECK(get(*a->session, a->fd, "/").rfind("HTTP/1.1 200", 0) == 0);
  }
  SECTION("encrypted key, wrong password") {
    o.cert = cert("client.pem");
    o.key = cert("client-enc.key");
    o.key_passwd = "wrong";
    auto a = attempt(cache, o, "localhost", srv->port());
    CHECK(a->code == CURLE_SSL_CERTPROBLEM);
  }
  SECTION("PKCS#12 file and blob") {
    o.cert_type = "P12";
    o.key_passwd = "secret";
    SECTION("file") { o.cert = cert("client.p12"); }
    SECTION("blob") { o.cert_blob = slurp(cert("client.p12")); }
    auto a = attempt(cache, o, "localhost", srv->port());
    REQUIRE(a->code == CURLE_OK);
    CHECK(get(*a->session, a->fd, "/").rfind("HTTP/1.1 200", 0) == 0);
  }
  SECTION("PEM blobs") {
    o.cert_blob = slurp(cert("client.pem"));
    o.key_blob = slurp(cert("client.key"));
    auto a = attempt(cache, o, "localhost", srv->port());
    REQUIRE(a->code == CURLE_OK);
    CHECK(get(*a->session, a->fd, "/").rfind("HTTP/1.1 200", 0) == 0);
  }
  SECTION("a certificate file that is not one") {
    o.cert = cert("garbage.pem");
    auto a = attempt(cache, o, "localhost", srv->port());
    CHECK(a->code == CURLE_SSL_CERTPROBLEM);
  }
  SECTION("a missing certificate file") {
    o.cert = cert("nope.pem");
    auto a = attempt(cache, o, "localhost", srv->port());
    CHECK(a->code == CURLE_SSL_CERTPROBLEM);
  }
  SECTION("a key that does not belong to the certificate") {
    o.cert = cert("client.pem");
    o.key = cert("server.key");
    auto a = attempt(cache, o, "localhost", srv->port());
    CHECK(a->code == CURLE_SSL_CERTPROBLEM);
  }
  SECTION("an unknown certificate type") {
    o.cert = cert("client.pem");
    o.cert_type = "XYZ";
    auto a = attempt(cache, o, "localhost", srv->port());
    CHECK(a->code == CURLE_SSL_CERTPROBLEM);
  }
}

TEST_CASE("tls: public key pinning", "[tls]") {
  TlsContextCache cache;
  auto srv = tls_server();
  REQUIRE(srv->ok());
  TlsOptions o = trusting_test_ca();
  SECTION("matching sha256 pin, alone and in a list") {
    const std::string pin = slurp(cert("server.pin"));
    for (const std::string& p : {pin, slurp(cert("other.pin")) + ";" + pin}) {
      o.pinned_public_key = p;
      auto a = attempt(cache, o, "localhost", srv->port());
      CHECK(a->code == CURLE_OK);
    }
  }
  SECTION("matching PEM and DER key files") {
    for (const char* f : {"server-pub.pem", "server-pub.der"}) {
      o.pinned_public_key = cert(f);
      auto a = attempt(cache, o, "localhost", srv->port());
      CHECK(a->code == CURLE_OK);
    }
  }
  SECTION("mismatches") {
    for (const std::string& p : {slurp(cert("other.pin")), cert("other-pub.pem"), cert("missing.pem"),
                                 std::string("sha256//AAAA")}) {
      o.pinned_public_key = p;
      auto a = attempt(cache, o, "localhost", srv->port());
      CHECK(a->code == CURLE_SSL_PINNEDPUBKEYNOTMATCH);
    }
  }
  SECTION("the pin is checked even without peer verification") {
    o.verify_peer = false;
    o.pinned_public_key = slurp(cert("other.pin"));
    auto a = attempt(cache, o, "localhost", srv->port());
    CHECK(a->code == CURLE_SSL_PINNEDPUBKEYNOTMATCH);
  }
}

TEST_CASE("tls: session resumption across connections", "[tls]") {
  auto srv = tls_server();
  REQUIRE(srv->ok());
  TlsContextCache cache;
  TlsOptions o = trusting_test_ca();

  SECTION("on by default") {
    for (int i = 0; i < 3; ++i) {
      auto a = attempt(cache, o, "localhost", srv->port());
      REQUIRE(a->code == CURLE_OK);
      // Reading the reply is what lets the TLS 1.3 tickets arrive.
      const std::string reply = get(*a->session, a->fd, "/__stats");
      CHECK(a->session->info().resumed == (i > 0));
      CHECK(reply.find("tls_resumed=" + std::to_string(i)) != std::string::npos);
    }
    CHECK(cache.session_count() == 1);
    CHECK(srv->tls_resumed_count() == 2);
  }
  SECTION("off with SSL_SESSIONID_CACHE 0") {
    o.session_id_cache = false;
    for (int i = 0; i < 2; ++i) {
      auto a = attempt(cache, o, "localhost", srv->port());
      REQUIRE(a->code == CURLE_OK);
      get(*a->session, a->fd, "/");
      CHECK_FALSE(a->session->info().resumed);
    }
    CHECK(srv->tls_resumed_count() == 0);
  }
  SECTION("not shared between different configs") {
    auto a = attempt(cache, o, "localhost", srv->port());
    get(*a->session, a->fd, "/");
    TlsOptions other = o;
    other.verify_host = 0;
    auto b = attempt(cache, other, "localhost", srv->port());
    REQUIRE(b->code == CURLE_OK);
    get(*b->session, b->fd, "/");
    CHECK_FALSE(b->session->info().resumed);
    CHECK(cache.context_count() == 2);
  }
}

TEST_CASE("tls: versions, ciphers, curves, ALPN, OCSP", "[tls]") {
  TlsContextCache cache;
  TlsOptions o = trusting_test_ca();
  SECTION("max TLS 1.2") {
    auto srv = tls_server();
    o.ssl_version = static_cast<long>(CURL_SSLVERSION_TLSv1_2) | CURL_SSLVERSION_MAX_TLSv1_2;
    auto a = attempt(cache, o, "localhost", srv->port());
    REQUIRE(a->code == CURLE_OK);
    CHECK(a->session->info().version == "TLSv1.2");
    CHECK(get(*a->session, a->fd, "/").rfind("HTTP/1.1 200", 0) == 0);
  }
  SECTION("min TLS 1.3 against a 1.2-only server") {
    auto srv = tls_server("server", "", false, 12);
    o.ssl_version = CURL_SSLVERSION_TLSv1_3;
    auto a = attempt(cache, o, "localhost", srv->port());
    CHECK(a->code == CURLE_SSL_CONNECT_ERROR);
  }
  SECTION("max below min") {
    auto srv = tls_server();
    o.ssl_version = static_cast<long>(CURL_SSLVERSION_TLSv1_3) | CURL_SSLVERSION_MAX_TLSv1_2;
    auto a = attempt(cache, o, "localhost", srv->port());
    CHECK(a->code == CURLE_SSL_CONNECT_ERROR);
  }
  SECTION("cipher and curve lists") {
    auto srv = tls_server("server", "", false, 12);
    o.cipher_list = "ECDHE-RSA-AES128-GCM-SHA256";
    o.ec_curves = "P-256";
    auto a = attempt(cache, o, "localhost", srv->port());
    REQUIRE(a->code == CURLE_OK);
    CHECK(std::string(SSL_get_cipher_name(static_cast<SSL*>(a->session->native_handle()))) ==
          "ECDHE-RSA-AES128-GCM-SHA256");
  }
  SECTION("unknown names are CURLE_SSL_CIPHER") {
    auto srv = tls_server();
    SECTION("cipher list") { o.cipher_list = "NOT-A-CIPHER"; }
    SECTION("TLS 1.3 suites") { o.tls13_ciphers = "TLS_NOT_A_SUITE"; }
    SECTION("curves") { o.ec_curves = "not-a-curve"; }
    auto a = attempt(cache, o, "localhost", srv->port());
    CHECK(a->code == CURLE_SSL_CIPHER);
  }
  SECTION("VERIFYSTATUS without a stapled response") {
    auto srv = tls_server();
    o.verify_status = true;
    auto a = attempt(cache, o, "localhost", srv->port());
    CHECK(a->code == CURLE_SSL_INVALIDCERTSTATUS);
  }
  SECTION("the server picks no ALPN protocol: none reported") {
    auto srv = tls_server();
    auto a = attempt(cache, o, "localhost", srv->port());
    REQUIRE(a->code == CURLE_OK);
    CHECK(a->session->info().alpn.empty());
  }
}

TEST_CASE("tls: certinfo lists the chain", "[tls]") {
  TlsContextCache cache;
  TlsOptions o = trusting_test_ca();
  o.cert_info = true;
  xfer::test::LoopbackServer::Options so;
  so.tls.emplace();
  so.tls->cert_file = cert("server-chain.pem");
  so.tls->key_file = cert("server.key");
  xfer::test::LoopbackServer srv(so);
  REQUIRE(srv.ok());
  auto a = attempt(cache, o, "localhost", srv.port());
  REQUIRE(a->code == CURLE_OK);
  const auto info = a->session->info();
  REQUIRE(info.certinfo.size() == 2);
  CHECK(info.certinfo[0].front().rfind("Subject:", 0) == 0);
  CHECK(info.certinfo[0].front().find("localhost") != std::string::npos);
  CHECK(info.certinfo[1].front().find("xfer test CA") != std::string::npos);
  CHECK(info.certinfo[0].back().rfind("Cert:-----BEGIN CERTIFICATE-----", 0) == 0);
}

TEST_CASE("tls: a server that vanishes mid-handshake is a connect error", "[tls]") {
  // A plain-TCP server answering garbage to the ClientHello.
  xfer::test::LoopbackServer srv;
  REQUIRE(srv.ok());
  srv.script({xfer::test::Send{"HTTP/1.1 400 Nope\r\n\r\n"}, xfer::test::Close{}});
  TlsContextCache cache;
  auto a = attempt(cache, trusting_test_ca(), "localhost", srv.port());
  CHECK(a->code == CURLE_SSL_CONNECT_ERROR);
  CHECK_FALSE(a->detail.empty());
}
