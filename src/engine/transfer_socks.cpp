// Transfer, SOCKS: the handshake with a SOCKS4/4a/5/5h proxy over the new TCP connection,
// before a tunnel, TLS or the request goes through it.
#include <sys/epoll.h>

#include "engine/easy.h"
#include "engine/multi.h"
#include "engine/transfer.h"
#include "engine/verbose.h"

namespace xfer {
namespace {

transport::SocksVersion socks_version(ProxyKind k) {
  switch (k) {
    case ProxyKind::kSocks4: return transport::SocksVersion::k4;
    case ProxyKind::kSocks4a: return transport::SocksVersion::k4a;
    case ProxyKind::kSocks5: return transport::SocksVersion::k5;
    default: return transport::SocksVersion::k5h;
  }
}

}  // namespace

Transfer::Step Transfer::step_socks() {
  switch (rare_->socks_state->phase) {
    case Rare::Socks::Phase::kLookup: return socks_lookup();
    case Rare::Socks::Phase::kHandshake: return socks_exchange();
  }
  return socks_exchange();
}

void Transfer::on_socks_resolved(Status st, std::vector<transport::Address> addrs) {
  if (!rare_ || !rare_->socks_state) return;
  Rare::Socks& s = *rare_->socks_state;
  s.resolved = true;
  s.resolve_status = st;
  s.addrs = std::move(addrs);
  multi_.make_ready(*this);
}

// SOCKS4 and SOCKS5 name an address, so the destination is looked up here, once the
// proxy's connection is up, as libcurl does; 4a and 5h hand the name to the proxy.
Transfer::Step Transfer::socks_lookup() {
  Rare& r = *rare_;
  Rare::Socks& s = *r.socks_state;
  const transport::SocksVersion v = socks_version(r.socks.kind);
  const bool local = v == transport::SocksVersion::k4 || v == transport::SocksVersion::k5;
  transport::SocksRequest req;
  req.version = v;
  req.host = r.socks_host;
  req.port = r.socks_port;
  req.ipv6_literal = r.socks_ipv6;
  if (local) {
    if (!s.resolved) {
      if (resolve_ticket_ != 0) return Step::kWait;
      if (Status st = lookup_or_ask(r.socks_host, r.socks_port, s.addrs); !st) return fail(st);
      if (resolve_ticket_ != 0) return Step::kWait;
      s.resolved = true;
      s.resolve_status = Status::ok();
    }
    const char* label = v == transport::SocksVersion::k4 ? "SOCKS4" : "SOCKS5";
    // SOCKS4 speaks IPv4 only: it takes the first IPv4 address there is.
    if (s.resolve_status) transport::filter_by_ip_version(s.addrs, v == transport::SocksVersion::k4
                                                                       ? CURL_IPRESOLVE_V4
                                                                       : easy_.opts.ip_resolve);
    if (!s.resolve_status || s.addrs.empty()) {
      if (s.resolve_status && v == transport::SocksVersion::k4)
        return socks_failed(CURLPX_RESOLVE_HOST, "SOCKS4 connection to " + r.socks_host + " not supported");
      return socks_failed(CURLPX_RESOLVE_HOST,
                          std::string("Failed to resolve \"") + r.socks_host + "\" for " + label + " connect.");
    }
    req.address = s.addrs.front();
  }
  const bool login = r.socks.has_login;
  req.has_login = login;
  if (login) {
    req.user = r.socks.user;
    req.password = r.socks.password;
  }
  const RareOptions& ro = easy_.opts.rare_view();
  req.offer_login = (ro.socks5_auth & CURLAUTH_BASIC) != 0;
  req.offer_gssapi = (ro.socks5_auth & CURLAUTH_GSSAPI) != 0;
  req.proxy_host = r.socks.host;
  if (ro.proxy_service_name.is_set()) req.gss_service.assign(ro.proxy_service_name.view());
  req.gss_nec = ro.socks5_gssapi_nec;
  req.gss_delegation = ro.gssapi_delegation;
  req.max_user4 = static_cast<std::size_t>(easy_.opts.buffer_size) - 8;
  s.addrs.clear();
  s.handshake.emplace(std::move(req));
  s.phase = Rare::Socks::Phase::kHandshake;
  return socks_exchange();
}

Transfer::Step Transfer::socks_exchange() {
  transport::SocksHandshake& h = *rare_->socks_state->handshake;
  using Next = transport::SocksHandshake::Next;
  for (;;) {
    if (std::string note = h.take_note(); !note.empty()) verbose_text(easy_, "%s", note.c_str());
    switch (h.next()) {
      case Next::kSend: {
        const std::string_view out = h.output();
        const transport::IoResult r = conn_->send(out.data(), out.size());
        if (r.status == transport::IoStatus::kWouldBlock) return wait_writable();
        if (r.status != transport::IoStatus::kOk)
          return socks_failed(h.io_failure_code(), "Failed to send SOCKS request: Failed sending data to the peer");
        h.consumed(r.bytes);
        continue;
      }
      case Next::kRecv: {
        const transport::IoResult r = conn_->recv(reinterpret_cast<char*>(h.input_space()), h.wanted());
        if (r.status == transport::IoStatus::kWouldBlock) {
          multi_.poller().update(conn_->slot, EPOLLIN);
          return Step::kWait;
        }
        if (r.status == transport::IoStatus::kClosed) return socks_failed(CURLPX_CLOSED, "connection to proxy closed");
        if (r.status != transport::IoStatus::kOk)
          return socks_failed(h.io_failure_code(), "SOCKS4: Failed receiving SOCKS reply: Failure when receiving data from the peer");
        h.received(r.bytes);
        continue;
      }
      case Next::kFailed: return socks_failed(h.proxy_code(), h.message());
      case Next::kDone: break;
    }
    break;
  }
  rare_->socks_state.reset();
  verbose_text(easy_, "Opened SOCKS connection to %s port %u", rare_->socks_host.c_str(), rare_->socks_port);
  return after_socks();
}

Transfer::Step Transfer::socks_failed(int proxy_code, const std::string& text) {
  // CURLINFO_PROXY_ERROR keeps its value until the next SOCKS failure, as libcurl's does.
  easy_.info().rare_set().proxy_error = proxy_code;
  // `text` may be the handshake's own message: copied before the handshake goes.
  std::string& detail = rare().status_error;
  detail = text;
  rare_->socks_state.reset();
  release_connection(false);
  return fail(Status::fail(CURLE_PROXY, detail.c_str()));
}

}  // namespace xfer
