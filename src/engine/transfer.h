// Transfer: one easy handle's request/response run through the engine, as a state machine.
#pragma once

#include <array>
#include <cstdint>
#include <ctime>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/connect_to.h"
#include "engine/proxy_config.h"
#include "engine/connection.h"
#include "engine/dest_ref.h"
#include "engine/poller.h"
#include "engine/timer_heap.h"
#include "engine/easy_options.h"
#include "http/auth.h"
#include "http/auth_digest.h"
#include "http/chunk_skipper.h"
#include "http/body_source.h"
#include "http/content_decoder.h"
#include "http/h2_session.h"
#include "http/response_parser.h"
#include "http/url.h"
#include "transport/address.h"
#include "transport/socket_io.h"
#include "transport/socks_handshake.h"
#include "transport/tcp_connector.h"
#include "util/intrusive_list.h"
#include "util/status.h"
#include "util/time.h"

namespace xfer {

class H2Link;

class Easy;
class Multi;
struct Destination;
struct RewindHooks;
struct AuthMemory;
namespace http {
struct RequestSpec;
}

// The order is the order a transfer moves through; a redirect goes back to kAcquire.
enum class TransferState : std::uint8_t {
  kInit,        // added, not started: parse the URL, reset the info
  kAcquire,     // find an idle connection, or admission for a new one, or wait (pending)
  kResolving,   // name lookup (literal, cache, CURLOPT_RESOLVE or the resolver pool)
  kConnecting,  // TCP connect, happy eyeballs
  kSocks,       // through a SOCKS proxy: its handshake (transfer_socks.cpp)
  kProxyTls,    // to an HTTPS proxy: the TLS handshake with the proxy (transfer_proxy_tls.cpp)
  kTunnel,      // through an HTTP proxy: CONNECT and its answer (transfer_tunnel.cpp)
  kTlsHandshake,  // https: the TLS handshake over the connected socket
  kSending,     // request head and body
  kReceiving,   // response
  kDone,        // result recorded, CURLMsg queued
};

const char* to_string(TransferState s);

class Transfer final : public http::ResponseEvents {
 public:
  Transfer(Easy& easy, Multi& multi);
  ~Transfer() override;
  Transfer(const Transfer&) = delete;
  Transfer& operator=(const Transfer&) = delete;

  TransferState state() const { return state_; }
  bool done() const { return state_ == TransferState::kDone; }
  // The block size of the engine's slab for connect-phase state.
  static std::size_t opening_size();
  bool attached() const { return attached_; }
  Status result() const { return result_; }
  Easy& easy() { return easy_; }
  Multi& multi() { return multi_; }
  std::uint64_t engine_serial() const { return engine_serial_; }
  // Back to kInit for another run (the handle was added again); buffers are kept.
  void rearm();

  // Runs steps until the transfer must wait for I/O, a timer or a slot.
  void run();
  // Engine notifications: each marks the transfer ready for this pass.
  void on_socket_event(int fd, std::uint32_t events);
  void on_timer();
  // The application's socket callback returned -1 for one of this transfer's sockets.
  void on_socket_refused();
  void on_resolved(Status st, std::vector<transport::Address> addrs);
  // Time until the nearer of the whole-transfer and connect deadlines (libcurl's time left
  // while connecting), which bounds the DoH probes a lookup starts.
  Duration connect_time_left() const;
  // curl_easy_pause: CURLPAUSE_RECV / CURLPAUSE_SEND bits; unpausing hands over held data.
  CURLcode set_pause(int bitmask);
  // The application removes the handle: release everything without reporting.
  void abandon();

  // Runs f(DnsCache&) on the cache this transfer uses: its share's, under the share's
  // lock, or the engine's own.
  template <class F>
  decltype(auto) with_dns(F&& f);

  // Calls f for each socket slot the transfer watches (curl_multi_fdset).
  template <class F>
  void visit_slots(F&& f) const {
    if (opening_)
      for (const PollSlot& s : opening_->slots)
        if (s.fd >= 0) f(s);
    if (conn_) f(conn_->slot);
  }

