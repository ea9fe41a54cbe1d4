// TlsContextCache on OpenSSL: one SSL_CTX per distinct TLS config; new tickets go to the session cache.
#include "transport/openssl/tls_internal.h"

#include <strings.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <new>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "transport/openssl/tls_verify.h"

namespace xfer::transport {

namespace tls_detail {
int session_sink_index() {
  static const int index = SSL_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
  return index;
}
}  // namespace tls_detail

namespace {

constexpr Status kCaBad = Status::fail(CURLE_SSL_CACERT_BADFILE, "SSL: the CA certificate file or path could not be loaded");
constexpr Status kCertBad = Status::fail(CURLE_SSL_CERTPROBLEM, "SSL: problem with the local client certificate");
constexpr Status kCipherBad = Status::fail(CURLE_SSL_CIPHER, "SSL: the cipher or curve list could not be set");
constexpr Status kCtxBad = Status::fail(CURLE_SSL_CONNECT_ERROR, "SSL: could not create a TLS context");
constexpr Status kVersionBad = Status::fail(CURLE_SSL_CONNECT_ERROR, "SSL: unsupported TLS version range");

struct CtxFree {
  void operator()(SSL_CTX* c) const { SSL_CTX_free(c); }
};
using CtxPtr = std::unique_ptr<SSL_CTX, CtxFree>;

struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
using BioPtr = std::unique_ptr<BIO, BioFree>;

// A new ticket from the server: remember it under the connection's key. A copy is kept,
// because OpenSSL marks the connection's own session unresumable when that SSL is freed
// without a close_notify, which is how pooled connections usually end. Returning 0 tells
// OpenSSL we kept no reference to its object.
int on_new_session(SSL* ssl, SSL_SESSION* session) {
  auto* sink = static_cast<tls_detail::SessionSink*>(SSL_get_ex_data(ssl, tls_detail::session_sink_index()));
  if (!sink || !sink->cache) return 0;
  SSL_SESSION* copy = SSL_SESSION_dup(session);
  auto* ticket = copy ? new (std::nothrow) TlsTicket(copy) : nullptr;
  if (!ticket) {
    SSL_SESSION_free(copy);
    return 0;
  }
  // An exception must not unwind through OpenSSL's frames (it would skip their cleanup
  // and leak the handshake's state): a session that cannot be stored is not kept (the
  // shared_ptr frees the ticket when its own allocation fails).
  try {
    sink->cache->store_session(sink->key, TlsTicketRef(ticket));
  } catch (const std::bad_alloc&) {
  }
  return 0;
}

// Never let OpenSSL prompt on a terminal: the password is what KEYPASSWD gave, or nothing.
int password_cb(char* buf, int size, int, void* userdata) {
  const auto* pass = static_cast<const std::string*>(userdata);
  if (!pass || size <= 0) return 0;
  const int n = static_cast<int>(std::min<std::size_t>(pass->size(), static_cast<std::size_t>(size)));
  std::memcpy(buf, pass->data(), static_cast<std::size_t>(n));
  return n;
}

bool read_file(const std::string& name, std::string& out) {
  std::ifstream in(name, std::ios::binary);
  if (!in) return false;
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return true;
}

bool same_type(const OptText& t, const char* name, bool is_default) {
  if (!t) return is_default;
  return strcasecmp(t->c_str(), name) == 0;
}

int min_version(long v) {
  switch (v & 0xffff) {
    case CURL_SSLVERSION_TLSv1_1: return TLS1_1_VERSION;
    case CURL_SSLVERSION_TLSv1_2: return TLS1_2_VERSION;
    case CURL_SSLVERSION_TLSv1_3: return TLS1_3_VERSION;
    default: return TLS1_VERSION;
  }
}

int max_version(long v) {
  switch (v & ~0xffffL) {
    case CURL_SSLVERSION_MAX_TLSv1_0: return TLS1_VERSION;
    case CURL_SSLVERSION_MAX_TLSv1_1: return TLS1_1_VERSION;
    case CURL_SSLVERSION_MAX_TLSv1_2: return TLS1_2_VERSION;
    case CURL_SSLVERSION_MAX_TLSv1_3: return TLS1_3_VERSION;
    default: return 0;  // the highest OpenSSL knows
  }
}

Status load_ca(SSL_CTX* ctx, const TlsOptions& o, std::string& detail) {
  X509_STORE* store = SSL_CTX_get_cert_store(ctx);
  // Missing or broken CA material only matters when the peer is verified: libcurl keeps
  // going with verification off.
  const bool strict = o.verify_peer;
  if (o.ca_info_blob) {
    BioPtr bio(BIO_new_mem_buf(o.ca_info_blob->data(), static_cast<int>(o.ca_info_blob->size())));
    STACK_OF(X509_INFO)* infos = bio ? PEM_X509_INFO_read_bio(bio.get(), nullptr, nullptr, nullptr) : nullptr;
    int added = 0;
    for (int i = 0; infos && i < sk_X509_INFO_num(infos); ++i) {
      X509_INFO* info = sk_X509_INFO_value(infos, i);
      if (info->x509 && X509_STORE_add_cert(store, info->x509)) ++added;
    }
    sk_X509_INFO_pop_free(infos, X509_INFO_free);
    ERR_clear_error();
    if (added == 0 && strict) {
      detail = "SSL: no CA certificate could be read from CURLOPT_CAINFO_BLOB";
      return kCaBad;
    }
  } else if (o.ca_info) {
    // The blob, when given, replaces CAINFO (but not CAPATH), as in libcurl.
    if (!SSL_CTX_load_verify_file(ctx, o.ca_info->c_str())) {
      ERR_clear_error();
      if (strict) {
        detail = "SSL: error reading CA certificate file: " + *o.ca_info;
        return kCaBad;
      }
    }
  }
  if (o.ca_path) {
    if (!SSL_CTX_load_verify_dir(ctx, o.ca_path->c_str())) {
      ERR_clear_error();
      if (strict) {
        detail = "SSL: error setting CA certificate path: " + *o.ca_path;
        return kCaBad;
      }
    }
  }
  unsigned long flags = X509_V_FLAG_TRUSTED_FIRST;
  // An intermediate placed in the trust store is enough of an anchor, unless told otherwise.
  if (!(o.ssl_options & CURLSSLOPT_NO_PARTIALCHAIN)) flags |= X509_V_FLAG_PARTIAL_CHAIN;
  X509_STORE_set_flags(store, flags);
  return Status::ok();
}

Status use_p12(SSL_CTX* ctx, const std::string& der, const TlsOptions& o, std::string& detail) {
  BioPtr bio(BIO_new_mem_buf(der.data(), static_cast<int>(der.size())));
  PKCS12* p12 = bio ? d2i_PKCS12_bio(bio.get(), nullptr) : nullptr;
  if (!p12) {
    detail = "SSL: could not parse the PKCS#12 client certificate";
    return kCertBad;
  }
  EVP_PKEY* pkey = nullptr;
  X509* cert = nullptr;
  STACK_OF(X509)* ca = nullptr;
  const char* pass = o.key_passwd ? o.key_passwd->c_str() : "";
  const bool parsed = PKCS12_parse(p12, pass, &pkey, &cert, &ca) == 1;
  PKCS12_free(p12);
  Status result = kCertBad;
  if (!parsed) {
    detail = "SSL: could not open the PKCS#12 client certificate (wrong password?)";
  } else if (!cert || SSL_CTX_use_certificate(ctx, cert) != 1) {
    detail = "SSL: could not use the PKCS#12 certificate";
  } else if (!pkey || SSL_CTX_use_PrivateKey(ctx, pkey) != 1) {
    detail = "SSL: could not use the PKCS#12 private key";
  } else if (SSL_CTX_check_private_key(ctx) != 1) {
    detail = "SSL: the PKCS#12 private key does not match its certificate";
  } else {
    result = Status::ok();
    while (ca && sk_X509_num(ca) > 0) {
      X509* extra = sk_X509_shift(ca);
      if (SSL_CTX_add_extra_chain_cert(ctx, extra) != 1) X509_free(extra);
    }
  }
  X509_free(cert);
  EVP_PKEY_free(pkey);
  sk_X509_pop_free(ca, X509_free);
  return result;
}

Status use_cert_bytes(SSL_CTX* ctx, const std::string& bytes, bool der, std::string& detail) {
  BioPtr bio(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())));
  X509* cert = der ? d2i_X509_bio(bio.get(), nullptr) : PEM_read_bio_X509_AUX(bio.get(), nullptr, nullptr, nullptr);
  if (!cert || SSL_CTX_use_certificate(ctx, cert) != 1) {
    X509_free(cert);
    detail = "SSL: unable to use the client certificate blob";
    return kCertBad;
  }
  X509_free(cert);
  if (!der) {
    // The rest of a PEM blob is the chain to send along.
    while (X509* extra = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr))
      if (SSL_CTX_add_extra_chain_cert(ctx, extra) != 1) X509_free(extra);
    ERR_clear_error();
  }
  return Status::ok();
}

