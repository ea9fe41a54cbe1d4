// TlsContextCache: SSL_CTX objects per distinct TlsOptions config and the client session-resumption cache.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "transport/tls_options.h"
#include "util/status.h"

struct ssl_ctx_st;
struct ssl_session_st;

namespace xfer::transport {

// Where resumable sessions wait for the next connection to the same place: an engine's
// own cache, or a share's (CURL_LOCK_DATA_SSL_SESSION), which brackets each call with the
// application's lock.
class SessionStore {
 public:
  virtual ~SessionStore() = default;
  // A new reference the caller must SSL_SESSION_free, or nullptr.
  virtual ssl_session_st* find_session(const std::string& key) = 0;
  // Takes its own reference.
  virtual void store_session(const std::string& key, ssl_session_st* session) = 0;
};

// Sessions by "host:port|config", no locking: the body of every SessionStore.
class SessionMap final : public SessionStore {
 public:
  SessionMap();
  ~SessionMap() override;
  SessionMap(const SessionMap&) = delete;
  SessionMap& operator=(const SessionMap&) = delete;
  ssl_session_st* find_session(const std::string& key) override;
  void store_session(const std::string& key, ssl_session_st* session) override;
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

  // The SSL_CTX for `opts`, built on first use. On failure returns nullptr with `error`
  // set (77 bad CA file/path, 58 bad client cert/key, 59 bad cipher list, 35 otherwise)
  // and `detail` holding the file name or OpenSSL's reason for ERRORBUFFER.
  ssl_ctx_st* context_for(const TlsOptions& opts, Status& error, std::string& detail);

  // Session resumption, keyed by "host:port" plus the config key. find returns a new
  // reference the caller must SSL_SESSION_free (or nullptr); store takes its own reference.
  ssl_session_st* find_session(const std::string& key) { return sessions().find_session(key); }
  void store_session(const std::string& key, ssl_session_st* session) { sessions().store_session(key, session); }
  void drop_session(const std::string& key) { sessions().drop_session(key); }
  SessionMap& sessions();

  std::size_t context_count() const;
  std::size_t session_count() const;
  void clear();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
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