  // Intrusive membership, owned by the engine and the pool.
  ListHook ready_hook_;
  ListHook pending_hook_;
  Destination* pending_in_ = nullptr;  // host-cap queue holding this transfer
  TimerEntry timer_;
  std::uint64_t resolve_ticket_ = 0;

 private:
  // Records url_ as CURLINFO_EFFECTIVE_URL (option_text: CURLOPT_URL's, when url_ is it).
  void set_effective_url(std::string_view option_text);
  enum class Step : std::uint8_t { kContinue, kWait };
  // Fairness: one busy socket does not starve the rest. Plain reads fill up to the 256 KiB
  // buffer, TLS reads return one record (up to 16 KiB), so both caps matter.
  static constexpr int kMaxReadsPerRun = 16;
  static constexpr std::size_t kMaxBytesPerRun = 1024 * 1024;

  Step step_init();
  Step step_acquire();
  Step step_resolving();
  Step step_connecting();
  Step step_tls_handshake();
  Step step_sending();
  Step step_receiving();

  void enter(TransferState next);
  Step fail(Status st);
  void finish(Status st);
  Step response_complete();
  Step retry_on_fresh_connection();
  Step send_held_body();
  // KEEP_SENDING_ON_ERROR: the body held for a 100 goes after a final error reply.
  bool sends_after_error() const;
  void release_connection(bool reusable);
  Step reuse_connection(Connection* c);
  void take_connection(Connection* c);  // c becomes this transfer's (a reused one's facts)
  Connection* lease_h1_twin();          // an idle HTTP/1.1 connection an h2 offer may take
  // Records on a new connection the rare socket options it is opened with (close callback,
  // local binding), which its closing and its reuse depend on.
  void note_connection_setup(Connection& c) const;
  // An idle connection to dest_ from the handle's share (CURL_LOCK_DATA_CONNECT), adopted
  // into this engine's pool; null when there is none.
  Connection* adopt_shared_connection();
  // How many idle connections a shared cache keeps without CURLOPT_MAXCONNECTS.
  static constexpr long kSharedCacheDefault = 5;
  void sync_connect_slots();
  void forget_connect_slots();
  void update_timer(bool at_once);  // at_once: run again next pass, with no event to call for it
  bool check_timeouts();
  bool report_progress();
  bool call_progress();  // false: the application's progress callback asked to abort
  // Request side (transfer_request.cpp).
  HttpMethod effective_method() const;
  Status prepare_body();
  RewindHooks rewind_hooks();  // SEEK, IOCTL and the handle for a read-callback body
  Step begin_request();
  Status build_request();
  Status add_time_condition(http::RequestSpec& spec);
  // After a final response's headers: its Last-Modified fails the time condition, so
  // libcurl reports a 304 and leaves the body unread (transfer_response.cpp).
  bool time_condition_unmet() const;
  Step send_failed(const transport::IoResult& r);
  // CURLOPT_HAPROXYPROTOCOL: the PROXY protocol v1 line, first on a new connection (before
  // TLS), naming its local and remote ends.
  Status send_proxy_protocol_line(bool ipv6);
  // Rate limits (transfer_ratelimit.cpp). start_rate_limits at the transfer's start;
  // throttled() before each read or send: true when a limit wants a pause, with the socket
  // unwatched and the timer set for its end; io_cap bounds one read or send.
  void start_rate_limits();
  bool throttled();
  std::size_t io_cap(bool upload, std::size_t want) const;
  bool throttle_pending() const { return rare_ && rare_->throttled_until != TimePoint::max(); }
  Step wait_writable();
  void note_upload_progress();
  bool refill_upload(Step& s);
  // The chunked upload's end: "0\r\n", CURLOPT_TRAILERFUNCTION's lines, the final CRLF.
  bool last_chunk(Step& s);
  bool redirect_method_change(long code) const;
  void note_redirect_method(long code);
  void note_content_range(std::string_view value);
  // The proxy for url_ (transfer_proxy.cpp): sets rare_->proxy and via_proxy, or fails
  // for a proxy xfer cannot use yet; the destination key of a connection to it; the
  // absolute form and the proxy's credentials of a request through it.
  Status choose_proxy();
  bool needs_tunnel() const { return rare_ && rare_->via_proxy && rare_->tunnel; }
  Step step_tunnel();
  // SOCKS (transfer_socks.cpp): the destination's local lookup (SOCKS4, SOCKS5) and the
  // handshake; then the layers above it (a tunnel, TLS, the request).
  bool via_socks() const { return rare_ && rare_->via_socks; }
  void append_socks_key(std::string& key);
  Step step_socks();
  Step socks_lookup();
  Step socks_exchange();
  Step socks_failed(int proxy_code, const std::string& text);
  void on_socks_resolved(Status st, std::vector<transport::Address> addrs);
  // The layers over the TCP connection, from the lowest not set up yet.
  Step after_tcp();
  Step after_socks();
  // HTTPS proxies (transfer_proxy_tls.cpp): TLS to the proxy, with the PROXY_* options.
  bool https_proxy() const { return rare_ && rare_->via_proxy && rare_->proxy.kind == ProxyKind::kHttps; }
  const transport::TlsOptions& proxy_tls_options() const;
  Step start_proxy_tls();
  Step step_proxy_tls();
  Step after_proxy_tls();
  // Looks a name up from what is at hand (literal, DNS cache, localhost) into out, else
  // starts the resolver pool's lookup (resolve_ticket_ set; on_resolved answers). Fails
  // when the resolver start callback refuses.
  Status lookup_or_ask(const std::string& host, std::uint16_t port, std::vector<transport::Address>& out);
  Step tunnel_send();
  Step tunnel_read();  // the answer's head, then a 407's body, and not a byte more
  Status tunnel_take_head(const char* buf, std::size_t len, std::size_t& take);
  bool tunnel_line(std::string_view line);
  void tunnel_take_body(const char* buf, std::size_t len, std::size_t& take);
  Step tunnel_closed();  // the proxy closed before its answer ended
  Step tunnel_done();
  Step tunnel_again();  // a 407 is answered: a second CONNECT, here or on a new connection
  // After the TCP connect (and a tunnel): TLS for https, else the request.
  Step after_connected();
  bool via_proxy() const { return rare_ && rare_->via_proxy; }
  void append_proxy_key(std::string& key) const;
  void note_proxy_auth_offer(std::string_view value);
  void add_proxy_request_lines(http::RequestSpec& spec) const;
  // CURLOPT_RANGE / RESUME_FROM for this transfer: a download's Range, or an upload's
  // Content-Range and resume offset (transfer_range.cpp).
  Status start_range();
  // An upload's Content-Range (in rare_->range_text) and its body size after the resume
  // offset, whose bytes are skipped in the source before the first request.
  Status apply_upload_range(curl_off_t& body_size);
  Status skip_upload_prefix(curl_off_t offset);
  // CURLOPT_RESOLVER_START_FUNCTION's verdict on a lookup about to start.
  bool resolver_start_allows();
  // CURLOPT_PREREQFUNCTION's verdict on a request about to go out on the connection.
  bool prereq_allows();
  http::UrlParseOptions url_parse_options() const;
  Status check_protocol(long allowed) const;
  const transport::TlsOptions& tls_options() const;
  Status with_detail(Status st) const;
  // CURLOPT_CONNECT_TO / UNIX_SOCKET_PATH: the match for url_, and its part of the pool key.
  Status append_route_key(std::string& key);
  const std::string& connect_host() const;   // what is resolved: the target, else url_.host
  std::uint16_t connect_port() const;        // the target's port, else url_.port
  transport::ConnectOptions connect_options() const;
  // Cookies (transfer_cookies.cpp): the request's Cookie: value, a response's Set-Cookie.
  struct CookieHook;  // answers the request writer's http::CookieSource question
  // The Cookie: line's value (http::CookieSource's question); false: no line.
  bool cookie_value(std::size_t request_so_far, bool app_cookie_header, std::string& out);
  void store_cookie(std::string_view raw_set_cookie_line);
  // HSTS (transfer_hsts.cpp): the URL's upgrade before connecting, and what an https
  // response's Strict-Transport-Security adds.
  void hsts_upgrade();
  void note_hsts_header(std::string_view value);
  void note_altsvc_header(std::string_view raw_line);
  // Authentication (transfer_auth.cpp).
  bool may_send_credentials() const;
  // Before a request to url_ (the first, or one redirected to) looks for its host, as
  // libcurl: DISALLOW_USERNAME_IN_URL refuses a URL naming a user, and a .netrc that
  // does not parse fails the transfer.
  Status check_url_login() const;
  struct Credentials {
    std::string user;
    std::string password;
    bool have = false;
    bool from_netrc = false;
  };
  // The user and password this request may use: options, else .netrc, else the URL's.
  Status credentials(Credentials& c) const;
  // What authentication adds to one request.
  struct AuthHeaders {
    std::string value;       // the Authorization: value ("" for none)
    std::string extra_line;  // a line sent right after it (SigV4's date), or ""
    bool authneg = false;    // the request only opens a handshake: its POST body is held
                             // back (Content-Length: 0) as libcurl does
  };
  // Server and proxy authentication run the same code over their own state: the party
  // names which (libcurl's authhost and authproxy).
  enum class AuthParty : std::uint8_t { kServer, kProxy };
  unsigned long auth_wanted(AuthParty p) const;  // HTTPAUTH or PROXYAUTH, as methods
  Status party_credentials(AuthParty p, Credentials& c) const;
  AuthMemory& auth_memory(AuthParty p);
  AuthMemory* auth_memory_if_any(AuthParty p) const;
  bool conn_ntlm_done(AuthParty p) const;
  void set_conn_ntlm_done(AuthParty p, bool done);
  Status ntlm_authorization(AuthParty p, const Credentials& c, AuthHeaders& out);
  Status negotiate_authorization(AuthParty p, AuthHeaders& out);
  Status ntlm_wb_authorization(AuthParty p, const Credentials& c, AuthHeaders& out);
  Status sigv4_authorization(const Credentials& c, std::string_view method, AuthHeaders& out);
  // The Authorization (server) or Proxy-Authorization (proxy) value for a request whose
  // method and Digest uri are given.
  Status authorization_for(AuthParty p, std::string_view method, std::string_view uri, AuthHeaders& out);
  Status authorization_value(std::string_view method, AuthHeaders& out);  // the server's
  void note_auth_offer(const http::HeaderLine& h);
  long handshake_connection() const;  // the connection id an auth handshake needs, or -1
  // After a 401's (407's) headers: true when another request answers its challenge;
  // `closing`: the connection ends after this response.
  bool decide_auth_retry(AuthParty p, bool closing);
  // decide_auth_retry's work; picked_one tells whether libcurl would have picked a method.
  bool answer_challenge(AuthParty p, bool closing, bool digest_duplicate, bool& picked_one);
  Step retry_with_auth(bool reusable);
  bool auth_retrying() const { return rare_ && rare_->auth.retry; }
  bool body_held() const { return rare_ && rare_->auth.body_held; }

