// Server-side TLS for the loopback test server, over OpenSSL's plain socket BIO.
#include "server_tls.h"

#include <sys/socket.h>

#include <cerrno>
#include <cstdint>
#include <string_view>

#include <openssl/err.h>
#include <openssl/ssl.h>

namespace xfer::test {
namespace {

// OpenSSL's socket BIO writes with plain send(), which would let a vanished client kill a
// test process with SIGPIPE; this one sends with MSG_NOSIGNAL.
int fd_of(BIO* b) { return static_cast<int>(reinterpret_cast<std::intptr_t>(BIO_get_data(b))); }

int bio_write(BIO* b, const char* buf, int len) {
  BIO_clear_retry_flags(b);
  const ssize_t n = ::send(fd_of(b), buf, static_cast<std::size_t>(len), MSG_NOSIGNAL);
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) BIO_set_retry_write(b);
  return static_cast<int>(n);
}

int bio_read(BIO* b, char* buf, int len) {
  BIO_clear_retry_flags(b);
  const ssize_t n = ::recv(fd_of(b), buf, static_cast<std::size_t>(len), 0);
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) BIO_set_retry_read(b);
  return static_cast<int>(n);
}

long bio_ctrl(BIO*, int cmd, long, void*) { return cmd == BIO_CTRL_FLUSH ? 1 : 0; }

int bio_create(BIO* b) {
  BIO_set_init(b, 1);
  return 1;
}

BIO_METHOD* nosignal_bio() {
  static BIO_METHOD* method = [] {
    BIO_METHOD* m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "testserver socket");
    BIO_meth_set_write(m, bio_write);
    BIO_meth_set_read(m, bio_read);
    BIO_meth_set_ctrl(m, bio_ctrl);
    BIO_meth_set_create(m, bio_create);
    return m;
  }();
  return method;
}

// The client's list is length-prefixed names; the pick points into it, as OpenSSL wants.
int select_alpn(SSL*, const unsigned char** out, unsigned char* outlen, const unsigned char* in,
                unsigned int inlen, void*) {
  const unsigned char* h1 = nullptr;
  for (unsigned int at = 0; at < inlen;) {
    const unsigned int len = in[at];
    if (at + 1 + len > inlen) break;
    const std::string_view name(reinterpret_cast<const char*>(in + at + 1), len);
    if (name == "h2") {
      *out = in + at + 1;
      *outlen = static_cast<unsigned char>(len);
      return SSL_TLSEXT_ERR_OK;
    }
    if (name == "http/1.1" && !h1) h1 = in + at + 1;
    at += 1 + len;
  }
  if (!h1) return SSL_TLSEXT_ERR_NOACK;
  *out = h1;
  *outlen = 8;
  return SSL_TLSEXT_ERR_OK;
}

}  // namespace

void offer_h2_alpn(ssl_ctx_st* ctx) { SSL_CTX_set_alpn_select_cb(ctx, select_alpn, nullptr); }

bool tls_alpn_h2(ssl_st* ssl) {
  const unsigned char* name = nullptr;
  unsigned int len = 0;
  SSL_get0_alpn_selected(ssl, &name, &len);
  return len == 2 && name[0] == 'h' && name[1] == '2';
}

ssl_ctx_st* make_server_tls_context(const TlsServerConfig& config, std::string& error) {
  SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
  if (!ctx) {
    error = "SSL_CTX_new failed";
    return nullptr;
  }
  auto fail = [&](const std::string& what) {
    char buf[256] = {0};
    ERR_error_string_n(ERR_get_error(), buf, sizeof buf);
    ERR_clear_error();
    error = what + ": " + buf;
    SSL_CTX_free(ctx);
    return nullptr;
  };
  if (SSL_CTX_use_certificate_chain_file(ctx, config.cert_file.c_str()) != 1)
    return fail("cannot load certificate " + config.cert_file);
  if (SSL_CTX_use_PrivateKey_file(ctx, config.key_file.c_str(), SSL_FILETYPE_PEM) != 1)
    return fail("cannot load key " + config.key_file);
  if (config.max_version == 12) SSL_CTX_set_max_proto_version(ctx, TLS1_2_VERSION);
  if (config.max_version == 13) SSL_CTX_set_max_proto_version(ctx, TLS1_3_VERSION);
  SSL_CTX_set_options(ctx, SSL_OP_IGNORE_UNEXPECTED_EOF);
  SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER |
                            SSL_MODE_RELEASE_BUFFERS);
  // Resumption must work with client certificates too, which needs a session id context.
  static const unsigned char kContext[] = "xfer-testserver";
  SSL_CTX_set_session_id_context(ctx, kContext, sizeof kContext - 1);
  SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_SERVER);
  if (!config.client_ca_file.empty()) {
    if (SSL_CTX_load_verify_file(ctx, config.client_ca_file.c_str()) != 1)
      return fail("cannot load client CA " + config.client_ca_file);
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
  }
  return ctx;
}

void free_server_tls_context(ssl_ctx_st* ctx) { SSL_CTX_free(ctx); }

ssl_st* new_server_tls(ssl_ctx_st* ctx, int fd) {
  SSL* ssl = SSL_new(ctx);
  if (!ssl) return nullptr;
  BIO* bio = BIO_new(nosignal_bio());
  if (!bio) {
    SSL_free(ssl);
    return nullptr;
  }
  BIO_set_data(bio, reinterpret_cast<void*>(static_cast<std::intptr_t>(fd)));
  SSL_set_bio(ssl, bio, bio);
  SSL_set_accept_state(ssl);
  return ssl;
}

void free_server_tls(ssl_st* ssl) { SSL_free(ssl); }

namespace {

// A client that just closes (no close_notify) is an ordinary EOF for the test server.
TlsIo classify(SSL* ssl, int ret) {
  const int e = SSL_get_error(ssl, ret);
  ERR_clear_error();
  switch (e) {
    case SSL_ERROR_WANT_READ:
    case SSL_ERROR_WANT_WRITE: return TlsIo::again;
    case SSL_ERROR_ZERO_RETURN: return TlsIo::eof;
    default: return TlsIo::dead;
  }
}

}  // namespace

TlsIo tls_accept(ssl_st* ssl) {
  ERR_clear_error();
  const int r = SSL_accept(ssl);
  return r == 1 ? TlsIo::ok : classify(ssl, r);
}

bool tls_resumed(ssl_st* ssl) { return SSL_session_reused(ssl) == 1; }

TlsIo tls_read(ssl_st* ssl, char* buf, std::size_t cap, std::size_t& got) {
  ERR_clear_error();
  const int r = SSL_read_ex(ssl, buf, cap, &got);
  if (r == 1) return TlsIo::ok;
  return classify(ssl, r);
}

TlsIo tls_write(ssl_st* ssl, const char* buf, std::size_t len, std::size_t& sent) {
  ERR_clear_error();
  const int r = SSL_write_ex(ssl, buf, len, &sent);
  return r == 1 ? TlsIo::ok : classify(ssl, r);
}

void tls_shutdown(ssl_st* ssl) {
  ERR_clear_error();
  if (SSL_is_init_finished(ssl)) SSL_shutdown(ssl);
  ERR_clear_error();
}

}  // namespace xfer::test
