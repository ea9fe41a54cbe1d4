// Transfer: the per-state step functions and every state transition of one transfer.
#include "engine/transfer.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <new>
#include <random>

#include "engine/callback_scope.h"
#include "engine/easy.h"
#include "engine/h2_link.h"
#include "engine/multi.h"
#include "engine/pool.h"
#include "engine/transfer_dns.h"
#include "engine/verbose.h"
#include "http/request_writer.h"
#include "http/url_handle.h"
#include "transport/socket_io.h"
#include "transport/tcp_connector.h"

namespace xfer {
namespace {

constexpr int kMaxStepsPerRun = 64;
constexpr auto kDefaultConnectTimeout = std::chrono::seconds(300);

}  // namespace

const char* to_string(TransferState s) {
  switch (s) {
    case TransferState::kInit: return "INIT";
    case TransferState::kAcquire: return "ACQUIRE";
    case TransferState::kResolving: return "RESOLVING";
    case TransferState::kConnecting: return "CONNECTING";
    case TransferState::kSocks: return "SOCKS";
    case TransferState::kProxyTls: return "PROXY_TLS";
    case TransferState::kTunnel: return "TUNNEL";
    case TransferState::kTlsHandshake: return "TLS_HANDSHAKE";
    case TransferState::kSending: return "SENDING";
    case TransferState::kReceiving: return "RECEIVING";
    case TransferState::kDone: return "DONE";
  }
  return "?";
}

Transfer::Transfer(Easy& easy, Multi& multi) : easy_(easy), multi_(multi), engine_serial_(multi.serial()) {
  timer_.owner = this;
}

Transfer::~Transfer() {
  // A transfer kept for reuse after its handle left the engine holds nothing of the engine.
  if (attached_) abandon();
  drop_opening();
}

std::size_t Transfer::opening_size() { return sizeof(Opening); }

void Transfer::set_effective_url(std::string_view option_text) {
  // Normalizing usually changes nothing: then the option's text serves, and the handle
  // keeps no copy of its own.
  std::string& text = multi_.scratch_text();
  text.clear();
  url_.append_string(text);
  TransferInfo& info = easy_.info();
  info.effective_is_url_option = !option_text.empty() && text == option_text;
  if (info.effective_is_url_option)
    std::string().swap(info.effective_url);
  else
    info.effective_url = text;
}

void Transfer::open_opening() {
  drop_opening();
  void* mem = multi_.opening_slab().allocate();
  if (!mem) return;
  opening_ = new (mem) Opening();
  opening_->target.owner = this;
}

void Transfer::drop_opening() {
  if (!opening_) return;
  CallbackScope scope(multi_);  // the close socket callback may run for unfinished attempts
  opening_->~Opening();
  multi_.opening_slab().deallocate(opening_);
  opening_ = nullptr;
}

void Transfer::rearm() {
  if (attached_) abandon();
  attached_ = true;
  state_ = TransferState::kInit;
  result_ = Status::ok();
  refused_ = false;
  ready_fd_ = -1;
  ready_events_ = 0;
  // The previous run's deadlines must not judge this one before step_init sets new ones.
  deadline_ = connect_deadline_ = next_progress_ = continue_deadline_ = TimePoint::max();
  recv_paused_ = send_paused_ = false;
  await_continue_ = false;
  resolve_ticket_ = 0;
}

void Transfer::abandon() {
  attached_ = false;
  // The engine's destinations may go once it has no use for them; a handle added again
  // looks its destination up anew.
  dest_ = nullptr;
  first_dest_ = nullptr;
  dest_current_ = false;
  multi_.forget(*this);
  multi_.pool().unwait(*this);
  forget_connect_slots();
  drop_opening();
  if (conn_) {
    // The codec must not call back into a stream that is going away; a stream's end leaves
    // an h2 connection as good as its codec says (other streams may still be on it).
    const bool h2 = conn_->h2() != nullptr;
    if (h2_leave()) return;
    // A connection dropped in the middle of an HTTP/1 exchange cannot be trusted for another.
    Connection* c = conn_;
    conn_ = nullptr;
    multi_.pool().release(c, h2 && c->h2()->usable());
  }
}

// ---- driving ----------------------------------------------------------------------------

void Transfer::run() {
  if (state_ == TransferState::kDone) return;
  if (refused_ || multi_.dead()) {
    refused_ = false;
    fail(Status::fail(CURLE_ABORTED_BY_CALLBACK, "a multi callback returned an error"));
    return;
  }
  if (check_timeouts()) return;
  Step s = Step::kWait;
  try {
    for (int i = 0; i < kMaxStepsPerRun && state_ != TransferState::kDone; ++i) {
      s = Step::kWait;
      switch (state_) {
        case TransferState::kInit: s = step_init(); break;
        case TransferState::kAcquire: s = step_acquire(); break;
        case TransferState::kResolving: s = step_resolving(); break;
        case TransferState::kConnecting: s = step_connecting(); break;
        case TransferState::kSocks: s = step_socks(); break;
        case TransferState::kProxyTls: s = step_proxy_tls(); break;
        case TransferState::kTunnel: s = step_tunnel(); break;
        case TransferState::kTlsHandshake: s = step_tls_handshake(); break;
        case TransferState::kSending: s = step_sending(); break;
        case TransferState::kReceiving: s = step_receiving(); break;
        case TransferState::kDone: s = Step::kWait; break;
      }
      if (s == Step::kWait) break;
    }
  } catch (const std::bad_alloc&) {
    // A step that cannot allocate ends its transfer with OUT_OF_MEMORY, as in libcurl.
    // Left to reach the API guard, the exception would leave the transfer half way through
    // a step (a request half built, a connector half set up) for the next call to trip
    // over; finishing closes the connection, whose exchange is in an unknown state.
    if (state_ != TransferState::kDone) fail(Status::fail(CURLE_OUT_OF_MEMORY, "Out of memory"));
    return;
  }
  keep_request_text();
  ready_fd_ = -1;
  ready_events_ = 0;
  if (state_ == TransferState::kDone) return;
  if (!report_progress()) return;
  // No socket event will call for a transfer whose step budget ran out, nor for input left
  // unread on an edge-triggered socket (the read caps): such a transfer goes on next pass.
  const bool owed = state_ == TransferState::kReceiving && conn_ && !conn_->h2() && conn_->input_owed &&
                    !recv_paused_ && !throttle_pending();
  update_timer(s != Step::kWait || owed);
}

void Transfer::on_socket_event(int fd, std::uint32_t events) {
  ready_fd_ = fd;
  ready_events_ |= events;
  multi_.make_ready(*this);
}

void Transfer::on_timer() { multi_.make_ready(*this); }

void Transfer::on_socket_refused() {
  refused_ = true;
  multi_.make_ready(*this);
}

void Transfer::on_resolved(Status st, std::vector<transport::Address> addrs) {
  resolve_ticket_ = 0;
  if (state_ == TransferState::kSocks) return on_socks_resolved(st, std::move(addrs));
  if (!opening_) return;
  opening_->resolved = true;
  opening_->resolve_status = st;
  opening_->addrs = std::move(addrs);
  multi_.make_ready(*this);
}

Duration Transfer::connect_time_left() const {
  const TimePoint due = std::min(deadline_, connect_deadline_);
  if (due == TimePoint::max()) return std::chrono::hours(24);
  return std::chrono::duration_cast<Duration>(due - multi_.now());
}

void Transfer::enter(TransferState next) {
  state_ = next;
  switch (next) {
    case TransferState::kAcquire:
      // A request begins (the first, a redirect's, a retry's): libcurl's "start single".
      request_start_ = multi_.clock().now();
      body_counted_ = false;
      break;
    case TransferState::kReceiving:
      // An h2 connection is watched by its link, for all its streams.
      if (!conn_->h2()) multi_.poller().update(conn_->slot, conn_->read_events());
      break;
    default:
      break;
  }
}

curl_off_t Transfer::elapsed_us() const {
  // Fresh readings, not the pass's (which socket_action sets 40 ms ahead): libcurl stamps
  // each moment as it happens, and a request on a reused connection may start and go out
  // within one pass. A moment reached is never 0, which reads as "not reached".
  const auto us = std::chrono::duration_cast<Duration>(multi_.clock().now() - info_start_).count();
  return std::max<curl_off_t>(static_cast<curl_off_t>(us), 1);
}

curl_off_t Transfer::request_us() const {
  // As libcurl, each request adds its own lookup, connect, ... times to the transfer's:
  // after a redirect they are sums, measured from each request's start.
  const auto us = std::chrono::duration_cast<Duration>(multi_.clock().now() - request_start_).count();
  return std::max<curl_off_t>(static_cast<curl_off_t>(us), 1);
}

// ---- states -------------------------------------------------------------------------------

Transfer::Step Transfer::step_init() {
  EasyOptions& o = easy_.opts;
  start_ = multi_.now();
  info_start_ = multi_.clock().now();
  easy_.info().reset_for_transfer();
  easy_.clear_certinfo();
  if (rare_) {
    rare_->refused_retries = 0;
    rare_->h1_only = false;
  }
  if (HeaderStore* hs = easy_.headers_if_any()) hs->clear();
  easy_.clear_error();
  retried_ = false;
  post_to_get_ = false;
  if (rare_) rare_->auth = {};
  easy_.info().request_method = static_cast<std::uint8_t>(o.method);
  // CURLOPT_CURLU overrides CURLOPT_URL and is read afresh each time: the application
  // may have changed it since the last transfer.
  const http::UrlHandle* curlu = o.rare_view().curlu;
  std::string curlu_text;
  if (curlu && curlu->get_part(CURLUPART_URL, 0, curlu_text) != CURLUE_OK) curlu_text.clear();
  // A handle parsed with CURLU_ALLOW_SPACE can hold spaces; they go out as %20 (curl test 1543).
  for (std::size_t sp = curlu_text.find(' '); sp != std::string::npos; sp = curlu_text.find(' ', sp + 3))
    curlu_text.replace(sp, 1, "%20");
  if (!o.url.is_set() && curlu_text.empty()) {
    easy_.info().effective_is_url_option = true;  // reports "", as libcurl does
    return fail(Status::fail(CURLE_URL_MALFORMAT, "No URL was set"));
  }
  if (!url_cached_ || url_stamp_ != o.url_stamp || curlu) {
    // A handle run again with the same URL (the common case) skips parsing altogether, and
    // its effective URL (kept by TransferInfo::reset_for_transfer) is still right.
    url_cached_ = false;
    const std::string_view text = curlu ? std::string_view(curlu_text) : o.url.view();
    if (Status st = http::parse_url(text, url_, url_parse_options()); !st) {
      easy_.info().effective_url.clear();
      easy_.info().effective_is_url_option = true;
      // libcurl 7.88 leaves ERRORBUFFER empty when the URL does not parse.
      if (st.code == CURLE_URL_MALFORMAT) st.reason = nullptr;
      return fail(st);
    }
    url_stamp_ = o.url_stamp;
    url_cached_ = true;
    if (curlu) {
      // libcurl reports CURLOPT_URL's text, unnormalized, as the effective URL; without one
      // it stores the handle's URL as CURLOPT_URL at the first transfer and keeps it.
      if (!o.url.is_set()) easy_.opts.url.assign(curlu_text.c_str());
      easy_.url_option_changed();
    } else {
      set_effective_url(o.url.view());
    }
    // CURLOPT_PORT replaces the first URL's port (the effective URL keeps the one given),
    // and so that of every relative redirect from it; an absolute Location brings its own.
    if (const std::uint16_t port = o.rare_view().port) {
      url_.port = port;
      url_.port_explicit = true;
    }
    dest_current_ = false;
  }
  if (Status st = check_url_login(); !st) return fail(st);
  if (Status st = easy_.hsts_transfer_start(); !st) return fail(st);
  hsts_upgrade();
  if (Status st = check_protocol(o.protocols); !st) return fail(st);
  easy_.load_cookie_files();  // the cookie files, read again before every transfer
  first_dest_ = nullptr;
  if (rare_) {
    rare_->first_origin.clear();
    rare_->kept_login = false;
  }
  left_first_host_ = false;
  body_src_used_ = false;
  if (Status st = prepare_body(); !st) return fail(st);
  if (Status st = start_range(); !st) return fail(st);
  start_rate_limits();
  if (o.resolve) {
    const Status st = with_dns([&](transport::DnsCache& c) { return c.apply_resolve_list(o.resolve, start_); });
    if (!st) return fail(st);
  }
  deadline_ = o.timeout_ms > 0 ? start_ + std::chrono::milliseconds(o.timeout_ms) : TimePoint::max();
  const Duration ct = o.connect_timeout_ms > 0 ? Duration(std::chrono::milliseconds(o.connect_timeout_ms))
                                               : Duration(kDefaultConnectTimeout);
  connect_deadline_ = start_ + ct;
  const bool ticking = !o.no_progress || (o.low_speed_limit > 0 && o.low_speed_time > 0);
  next_progress_ = ticking ? start_ + kProgressInterval : TimePoint::max();
  low_speed_since_ = TimePoint::max();
  low_speed_mark_bytes_ = 0;
  low_speed_mark_time_ = start_;
  force_fresh_ = o.fresh_connect || o.connect_only;
  http10_seen_ = false;
  // A finished NTLM login belongs to its connection: a new transfer elsewhere starts over.
  if (HandleState* hs = easy_.state_if_any()) {
    if (hs->auth.ntlm == NtlmStage::kDone) hs->auth.ntlm = NtlmStage::kNone;
    if (hs->proxy_auth.ntlm == NtlmStage::kDone) hs->proxy_auth.ntlm = NtlmStage::kNone;
  }
  easy_.connect_only_conn.reset();  // a new transfer ends the previous CONNECT_ONLY session
  enter(TransferState::kAcquire);
  return Step::kContinue;
}

Transfer::Step Transfer::step_acquire() {
  if (pending_in_ || pending_total_) return Step::kWait;  // still queued: a stray wake-up
  // Connections are shared only between transfers that would set them up the same way.
  const RareOptions& ro = easy_.opts.rare_view();
  if (Status st = choose_proxy(); !st) return fail(st);
  const bool proxied = via_proxy();
  const bool routed = ro.connect_to || ro.unix_socket_path.is_set() || proxied || via_socks();
  if (!dest_current_ || routed || dest_routed_ || dest_tls_stamp_ != easy_.opts.tls_stamp) {
    // TLS settings and HTTP_VERSION can change between runs of a handle: keys follow their stamp.
    std::string& key = multi_.scratch_text();
    key.clear();
    url_.append_destination_key(key);
    if (url_.is_https()) {
      key += '#';
      easy_.append_tls_config_key(key);
      // A transfer that may not speak h2 must not get a connection that negotiated it.
      if (offers_h2()) key += "|h2";
    } else if (offers_h2()) {
      key += "|h2c";
    } else if (asks_h2c_upgrade()) {
      key += "|h2u";  // a connection it upgraded speaks h2: only such transfers share it
    }
    if (proxied) {
      // CONNECT_TO through an HTTP proxy: the proxy is asked for a tunnel to the target,
      // as libcurl switches to tunnel mode for it.
      rare_->tunnel_to = ConnectTo{};
      if (ro.connect_to) {
        if (Status st = append_route_key(key); !st) return fail(st);
        if (rare_->route.routed()) {
          rare_->tunnel = true;
          rare_->tunnel_to = rare_->route;
        }
      }
      append_proxy_key(key);
      rare_->route = ConnectTo{rare_->proxy.host, rare_->proxy.port};
    } else if (routed) {
      if (Status st = append_route_key(key); !st) return fail(st);
    } else if (rare_) {
      rare_->route = ConnectTo{};
    }
    if (via_socks()) append_socks_key(key);
    dest_ = &multi_.pool().destination(key);
    dest_current_ = true;
    dest_routed_ = routed;
    dest_tls_stamp_ = easy_.opts.tls_stamp;
  }
  // A transfer holds its first destination, so identity is the host comparison. Once a
  // redirect leaves the first host, credentials stay behind (libcurl's rule).
  // Behind a proxy every origin shares the proxy's destination: the origins are compared.
  if (proxied || via_socks() || (rare_ && !rare_->first_origin.empty())) {
    // Built in a buffer the transfer keeps: a request through a proxy allocates nothing here.
    std::string& origin = rare_->origin_now;
    origin.clear();
    url_.append_destination_key(origin);
    if (!first_dest_) rare_->first_origin = origin;
    else if (origin != rare_->first_origin) left_first_host_ = true;
  } else if (first_dest_ && dest_ != first_dest_) {
    left_first_host_ = true;
  }
  if (!first_dest_) first_dest_ = dest_;
  conn_reused_ = false;
  const bool mux = may_multiplex();
  if (!force_fresh_) {
    // Where h2 may be spoken, libcurl takes the first connection in opening order that is
    // idle or (multiplexing) has room for a stream; HTTP/1 keeps the least recently used.
    if ((mux || offers_h2() || asks_h2c_upgrade()) && handshake_connection() < 0) {
      if (Connection* c = multi_.pool().lease_stream(*dest_, *this)) return reuse_connection(c);
    }
    if (Connection* c = multi_.pool().lease_idle(*dest_, *this, handshake_connection())) return reuse_connection(c);
    if (Connection* c = lease_h1_twin()) return reuse_connection(c);
    if (Connection* c = adopt_shared_connection()) return reuse_connection(c);
    if (mux && easy_.opts.pipewait && dest_->probes > 0 && dest_->multiuse == Destination::Multiuse::kUnknown) {
      // PIPEWAIT: a connection being opened may turn out to multiplex; wait to know.
      multi_.pool().wait_pipe(*this, *dest_);
      return Step::kWait;
    }
  }
  const Pool::Admit admit = multi_.pool().admit(*dest_);
  if (admit != Pool::Admit::kOk) {
    verbose_text(easy_, "No connection available, the transfer is queued (%s limit)",
                 admit == Pool::Admit::kHostFull ? "host" : "total");
    multi_.pool().wait(*this, *dest_, admit);
    return Step::kWait;
  }
  conn_ = multi_.pool().open(*dest_, *this);
  if (mux) multi_.pool().note_probe(*conn_);
  note_connection_setup(*conn_);
  force_fresh_ = false;
  open_opening();
  if (!opening_) return fail(Status::fail(CURLE_OUT_OF_MEMORY, "Out of memory"));
  enter(TransferState::kResolving);
  return Step::kContinue;
}

Connection* Transfer::lease_h1_twin() {
  // libcurl 7.88 lets a transfer that offers h2 reuse an idle HTTP/1.1 connection to the
  // same place (one made without h2, or after a downgrade); never the other way round.
  if (!url_.is_https() || !offers_h2() || handshake_connection() >= 0) return nullptr;
  std::string& key = multi_.scratch_text();
  key = dest_->key;
  const std::size_t at = key.find("|h2");
  if (at == std::string::npos) return nullptr;
  key.erase(at, 3);
  Destination* twin = multi_.pool().find_destination(key);
  return twin ? multi_.pool().lease_idle(*twin, *this) : nullptr;
}

// A connection is shared only by transfers to the same URL host and port that also go to
// the same place: the same CONNECT_TO host and port (libcurl keeps connections with and
// without a target apart), or the same unix socket path and kind.
Status Transfer::append_route_key(std::string& key) {
  const RareOptions& ro = easy_.opts.rare_view();
  ConnectTo& route = rare().route;
  route = ConnectTo{};
  if (ro.unix_socket_path.is_set()) {
    key += ro.abstract_unix_socket ? "|abstract:" : "|unix:";
    key += ro.unix_socket_path.view();
    return Status::ok();
  }
  if (Status st = match_connect_to(ro.connect_to, url_.host, url_.ipv6_literal, url_.port, route); !st) return st;
  if (!route.host.empty()) {
    verbose_text(easy_, "Connecting to hostname: %s", route.host.c_str());
    key += "|to:";
    for (char c : route.host) key += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  if (route.port >= 0) {
    verbose_text(easy_, "Connecting to port: %d", route.port);
    key += "|port:";
    key += std::to_string(route.port);
  }
  return Status::ok();
}

const std::string& Transfer::connect_host() const {
  return rare_ && !rare_->route.host.empty() ? rare_->route.host : url_.host;
}

std::uint16_t Transfer::connect_port() const {
  return rare_ && rare_->route.port >= 0 ? static_cast<std::uint16_t>(rare_->route.port) : url_.port;
}

void Transfer::note_connection_setup(Connection& c) const {
  const RareOptions& ro = easy_.opts.rare_view();
  if (!ro.socket_hooks.close_fn && !ro.interface.is_set() && ro.local_port == 0 && ro.local_port_range == 0) return;
  auto s = std::make_unique<ConnectionSetup>();
  s->close_fn = ro.socket_hooks.close_fn;
  s->close_data = ro.socket_hooks.close_data;
  s->local_port = ro.local_port;
  s->local_port_range = ro.local_port_range;
  s->has_device = ro.interface.is_set();
  if (s->has_device) s->device = ro.interface.c_str();
  c.setup = std::move(s);
}

Transfer::Step Transfer::reuse_connection(Connection* c) {
  take_connection(c);
  verbose_text(easy_, "Re-using existing connection #%ld with host %s", c->id, url_.host.c_str());
  return begin_request();
}

void Transfer::take_connection(Connection* c) {
  conn_ = c;
  conn_reused_ = true;
  c->slot.target = c;
  c->slot.easy = static_cast<Curl_easy*>(&easy_);
  TransferInfo& info = easy_.info();
  // libcurl reports the lookup time of a reused connection, but no connect time: a new
  // transfer's stays 0, a redirect's keeps the first connection's.
  info.namelookup_us += request_us();
  info.scheme = url_.is_https() ? "HTTPS" : "HTTP";
  info.primary_ip = c->primary_ip;
  info.primary_port = c->primary_port;
  info.local_ip = c->local_ip;
  info.local_port = c->local_port;
  if (c->tls) easy_.tls_session_info.internals = c->tls->native_handle();
}

Connection* Transfer::adopt_shared_connection() {
  Share* share = easy_.share;
  if (!share || !share->shares_connections()) return nullptr;
  struct Ask {
    const RareOptions* options;
    TimePoint now;
  };
  const Ask ask{&easy_.opts.rare_view(), multi_.now()};
  std::unique_ptr<Connection> c = share->with_connections(
      static_cast<Curl_easy*>(&easy_), [&](SharedConnections& s) {
        return s.take(
            dest_->key,
            [](const Connection& c, const void* a) {
              return Pool::binding_fits(c, *static_cast<const Ask*>(a)->options);
            },
            &ask,
            [](const Connection& c, const void* a) {
              const Ask& k = *static_cast<const Ask*>(a);
              return Pool::too_old(c, *k.options, k.now);
            });
      });
  if (!c) return nullptr;
  return multi_.pool().adopt(*dest_, std::move(c), *this);
}

Transfer::Step Transfer::step_resolving() {
  const EasyOptions& o = easy_.opts;
  const RareOptions& ro = o.rare_view();
  Opening& op = *opening_;
  // A SOCKS proxy on a unix socket is where the connection goes, before the URL's own.
  const bool socks_unix = via_socks() && !rare_->socks.unix_path.empty();
  if (socks_unix || ro.unix_socket_path.is_set()) {
    // A unix socket: no DNS, no resolver callback; the URL's host only goes into Host:.
    transport::UnixPath target = socks_unix ? transport::UnixPath{rare_->socks.unix_path, false}
                                            : transport::UnixPath{std::string(ro.unix_socket_path.view()),
                                                                  ro.abstract_unix_socket};
    if (!target.fits()) return fail(Status::fail(CURLE_COULDNT_RESOLVE_HOST, "Unix socket path too long"));
    easy_.info().namelookup_us += request_us();
    verbose_text(easy_, "Trying %s:0...", target.peer_text().c_str());
    transport::ConnectOptions copts = connect_options();
    copts.unix_socket = std::move(target);
    op.connector.emplace(std::vector<transport::Address>{}, std::move(copts));
    ready_fd_ = -1;
    ready_events_ = 0;
    enter(TransferState::kConnecting);
    return Step::kContinue;
  }
  // CURLOPT_CONNECT_TO's host and port, when an entry matched, are what gets resolved.
  const std::string& host = connect_host();
  const std::uint16_t port = connect_port();
  if (!op.resolved) {
    if (resolve_ticket_ != 0) return Step::kWait;
    if (Status st = lookup_or_ask(host, port, op.addrs); !st) return fail(st);
    if (resolve_ticket_ != 0) return Step::kWait;
    op.resolved = true;
    op.resolve_status = Status::ok();
  }
  if (!op.resolve_status) {
    if (via_proxy() || via_socks()) {
      verbose_text(easy_, "Could not resolve proxy: %s", host.c_str());
      return fail(Status::fail(CURLE_COULDNT_RESOLVE_PROXY, "Could not resolve proxy"));
    }
    verbose_text(easy_, "Could not resolve host: %s", host.c_str());
    return fail(op.resolve_status);
  }
  // CURLOPT_DNS_SHUFFLE_ADDRESSES: a name's addresses are tried in random order.
  if (o.rare_view().dns_shuffle && op.addrs.size() > 1) {
    thread_local std::mt19937 random{std::random_device{}()};
    std::shuffle(op.addrs.begin(), op.addrs.end(), random);
  }
  transport::filter_by_ip_version(op.addrs, o.ip_resolve);
  if (op.addrs.empty()) return fail(Status::fail(CURLE_COULDNT_RESOLVE_HOST, "Could not resolve host"));
  easy_.info().namelookup_us += request_us();
  verbose_text(easy_, "Trying %s:%u...", op.addrs.front().ip_string().c_str(), port);
  op.connector.emplace(std::move(op.addrs), connect_options());
  ready_fd_ = -1;
  ready_events_ = 0;
  enter(TransferState::kConnecting);
  return Step::kContinue;
}

Status Transfer::lookup_or_ask(const std::string& host, std::uint16_t port, std::vector<transport::Address>& out) {
  const EasyOptions& o = easy_.opts;
  transport::Address lit;
  const bool literal = transport::Address::from_literal(host, port, lit);
  if (!literal && with_dns([&](transport::DnsCache& c) {
        const auto* cached = c.find(host, port, multi_.now(), o.dns_cache_timeout);
        if (cached) out = *cached;
        return cached != nullptr;
      })) {
    for (auto& a : out) a.set_port(port);
    return Status::ok();
  }
  // As libcurl, the callback hears of every lookup the cache does not answer.
  if (!resolver_start_allows())
    return Status::fail(CURLE_COULDNT_RESOLVE_HOST, "The resolver start callback refused the lookup");
  if (literal) {
    out.assign(1, lit);
    return Status::ok();
  }
  if (transport::localhost_addresses(host, port, out)) return Status::ok();  // never asks DNS, as libcurl (test 389)
  return multi_.start_resolve(*this, host, port, o.ip_resolve, o.rare_view().quick_exit);
}

transport::ConnectOptions Transfer::connect_options() const {
  const EasyOptions& o = easy_.opts;
  transport::ConnectOptions copts;
  copts.tcp_nodelay = o.tcp_nodelay;
  const RareOptions& ro = o.rare_view();
  copts.fastopen = ro.tcp_fastopen;
  copts.scope_id = ro.address_scope;
  copts.keepalive = ro.tcp_keepalive;
  copts.keepidle_s = ro.tcp_keepidle_s;
  copts.keepintvl_s = ro.tcp_keepintvl_s;
  copts.eyeballs_delay = std::chrono::milliseconds(ro.happy_eyeballs_ms);
  copts.hooks = ro.socket_hooks;
  copts.bind.has_device = ro.interface.is_set();
  if (copts.bind.has_device) copts.bind.device = ro.interface.c_str();
  copts.bind.port = ro.local_port;
  copts.bind.port_range = ro.local_port_range;
  const TimePoint now = multi_.now();
  copts.connect_timeout = connect_deadline_ > now ? std::chrono::duration_cast<Duration>(connect_deadline_ - now)
                                                  : Duration(1);
  return copts;
}

Transfer::Step Transfer::step_connecting() {
  Opening& op = *opening_;
  transport::ConnectState cs;
  {
    CallbackScope scope(multi_);  // the socket callbacks run inside step()
    cs = op.connector->step(multi_.now(), ready_fd_, ready_events_);
  }
  ready_fd_ = -1;
  ready_events_ = 0;
  if (cs == transport::ConnectState::kInProgress) {
    sync_connect_slots();
    return Step::kWait;
  }
  if (cs == transport::ConnectState::kConnected) {
    // The attempt's socket becomes the connection's: same socket for the app's event loop.
    const int fd = op.connector->release_fd();
    for (PollSlot& cslot : op.slots) {
      if (cslot.fd == fd) {
        conn_->slot.target = conn_;
        multi_.poller().adopt(conn_->slot, cslot);
      }
    }
    conn_->slot.fd = fd;
  }
  forget_connect_slots();
  if (cs == transport::ConnectState::kFailed) {
    easy_.info().os_errno = op.connector->os_errno();
    Status st = op.connector->failure();
    drop_opening();
    return fail(st);
  }
  conn_->slot.target = conn_;
  conn_->slot.easy = static_cast<Curl_easy*>(&easy_);
  const transport::Address primary = op.connector->connected_address();
  transport::Address local;
  transport::socket_local_address(conn_->slot.fd, local);
  conn_->state = Connection::State::kBusy;
  drop_opening();
  TransferInfo& info = easy_.info();
  ++info.num_connects;
  info.connect_us += request_us();
  const RareOptions& ro = easy_.opts.rare_view();
  // A unix socket's peer is its path ("" when abstract), port 0, as libcurl reports it.
  conn_->primary_ip = ro.unix_socket_path.is_set() && !ro.abstract_unix_socket ? std::string(ro.unix_socket_path.view())
                                                                              : primary.ip_string();
  conn_->local_ip = local.ip_string();
  conn_->primary_port = ro.unix_socket_path.is_set() ? url_.port : primary.port();  // libcurl: the URL's
  conn_->local_port = local.port();
  // As libcurl, the scheme is known from the first connected socket on: a transfer that
  // fails to resolve or connect reports none.
  info.scheme = url_.is_https() ? "HTTPS" : "HTTP";
  info.primary_ip = conn_->primary_ip;
  info.primary_port = conn_->primary_port;
  info.local_ip = conn_->local_ip;
  info.local_port = conn_->local_port;
  verbose_text(easy_, "Connected to %s (%s) port %u (#%ld)", url_.host.c_str(), info.primary_ip.c_str(),
               url_.port, conn_->id);
  // Through a tunnel the PROXY line is for the origin: it follows the CONNECT (tunnel_done).
  if (easy_.opts.rare_view().haproxy_protocol && !needs_tunnel()) {
    if (Status st = send_proxy_protocol_line(primary.family() == AF_INET6); !st) return fail(st);
  }
  return after_tcp();
}

Transfer::Step Transfer::after_tcp() {
  if (via_socks()) {
    rare_->socks_state = std::make_unique<Rare::Socks>();
    enter(TransferState::kSocks);
    return Step::kContinue;
  }
  return after_socks();
}

Transfer::Step Transfer::after_socks() {
  if (https_proxy()) return start_proxy_tls();
  return after_proxy_tls();
}

Transfer::Step Transfer::after_proxy_tls() {
  if (needs_tunnel()) {
    rare_->tunnel_state = std::make_unique<Rare::Tunnel>();
    enter(TransferState::kTunnel);
    return Step::kContinue;
  }
  return after_connected();
}

Transfer::Step Transfer::after_connected() {
  if (url_.is_https()) {
    Status st;
    std::string detail;
    if (!tls_options().version_range_valid())
      return fail(Status::fail(CURLE_SSL_CONNECT_ERROR, "CURL_SSLVERSION_MAX incompatible with CURL_SSLVERSION"));
    long verify_result = transport::tls_initial_verify_result();
    transport::SessionStore* sessions = easy_.share ? easy_.share->tls_sessions() : nullptr;
    conn_->tls = transport::TlsSession::create(multi_.tls_cache(), tls_options(), url_.host, url_.port,
                                               conn_->fd(), st, &detail, sessions, &verify_result);
    easy_.info().ssl_verify_result = static_cast<int>(verify_result);
    if (!conn_->tls) {
      rare().tls_error = detail;
      return fail(st.is_ok() ? Status::fail(CURLE_SSL_CONNECT_ERROR, "TLS setup failed") : with_detail(st));
    }
    // Through an HTTPS proxy the origin's TLS runs inside the proxy's.
    if (conn_->proxy_tls) conn_->tls->run_over(conn_->proxy_tls.get());
    if (offers_h2()) conn_->tls->offer_h2();
    enter(TransferState::kTlsHandshake);
    return Step::kContinue;
  }
  if (Status st = h2_negotiated(); !st) return fail(st);
  return begin_request();
}

Transfer::Step Transfer::step_tls_handshake() {
  const transport::IoResult r = conn_->handshake();
  if (r.status == transport::IoStatus::kWouldBlock) {
    multi_.poller().update(conn_->slot, conn_->wait_events(EPOLLIN));
    return Step::kWait;
  }
  const transport::TlsInfo ti = conn_->tls->info();
  easy_.info().ssl_verify_result = ti.verify_result;
  if (r.status != transport::IoStatus::kOk) {
    rare().tls_error = conn_->tls->detail();
    return fail(with_detail(conn_->tls->failure()));
  }
  easy_.info().appconnect_us += request_us();
  easy_.set_certinfo(ti.certinfo);
  easy_.tls_session_info.internals = conn_->tls->native_handle();
  verbose_text(easy_, "TLS handshake done: %s%s", ti.version.c_str(), ti.resumed ? " (resumed)" : "");
  if (Status st = h2_negotiated(); !st) return fail(st);
  return begin_request();
}

const transport::TlsOptions& Transfer::tls_options() const {
  const transport::TlsOptions* t = easy_.opts.tls.ptr();
  return t ? *t : transport::default_tls_options();
}

Status Transfer::with_detail(Status st) const {
  // ERRORBUFFER gets the longer text (certificate names...) when the TLS layer has one.
  if (rare_ && !rare_->tls_error.empty()) st.reason = rare_->tls_error.c_str();
  return st;
}

Transfer::Step Transfer::step_receiving() {
  if (await_continue_ && multi_.now() >= continue_deadline_) return send_held_body();
  // Paused: the socket is not watched until curl_easy_pause lets the transfer go on.
  if (recv_paused_ || (held_complete_ && send_paused_)) return paused_wait();
  if (has_held_output() || held_complete_) {
    Step s = Step::kWait;
    if (!flush_held(s)) return recv_paused_ || held_complete_ ? paused_wait() : s;
  }
  if (conn_->h2()) return h2_receive();
  char* buf = multi_.recv_buffer();
  std::size_t taken = 0;
  for (int i = 0; i < kMaxReadsPerRun && taken < kMaxBytesPerRun; ++i) {
    if (throttled()) return Step::kWait;
    const transport::IoResult r = conn_->recv(buf, io_cap(false, Multi::kRecvBufferSize));
    if (r.status == transport::IoStatus::kWouldBlock) {
      multi_.poller().update(conn_->slot, conn_->wait_events(EPOLLIN));
      return Step::kWait;
    }
    if (r.status == transport::IoStatus::kError || r.status == transport::IoStatus::kClosed) {
      if (!got_response_byte_ && conn_reused_ && !retried_) return retry_on_fresh_connection();
      if (r.status == transport::IoStatus::kError) {
        easy_.info().os_errno = r.err;
        return fail(Status::fail(CURLE_RECV_ERROR, r.err == ECONNRESET ? "Receiving failed: the connection was reset"
                                                                         : "Receiving failed"));
      }
      const http::FeedResult fr = parser_.finish(*this);
      if (fr.state == http::ParseState::kComplete) return complete_or_hold();
      if (fr.state == http::ParseState::kAborted) return fail(result_);
      // A body cut short of its Content-Length: libcurl says how much was missing.
      if (fr.error.code == CURLE_PARTIAL_FILE && !parser_.chunked() && parser_.content_length() >= 0) {
        std::string& detail = rare().status_error;
        detail = "transfer closed with " + std::to_string(parser_.content_length() - parser_.body_bytes()) +
                 " bytes remaining to read";
        return fail(Status::fail(CURLE_PARTIAL_FILE, detail.c_str()));
      }
      return fail(fr.error);
    }
    if (!got_response_byte_) {
      got_response_byte_ = true;
      easy_.info().starttransfer_us += request_us();
    }
    taken += r.bytes;
    download_at_read_ = easy_.info().size_download;
    const http::FeedResult fr = parser_.feed(buf, r.bytes, *this);
    switch (fr.state) {
      case http::ParseState::kNeedMore:
        if (await_continue_ && got_continue_) return send_held_body();
        if (recv_paused_) return paused_wait();
        continue;
      case http::ParseState::kComplete:
        if (rare_ && rare_->h2c_switch) return h2c_switch(buf + fr.consumed, r.bytes - fr.consumed);
        if (fr.consumed < r.bytes) {
          // Bytes beyond the response: the connection's framing can no longer be trusted.
          verbose_text(easy_, "Excess found: excess = %zu, closing the connection", r.bytes - fr.consumed);
          excess_ = true;
        }
        return complete_or_hold();
      case http::ParseState::kAborted:
        return fail(result_);
      case http::ParseState::kError:
        // The status line may have been fine even though a header was not.
        if (parser_.status_code() > 0) easy_.info().response_code = parser_.status_code();
        // libcurl's chunk reader drops the count of everything the failing read carried.
        if (parser_.chunked()) easy_.info().size_download = download_at_read_;
        // A Content-Length past 64 bits: libcurl fails it as too large when there is a limit.
        if (parser_.length_overflowed() && easy_.opts.rare_view().max_filesize > 0)
          return fail(Status::fail(CURLE_FILESIZE_EXCEEDED, "Maximum file size exceeded"));
        return fail(fr.error);
    }
  }
  // Decrypted bytes left inside TLS raise no readiness event: come back in the next pass.
  if (conn_->has_buffered()) multi_.make_ready(*this);
  return Step::kWait;
}

Transfer::Step Transfer::send_held_body() {
  // The server said "100 Continue", or kept quiet for the expect timeout: the body goes.
  await_continue_ = false;
  continue_deadline_ = TimePoint::max();
  enter(TransferState::kSending);
  return Step::kContinue;
}

// ---- transitions out of an exchange -----------------------------------------------------

Transfer::Step Transfer::response_complete() {
  const EasyOptions& o = easy_.opts;
  if (sends_after_error()) {
    body_after_reply_ = true;
    return send_held_body();
  }
  // A body held back for "100 Continue" and never sent leaves the framing unusable.
  // A body left unread ("already downloaded" on resume) leaves the connection unusable.
  const bool whole_unread = rare_ && rare_->range_reply == RangeReply::kWhole;
  const bool reusable = !excess_ && !await_continue_ && parser_.keep_alive() && !o.forbid_reuse && !whole_unread;
  // libcurl 7.88 speaks HTTP/1.0 to a server that answered in 1.0: on its connection from
  // then on, and anywhere for the rest of this transfer (curl tests 1073, 1074).
  const bool http10 = parser_.http_major() == 1 && parser_.http_minor() == 0;
  http10_seen_ = http10_seen_ || http10;
  if (conn_) conn_->http10 = http10;
  const long code = parser_.status_code();
  if (auth_retrying()) {
    // An NTLM handshake lives on its connection: FORBID_REUSE waits until it is done.
    const bool handshake = handshake_connection() >= 0;
    return retry_with_auth(handshake ? !excess_ && !await_continue_ && parser_.keep_alive() && !whole_unread
                                     : reusable);
  }
  const bool is_redirect = code == 301 || code == 302 || code == 303 || code == 307 || code == 308;
  if (o.follow_location && is_redirect && easy_.info().has_redirect_url) {
    if (o.max_redirs >= 0 && easy_.info().redirect_count >= o.max_redirs) {
      // Not followed after all: REDIRECT_URL is the unfollowed form (a space kept as sent).
      easy_.info().redirect_url = http::unfollowed_redirect_url(url_, parser_.location());
      release_connection(reusable);
      return fail(Status::fail(CURLE_TOO_MANY_REDIRECTS, "Too many redirects"));
    }
    http::Url next;
    if (Status st = http::parse_url(easy_.info().redirect_url, next, url_parse_options()); !st) {
      release_connection(reusable);
      return fail(st);
    }
    release_connection(reusable);
    verbose_text(easy_, "Issue another request to this URL: '%s'", easy_.info().redirect_url.c_str());
    // RFC 9110 lets 301/302 turn POST into GET, and libcurl does so, as it does for 303.
    const bool to_get = redirect_method_change(code);
    if (to_get) post_to_get_ = true;
    note_redirect_method(code);
    if (o.auto_referer) easy_.info().rare_set().auto_referer = url_.referer_string();
    // libcurl keeps the URL's login for a redirect whose URL names none (whether it goes
    // there is may_send_credentials' question).
    if (url_.has_user && !next.has_user) {
      Rare& r = rare();
      r.kept_user = http::percent_decode(url_.user());
      r.kept_password = http::percent_decode(url_.password());
      r.kept_login = true;
      r.kept_has_password = url_.has_password;
    } else if (next.has_user && rare_) {
      rare_->kept_login = false;
    }
    url_ = std::move(next);
    url_cached_ = false;  // the next run of this handle starts from its own URL again
    if (Status st = check_url_login(); !st) return fail(st);
    dest_current_ = false;
    retried_ = false;  // each request may once find its reused connection dead
    hsts_upgrade();
    if (to_get) {
      if (Status st = prepare_body(); !st) return fail(st);
    }
    TransferInfo& info = easy_.info();
    ++info.redirect_count;
    if (HeaderStore* hs = easy_.headers_if_any()) hs->begin_request();
    info.redirect_us = elapsed_us();
    set_effective_url({});
    info.redirect_url.clear();
    info.has_redirect_url = false;
    if (Status st = check_protocol(o.redir_protocols & o.protocols); !st) return fail(st);
    enter(TransferState::kAcquire);
    return Step::kContinue;
  }
  release_connection(reusable);
  finish(Status::ok());
  return Step::kWait;
}

bool Transfer::resolver_start_allows() {
  const RareOptions& ro = easy_.opts.rare_view();
  if (!ro.resolver_start_fn) return true;
  // libcurl passes its resolver's state; xfer's lookups live in the engine's pool, so the
  // callback gets none (as with libcurl's c-ares-less builds, it has nothing to tune).
  CallbackScope scope(multi_);
  return ro.resolver_start_fn(nullptr, nullptr, ro.resolver_start_data) == 0;
}

Transfer::Step Transfer::retry_on_fresh_connection() {
  // A kept-alive connection the server closed before our request reached it: libcurl
  // retries such a request once on a new connection, and so do we.
  verbose_text(easy_, "Connection died, retrying a fresh connect");
  retried_ = true;
  force_fresh_ = true;
  release_connection(false);
  enter(TransferState::kAcquire);
  return Step::kContinue;
}

void Transfer::release_connection(bool reusable) {
  if (!conn_) return;
  if (conn_->h2()) {
    // A stream's end, even a failed one, leaves its connection as good as the codec says:
    // libcurl 7.88 reuses it after a reset stream or a refused body.
    if (h2_leave()) return;
    reusable = conn_->h2()->usable() && !easy_.opts.forbid_reuse;
  }
  Connection* c = conn_;
  conn_ = nullptr;
  const long id = c->id;
  easy_.last_conn_id = -1;
  Share* share = easy_.share;
  // A ticket arriving after this transfer would otherwise go to a share that may be gone
  // by then (the connection can outlive the handle and its share).
  if (c->tls && share && share->tls_sessions()) c->tls->detach_session_cache();
  if (share && share->shares_connections() && Pool::reusable_after(c, reusable)) {
    // A shared cache keeps the connection outside any engine, for whichever handle of the
    // share goes to this destination next.
    const std::string key = c->dest->key;
    std::unique_ptr<Connection> owned = multi_.pool().detach(c);
    if (owned->tls) owned->tls->detach_session_cache();  // its engine's cache may go first
    owned->state = Connection::State::kIdle;
    owned->idle_since = multi_.now();
    ++owned->requests;
    const long limit = easy_.opts.maxconnects > 0 ? easy_.opts.maxconnects : kSharedCacheDefault;
    share->with_connections(static_cast<Curl_easy*>(&easy_), [&](SharedConnections& s) {
      s.put(key, std::move(owned), static_cast<std::size_t>(limit));
    });
    verbose_text(easy_, "Connection #%ld to host %s left intact", id, url_.host.c_str());
    return;
  }
  // Said once the cache kept it: a full cache may close it right away (curl test 1506).
  if (multi_.pool().release(c, reusable)) {
    easy_.last_conn_id = id;
    verbose_text(easy_, "Connection #%ld to host %s left intact", id, url_.host.c_str());
  }
}

Transfer::Step Transfer::fail(Status st) {
  finish(st);
  return Step::kWait;
}

void Transfer::finish(Status st) {
  // libcurl reports progress one last time when a transfer ends well, and honours an abort.
  if (st.is_ok() && !easy_.opts.no_progress && !call_progress())
    st = Status::fail(CURLE_ABORTED_BY_CALLBACK, "Callback aborted");
  result_ = st;
  if (!st) {
    easy_.set_error(st.reason);
    verbose_text(easy_, "%s", st.reason ? st.reason : curl_easy_strerror(st.code));
  }
  forget_connect_slots();
  drop_opening();
  if (resolve_ticket_) multi_.cancel_resolve(*this);
  multi_.pool().unwait(*this);
  release_connection(false);
  easy_.info().total_us = elapsed_us();
  if (rare_) std::vector<HeldOutput>().swap(rare_->held);
  held_complete_ = false;
  easy_.tls_session_info.internals = nullptr;  // the SSL* is only valid during the transfer
  state_ = TransferState::kDone;
  multi_.transfer_done(*this);
}

}  // namespace xfer
