// Easy: the object behind CURL*: options, the current transfer, its info and its CURLMsg.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <curl/curl.h>

#include "engine/easy_options.h"
#include "engine/handle_state.h"
#include "engine/header_store.h"
#include "engine/share.h"
#include "engine/transfer_info.h"
#include "transport/tls_backend.h"
#include "util/intrusive_list.h"

namespace xfer {

class Multi;
class Transfer;
struct Connection;
class Share;

class Easy {
 public:
  Easy();
  ~Easy();
  Easy(const Easy&) = delete;
  Easy& operator=(const Easy&) = delete;

  static constexpr std::uint32_t kMagic = 0x78666572;  // "xfer": rejects stray pointers
  bool valid() const { return magic_ == kMagic; }

  // Back to a freshly created handle's options (curl_easy_reset); keeps connections.
  void reset_options();
  // Copies options from other (curl_easy_duphandle).
  void copy_options_from(const Easy& other);

  // Writes reason into CURLOPT_ERRORBUFFER (if set) unless something already did.
  void set_error(const char* reason);
  void clear_error();
  // CURLOPT_CERTINFO's chain as curl_certinfo (slists owned here until the next transfer).
  void set_certinfo(const std::vector<std::vector<std::string>>& chain);
  void clear_certinfo();
  curl_certinfo* certinfo() { return &certinfo_; }
  // CURLINFO_TLS_SSL_PTR / TLS_SESSION_INFO: the SSL* while a transfer uses TLS.
  curl_tlssessioninfo tls_session_info{transport::tls_backend_id(), nullptr};

  EasyOptions opts;
  // Appends TlsOptions::config_key() of opts.tls to `out`. The digest is kept while
  // opts.tls_stamp stays: a handle added again and again hashes its TLS settings once.
  void append_tls_config_key(std::string& out);

  // The last transfer's facts, made when a transfer first starts; before that getinfo
  // reads the defaults.
  TransferInfo& info() {
    if (!info_) info_ = std::make_unique<TransferInfo>();
    return *info_;
  }
  const TransferInfo& info_view() const;
  // CURLINFO_EFFECTIVE_URL ("" before any transfer).
  const char* effective_url() const;
  // CURLOPT_URL was set: the effective URL is its text again (libcurl's rule).
  void url_option_changed();
  std::unique_ptr<Transfer> transfer;
  Multi* multi = nullptr;                  // the engine it is added to, if any
  std::unique_ptr<Multi> private_multi;    // curl_easy_perform's engine, kept for reuse
  CURLMsg msg{};                           // valid until removed, as libcurl's is
  ListHook multi_hook;                     // Multi::handles_
  ListHook msg_hook;                       // Multi::msgs_ until read
  ListHook start_hook;                     // Multi::starting_ until its first pass
  // The idle connection still on the app's watch list whose REMOVE will name this handle
  // (socket-callback mode); cleared when the handle leaves the engine.
  Connection* lingering = nullptr;
  std::unique_ptr<Connection> connect_only_conn;  // CURLOPT_CONNECT_ONLY's connection
  long last_conn_id = -1;  // the connection the last transfer left in the pool (LASTSOCKET)
  // curl_easy_header's view of the response: made with the first header line, so a
  // handle waiting for its answer carries none of it.
  HeaderStore& headers() {
    if (!headers_) headers_ = std::make_unique<HeaderStore>();
    return *headers_;
  }
  HeaderStore* headers_if_any() { return headers_.get(); }
  Share* share = nullptr;                          // CURLOPT_SHARE

  // Cookies (easy_cookies.cpp). The jar is the share's when the share holds cookies,
  // used under its lock; otherwise the handle's own.
  bool cookie_engine_on() const;
  // Runs f(http::CookieJar&) on the jar in use; returns false (without calling f) when
  // the cookie engine is off.
  template <class F>
  bool with_cookies(F&& f);
  void enable_cookies();                         // COOKIEJAR, or a line through COOKIELIST
  void add_cookie_file(const char* path);        // CURLOPT_COOKIEFILE (NULL: engine off)
  CURLcode cookie_list_command(const char* arg); // CURLOPT_COOKIELIST
  void load_cookie_files();                      // before a transfer, and on "RELOAD"
  void flush_cookies();                          // COOKIEJAR at cleanup, and on "FLUSH"
  curl_slist* cookie_list();                     // CURLINFO_COOKIELIST (the app frees it)
  // HSTS (easy_hsts.cpp). The cache is the share's when the share holds HSTS.
  bool hsts_on() const;
  template <class F>
  bool with_hsts(F&& f);
  void set_hsts_ctrl(long bits);           // CURLOPT_HSTS_CTRL
  void add_hsts_file(const char* path);    // CURLOPT_HSTS (also enables HSTS)
  Status hsts_transfer_start();            // files named so far, then the read callback
  void hsts_flush();                       // at cleanup: the file, then the write callback
  // Alt-Svc (easy_hsts.cpp too: the same kind of cache and file).
  http::AltsvcCache& altsvc();             // made on first use (ALTSVC, ALTSVC_CTRL)
  void altsvc_flush();                     // at cleanup, unless READONLYFILE
  HandleState& state() {
    if (!state_) state_ = std::make_unique<HandleState>();
    return *state_;
  }
  HandleState* state_if_any() { return state_.get(); }
  const HandleState* state_if_any() const { return state_.get(); }
  bool error_written = false;                      // beside magic_: no padding of its own

 private:
  std::uint32_t magic_ = kMagic;
  std::unique_ptr<TransferInfo> info_;
  std::unique_ptr<HeaderStore> headers_;
  std::unique_ptr<HandleState> state_;
  std::array<char, 32> tls_digest_{};
  std::uint64_t tls_digest_stamp_ = ~std::uint64_t{0};  // no stamp: nothing kept yet
  curl_certinfo certinfo_{};
};

}  // namespace xfer

// The C handle type: libcurl's headers declare CURL as struct Curl_easy.
struct Curl_easy final : xfer::Easy {};

namespace xfer {

template <class F>
bool Easy::with_cookies(F&& f) {
  if (share && share->shares_cookies()) {
    share->with_cookies(static_cast<Curl_easy*>(this), std::forward<F>(f));
    return true;
  }
  if (!state_ || !state_->cookies) return false;  // engine never on for this handle
  std::forward<F>(f)(*state_->cookies);
  return true;
}

template <class F>
bool Easy::with_hsts(F&& f) {
  if (share && share->shares_hsts()) {
    share->with_hsts(static_cast<Curl_easy*>(this), std::forward<F>(f));
    return true;
  }
  if (!state_ || !state_->hsts) return false;
  std::forward<F>(f)(*state_->hsts);
  return true;
}

}  // namespace xfer