  // HTTP/2 (transfer_h2.cpp): the request as one stream of the connection's H2Link, its
  // response fed to parser_ as the h1 lines the codec renders.
  struct H2Stream;
  struct H2StreamDelete {
    void operator()(H2Stream* s) const;
  };
  bool offers_h2() const;           // ALPN offers h2 for this transfer's URL and options
  Status h2_negotiated();           // after the TLS handshake: ALPN chose h2 -> conn_->h2
  Step h2_start();                  // the built request goes out as a stream
  Step h2_receive();                // frames out and in until the stream ends
  Step h2_outcome(bool& decided);   // what the stream's state means for the transfer
  // The next request goes over HTTP/1.1 on another connection (h1_only); drain: this one
  // takes no new stream either.
  void downgrade_to_h1(const char* why, bool drain);
  bool h2_feed(const char* data, std::size_t len);
  http::H2Pull h2_pull(char* buf, std::size_t cap);
  // The stream leaves the codec (RST_STREAM if still open) and the connection's members.
  // True when other streams keep the connection (conn_ is cleared then).
  bool h2_leave();
  // Server push (transfer_push.cpp): the application's CURLMOPT_PUSHFUNCTION decides on a
  // stream the peer promised on this transfer's; an accepted one becomes a new handle's
  // transfer, started at once on the promised stream.
  http::H2PushVerdict h2_push(std::int32_t promised_id, const std::vector<std::string>& fields,
                              http::H2StreamEvents*& pushed) noexcept;
  http::H2StreamEvents* start_pushed(Connection& c, std::int32_t promised_id);
  // The receive side's per-request state, afresh (a request built, a pushed stream adopted).
  void reset_exchange();
  // CURLOPT_STREAM_WEIGHT / STREAM_DEPENDS[_E] as the stream's priority now.
  http::H2Priority h2_priority() const;
  void h2_join(H2Link& link);       // a member of the link, placed in the pool
  bool may_multiplex() const;       // may share an h2 connection with other transfers
  std::uint32_t h2_streams_setting() const;  // our SETTINGS_MAX_CONCURRENT_STREAMS
  http::H2Settings h2_upgrade_settings() const;  // what HTTP2-Settings says (and then holds)
  // HTTP_VERSION 2_0 on http://: the request asks to switch ("Upgrade: h2c"); a 101 makes
  // the connection h2 with the request as stream 1, rest being the bytes after the 101.
  bool asks_h2c_upgrade() const;
  Step h2c_switch(const char* rest, std::size_t n);

