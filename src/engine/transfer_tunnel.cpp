// Transfer, tunnels: the CONNECT exchange that opens a tunnel through an HTTP proxy before
// TLS (https) or the request (HTTPPROXYTUNNEL) goes through it.
#include <cstdio>
#include <sys/epoll.h>

#include "engine/easy.h"
#include "engine/multi.h"
#include "engine/transfer.h"
#include "engine/verbose.h"
#include "http/request_writer.h"
#include "transport/socket_io.h"

namespace xfer {
namespace {

// libcurl refuses a CONNECT answer line longer than its buffer.
constexpr std::size_t kMaxConnectLine = 16 * 1024;

}  // namespace

Transfer::Step Transfer::step_tunnel() {
  Rare::Tunnel& t = *rare_->tunnel_state;
  switch (t.phase) {
    case Rare::Tunnel::Phase::kSend: return tunnel_send();
    case Rare::Tunnel::Phase::kHead: return tunnel_read_head();
    case Rare::Tunnel::Phase::kDone: return tunnel_done();
  }
  return tunnel_done();
}

Transfer::Step Transfer::tunnel_send() {
  Rare::Tunnel& t = *rare_->tunnel_state;
  if (t.request.empty()) {
    const RareOptions& ro = easy_.opts.rare_view();
    const ProxyTarget& p = rare_->proxy;
    const ConnectTo& to = rare_->tunnel_to;
    const std::string& host = to.host.empty() ? url_.host : to.host;
    const bool ipv6 = to.host.empty() ? url_.ipv6_literal : host.find(':') != std::string::npos;
    std::string authority = ipv6 && host.front() != '[' ? "[" + host + "]" : host;
    authority += ':';
    authority += std::to_string(to.port >= 0 ? to.port : url_.port);
    http::ConnectSpec spec;
    spec.authority = authority;
    spec.http10 = p.kind == ProxyKind::kHttp10;
    spec.user_agent = easy_.opts.user_agent.c_str();
    spec.headers = ro.separate_headers ? ro.proxy_headers : easy_.opts.http_headers;
    const std::string basic = proxy_basic();
    if (!basic.empty()) spec.proxy_authorization = basic.c_str();
    verbose_text(easy_, "Establish HTTP proxy tunnel to %s", authority.c_str());
    http::write_connect_request(spec, t.request);
    verbose_data(easy_, CURLINFO_HEADER_OUT, t.request.data(), t.request.size());
  }
  while (t.sent < t.request.size()) {
    const transport::IoResult r = conn_->send(t.request.data() + t.sent, t.request.size() - t.sent);
    if (r.status == transport::IoStatus::kWouldBlock) return wait_writable();
    if (r.status != transport::IoStatus::kOk)
      return fail(Status::fail(CURLE_SEND_ERROR, "Failed sending CONNECT to proxy"));
    t.sent += r.bytes;
  }
  easy_.info().request_size += static_cast<long>(t.request.size());
  std::string().swap(t.request);
  t.phase = Rare::Tunnel::Phase::kHead;
  multi_.poller().update(conn_->slot, EPOLLIN);
  return tunnel_read_head();
}

// The answer is read without taking a byte past its blank line: what follows belongs to
// TLS or to the tunnelled response. libcurl reads it byte by byte; a look at what is queued
// then a read of exactly the complete lines does the same in a few calls.
Transfer::Step Transfer::tunnel_read_head() {
  Rare::Tunnel& t = *rare_->tunnel_state;
  char buf[4096];
  for (;;) {
    // Through an HTTPS proxy nothing can be looked at without taking it: the answer is
    // read a byte at a time from the proxy's TLS (records already decrypted; it is short).
    const bool byte_wise = conn_->proxy_tls != nullptr;
    const transport::IoResult peek =
        byte_wise ? conn_->recv(buf, 1) : transport::sock_peek(conn_->fd(), buf, sizeof buf);
    if (peek.status == transport::IoStatus::kWouldBlock) return Step::kWait;
    if (peek.status != transport::IoStatus::kOk) {
      t.eof = true;
      t.phase = Rare::Tunnel::Phase::kDone;
      return tunnel_done();
    }
    std::size_t take = 0;
    bool blank = false;
    for (std::size_t i = 0; i < peek.bytes && !blank; ++i) {
      if (buf[i] != '\n') continue;
      t.line.append(buf + take, i + 1 - take);
      take = i + 1;
      blank = t.line == "\n" || t.line == "\r\n" || t.line[0] == '\r';
      if (!tunnel_line(t.line)) {
        if (!byte_wise) transport::sock_recv(conn_->fd(), buf, take);
        return fail(result_);
      }
      t.line.clear();
    }
    if (!blank) {
      t.line.append(buf + take, peek.bytes - take);
      take = peek.bytes;
      if (t.line.size() > kMaxConnectLine) return fail(Status::fail(CURLE_RECV_ERROR, "CONNECT response too large"));
    }
    // Take off the socket exactly what was looked at and used.
    if (!byte_wise) {
      const transport::IoResult got = transport::sock_recv(conn_->fd(), buf, take);
      if (got.status != transport::IoStatus::kOk || got.bytes != take)
        return fail(Status::fail(CURLE_RECV_ERROR, "Proxy CONNECT aborted"));
    }
    if (blank) {
      t.phase = Rare::Tunnel::Phase::kDone;
      return tunnel_done();
    }
  }
}

// One line of the proxy's answer: to the debug and header callbacks (unless
// SUPPRESS_CONNECT_HEADERS) and, with CURLOPT_HEADER, the write callback, as libcurl does;
// counted in HEADER_SIZE either way.
bool Transfer::tunnel_line(std::string_view line) {
  Rare::Tunnel& t = *rare_->tunnel_state;
  const EasyOptions& o = easy_.opts;
  if (++t.lines == 1) {
    int minor = 0, code = 0;
    const std::string text(line);
    if (std::sscanf(text.c_str(), "HTTP/1.%d %d", &minor, &code) == 2) t.code = code;
  } else if (t.code == 407 && line.size() > 19) {
    const http::HeaderLine h = http::split_header_line(line);
    if (h.kind == http::LineKind::kField && http::is_lowercase_name(h.name, "proxy-authenticate"))
      note_proxy_auth_offer(h.value);
  }
  verbose_data(easy_, CURLINFO_HEADER_IN, line.data(), line.size());
  easy_.info().header_size += static_cast<long>(line.size());
  if (o.rare_view().suppress_connect_headers) return true;
  std::uint8_t kind = kOutHeader;
  if (t.lines == 1) kind |= kOutStatus;
  if (o.include_header) kind |= kOutBody;
  return client_write(kind, CURLH_CONNECT, line.data(), line.size());
}

Transfer::Step Transfer::tunnel_done() {
  Rare::Tunnel& t = *rare_->tunnel_state;
  const int code = t.eof ? 0 : t.code;
  easy_.info().rare_set().connect_code = code;
  if (t.eof) {
    rare_->tunnel_state.reset();
    release_connection(false);
    return fail(Status::fail(CURLE_RECV_ERROR, "Proxy CONNECT aborted"));
  }
  rare_->tunnel_state.reset();
  if (code / 100 != 2) {
    // No 407 is answered yet: Basic went with the first CONNECT when PROXYAUTH allowed it.
    release_connection(false);
    // ERRORBUFFER names the code, as libcurl's does.
    std::string& text = rare().status_error;
    text = "CONNECT tunnel failed, response " + std::to_string(code);
    return fail(Status::fail(CURLE_RECV_ERROR, text.c_str()));
  }
  verbose_text(easy_, "CONNECT tunnel established, response %d", code);
  return after_connected();
}

}  // namespace xfer
