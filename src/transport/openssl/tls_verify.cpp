// Post-handshake peer checks over OpenSSL: pinning, OCSP staple, certificate names, certinfo.
#include "transport/openssl/tls_verify.h"
#include "transport/tls_pin.h"
#include "util/hash.h"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ocsp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

namespace xfer::transport {
namespace {

struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
using BioPtr = std::unique_ptr<BIO, BioFree>;

std::string bio_text(BIO* bio) {
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio, &data);
  return len > 0 ? std::string(data, static_cast<std::size_t>(len)) : std::string();
}

// The DER SubjectPublicKeyInfo, which is what pins hash.
std::string spki_der(X509* cert) {
  X509_PUBKEY* pub = X509_get_X509_PUBKEY(cert);
  unsigned char* der = nullptr;
  const int len = pub ? i2d_X509_PUBKEY(pub, &der) : -1;
  if (len <= 0) return {};
  // Freed on every way out: the copy below may throw.
  std::unique_ptr<unsigned char, void (*)(unsigned char*)> owned(der, [](unsigned char* p) { OPENSSL_free(p); });
  return std::string(reinterpret_cast<char*>(der), static_cast<std::size_t>(len));
}

std::string name_line(const X509_NAME* name) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_ONELINE);
  return bio_text(bio.get());
}

std::string time_line(const ASN1_TIME* t) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  ASN1_TIME_print(bio.get(), t);
  return bio_text(bio.get());
}

std::string bn_hex(const BIGNUM* bn) {
  if (!bn) return {};
  char* h = BN_bn2hex(bn);
  std::unique_ptr<char, void (*)(char*)> owned(h, [](char* p) { OPENSSL_free(p); });
  std::string out(h ? h : "");
  owned.reset();
  // BN_bn2hex pads to whole bytes; certinfo shows the number without leading zeros.
  const auto first = out.find_first_not_of('0');
  out.erase(0, first == std::string::npos ? (out.empty() ? 0 : out.size() - 1) : first);
  return out;
}

void add_public_key_lines(X509* cert, std::vector<std::string>& lines) {
  EVP_PKEY* key = X509_get0_pubkey(cert);
  if (!key) return;
  const int bits = EVP_PKEY_get_bits(key);
  if (EVP_PKEY_is_a(key, "RSA")) {
    lines.push_back("RSA Public Key:" + std::to_string(bits));
    BIGNUM* n = nullptr;
    BIGNUM* e = nullptr;
    EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_N, &n);
    EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_E, &e);
    lines.push_back("rsa(n):" + bn_hex(n));
    lines.push_back("rsa(e):" + bn_hex(e));
    BN_free(n);
    BN_free(e);
  } else if (EVP_PKEY_is_a(key, "EC")) {
    lines.push_back("ECC Public Key:" + std::to_string(bits));
  } else if (EVP_PKEY_is_a(key, "DSA")) {
    lines.push_back("DSA Public Key:" + std::to_string(bits));
  }
}

std::vector<std::string> describe(X509* cert) {
  std::vector<std::string> lines;
  lines.push_back("Subject:" + name_line(X509_get_subject_name(cert)));
  lines.push_back("Issuer:" + name_line(X509_get_issuer_name(cert)));
  lines.push_back("Version:" + std::to_string(X509_get_version(cert)));

  const ASN1_INTEGER* serial = X509_get0_serialNumber(cert);
  lines.push_back("Serial Number:" + to_hex(std::string_view(reinterpret_cast<const char*>(ASN1_STRING_get0_data(serial)),
                                                            static_cast<std::size_t>(ASN1_STRING_length(serial)))));

  const X509_ALGOR* sig_alg = nullptr;
  const ASN1_BIT_STRING* sig = nullptr;
  X509_get0_signature(&sig, &sig_alg, cert);
  {
    BioPtr bio(BIO_new(BIO_s_mem()));
    i2a_ASN1_OBJECT(bio.get(), sig_alg->algorithm);
    lines.push_back("Signature Algorithm:" + bio_text(bio.get()));
  }
  {
    X509_PUBKEY* pub = X509_get_X509_PUBKEY(cert);
    ASN1_OBJECT* alg = nullptr;
    X509_PUBKEY_get0_param(&alg, nullptr, nullptr, nullptr, pub);
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (alg) i2a_ASN1_OBJECT(bio.get(), alg);
    lines.push_back("Public Key Algorithm:" + bio_text(bio.get()));
  }

  const int ext_count = X509_get_ext_count(cert);
  for (int i = 0; i < ext_count; ++i) {
    X509_EXTENSION* ext = X509_get_ext(cert, i);
    BioPtr name(BIO_new(BIO_s_mem()));
    i2a_ASN1_OBJECT(name.get(), X509_EXTENSION_get_object(ext));
    BioPtr value(BIO_new(BIO_s_mem()));
    if (!X509V3_EXT_print(value.get(), ext, 0, 0))
      ASN1_STRING_print(value.get(), X509_EXTENSION_get_data(ext));
    lines.push_back(bio_text(name.get()) + ":" + bio_text(value.get()));
  }

  lines.push_back("Start date:" + time_line(X509_get0_notBefore(cert)));
  lines.push_back("Expire date:" + time_line(X509_get0_notAfter(cert)));
  add_public_key_lines(cert, lines);
  if (sig)
    // Every byte followed by a colon, the last one too, as libcurl prints it.
    lines.push_back("Signature:" + to_hex_colons(std::string_view(reinterpret_cast<const char*>(sig->data),
                                                                  static_cast<std::size_t>(sig->length))));

  BioPtr pem(BIO_new(BIO_s_mem()));
  PEM_write_bio_X509(pem.get(), cert);
  lines.push_back("Cert:" + bio_text(pem.get()));
  return lines;
}

}  // namespace