  // http::ResponseEvents
  bool on_header_line(const http::HeaderLine& line) override;
  bool on_headers_complete() override;
  bool on_body(const char* data, std::size_t len) override;
  const curl_slist* status_aliases() const override;
  bool wants_raw_chunks() const override;
  void on_chunk_data(std::size_t len) override;

  bool deliver_body(const char* data, std::size_t len);
  void count_download(std::size_t len);  // SIZE_DOWNLOAD, per request as libcurl counts
  // Output to the application (transfer_pause.cpp). What a write goes to, as libcurl's
  // client writes say it: body, header, status line; a header line under CURLOPT_HEADER
  // goes to both.
  static constexpr std::uint8_t kOutBody = 1;
  static constexpr std::uint8_t kOutHeader = 2;
  static constexpr std::uint8_t kOutStatus = 4;
  // Output held back while the receive side is paused, one buffer per kind of write.
  struct HeldOutput {
    std::uint8_t kind;    // kOut* bits
    std::uint8_t origin;  // CURLH_HEADER / CURLH_1XX / CURLH_TRAILER, for the header API
    std::string bytes;
  };
  // Hands output to the callbacks, or holds it while paused (a callback returning
  // CURL_WRITEFUNC_PAUSE pauses); false: a callback refused it (result_ says why).
  bool client_write(std::uint8_t kind, std::uint8_t origin, const char* data, std::size_t len);
  void hold(std::uint8_t kind, std::uint8_t origin, const char* data, std::size_t len);
  std::size_t call_write(const char* data, std::size_t len);
  std::size_t call_header(const char* data, std::size_t len);
  // Hands held output over; false when the transfer cannot go on reading (paused again,
  // failed or completed), with s the step to return.
  bool flush_held(Step& s);
  Step paused_wait();
  // The response is complete: it ends now, or once nothing is paused any more.
  Step complete_or_hold();
  curl_off_t elapsed_us() const;  // since the transfer's start (TOTAL, REDIRECT)
  curl_off_t request_us() const;  // since the current request's start (the other times)

