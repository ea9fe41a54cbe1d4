// TlsContextCache on GnuTLS: per TLS config, the credentials (trust, client certificate) and priority.
#include <strings.h>

#include <gnutls/x509.h>

#include <new>

#include "transport/gnutls/tls_internal.h"

namespace xfer::transport {
namespace {

// libcurl's GnuTLS build answers a bad CA file with 77 and every other context problem
// (client certificate or key, priority) with 35.
// libcurl's GnuTLS build only logs a CA file it cannot read (verbose), so ERRORBUFFER stays empty.
constexpr Status kCaBad = Status::fail(CURLE_SSL_CACERT_BADFILE, "");
constexpr Status kCertBad = Status::fail(CURLE_SSL_CONNECT_ERROR, "SSL: error reading X.509 key or certificate file");
constexpr Status kPriorityBad = Status::fail(CURLE_SSL_CONNECT_ERROR, "SSL: the GnuTLS priority string was refused");
constexpr Status kCtxBad = Status::fail(CURLE_SSL_CONNECT_ERROR, "SSL: could not create GnuTLS credentials");
constexpr Status kVersionBad = Status::fail(CURLE_SSL_CONNECT_ERROR, "SSL: unsupported TLS version range");

gnutls_datum_t datum_of(const std::string& bytes) {
  gnutls_datum_t d;
  d.data = reinterpret_cast<unsigned char*>(const_cast<char*>(bytes.data()));
  d.size = static_cast<unsigned>(bytes.size());
  return d;
}

// Missing or broken CA material only matters when the peer is verified: with VERIFYPEER 0
// libcurl reads none at all.
Status load_ca(gnutls_certificate_credentials_t cred, const TlsOptions& o, long& ca_error) {
  gnutls_certificate_set_verify_flags(cred, GNUTLS_VERIFY_ALLOW_X509_V1_CA_CRT);
  if (o.ca_info_blob) {
    const gnutls_datum_t d = datum_of(*o.ca_info_blob);
    const int rc = gnutls_certificate_set_x509_trust_mem(cred, &d, GNUTLS_X509_FMT_PEM);
    if (rc < 0) {
      ca_error = rc;
      return kCaBad;
    }
  } else if (o.ca_info) {
    const int rc = gnutls_certificate_set_x509_trust_file(cred, o.ca_info->c_str(), GNUTLS_X509_FMT_PEM);
    if (rc < 0) {
      ca_error = rc;
      return kCaBad;
    }
  }
  if (o.ca_path) {
    const int rc = gnutls_certificate_set_x509_trust_dir(cred, o.ca_path->c_str(), GNUTLS_X509_FMT_PEM);
    if (rc < 0) {
      ca_error = rc;
      return kCaBad;
    }
  }
  return Status::ok();
}

bool is_type(const OptText& t, const char* name) { return t && strcasecmp(t->c_str(), name) == 0; }

gnutls_x509_crt_fmt_t format_of(const OptText& type) {
  return is_type(type, "DER") ? GNUTLS_X509_FMT_DER : GNUTLS_X509_FMT_PEM;
}

// Encrypted keys in every scheme GnuTLS reads, as libcurl allows.
constexpr unsigned kKeyFlags = GNUTLS_PKCS_PKCS12_3DES | GNUTLS_PKCS_PKCS12_ARCFOUR |
                               GNUTLS_PKCS_PKCS12_RC2_40 | GNUTLS_PKCS_PBES2_3DES | GNUTLS_PKCS_PBES2_AES_128 |
                               GNUTLS_PKCS_PBES2_AES_192 | GNUTLS_PKCS_PBES2_AES_256;

Status load_client_cert(gnutls_certificate_credentials_t cred, const TlsOptions& o, std::string& detail) {
  if (!o.cert && !o.cert_blob) return Status::ok();
  const char* pass = o.key_passwd ? o.key_passwd->c_str() : nullptr;
  int rc = 0;
  // A certificate file of a type other than DER is read as PEM, as libcurl's GnuTLS build
  // reads it (a PKCS#12 file then fails to load, with 35). Blobs, which that build leaves
  // unused, are loaded: PEM, DER, or a PKCS#12 bundle holding certificate and key.
  if (o.cert_blob && is_type(o.cert_type, "P12")) {
    const gnutls_datum_t bytes = datum_of(*o.cert_blob);
    rc = gnutls_certificate_set_x509_simple_pkcs12_mem(cred, &bytes, GNUTLS_X509_FMT_DER, pass ? pass : "");
  } else if (o.cert_blob) {
    const gnutls_datum_t c = datum_of(*o.cert_blob);
    const gnutls_datum_t k = datum_of(o.key_blob ? *o.key_blob : *o.cert_blob);
    rc = gnutls_certificate_set_x509_key_mem2(cred, &c, &k, format_of(o.cert_type), pass, kKeyFlags);
  } else {
    const std::string& key = o.key ? *o.key : *o.cert;
    rc = gnutls_certificate_set_x509_key_file2(cred, o.cert->c_str(), key.c_str(), format_of(o.cert_type), pass,
                                               kKeyFlags);
  }
  if (rc < 0) {
    detail = std::string("SSL: error reading X.509 potentially-encrypted key or certificate: ") + gnutls_strerror(rc);
    return kCertBad;
  }
  return Status::ok();
}

// The priority string GnuTLS gets: `base` narrowed to the SSLVERSION range.
std::string priority_text(const std::string& base, long ssl_version, int lo, int hi) {
  static const char* const kVersions[] = {"+VERS-TLS1.0", "+VERS-TLS1.1", "+VERS-TLS1.2", "+VERS-TLS1.3"};
  std::string text = base;
  if ((ssl_version & 0xffff) > CURL_SSLVERSION_TLSv1 || (ssl_version & ~0xffffL) != 0) {
    text += ":-VERS-ALL";
    for (int v = lo; v <= hi; ++v) text += std::string(":") + kVersions[v];
  }
  return text;
}

// CURLOPT_SSL_CIPHER_LIST is a GnuTLS priority string on this backend (as in libcurl 8);
// one GnuTLS refuses (an OpenSSL cipher name, say) is passed over for NORMAL, because
// libcurl 7.88's GnuTLS build never looks at the option and connects regardless.
Status make_priority(const TlsOptions& o, gnutls_priority_t& out, std::string& detail) {
  int lo = 0;
  switch (o.ssl_version & 0xffff) {
    case CURL_SSLVERSION_TLSv1_1: lo = 1; break;
    case CURL_SSLVERSION_TLSv1_2: lo = 2; break;
    case CURL_SSLVERSION_TLSv1_3: lo = 3; break;
    default: lo = 0;
  }
  int hi = 3;
  switch (o.ssl_version & ~0xffffL) {
    case CURL_SSLVERSION_MAX_TLSv1_0: hi = 0; break;
    case CURL_SSLVERSION_MAX_TLSv1_1: hi = 1; break;
    case CURL_SSLVERSION_MAX_TLSv1_2: hi = 2; break;
    default: hi = 3;
  }
  if (hi < lo) {
    detail = "SSL: the maximum TLS version is below the minimum";
    return kVersionBad;
  }
  const char* err = nullptr;
  if (o.cipher_list && gnutls_priority_init(&out, priority_text(*o.cipher_list, o.ssl_version, lo, hi).c_str(), &err) >= 0)
    return Status::ok();
  const std::string text = priority_text("NORMAL", o.ssl_version, lo, hi);
  const int rc = gnutls_priority_init(&out, text.c_str(), &err);
  if (rc < 0) {
    out = nullptr;
    detail = "SSL: Error " + std::to_string(rc) + " setting GnuTLS cipher list starting with " + (err ? err : text.c_str());
    return kPriorityBad;
  }
  return Status::ok();
}

GnutlsContext* build_context(const TlsOptions& o, Status& error, std::string& detail, long& ca_error) {
  auto* ctx = new (std::nothrow) GnutlsContext();
  if (!ctx || gnutls_certificate_allocate_credentials(&ctx->cred) < 0) {
    delete ctx;
    error = kCtxBad;
    detail = kCtxBad.reason;
    return nullptr;
  }
  Status st = make_priority(o, ctx->priority, detail);
  if (st) st = load_client_cert(ctx->cred, o, detail);
  if (st && o.verify_peer) st = load_ca(ctx->cred, o, ca_error);
  if (!st) {
    delete ctx;
    error = st;
    return nullptr;
  }
  error = Status::ok();
  return ctx;
}

}  // namespace

// GnuTLS refuses expired session data itself when the session is set up.
bool tls_ticket_resumable(const TlsTicket& ticket) { return ticket.data.size > 0; }

GnutlsContext::~GnutlsContext() {
  if (priority) gnutls_priority_deinit(priority);
  if (cred) gnutls_certificate_free_credentials(cred);
}

TlsContextCache::Contexts::~Contexts() { clear(); }

void TlsContextCache::Contexts::clear() {
  for (auto& [key, c] : by_key) delete c;
  by_key.clear();
}

GnutlsContext* TlsContextCache::Contexts::context_for(const TlsOptions& opts, Status& error, std::string& detail,
                                                      long& ca_error) {
  const std::string key = opts.config_key();
  auto it = by_key.find(key);
  if (it != by_key.end()) {
    error = Status::ok();
    return it->second;
  }
  // Failures are not cached: the application may fix the file and try again.
  GnutlsContext* ctx = build_context(opts, error, detail, ca_error);
  if (!ctx) return nullptr;
  try {
    by_key.emplace(key, ctx);
  } catch (const std::bad_alloc&) {
    delete ctx;
    throw;
  }
  return ctx;
}

TlsContextCache::TlsContextCache() : contexts_(std::make_unique<Contexts>()) {}

TlsContextCache::~TlsContextCache() { clear(); }

std::size_t TlsContextCache::context_count() const { return contexts_->by_key.size(); }

void TlsContextCache::clear() {
  sessions_.clear();
  contexts_->clear();
}

}  // namespace xfer::transport
