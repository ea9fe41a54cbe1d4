// What the OpenSSL backend's files share: the SSL_CTX cache body, the ticket type, the ticket sink.
#pragma once

#include <string>
#include <unordered_map>

#include <openssl/ssl.h>

#include "transport/tls_context.h"
#include "util/status.h"

namespace xfer::transport {

// One reference to an OpenSSL session, dropped with the last TlsTicketRef.
struct TlsTicket {
  explicit TlsTicket(SSL_SESSION* s) : session(s) {}
  ~TlsTicket() { SSL_SESSION_free(session); }
  TlsTicket(const TlsTicket&) = delete;
  TlsTicket& operator=(const TlsTicket&) = delete;
  SSL_SESSION* session;
};

struct TlsContextCache::Contexts {
  std::unordered_map<std::string, SSL_CTX*> by_key;
  ~Contexts();
  void clear();
  // The SSL_CTX for `opts`, built on first use. On failure returns nullptr with `error`
  // set (77 bad CA file/path, 58 bad client cert/key, 59 bad cipher list, 35 otherwise)
  // and `detail` holding the file name or OpenSSL's reason for ERRORBUFFER.
  SSL_CTX* context_for(const TlsOptions& opts, Status& error, std::string& detail);
};

namespace tls_detail {
// Where a new session ticket for one SSL goes; hung on the SSL as ex_data by TlsSession
// so the context-wide callback can find the cache and the key.
struct SessionSink {
  SessionStore* cache = nullptr;
  std::string key;
};
int session_sink_index();
}  // namespace tls_detail

}  // namespace xfer::transport