  Easy& easy_;
  Multi& multi_;
  std::uint64_t engine_serial_;  // multi_.serial() when made: multi_ may have died since
  Status result_;

  http::Url url_;
  std::uint64_t url_stamp_ = 0;  // EasyOptions::url_stamp url_ was parsed from
  std::uint64_t dest_tls_stamp_ = 0;  // EasyOptions::tls_stamp dest_'s key was built with
  DestRef dest_;
  DestRef first_dest_;  // where the transfer's first request went
  Connection* conn_ = nullptr;
  // On an HTTP/2 connection: its stream (kept for the handle's next request). Not in Rare:
  // a plain h2 request then allocates no Rare, and a parked stream stays small.
  std::unique_ptr<H2Stream, H2StreamDelete> h2_;

  struct ConnectSlotTarget final : PollTarget {
    Transfer* owner = nullptr;
    void on_ready(int fd, std::uint32_t events) override { owner->on_socket_event(fd, events); }
    void on_socket_refused() override { owner->on_socket_refused(); }
  };
  // What only opening a connection needs: made when the transfer opens one, dropped once
  // it is connected, so a transfer waiting for its answer carries none of it.
  // It lives in the engine's Slab (Multi::opening_slab): a burst of connects leaves no
  // holes in the heap between the longer-lived objects.
  struct Opening {
    std::vector<transport::Address> addrs;
    Status resolve_status;
    bool resolved = false;
    std::optional<transport::TcpConnector> connector;
    // Happy eyeballs has at most one attempt per address family in flight. The slots never
    // move while the poller and the app's socket callback know them.
    std::array<PollSlot, 2> slots;
    ConnectSlotTarget target;
  };
  Opening* opening_ = nullptr;
  void open_opening();
  void drop_opening();
  int ready_fd_ = -1;
  std::uint32_t ready_events_ = 0;