Status use_key_bytes(SSL_CTX* ctx, const std::string& bytes, bool der, const TlsOptions& o, std::string& detail) {
  BioPtr bio(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())));
  std::string pass = o.key_passwd.value_or("");
  EVP_PKEY* key = der ? d2i_PrivateKey_bio(bio.get(), nullptr)
                      : PEM_read_bio_PrivateKey(bio.get(), nullptr, password_cb, &pass);
  if (!key || SSL_CTX_use_PrivateKey(ctx, key) != 1) {
    EVP_PKEY_free(key);
    detail = "SSL: unable to use the client private key";
    return kCertBad;
  }
  EVP_PKEY_free(key);
  return Status::ok();
}

Status load_client_cert(SSL_CTX* ctx, const TlsOptions& o, std::string& detail) {
  if (!o.cert && !o.cert_blob) return Status::ok();
  const bool pem = same_type(o.cert_type, "PEM", true);
  const bool der = same_type(o.cert_type, "DER", false);
  const bool p12 = same_type(o.cert_type, "P12", false);
  if (!pem && !der && !p12) {
    detail = "SSL: unsupported client certificate type '" + *o.cert_type + "'";
    return kCertBad;
  }
  std::string pass = o.key_passwd.value_or("");
  SSL_CTX_set_default_passwd_cb_userdata(ctx, &pass);

  Status st = Status::ok();
  if (p12) {
    std::string bytes;
    if (o.cert_blob) {
      bytes = *o.cert_blob;
    } else if (!read_file(*o.cert, bytes)) {
      detail = "SSL: could not read client certificate file " + *o.cert;
      st = kCertBad;
    }
    if (st) st = use_p12(ctx, bytes, o, detail);
  } else if (o.cert_blob) {
    st = use_cert_bytes(ctx, *o.cert_blob, der, detail);
  } else {
    const int ok = pem ? SSL_CTX_use_certificate_chain_file(ctx, o.cert->c_str())
                       : SSL_CTX_use_certificate_file(ctx, o.cert->c_str(), SSL_FILETYPE_ASN1);
    if (ok != 1) {
      detail = "SSL: could not load client certificate " + *o.cert + ": " + take_openssl_error("unreadable");
      st = kCertBad;
    }
  }

  if (st && !p12) {
    const bool key_pem = same_type(o.key_type, "PEM", true);
    const bool key_der = same_type(o.key_type, "DER", false);
    if (!key_pem && !key_der) {
      detail = "SSL: unsupported private key type '" + *o.key_type + "'";
      st = kCertBad;
    } else if (o.key_blob) {
      st = use_key_bytes(ctx, *o.key_blob, key_der, o, detail);
    } else if (!o.key && o.cert_blob) {
      st = use_key_bytes(ctx, *o.cert_blob, key_der, o, detail);
    } else {
      // Without SSLKEY the key is looked for in the certificate file.
      const std::string& file = o.key ? *o.key : *o.cert;
      if (SSL_CTX_use_PrivateKey_file(ctx, file.c_str(), key_der ? SSL_FILETYPE_ASN1 : SSL_FILETYPE_PEM) != 1) {
        detail = "SSL: could not load private key " + file + ": " + take_openssl_error("unreadable");
        st = kCertBad;
      }
    }
    if (st && SSL_CTX_check_private_key(ctx) != 1) {
      detail = "SSL: the private key does not match the client certificate";
      st = kCertBad;
    }
  }
  SSL_CTX_set_default_passwd_cb_userdata(ctx, nullptr);
  ERR_clear_error();
  return st;
}

