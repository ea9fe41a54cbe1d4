// Share: the object behind CURLSH*, data several easy handles use under the application's locks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <utility>

#include <curl/curl.h>

#include "engine/shared_connections.h"
#include "http/cookie_jar.h"
#include "http/hsts.h"
#include "transport/dns_cache.h"
#include "transport/tls_context.h"

namespace xfer {

// What is shared is chosen with curl_share_setopt before any easy handle uses the share;
// from then on every access to shared data is bracketed by the application's lock and
// unlock callbacks, since the easy handles may run on different threads.
class Share {
 public:
  static constexpr std::uint32_t kMagic = 0x78736872;  // "xshr": rejects stray pointers
  bool valid() const { return magic_ == kMagic; }
  void invalidate() { magic_ = 0; }

  // curl_share_setopt's work, after the C layer decoded the argument. Refused with
  // CURLSHE_IN_USE while easy handles are attached, as libcurl does.
  CURLSHcode share(int what);
  CURLSHcode unshare(int what);
  CURLSHcode set_lock_function(curl_lock_function f);
  CURLSHcode set_unlock_function(curl_unlock_function f);
  CURLSHcode set_user_data(void* p);

  bool shares(curl_lock_data what) const {
    return what >= 0 && what < 32 && (mask_ & (1u << what)) != 0;
  }
  bool shares_dns() const { return shares(CURL_LOCK_DATA_DNS); }
  bool shares_cookies() const { return cookies_ != nullptr; }
  bool shares_connections() const { return conns_ != nullptr; }
  bool shares_hsts() const { return hsts_ != nullptr; }
  // The TLS session cache of the share (CURL_LOCK_DATA_SSL_SESSION), or null. Every call
  // through it holds the share's lock; OpenSSL may store a ticket while any handle of the
  // share reads, so the lock callbacks get no easy handle there (libcurl passes NULL too
  // where it has none).
  transport::SessionStore* tls_sessions() { return sessions_.get(); }

  // CURLOPT_SHARE: an easy handle starts or stops using this share. Both run under the
  // CURL_LOCK_DATA_SHARE lock, which libcurl also takes there (the application sees it).
  void attach(CURL* easy);
  void detach(CURL* easy);
  std::size_t users() const { return users_; }
  // curl_share_cleanup's check, made under the share lock (with a NULL easy handle).
  bool try_retire();

  // The lock callbacks run only for data kinds that are shared, as libcurl's do.
  void lock(CURL* easy, curl_lock_data what, curl_lock_access access) const;
  void unlock(CURL* easy, curl_lock_data what) const;

  // Runs f(DnsCache&) with the DNS lock held; the engine calls it for every look-up and
  // store when the easy handle's share has DNS shared (shares_dns()).
  // Example: share->with_dns(easy, [&](transport::DnsCache& c) { return c.find(...); });
  // Whatever f returns is returned; pointers into the cache must not escape f.
  template <class F>
  decltype(auto) with_dns(CURL* easy, F&& f) {
    Locked guard(*this, easy, CURL_LOCK_DATA_DNS);
    return std::forward<F>(f)(dns_);
  }

  // The same for the shared connection cache (CURL_LOCK_DATA_CONNECT).
  template <class F>
  decltype(auto) with_connections(CURL* easy, F&& f) {
    Locked guard(*this, easy, CURL_LOCK_DATA_CONNECT);
    return std::forward<F>(f)(*conns_);
  }
  // The same for the shared cookie jar (CURL_LOCK_DATA_COOKIE), when shares_cookies().
  template <class F>
  decltype(auto) with_cookies(CURL* easy, F&& f) {
    Locked guard(*this, easy, CURL_LOCK_DATA_COOKIE);
    return std::forward<F>(f)(*cookies_);
  }
  // The same for the shared HSTS cache (CURL_LOCK_DATA_HSTS), when shares_hsts().
  template <class F>
  decltype(auto) with_hsts(CURL* easy, F&& f) {
    Locked guard(*this, easy, CURL_LOCK_DATA_HSTS);
    return std::forward<F>(f)(*hsts_);
  }

 private:
  class LockedSessions final : public transport::SessionStore {
   public:
    explicit LockedSessions(Share& s) : share_(s) {}
    transport::TlsTicketRef find_session(const std::string& key) override {
      Locked guard(share_, nullptr, CURL_LOCK_DATA_SSL_SESSION);
      return map_.find_session(key);
    }
    void store_session(const std::string& key, transport::TlsTicketRef session) override {
      Locked guard(share_, nullptr, CURL_LOCK_DATA_SSL_SESSION);
      map_.store_session(key, std::move(session));
    }

   private:
    Share& share_;
    transport::SessionMap map_;
  };

  // Unlocks on every way out of with_dns, including an early return inside f.
  class Locked {
   public:
    Locked(const Share& s, CURL* easy, curl_lock_data what) : s_(s), easy_(easy), what_(what) {
      s_.lock(easy_, what_, CURL_LOCK_ACCESS_SINGLE);
    }
    ~Locked() { s_.unlock(easy_, what_); }
    Locked(const Locked&) = delete;
    Locked& operator=(const Locked&) = delete;

   private:
    const Share& s_;
    CURL* easy_;
    curl_lock_data what_;
  };

  std::uint32_t magic_ = kMagic;
  std::uint32_t mask_ = 1u << CURL_LOCK_DATA_SHARE;  // the share itself is always locked
  std::size_t users_ = 0;
  curl_lock_function lock_fn_ = nullptr;
  curl_unlock_function unlock_fn_ = nullptr;
  void* user_data_ = nullptr;
  transport::DnsCache dns_;
  std::unique_ptr<http::CookieJar> cookies_;  // made when cookies are shared
  std::unique_ptr<SharedConnections> conns_;  // made when connections are shared
  std::unique_ptr<http::HstsCache> hsts_;     // made when HSTS is shared
  std::unique_ptr<LockedSessions> sessions_;  // made when TLS sessions are shared
};

}  // namespace xfer

// The C handle type: libcurl's headers declare CURLSH as struct Curl_share.
struct Curl_share final : xfer::Share {};