  // Strings few transfers ever fill, out of line (made on first use, kept for reuse).
  // What the response said to a resumed download.
  enum class RangeReply : std::uint8_t {
    kNone,
    kMatched,  // a Content-Range starting at the resume offset
    kWhole,    // a whole body exactly the offset long: already downloaded
    kIgnored,  // a 416 to a resumed GET: its body is counted but not delivered
  };
  // A ranged upload: its source still to be skipped to the offset, or done.
  enum class UploadRange : std::uint8_t { kNone, kPending, kReady };
  // The 401 round trip of one transfer: what the server offered and what answers it.
  // One transfer's side of authentication; what the handle settled on is in its
  // HandleState (AuthMemory), which outlives the transfer.
  struct PartyAuth {
    http::AuthOffer offer;          // this response's WWW-/Proxy-Authenticate lines
    unsigned long sent_method = 0;  // the method the last request answered with (0: none)
  };
  struct AuthState {
    PartyAuth server, proxy;
    bool retry = false;             // this 401 (407) is answered by another request
    bool body_held = false;         // the request opens a handshake: the streamed body
                                    // waits for the request that completes it
    bool neg_sent = false;          // this request held its body back for a handshake
    bool skip_neg = false;          // the server wanted none: resend with the body, no auth
  };
  // Where a rate limit counts from: libcurl measures bytes moved since a start it moves
  // forward every 3 seconds while it throttles.
  struct RateWindow {
    TimePoint start{};
    curl_off_t bytes = 0;
  };
  struct Rare {
    AuthState auth;
    std::string tls_error;          // detail of a TLS failure, for ERRORBUFFER
    std::string status_error;       // FAILONERROR's text, which names the status code
    std::string range_text;         // "N-" for a resumed download's Range, or an upload's
                                    // Content-Range value
    curl_off_t resume_from = 0;     // this transfer's resume offset (a "*/size" reply clears it)
    RangeReply range_reply = RangeReply::kNone;
    UploadRange upload_range = UploadRange::kNone;
    curl_off_t upload_size = -1;    // a ranged upload's body size after its offset
    std::vector<HeldOutput> held;   // output refused with CURL_WRITEFUNC_PAUSE, and what followed
    std::string body_content_type;  // the streamed body's own Content-Type (MIME, forms)
    RateWindow recv_window, send_window;     // MAX_RECV/SEND_SPEED_LARGE pacing
    TimePoint throttled_until = TimePoint::max();  // a rate limit holds I/O until then
    std::string condition_date;     // TIMEVALUE as the time condition header writes it
    std::time_t time_of_doc = 0;    // this response's Last-Modified under a time condition
    ConnectTo route;                // CURLOPT_CONNECT_TO's target for url_, if one matched
                                    // (or the proxy, when url_ goes through one)
    ProxyTarget proxy;              // the proxy url_ goes through, when via_proxy
    bool via_proxy = false;
    bool tunnel = false;            // via a CONNECT tunnel (https, HTTPPROXYTUNNEL, CONNECT_TO)
    ConnectTo tunnel_to;            // CONNECT_TO's target the tunnel goes to (unset: url_'s)
    // The CONNECT exchange of the connection being set up.
    struct Tunnel {
      enum class Phase : std::uint8_t { kSend, kHead, kSkipBody, kDone };
      Phase phase = Phase::kSend;
      std::string request;
      std::size_t sent = 0;
      std::string line;             // a line read in part
      int code = 0;                 // the answer's status code (0: no status line yet)
      int lines = 0;
      bool eof = false;
      bool sent_auth = false;       // the CONNECT carried Proxy-Authorization
      bool close = false;           // Connection/Proxy-Connection: close, or the proxy closed
      bool chunked = false;         // a non-2xx answer's body is chunked ...
      curl_off_t length = 0;        // ... or this long (what a 407 answered leaves to skip)
      http::ChunkSkipper chunks;
    };
    std::unique_ptr<Tunnel> tunnel_state;
    ProxyTarget socks;              // the SOCKS proxy (PROXY or PRE_PROXY), when via_socks
    bool via_socks = false;
    // What the SOCKS proxy is asked to connect to: the HTTP proxy, a CONNECT_TO target or
    // the URL's host.
    std::string socks_host;
    std::uint16_t socks_port = 0;
    bool socks_ipv6 = false;
    // The SOCKS handshake of the connection being set up, after a local lookup of the
    // destination when the proxy does not resolve it.
    struct Socks {
      enum class Phase : std::uint8_t { kLookup, kHandshake };
      Phase phase = Phase::kLookup;
      bool resolved = false;
      Status resolve_status;
      std::vector<transport::Address> addrs;
      std::optional<transport::SocksHandshake> handshake;
    };
    std::unique_ptr<Socks> socks_state;
    std::string first_origin;       // behind a proxy: the first URL's origin, for redirects
    std::string origin_now;         // the current URL's origin, compared with it
    // A 417 answered "Expect: 100-continue": the handle sends no Expect from then on (as
    // libcurl's state.disableexpect, never cleared).
    bool expect_disabled = false;
    // The login of a URL redirected away from, kept while the redirects name none.
    std::string kept_user, kept_password;
    bool kept_login = false;
    bool kept_has_password = false;
    std::uint8_t refused_retries = 0;  // REFUSED_STREAM answers retried (libcurl stops at 5)
    // This transfer speaks HTTP/1.1 from here on: a stream was reset with
    // HTTP_1_1_REQUIRED, or NTLM was picked on h2 (7.88's "Downgrades to"/"Forcing HTTP/1.1").
    bool h1_only = false;
    std::string h2c_settings;       // the HTTP2-Settings value it sent
    bool h2c_offered = false;       // this request asked "Upgrade: h2c"
    bool h2c_switch = false;        // ... and a 101 agreed: switch once its head is read
  };
  std::unique_ptr<Rare> rare_;
  Rare& rare() {
    if (!rare_) rare_ = std::make_unique<Rare>();
    return *rare_;
  }
  bool has_held_output() const { return rare_ && !rare_->held.empty(); }
  PartyAuth& party_auth(AuthParty p) { return p == AuthParty::kProxy ? rare().auth.proxy : rare().auth.server; }

