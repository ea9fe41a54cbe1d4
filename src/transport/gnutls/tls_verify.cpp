// Peer inspection over GnuTLS: the leaf's key and name, certinfo lines, the OCSP staple.
#include <cstdio>
#include <ctime>
#include <string_view>

#include <gnutls/ocsp.h>
#include <gnutls/abstract.h>
#include <gnutls/x509.h>

#include "transport/gnutls/tls_internal.h"
#include "util/hash.h"

namespace xfer::transport {
namespace {

// The leaf certificate parsed, or nullptr.
gnutls_x509_crt_t peer_leaf(gnutls_session_t session) {
  unsigned n = 0;
  const gnutls_datum_t* chain = gnutls_certificate_get_peers(session, &n);
  if (!chain || n == 0) return nullptr;
  gnutls_x509_crt_t cert = nullptr;
  if (gnutls_x509_crt_init(&cert) < 0) return nullptr;
  if (gnutls_x509_crt_import(cert, &chain[0], GNUTLS_X509_FMT_DER) < 0) {
    gnutls_x509_crt_deinit(cert);
    return nullptr;
  }
  return cert;
}

std::string take(gnutls_datum_t& d) {
  std::string out(reinterpret_cast<char*>(d.data), d.size);
  gnutls_free(d.data);
  d = {};
  return out;
}

std::string time_text(time_t t) {
  if (t == static_cast<time_t>(-1)) return {};
  struct tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S GMT", &tm);
  return buf;
}

std::string_view bytes_of(const gnutls_datum_t& d) {
  return {reinterpret_cast<const char*>(d.data), d.size};
}

// The names libcurl's own certificate parser gives the OIDs it knows; others print as OIDs.
const char* oid_name(const std::string& oid) {
  static const struct {
    const char* oid;
    const char* name;
  } kNames[] = {
      {"1.2.840.10040.4.1", "dsa"},
      {"1.2.840.10045.2.1", "ecPublicKey"},
      {"1.2.840.10046.2.1", "dhpublicnumber"},
      {"1.2.840.113549.1.1.1", "rsaEncryption"},
      {"1.2.840.113549.1.1.4", "md5WithRSAEncryption"},
      {"1.2.840.113549.1.1.5", "sha1WithRSAEncryption"},
      {"1.2.840.113549.1.1.11", "sha256WithRSAEncryption"},
      {"1.2.840.113549.1.1.12", "sha384WithRSAEncryption"},
      {"1.2.840.113549.1.1.13", "sha512WithRSAEncryption"},
  };
  for (const auto& n : kNames)
    if (oid == n.oid) return n.name;
  return nullptr;
}

std::string oid_text(const std::string& oid) {
  const char* name = oid_name(oid);
  return name ? name : oid;
}

// A distinguished name in certificate order, "O=xfer tests, CN=localhost", as libcurl's
// GnuTLS build prints it (RFC 4514 text would be reversed).
std::string dn_text(gnutls_x509_dn_t dn) {
  std::string out;
  for (int rdn = 0;; ++rdn) {
    int ava_index = 0;
    for (;; ++ava_index) {
      gnutls_x509_ava_st ava{};
      if (gnutls_x509_dn_get_rdn_ava(dn, rdn, ava_index, &ava) < 0) break;
      const std::string oid(reinterpret_cast<const char*>(ava.oid.data), ava.oid.size);
      const char* short_name = oid == "1.2.840.113549.1.9.1" ? "emailAddress" : gnutls_x509_dn_oid_name(oid.c_str(), 0);
      if (!out.empty()) out += ", ";
      out += short_name ? short_name : oid.c_str();
      out += '=';
      out.append(bytes_of(ava.value));
    }
    if (ava_index == 0) break;
  }
  return out;
}

// An integer as libcurl prints it: small ones as 0x..., long ones byte by byte.
std::string integer_text(const gnutls_datum_t& d) {
  std::size_t skip = 0;
  while (skip + 1 < d.size && d.data[skip] == 0) ++skip;
  const std::string_view v = bytes_of(d).substr(skip);
  if (v.size() > 4) return to_hex_colons(v);
  unsigned long n = 0;
  for (char c : v) n = (n << 8) | static_cast<unsigned char>(c);
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%lx", n);
  return buf;
}

void add_public_key(gnutls_x509_crt_t cert, const std::string& algo, std::vector<std::string>& lines) {
  if (algo == "rsaEncryption") {
    unsigned bits = 0;
    gnutls_x509_crt_get_pk_algorithm(cert, &bits);
    lines.push_back("RSA Public Key:" + std::to_string(bits));
    gnutls_datum_t m{}, e{};
    if (gnutls_x509_crt_get_pk_rsa_raw(cert, &m, &e) == 0) {
      std::size_t skip = 0;
      while (skip + 1 < m.size && m.data[skip] == 0) ++skip;
      lines.push_back("rsa(n):" + to_hex_colons(bytes_of(m).substr(skip)));
      lines.push_back("rsa(e):" + integer_text(e));
      gnutls_free(m.data);
      gnutls_free(e.data);
    }
  } else if (algo == "ecPublicKey") {
    gnutls_ecc_curve_t curve{};
    gnutls_datum_t x{}, y{};
    if (gnutls_x509_crt_get_pk_ecc_raw(cert, &curve, &x, &y) == 0) {
      // The uncompressed point, as the key's bit string holds it.
      std::string point(1, '\x04');
      point.append(bytes_of(x));
      point.append(bytes_of(y));
      lines.push_back("ECC Public Key:" + to_hex_colons(point));
      gnutls_free(x.data);
      gnutls_free(y.data);
    }
  }
}

// One certificate's CERTINFO lines, in the fields and order of libcurl's GnuTLS build.
std::vector<std::string> describe(gnutls_x509_crt_t cert) {
  std::vector<std::string> lines;
  gnutls_x509_dn_t dn = nullptr;
  if (gnutls_x509_crt_get_subject(cert, &dn) == 0) lines.push_back("Subject:" + dn_text(dn));
  if (gnutls_x509_crt_get_issuer(cert, &dn) == 0) lines.push_back("Issuer:" + dn_text(dn));
  const int version = gnutls_x509_crt_get_version(cert);
  if (version > 0) lines.push_back("Version:" + std::to_string(version - 1));
  unsigned char serial[64];
  std::size_t serial_len = sizeof serial;
  if (gnutls_x509_crt_get_serial(cert, serial, &serial_len) == 0)
    lines.push_back("Serial Number:" + to_hex_colons(std::string_view(reinterpret_cast<char*>(serial), serial_len)));
  char oid[128];
  std::size_t oid_len = sizeof oid;
  if (gnutls_x509_crt_get_signature_oid(cert, oid, &oid_len) == 0)
    lines.push_back("Signature Algorithm:" + oid_text(oid));
  lines.push_back("Start Date:" + time_text(gnutls_x509_crt_get_activation_time(cert)));
  lines.push_back("Expire Date:" + time_text(gnutls_x509_crt_get_expiration_time(cert)));
  oid_len = sizeof oid;
  if (gnutls_x509_crt_get_pk_oid(cert, oid, &oid_len) == 0) {
    const std::string algo = oid_text(oid);
    lines.push_back("Public Key Algorithm:" + algo);
    add_public_key(cert, algo, lines);
  }
  std::size_t sig_len = 0;
  gnutls_x509_crt_get_signature(cert, nullptr, &sig_len);
  std::string sig(sig_len, '\0');
  if (sig_len > 0 && gnutls_x509_crt_get_signature(cert, sig.data(), &sig_len) == 0) {
    sig.resize(sig_len);
    lines.push_back("Signature:" + to_hex_colons(sig));
  }
  gnutls_datum_t pem{};
  if (gnutls_x509_crt_export2(cert, GNUTLS_X509_FMT_PEM, &pem) == 0) lines.push_back("Cert:" + take(pem));
  return lines;
}

}  // namespace

std::string gnutls_peer_spki(gnutls_session_t session) {
  gnutls_x509_crt_t cert = peer_leaf(session);
  if (!cert) return {};
  std::string der;
  gnutls_pubkey_t key = nullptr;
  if (gnutls_pubkey_init(&key) == 0) {
    gnutls_datum_t d{};
    if (gnutls_pubkey_import_x509(key, cert, 0) == 0 && gnutls_pubkey_export2(key, GNUTLS_X509_FMT_DER, &d) == 0)
      der = take(d);
    gnutls_pubkey_deinit(key);
  }
  gnutls_x509_crt_deinit(cert);
  return der;
}

std::string gnutls_peer_common_name(gnutls_session_t session) {
  gnutls_x509_crt_t cert = peer_leaf(session);
  if (!cert) return {};
  char buf[256];
  std::size_t len = sizeof buf;
  std::string name;
  if (gnutls_x509_crt_get_dn_by_oid(cert, GNUTLS_OID_X520_COMMON_NAME, 0, 0, buf, &len) == 0) name.assign(buf, len);
  gnutls_x509_crt_deinit(cert);
  return name;
}

std::vector<std::vector<std::string>> gnutls_collect_certinfo(gnutls_session_t session) {
  std::vector<std::vector<std::string>> out;
  unsigned n = 0;
  const gnutls_datum_t* chain = gnutls_certificate_get_peers(session, &n);
  for (unsigned i = 0; chain && i < n; ++i) {
    gnutls_x509_crt_t cert = nullptr;
    if (gnutls_x509_crt_init(&cert) < 0) break;
    if (gnutls_x509_crt_import(cert, &chain[i], GNUTLS_X509_FMT_DER) == 0) out.push_back(describe(cert));
    gnutls_x509_crt_deinit(cert);
  }
  return out;
}

Status gnutls_check_ocsp(gnutls_session_t session, std::string& detail) {
  static constexpr Status kBad = Status::fail(CURLE_SSL_INVALIDCERTSTATUS, "SSL: OCSP status check failed");
  if (!gnutls_ocsp_status_request_is_checked(session, 0)) {
    gnutls_datum_t raw{};
    detail = gnutls_ocsp_status_request_get(session, &raw) < 0 ? "SSL: No OCSP response received"
                                                                  : "SSL: Invalid OCSP response received";
    return kBad;
  }
  gnutls_datum_t raw{};
  if (gnutls_ocsp_status_request_get(session, &raw) < 0) {
    detail = "SSL: No OCSP response received";
    return kBad;
  }
  gnutls_ocsp_resp_t resp = nullptr;
  if (gnutls_ocsp_resp_init(&resp) < 0) return kBad;
  Status result = kBad;
  unsigned cert_status = 0;
  if (gnutls_ocsp_resp_import(resp, &raw) == 0 &&
      gnutls_ocsp_resp_get_single(resp, 0, nullptr, nullptr, nullptr, nullptr, &cert_status, nullptr, nullptr,
                                  nullptr, nullptr) == 0) {
    if (cert_status == GNUTLS_OCSP_CERT_GOOD) result = Status::ok();
    else detail = cert_status == GNUTLS_OCSP_CERT_REVOKED ? "SSL: Server certificate was revoked"
                                                          : "SSL: Server certificate status is unknown";
  } else {
    detail = "SSL: Invalid OCSP response received";
  }
  gnutls_ocsp_resp_deinit(resp);
  return result;
}

}  // namespace xfer::transport
