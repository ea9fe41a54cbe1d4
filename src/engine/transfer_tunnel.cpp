// Transfer, tunnels: the CONNECT exchange that opens a tunnel through an HTTP proxy before
// TLS (https) or the request (HTTPPROXYTUNNEL) goes through it, with the 407 round trips
// proxy authentication takes.
#include <cstdio>
#include <cstdlib>
#include <sys/epoll.h>

#include "engine/easy.h"
#include "engine/multi.h"
#include "engine/transfer.h"
#include "engine/verbose.h"
#include "http/request_writer.h"
#include "transport/socket_io.h"
#include "util/ascii.h"

namespace xfer {
namespace {

// libcurl refuses a CONNECT answer line longer than its buffer.
constexpr std::size_t kMaxConnectLine = 16 * 1024;

// Whether `value` holds `word` in any case, as libcurl's header comparison looks for it.
bool value_has(std::string_view value, std::string_view word) {
  for (std::size_t i = 0; i + word.size() <= value.size(); ++i)
    if (ascii_iequals(value.substr(i, word.size()), word)) return true;
  return false;
}

}  // namespace

Transfer::Step Transfer::step_tunnel() {
  Rare::Tunnel& t = *rare_->tunnel_state;
  switch (t.phase) {
    case Rare::Tunnel::Phase::kSend: return tunnel_send();
    case Rare::Tunnel::Phase::kHead:
    case Rare::Tunnel::Phase::kSkipBody: return tunnel_read();
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
    // The Digest uri of a CONNECT is its authority, as libcurl sends it.
    AuthHeaders auth;
    rare_->auth.proxy.offer = {};
    if (Status st = authorization_for(AuthParty::kProxy, "CONNECT", authority, auth); !st) return fail(st);
    if (!auth.value.empty()) spec.proxy_authorization = auth.value.c_str();
    t.sent_auth = !auth.value.empty();
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
  return tunnel_read();
}

// The answer is read without taking a byte past its end: what follows belongs to TLS, to
// the tunnelled response or to the next CONNECT's answer. libcurl reads it byte by byte; a
// look at what is queued, then a read of exactly what the head (complete lines) or a 407's
// body uses, does the same in a few calls.
Transfer::Step Transfer::tunnel_read() {
  Rare::Tunnel& t = *rare_->tunnel_state;
  char buf[4096];
  while (t.phase == Rare::Tunnel::Phase::kHead || t.phase == Rare::Tunnel::Phase::kSkipBody) {
    // Through an HTTPS proxy nothing can be looked at without taking it: the answer is
    // read a byte at a time from the proxy's TLS (records already decrypted; it is short),
    // and every byte read is one the head or the 407's body uses.
    const bool byte_wise = conn_->proxy_tls != nullptr;
    const transport::IoResult peek =
        byte_wise ? conn_->recv(buf, 1) : transport::sock_peek(conn_->fd(), buf, sizeof buf);
    if (peek.status == transport::IoStatus::kWouldBlock) return Step::kWait;
    if (peek.status != transport::IoStatus::kOk) return tunnel_closed();
    std::size_t take = 0;
    Status st = Status::ok();
    if (t.phase == Rare::Tunnel::Phase::kHead) st = tunnel_take_head(buf, peek.bytes, take);
    else tunnel_take_body(buf, peek.bytes, take);
    // Take off the socket exactly what was looked at and used.
    const transport::IoResult got =
        byte_wise ? transport::IoResult{take, transport::IoStatus::kOk, 0} : transport::sock_recv(conn_->fd(), buf, take);
    if (!st) return fail(st);
    if (got.status != transport::IoStatus::kOk || got.bytes != take)
      return fail(Status::fail(CURLE_RECV_ERROR, "Proxy CONNECT aborted"));
  }
  return tunnel_done();
}

// The complete lines among `len` peeked bytes, handed on; `take` is how many were used.
// The blank line ends the head: a 407 answered by another CONNECT on this connection has
// its body read past next (Content-Length or chunked); without either only a close ends it.
Status Transfer::tunnel_take_head(const char* buf, std::size_t len, std::size_t& take) {
  Rare::Tunnel& t = *rare_->tunnel_state;
  for (std::size_t i = 0; i < len; ++i) {
    if (buf[i] != '\n') continue;
    t.line.append(buf + take, i + 1 - take);
    take = i + 1;
    const bool blank = t.line == "\n" || t.line == "\r\n" || t.line[0] == '\r';
    if (!tunnel_line(t.line)) return result_;
    t.line.clear();
    if (!blank) continue;
    t.phase = Rare::Tunnel::Phase::kDone;
    // A close does not end an NTLM handshake here: libcurl answers the type-2 on the new
    // connection.
    if (t.code == 407 && decide_auth_retry(AuthParty::kProxy, false) && (t.length > 0 || t.chunked)) {
      if (t.length > 0)
        verbose_text(easy_, "Ignore %lld bytes of response-body", static_cast<long long>(t.length));
      else
        verbose_text(easy_, "Ignore chunked response-body");
      t.phase = Rare::Tunnel::Phase::kSkipBody;
    }
    return Status::ok();
  }
  t.line.append(buf + take, len - take);
  take = len;
  if (t.line.size() > kMaxConnectLine) return Status::fail(CURLE_RECV_ERROR, "CONNECT response too large");
  return Status::ok();
}

// The proxy closed before its answer ended. After credentials went to a proxy that named
// its schemes, libcurl takes it as a "mere" disconnect (a 407 is then weighed and answered
// on a new connection); otherwise the CONNECT is aborted.
Transfer::Step Transfer::tunnel_closed() {
  Rare::Tunnel& t = *rare_->tunnel_state;
  if (t.sent_auth && rare_->auth.proxy.offer.avail) {
    verbose_text(easy_, "Proxy CONNECT connection closed");
    t.close = true;
    if (t.phase == Rare::Tunnel::Phase::kHead && t.code == 407) decide_auth_retry(AuthParty::kProxy, false);
  } else {
    t.eof = true;
  }
  t.phase = Rare::Tunnel::Phase::kDone;
  return tunnel_done();
}

// The part of `len` peeked bytes that belongs to the 407's body, dropped.
void Transfer::tunnel_take_body(const char* buf, std::size_t len, std::size_t& take) {
  Rare::Tunnel& t = *rare_->tunnel_state;
  if (t.chunked) {
    take = t.chunks.feed(buf, len);
    // Framing that cannot be followed leaves the connection unusable: the next CONNECT
    // goes on a new one.
    if (t.chunks.bad()) t.close = true;
    if (t.chunks.done()) verbose_text(easy_, "chunk reading DONE");
    if (t.chunks.done() || t.chunks.bad()) t.phase = Rare::Tunnel::Phase::kDone;
    return;
  }
  take = static_cast<curl_off_t>(len) > t.length ? static_cast<std::size_t>(t.length) : len;
  t.length -= static_cast<curl_off_t>(take);
  if (t.length <= 0) t.phase = Rare::Tunnel::Phase::kDone;
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
  }
  verbose_data(easy_, CURLINFO_HEADER_IN, line.data(), line.size());
  easy_.info().header_size += static_cast<long>(line.size());
  if (!o.rare_view().suppress_connect_headers) {
    std::uint8_t kind = kOutHeader;
    if (t.lines == 1) kind |= kOutStatus;
    if (o.include_header) kind |= kOutBody;
    if (!client_write(kind, CURLH_CONNECT, line.data(), line.size())) return false;
  }
  if (t.lines == 1) return true;
  // What the answer says about its body and its connection matters when another CONNECT
  // is to follow it; a 2xx's body framing is ignored (RFC 9110), and said so. libcurl
  // looks at a line after handing it on.
  const http::HeaderLine h = http::split_header_line(line);
  if (h.kind != http::LineKind::kField) {
  } else if (t.code / 100 == 2) {
    if (http::is_lowercase_name(h.name, "content-length"))
      verbose_text(easy_, "Ignoring Content-Length in CONNECT %03d response", t.code);
    else if (http::is_lowercase_name(h.name, "transfer-encoding"))
      verbose_text(easy_, "Ignoring Transfer-Encoding in CONNECT %03d response", t.code);
  } else if (t.code == 407 && http::is_lowercase_name(h.name, "proxy-authenticate")) {
    note_proxy_auth_offer(h.value);
  } else if (http::is_lowercase_name(h.name, "content-length")) {
    t.length = std::strtoll(std::string(h.value).c_str(), nullptr, 10);
  } else if (http::is_lowercase_name(h.name, "transfer-encoding")) {
    if (value_has(h.value, "chunked")) t.chunked = true;
  } else if (http::is_lowercase_name(h.name, "connection") || http::is_lowercase_name(h.name, "proxy-connection")) {
    if (value_has(h.value, "close")) t.close = true;
  }
  return true;
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
  if (auth_retrying()) return tunnel_again();
  rare_->tunnel_state.reset();
  if (code / 100 != 2) {
    // A 407 nobody answers, or any other refusal, ends the transfer.
    release_connection(false);
    // ERRORBUFFER names the code, as libcurl's does.
    std::string& text = rare().status_error;
    text = "CONNECT tunnel failed, response " + std::to_string(code);
    return fail(Status::fail(CURLE_RECV_ERROR, text.c_str()));
  }
  verbose_text(easy_, "CONNECT tunnel established, response %d", code);
  // libcurl's HAProxy filter sits above the tunnel: its line goes first inside it.
  if (easy_.opts.rare_view().haproxy_protocol) {
    if (Status st = send_proxy_protocol_line(conn_->primary_ip.find(':') != std::string::npos); !st) return fail(st);
  }
  return after_connected();
}

// libcurl sends the next CONNECT on the same connection unless the proxy said it closes
// it (or did): then the connection is made anew and the CONNECT goes there.
Transfer::Step Transfer::tunnel_again() {
  rare_->auth.retry = false;
  const bool reconnect = rare_->tunnel_state->close;
  if (reconnect) {
    rare_->tunnel_state.reset();
    // libcurl answers an NTLM type-2 on the connection it makes next.
    AuthMemory& mem = auth_memory(AuthParty::kProxy);
    if (mem.ntlm == NtlmStage::kChallenged) mem.ntlm_conn = kNtlmNextConnection;
    verbose_text(easy_, "Connect me again please");
    release_connection(false);
    force_fresh_ = true;
    enter(TransferState::kAcquire);
    return Step::kContinue;
  }
  rare_->tunnel_state = std::make_unique<Rare::Tunnel>();
  return tunnel_send();
}

}  // namespace xfer