  std::unique_ptr<http::BodySource> body_src_;  // streamed body (read callback, MIME)
  TimePoint continue_deadline_ = TimePoint::max();
  std::unique_ptr<char[]> upbuf_;  // upload staging, only while sending
  std::size_t up_off_ = 0;
  std::size_t up_len_ = 0;
  std::size_t upload_bytes_ = 0;  // streamed body bytes sent, framing included
  std::int64_t upload_size_ = -1;  // a sized streamed body's length on the wire (-1: to EOF)

  // The request head (and a copied body that fits with it) is built in the engine's
  // scratch buffer and usually leaves at once; only what is still unsent when the run
  // ends is copied here.
  std::unique_ptr<std::string> unsent_request_;
  std::string_view request_text() const;
  void keep_request_text();
  std::size_t head_size_ = 0;
  std::size_t inline_body_ = 0;  // body bytes carried inside request_
  std::size_t request_sent_ = 0;
  const char* body_ = nullptr; // body sent after the head
  std::size_t body_len_ = 0;
  std::size_t body_sent_ = 0;

  http::ResponseParser parser_;
  std::unique_ptr<http::ContentDecoder> decoder_;  // made on the first encoded response

  TimePoint start_{};          // engine time (deadlines, rate windows)
  // Fresh clock readings for the CURLINFO times: the transfer's start and the current
  // request's (kAcquire).
  TimePoint info_start_{};
  TimePoint request_start_{};
  TimePoint deadline_ = TimePoint::max();          // CURLOPT_TIMEOUT
  TimePoint connect_deadline_ = TimePoint::max();  // CURLOPT_CONNECTTIMEOUT
  // The progress callback and the low-speed check run once a second, as in libcurl.
  static constexpr auto kProgressInterval = std::chrono::seconds(1);
  TimePoint next_progress_ = TimePoint::max();     // progress callback / low-speed check
  TimePoint low_speed_since_ = TimePoint::max();
  curl_off_t low_speed_mark_bytes_ = 0;
  TimePoint low_speed_mark_time_{};  // when low_speed_mark_bytes_ was taken
  curl_off_t download_at_read_ = 0;  // SIZE_DOWNLOAD when the current read began