Status check_pinned_public_key(X509* cert, const std::string& pin) {
  return match_pinned_key(cert ? spki_der(cert) : std::string(), pin);
}

Status check_ocsp_staple(SSL* ssl, std::string& detail) {
  static constexpr Status kBad = Status::fail(CURLE_SSL_INVALIDCERTSTATUS, "SSL: OCSP status check failed");
  const unsigned char* raw = nullptr;
  const long raw_len = SSL_get_tlsext_status_ocsp_resp(ssl, &raw);
  if (!raw || raw_len <= 0) {
    detail = "SSL: the server sent no OCSP response";
    return kBad;
  }
  OCSP_RESPONSE* resp = d2i_OCSP_RESPONSE(nullptr, &raw, raw_len);
  if (!resp) {
    detail = "SSL: the OCSP response could not be parsed";
    return kBad;
  }
  Status result = kBad;
  OCSP_BASICRESP* basic = nullptr;
  STACK_OF(X509)* chain = SSL_get_peer_cert_chain(ssl);
  X509* leaf = SSL_get0_peer_certificate(ssl);
  X509* issuer = nullptr;
  if (OCSP_response_status(resp) != OCSP_RESPONSE_STATUS_SUCCESSFUL) {
    detail = std::string("SSL: OCSP response status ") +
             OCSP_response_status_str(OCSP_response_status(resp));
  } else if (!(basic = OCSP_response_get1_basic(resp))) {
    detail = "SSL: OCSP response has no basic response";
  } else if (OCSP_basic_verify(basic, chain, SSL_CTX_get_cert_store(SSL_get_SSL_CTX(ssl)), 0) <= 0) {
    detail = "SSL: the OCSP response signature did not verify";
  } else {
    for (int i = 0; chain && leaf && i < sk_X509_num(chain); ++i) {
      X509* c = sk_X509_value(chain, i);
      if (X509_check_issued(c, leaf) == X509_V_OK) {
        issuer = c;
        break;
      }
    }
    OCSP_CERTID* id = issuer ? OCSP_cert_to_id(nullptr, leaf, issuer) : nullptr;
    int status = -1, reason = 0;
    ASN1_GENERALIZEDTIME *rev = nullptr, *this_upd = nullptr, *next_upd = nullptr;
    if (!id || !OCSP_resp_find_status(basic, id, &status, &reason, &rev, &this_upd, &next_upd)) {
      detail = "SSL: the OCSP response does not cover the server certificate";
    } else if (!OCSP_check_validity(this_upd, next_upd, 300L, -1L)) {
      detail = "SSL: the OCSP response is outside its validity period";
    } else if (status != V_OCSP_CERTSTATUS_GOOD) {
      detail = std::string("SSL: OCSP certificate status ") + OCSP_cert_status_str(status);
    } else {
      result = Status::ok();
    }
    OCSP_CERTID_free(id);
  }
  OCSP_BASICRESP_free(basic);
  OCSP_RESPONSE_free(resp);
  ERR_clear_error();
  return result;
}

std::string certificate_names(X509* cert) {
  std::string out;
  auto* names = static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr));
  // Owned through the loop: building the text may throw.
  std::unique_ptr<GENERAL_NAMES, void (*)(GENERAL_NAMES*)> owned_names(
      names, [](GENERAL_NAMES* n) { GENERAL_NAMES_free(n); });
  for (int i = 0; names && i < sk_GENERAL_NAME_num(names); ++i) {
    const GENERAL_NAME* g = sk_GENERAL_NAME_value(names, i);
    std::string one;
    if (g->type == GEN_DNS) {
      one.assign(reinterpret_cast<const char*>(ASN1_STRING_get0_data(g->d.dNSName)),
                 static_cast<std::size_t>(ASN1_STRING_length(g->d.dNSName)));
    } else if (g->type == GEN_IPADD) {
      char* text = OPENSSL_buf2hexstr(ASN1_STRING_get0_data(g->d.iPAddress), ASN1_STRING_length(g->d.iPAddress));
      std::unique_ptr<char, void (*)(char*)> owned_text(text, [](char* t) { OPENSSL_free(t); });
      const int len = ASN1_STRING_length(g->d.iPAddress);
      const unsigned char* p = ASN1_STRING_get0_data(g->d.iPAddress);
      if (len == 4) {
        one = std::to_string(p[0]) + "." + std::to_string(p[1]) + "." + std::to_string(p[2]) + "." +
              std::to_string(p[3]);
      } else {
        one = text ? text : "";
      }
    } else {
      continue;
    }
    if (!out.empty()) out += ", ";
    out += one;
  }
  owned_names.reset();
  if (!out.empty()) return out;
  char cn[256] = {0};
  if (X509_NAME_get_text_by_NID(X509_get_subject_name(cert), NID_commonName, cn, sizeof cn) > 0) return cn;
  return "(none)";
}

std::vector<std::vector<std::string>> collect_certinfo(SSL* ssl) {
  std::vector<std::vector<std::string>> out;
  STACK_OF(X509)* chain = SSL_get_peer_cert_chain(ssl);
  for (int i = 0; chain && i < sk_X509_num(chain); ++i) out.push_back(describe(sk_X509_value(chain, i)));
  return out;
}

std::string take_openssl_error(const char* fallback) {
  const unsigned long e = ERR_get_error();
  ERR_clear_error();
  if (!e) return fallback;
  char buf[256];
  ERR_error_string_n(e, buf, sizeof buf);
  return buf;
}

}  // namespace xfer::transport
