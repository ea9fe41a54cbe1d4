// TlsContextCache: the TLS backend's per-config contexts, and the client session-resumption cache.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "transport/tls_options.h"

namespace xfer::transport {

// A resumable session as the backend keeps it (an SSL_SESSION, GnuTLS's session data);
// opaque outside the backend, which makes and frees it.
struct TlsTicket;
using TlsTicketRef = std::shared_ptr<const TlsTicket>;
// The backend's word on whether a stored session may still be offered.
bool tls_ticket_resumable(const TlsTicket& ticket);

// Where resumable sessions wait for the next connection to the same place: an engine's
// own cache, or a share's (CURL_LOCK_DATA_SSL_SESSION), which brackets each call with the
// application's lock.
class SessionStore {
 public:
  virtual ~SessionStore() = default;
  virtual TlsTicketRef find_session(const std::string& key) = 0;
  virtual void store_session(const std::string& key, TlsTicketRef session) = 0;
};

// Sessions by "host:port|config", no locking: the body of every SessionStore.
class SessionMap final : public SessionStore {
 public:
  SessionMap();
  ~SessionMap() override;
  SessionMap(const SessionMap&) = delete;
  SessionMap& operator=(const SessionMap&) = delete;
  TlsTicketRef find_session(const std::string& key) override;
  void store_session(const std::string& key, TlsTicketRef session) override;
  void drop_session(const std::string& key);
  std::size_t size() const;
  void clear();
  // Sessions kept at most (libcurl keeps 5 per easy handle; this map serves a whole engine).
  static constexpr std::size_t kMaxSessions = 256;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Owned by the engine (one per multi handle); must outlive every TlsSession created from it.
// Building a context reads CA/cert/key files once per distinct config, not per connection.
class TlsContextCache {
 public:
  TlsContextCache();
  ~TlsContextCache();
  TlsContextCache(const TlsContextCache&) = delete;
  TlsContextCache& operator=(const TlsContextCache&) = delete;

  // Session resumption, keyed by "host:port" plus the config key.
  TlsTicketRef find_session(const std::string& key) { return sessions_.find_session(key); }
  void store_session(const std::string& key, TlsTicketRef session) { sessions_.store_session(key, std::move(session)); }
  void drop_session(const std::string& key) { sessions_.drop_session(key); }
  SessionMap& sessions() { return sessions_; }

  std::size_t context_count() const;
  std::size_t session_count() const { return sessions_.size(); }
  void clear();

  // The backend's contexts (SSL_CTX per config, or GnuTLS credentials and priorities),
  // defined and used only inside src/transport/<backend>/.
  struct Contexts;
  Contexts& contexts() { return *contexts_; }

 private:
  std::unique_ptr<Contexts> contexts_;
  SessionMap sessions_;  // destroyed first: a backend's session may refer to its context
};

}  // namespace xfer::transport