  // Flags, packed together.
  TransferState state_ = TransferState::kInit;
  bool attached_ : 1 = false;        // on the engine's lists: abandon() before letting go
  bool url_cached_ : 1 = false;      // url_ (and info's effective URL) hold that parse
  bool dest_routed_ : 1 = false;     // dest_'s key names a CONNECT_TO target or a unix socket
  bool dest_current_ : 1 = false;    // dest_ belongs to url_ (plain http: no key to rebuild)
  bool conn_reused_ : 1 = false;
  bool retried_ : 1 = false;
  bool force_fresh_ : 1 = false;
  bool body_src_used_ : 1 = false;   // read from at least once: a resend must rewind it
  bool chunked_upload_ : 1 = false;
  bool src_done_ : 1 = false;
  bool await_continue_ : 1 = false;  // "Expect: 100-continue" holds the body back
  bool got_continue_ : 1 = false;
  bool left_first_host_ : 1 = false; // a redirect went to another host: no credentials
  bool http10_seen_ : 1 = false;     // a reply of this transfer was HTTP/1.0: requests are 1.0
  bool decoding_ : 1 = false;        // this response's body goes through decoder_
  bool head_request_ : 1 = false;
  bool got_response_byte_ : 1 = false;
  bool block_1xx_ : 1 = false;       // the header block being received is an interim response
  bool body_started_ : 1 = false;    // final headers done: later header lines are trailers
  bool recv_paused_ : 1 = false;     // CURL_WRITEFUNC_PAUSE / CURLPAUSE_RECV
  bool send_paused_ : 1 = false;     // CURL_READFUNC_PAUSE / CURLPAUSE_SEND
  bool held_complete_ : 1 = false;   // the response ended while paused
  bool refused_ : 1 = false;         // a socket callback said -1: fail at the next run
  bool excess_ : 1 = false;          // bytes past the response: not reusable
  bool post_to_get_ : 1 = false;     // a redirect turned the POST into a GET
  bool progress_started_ : 1 = false;
  bool req_in_scratch_ : 1 = false;  // the request text is in Multi::scratch_request()
  std::uint8_t codings_seen_ = 0;  // Content-Encoding entries so far (libcurl caps at 5)
  bool sent_post_ : 1 = false;       // the request's method was POST (a 301/302 may turn it to GET)
  bool body_after_reply_ : 1 = false; // the reply is complete; the body goes, then it is handled
  bool body_streams_ : 1 = false;     // libcurl would stream the memory body (REQUEST_SIZE)
  bool trailers_next_ : 1 = false;   // "0\r\n" is out: the next fill asks for the trailers
  bool body_counted_ : 1 = false;    // this request has counted body bytes (SIZE_DOWNLOAD)

 public:
  // Declared last, among the flags: a byte here fills padding, where beside pending_in_ it
  // cost a word in every transfer.
  bool pending_total_ : 1 = false;  // on the total-cap queue (the pool's, like the hooks above)
  bool pending_pipe_ : 1 = false;   // on pending_in_'s pipe_waiters (PIPEWAIT), not its cap queue
};

}  // namespace xfer