SSL_CTX* build_context(const TlsOptions& o, Status& error, std::string& detail) {
  CtxPtr ctx(SSL_CTX_new(TLS_client_method()));
  if (!ctx) {
    error = kCtxBad;
    detail = take_openssl_error(kCtxBad.reason);
    return nullptr;
  }
  SSL_CTX_set_default_passwd_cb(ctx.get(), password_cb);

  uint64_t ops = SSL_OP_ALL | SSL_OP_NO_COMPRESSION;
  // The BEAST work-around (empty fragments) stays on unless the application allows BEAST.
  if (o.ssl_options & CURLSSLOPT_ALLOW_BEAST) ops &= ~static_cast<uint64_t>(SSL_OP_DONT_INSERT_EMPTY_FRAGMENTS);
  // A peer that closes without close_notify ends the stream like EOF; the HTTP layer
  // decides whether the body was complete.
  ops |= SSL_OP_IGNORE_UNEXPECTED_EOF;
  // No TLS 1.2 session tickets, as libcurl: a session is offered by its ID (TLS 1.3's
  // tickets are not affected).
  ops |= SSL_OP_NO_TICKET;
  SSL_CTX_set_options(ctx.get(), ops);
  // Writes may be partial and retried from a buffer that moved. Record buffers stay between
  // reads and writes (SSL_MODE_RELEASE_BUFFERS would free and re-make them for every record,
  // about 1,100 instructions per small request); the engine frees those of quiet
  // connections instead (TlsSession::release_buffers).
  SSL_CTX_set_mode(ctx.get(), SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
  // Read ahead into a 64 KiB buffer: one recv takes several records where reading each
  // record's header and body separately cost two (bulk HTTPS: 2 recvs per 16 KiB).
  SSL_CTX_set_read_ahead(ctx.get(), 1);
  SSL_CTX_set_default_read_buffer_len(ctx.get(), 64 * 1024);
  SSL_CTX_set_post_handshake_auth(ctx.get(), 1);

  const int vmin = min_version(o.ssl_version);
  const int vmax = max_version(o.ssl_version);
  if (vmax != 0 && vmax < vmin) {
    error = kVersionBad;
    detail = "SSL: the maximum TLS version is below the minimum";
    return nullptr;
  }
  if (!SSL_CTX_set_min_proto_version(ctx.get(), vmin) || !SSL_CTX_set_max_proto_version(ctx.get(), vmax)) {
    error = kVersionBad;
    detail = take_openssl_error(kVersionBad.reason);
    return nullptr;
  }

  if (o.cipher_list && !SSL_CTX_set_cipher_list(ctx.get(), o.cipher_list->c_str())) {
    error = kCipherBad;
    detail = "SSL: failed setting cipher list: " + *o.cipher_list;
    ERR_clear_error();
    return nullptr;
  }
  if (o.tls13_ciphers && !SSL_CTX_set_ciphersuites(ctx.get(), o.tls13_ciphers->c_str())) {
    error = kCipherBad;
    detail = "SSL: failed setting TLS 1.3 cipher suite: " + *o.tls13_ciphers;
    ERR_clear_error();
    return nullptr;
  }
  if (o.ec_curves && !SSL_CTX_set1_curves_list(ctx.get(), o.ec_curves->c_str())) {
    error = kCipherBad;
    detail = "SSL: failed setting curves list: " + *o.ec_curves;
    ERR_clear_error();
    return nullptr;
  }

  Status st = load_client_cert(ctx.get(), o, detail);
  // libcurl reads no CA material at all when the peer is not verified, which is visible:
  // CURLINFO_SSL_VERIFYRESULT then says "unable to get local issuer" for a CA-signed peer.
  if (st && o.verify_peer) st = load_ca(ctx.get(), o, detail);
  if (!st) {
    error = st;
    return nullptr;
  }

  SSL_CTX_set_session_cache_mode(ctx.get(), SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE);
  SSL_CTX_sess_set_new_cb(ctx.get(), on_new_session);
  error = Status::ok();
  return ctx.release();
}

}  // namespace

bool tls_ticket_resumable(const TlsTicket& ticket) { return SSL_SESSION_is_resumable(ticket.session) == 1; }

TlsContextCache::Contexts::~Contexts() { clear(); }

void TlsContextCache::Contexts::clear() {
  for (auto& [key, c] : by_key) SSL_CTX_free(c);
  by_key.clear();
}

SSL_CTX* TlsContextCache::Contexts::context_for(const TlsOptions& opts, Status& error, std::string& detail) {
  const std::string key = opts.config_key();
  auto it = by_key.find(key);
  if (it != by_key.end()) {
    error = Status::ok();
    return it->second;
  }
  // Failures are not cached: the application may fix the file and try again.
  SSL_CTX* ctx = build_context(opts, error, detail);
  if (!ctx) return nullptr;
  try {
    by_key.emplace(key, ctx);
  } catch (const std::bad_alloc&) {
    SSL_CTX_free(ctx);  // the cache never owned it: nobody else would free it
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
