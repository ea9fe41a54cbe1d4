// The test server's TLS side: a server SSL_CTX from cert/key files and non-blocking record I/O helpers.
#pragma once

#include <cstddef>
#include <string>

struct ssl_ctx_st;
struct ssl_st;

namespace xfer::test {

struct TlsServerConfig {
  std::string cert_file;       // PEM leaf, optionally followed by its chain
  std::string key_file;        // PEM private key
  std::string client_ca_file;  // non-empty: a client certificate signed by it is required
  int max_version = 0;         // 0: highest; else 12 or 13 for TLS 1.2 / 1.3
  bool plain_too = false;      // a connection whose first byte opens no TLS record is plain HTTP
};

// nullptr (with `error`) when the files do not load.
ssl_ctx_st* make_server_tls_context(const TlsServerConfig& config, std::string& error);
void free_server_tls_context(ssl_ctx_st* ctx);

// ALPN for an HTTP/2-capable server: h2 when the client offers it, else http/1.1 when
// offered; a client offering neither (or no ALPN) gets no protocol, which means HTTP/1.1.
// Without this call the server answers no ALPN at all, as before HTTP/2.
void offer_h2_alpn(ssl_ctx_st* ctx);
// Whether the finished handshake selected "h2".
bool tls_alpn_h2(ssl_st* ssl);

ssl_st* new_server_tls(ssl_ctx_st* ctx, int fd);
void free_server_tls(ssl_st* ssl);

enum class TlsIo { ok, again, eof, dead };

// Drives the handshake; ok once it is complete.
TlsIo tls_accept(ssl_st* ssl);
bool tls_resumed(ssl_st* ssl);
TlsIo tls_read(ssl_st* ssl, char* buf, std::size_t cap, std::size_t& got);
TlsIo tls_write(ssl_st* ssl, const char* buf, std::size_t len, std::size_t& sent);
// Queues close_notify; best effort.
void tls_shutdown(ssl_st* ssl);

}  // namespace xfer::test
