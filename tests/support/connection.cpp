// A connection's state machine: one step function per state, driven by socket events and its deadline.
#include "connection.h"

#include <cerrno>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>

#include "h2_peer.h"
#include "h2_upgrade.h"
#include "server_tls.h"
#include "socks_peer.h"

namespace xfer::test {
namespace {

// Keeps memory per connection small however large a generated body is.
constexpr std::size_t stream_batch = 64 * 1024;
// How long a closing connection waits for the peer's FIN before closing anyway; waiting
// at all avoids an RST that could destroy reply bytes the peer has not read yet.
constexpr milliseconds drain_limit{1000};

constexpr std::string_view continue_line = "HTTP/1.1 100 Continue\r\n\r\n";
constexpr std::string_view bad_request =
    "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

template <class... Fs>
struct Overloaded : Fs... {
  using Fs::operator()...;
};
template <class... Fs>
Overloaded(Fs...) -> Overloaded<Fs...>;

std::uint64_t next_connection_key() {
  static std::atomic<std::uint64_t> next{0};
  return ++next;
}

}  // namespace

Connection::Connection(int fd, std::size_t number, ConnectionPlan plan, ServerShared& shared,
                       ssl_st* ssl)
    : fd_(fd), ssl_(ssl), number_(number), key_(next_connection_key()),
      plan_(std::move(plan)), shared_(shared) {
  tls_chosen_ = !ssl_ || !shared_.tls_plain_too;
  if (!plan_.use_handler) steps_.assign(plan_.script.begin(), plan_.script.end());
}

Connection::~Connection() {
  if (ssl_) free_server_tls(ssl_);
  ::close(fd_);
}

bool Connection::choose_tls_or_plain() {
  constexpr unsigned char tls_handshake_record = 22;
  unsigned char first = 0;
  long got = ::recv(fd_, &first, 1, MSG_PEEK);
  if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) return false;
  tls_chosen_ = true;
  // EOF or an error: TLS stays and its handshake reports the end.
  if (got == 1 && first != tls_handshake_record) {
    free_server_tls(ssl_);
    ssl_ = nullptr;
  }
  return true;
}

bool Connection::tls_handshake_done() {
  if (!tls_chosen_ && !choose_tls_or_plain()) return false;
  if (!ssl_ || tls_ready_) return true;
  switch (tls_accept(ssl_)) {
    case TlsIo::ok:
      tls_ready_ = true;
      ++shared_.tls_handshakes;
      if (tls_resumed(ssl_)) ++shared_.tls_resumed;
      return true;
    case TlsIo::again: return false;
    case TlsIo::eof:
    case TlsIo::dead: break;
  }
  // A failed handshake (client rejected our certificate, or we rejected its) just ends.
  state_ = State::closed;
  set_deadline(std::nullopt);
  return false;
}

long Connection::recv_some(char* buf, std::size_t cap) {
  if (!ssl_) return ::recv(fd_, buf, cap, 0);
  std::size_t got = 0;
  switch (tls_read(ssl_, buf, cap, got)) {
    case TlsIo::ok: return static_cast<long>(got);
    case TlsIo::eof: return 0;
    case TlsIo::again: errno = EAGAIN; return -1;
    case TlsIo::dead: break;
  }
  errno = ECONNRESET;
  return -1;
}

long Connection::send_some(const char* buf, std::size_t len) {
  if (!ssl_) return ::send(fd_, buf, len, MSG_NOSIGNAL);
  std::size_t sent = 0;
  switch (tls_write(ssl_, buf, len, sent)) {
    case TlsIo::ok: return static_cast<long>(sent);
    case TlsIo::again: errno = EAGAIN; return -1;
    case TlsIo::eof:
    case TlsIo::dead: break;
  }
  errno = EPIPE;
  return -1;
}

bool Connection::take_deadline_change() {
  bool changed = deadline_changed_;
  deadline_changed_ = false;
  return changed;
}

void Connection::set_deadline(std::optional<TimePoint> when) {
  if (when == deadline_) return;
  deadline_ = when;
  deadline_changed_ = true;
}

void Connection::on_event(TimePoint now) {
  if (!socks_checked_ && !check_socks()) return;
  if (!tls_handshake_done()) return;
  read_input();
  run(now);
}

void Connection::on_timer(TimePoint now) { run(now); }

void Connection::run(TimePoint now) {
  if (ssl_ && !tls_ready_) return;  // nothing is said before the handshake is done
  // Bounded: every state either waits (returns false) or moves to another state or step;
  // the limit only guards against a script that loops without doing I/O.
  for (int rounds = 0; rounds < 100000 && state_ != State::closed; ++rounds) {
    if (ssl_ && !tls_ready_) break;  // StartTls ran: the handshake comes first
    if (socket_dead_ || (!out_.empty() && !flush())) {
      state_ = State::closed;
      break;
    }
    bool progressed = false;
    switch (state_) {
      case State::next_step: progressed = step_next(now); break;
      case State::reading: progressed = step_reading(now); break;
      case State::sending: progressed = step_sending(now); break;
      case State::streaming: progressed = step_streaming(now); break;
      case State::sleeping: progressed = step_sleeping(now); break;
      case State::hanging: progressed = step_hanging(now); break;
      case State::draining: progressed = step_draining(now); break;
      case State::h2: progressed = step_h2(now); break;
      case State::closed: break;
    }
    if (!progressed) break;
  }
  if (state_ == State::closed) set_deadline(std::nullopt);
}

bool Connection::step_next(TimePoint now) {
  if (steps_.empty()) {
    if (!plan_.use_handler) {
      begin_close(now);  // a script that ran out ends the connection
      return true;
    }
    steps_.push_back(ReadRequest{});
  }
  Step step = std::move(steps_.front());
  steps_.pop_front();
  start(step, now);
  return true;
}

void Connection::start(const Step& step, TimePoint now) {
  std::visit(Overloaded{
                 [&](const ReadRequest&) { state_ = State::reading; },
                 [&](const Send& s) {
                   queue_output(s.data);
                   state_ = State::sending;
                 },
                 [&](const Body& b) {
                   stream_ = std::make_unique<BodyStream>(b);
                   drip_ = b.drip;
                   drip_size_ = std::max<std::size_t>(b.drip_size, 1);
                   drip_stage_.clear();
                   if (drip_ > Duration::zero()) set_deadline(now + drip_);
                   state_ = State::streaming;
                 },
                 [&](const Sleep& s) {
                   set_deadline(now + s.duration);
                   state_ = State::sleeping;
                 },
                 [&](const CutAfter& c) {
                   cut_left_ = c.bytes;
                   cut_hit_ = c.bytes == 0;
                   close_notify_ = c.close_notify;
                   state_ = State::sending;
                 },
                 [&](const Close& c) {
                   close_notify_ = c.close_notify;
                   begin_close(now);
                 },
                 [&](const Reset&) { reset_now(); },
                 [&](const Hang&) { state_ = State::hanging; },
                 [&](const IdleClose& i) {
                   idle_deadline_ = now + i.timeout;
                   state_ = State::next_step;
                 },
                 [&](const StartTls&) { begin_tls(); },
             },
             step);
}

bool Connection::step_reading(TimePoint now) {
  if (socks_ && !socks_->tunnel_open()) return step_socks();
  if (!h2_checked_ && !check_h2()) {
    if (peer_eof_) state_ = State::closed;
    return false;
  }
  if (h2_) return true;  // state_ is h2 now
  if (in_.empty() && idle_deadline_) {
    if (now >= *idle_deadline_) {
      state_ = State::closed;
      return false;
    }
    set_deadline(idle_deadline_);
  }
  switch (parser_.advance(in_)) {
    case RequestParser::Result::head_done: {
      const Request& head = parser_.request();
      HeadAction action;
      if (plan_.use_handler && plan_.handler.on_head) {
        action = plan_.handler.on_head(head);
      } else {
        bool expects = head.header("Expect") == "100-continue";
        action = expects && plan_.auto_continue ? HeadAction::send_continue : HeadAction::read_body;
      }
      if (action == HeadAction::send_continue) out_.append(continue_line);
      if (action == HeadAction::skip_body) parser_.skip_body();
      if (action == HeadAction::read_raw && plan_.handler.raw_length)
        parser_.read_raw(plan_.handler.raw_length(head));
      if (action == HeadAction::reply_first && plan_.use_handler && plan_.handler.respond) {
        // The reply leaves now; the body is read (and dropped) once it is out.
        answered_early_ = true;
        for (auto& step : plan_.handler.respond(head)) steps_.push_back(std::move(step));
        steps_.push_back(ReadRequest{});
        state_ = State::next_step;
      }
      return true;
    }
    case RequestParser::Result::complete:
      finish_request(now);
      return true;
    case RequestParser::Result::error:
      steps_.clear();
      steps_.push_back(Close{});
      cut_left_.reset();
      queue_output(bad_request);
      state_ = State::sending;
      return true;
    case RequestParser::Result::need_more:
      if (peer_eof_) state_ = State::closed;
      return false;
  }
  return false;
}

void Connection::stamp_request(Request& req) {
  req.connection = number_;
  req.connection_key = key_;
  if (socks_) req.socks_gss = socks_->gss_report();
  req.index = ++requests_on_conn_;
  req.total_requests = ++shared_.requests;
  req.total_connections = shared_.connections.load();
  req.tls = ssl_ != nullptr;
  req.tls_handshakes = shared_.tls_handshakes.load();
  req.tls_resumed = shared_.tls_resumed.load();
  shared_.record_request(req.raw);
}

void Connection::finish_request(TimePoint now) {
  Request req = std::move(parser_.request());
  // Bytes after the request stay in in_: after an upgrade they are the client's preface.
  in_.erase(0, parser_.consumed());
  parser_.reset();
  cut_left_.reset();
  cut_hit_ = false;
  close_notify_ = true;
  set_deadline(std::nullopt);
  if (!answered_early_ && upgrade_to_h2(req, now)) return;
  stamp_request(req);
  if (plan_.use_handler && plan_.handler.respond && !answered_early_) {
    for (auto& step : plan_.handler.respond(req)) steps_.push_back(std::move(step));
  }
  answered_early_ = false;
  state_ = State::next_step;
}

bool Connection::step_sending(TimePoint now) {
  if (!out_.empty()) return false;
  if (cut_hit_) {
    begin_close(now);
    return true;
  }
  state_ = State::next_step;
  return true;
}

bool Connection::step_streaming(TimePoint now) {
  if (!out_.empty()) return false;
  if (cut_hit_) {
    stream_.reset();
    begin_close(now);
    return true;
  }
  if (stream_->done() && drip_stage_.empty()) {
    stream_.reset();
    set_deadline(std::nullopt);
    state_ = State::next_step;
    return true;
  }
  if (drip_ == Duration::zero()) {
    std::string batch;
    stream_->produce(batch, stream_batch);
    queue_output(batch);
    return true;
  }
  if (deadline_ && now < *deadline_) return false;
  if (drip_stage_.size() < drip_size_ && !stream_->done())
    stream_->produce(drip_stage_, drip_size_ - drip_stage_.size());
  std::size_t n = std::min(drip_size_, drip_stage_.size());
  queue_output(std::string_view(drip_stage_).substr(0, n));
  drip_stage_.erase(0, n);
  set_deadline(now + drip_);
  return true;
}

bool Connection::step_sleeping(TimePoint now) {
  if (deadline_ && now < *deadline_) return false;
  set_deadline(std::nullopt);
  state_ = State::next_step;
  return true;
}

bool Connection::step_hanging(TimePoint) {
  if (peer_eof_) state_ = State::closed;
  return false;
}

bool Connection::step_draining(TimePoint now) {
  if (peer_eof_ || (deadline_ && now >= *deadline_)) state_ = State::closed;
  return false;
}

bool Connection::check_h2() {
  if (!shared_.h2 || !plan_.use_handler) {
    h2_checked_ = true;  // scripted connections say exactly what their script says
    return true;
  }
  if (!ssl_) {
    const std::size_t n = std::min(in_.size(), h2_client_preface.size());
    if (std::string_view(in_).substr(0, n) != h2_client_preface.substr(0, n)) {
      h2_checked_ = true;
      return true;
    }
    if (n < h2_client_preface.size()) return false;
  } else if (!tls_alpn_h2(ssl_)) {
    h2_checked_ = true;
    return true;
  }
  h2_checked_ = true;
  h2_ = std::make_unique<H2Peer>(
      plan_.handler, [this](Request& req) { stamp_request(req); }, shared_.h2_max_streams);
  state_ = State::h2;
  return true;
}

bool Connection::upgrade_to_h2(Request& req, TimePoint now) {
  if (!shared_.h2 || !plan_.use_handler || ssl_ || h2_) return false;
  const std::optional<std::string> settings = h2c_upgrade_settings(req);
  if (!settings) return false;
  auto peer = std::make_unique<H2Peer>(
      plan_.handler, [this](Request& r) { stamp_request(r); }, shared_.h2_max_streams);
  // The peer stamps the request when it answers stream 1; the 101 must precede its frames.
  const std::size_t before = out_.size();
  queue_output(h2c_switching);
  if (!peer->upgrade(req, *settings, now)) {
    out_.resize(before);
    return false;  // req is untouched: upgrade() moves from it only once nghttp2 agreed
  }
  h2_ = std::move(peer);
  h2_checked_ = true;
  state_ = State::h2;
  return true;
}

bool Connection::step_h2(TimePoint now) {
  if (!in_.empty()) h2_->receive(in_, now);
  const std::size_t before = out_.size();
  if (out_.size() < stream_batch) h2_->produce(out_, stream_batch, now);
  if (h2_->reset_requested()) {
    reset_now();
    return false;
  }
  set_deadline(h2_->deadline());
  if (h2_->over() && out_.empty()) {
    begin_close(now);
    return true;
  }
  if (peer_eof_) {
    state_ = State::closed;
    return false;
  }
  return out_.size() > before;
}

void Connection::begin_close(TimePoint now) {
  // run() flushes before any step, so out_ is empty here unless the socket is full;
  // then the FIN must wait for the bytes, which draining's flush handles.
  if (!out_.empty()) {
    steps_.clear();
    steps_.push_back(Close{close_notify_});
    cut_hit_ = false;
    state_ = State::sending;
    return;
  }
  if (ssl_ && close_notify_) tls_shutdown(ssl_);
  ::shutdown(fd_, SHUT_WR);
  in_.clear();
  set_deadline(now + drain_limit);
  state_ = State::draining;
}

void Connection::begin_tls() {
  state_ = State::next_step;
  if (ssl_ || !shared_.tls_ctx) return;
  // The peer sends its ClientHello only after reading the reply just flushed, so nothing
  // of it can be in in_ yet; the handshake runs from the next socket event (see run()).
  ssl_ = new_server_tls(shared_.tls_ctx, fd_);
  if (!ssl_) {
    state_ = State::closed;
    return;
  }
  tls_chosen_ = !shared_.tls_plain_too;  // with plain_too, the next first byte decides again
  h2_checked_ = false;                    // and ALPN may pick h2 behind the tunnel
  tls_ready_ = false;
}

bool Connection::check_socks() {
  if (!plan_.use_handler) {
    socks_checked_ = true;  // scripted connections say exactly what their script says
    return true;
  }
  unsigned char first = 0;
  long got = ::recv(fd_, &first, 1, MSG_PEEK);
  if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) return false;
  socks_checked_ = true;
  if (got != 1 || !opens_socks(first)) return true;
  socks_ = std::make_unique<SocksPeer>(shared_.socks_armed);
  // TLS, if any, starts after the handshake (StartTls once the tunnel is open).
  if (ssl_) free_server_tls(ssl_);
  ssl_ = nullptr;
  tls_chosen_ = true;
  return true;
}

bool Connection::step_socks() {
  Script answer;
  switch (socks_->advance(in_, answer)) {
    case SocksPeer::Progress::need_more:
      if (peer_eof_) state_ = State::closed;
      return false;
    case SocksPeer::Progress::answered:
    case SocksPeer::Progress::failed: break;
  }
  for (Step& step : answer) steps_.push_back(std::move(step));
  if (socks_->tunnel_open()) steps_.push_back(StartTls{});
  if (!socks_->over()) steps_.push_back(ReadRequest{});
  state_ = State::next_step;
  return true;
}

void Connection::reset_now() {
  linger hard{1, 0};
  ::setsockopt(fd_, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
  state_ = State::closed;
}

void Connection::read_input() {
  char buf[64 * 1024];
  for (int rounds = 0; rounds < 4096; ++rounds) {
    long n = recv_some(buf, sizeof buf);
    if (n > 0) {
      idle_deadline_.reset();
      if (state_ != State::hanging && state_ != State::draining)
        in_.append(buf, static_cast<std::size_t>(n));
      continue;
    }
    if (n == 0) {
      peer_eof_ = true;
      return;
    }
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) socket_dead_ = true;
    return;
  }
}

bool Connection::flush() {
  while (out_sent_ < out_.size()) {
    long n = send_some(out_.data() + out_sent_, out_.size() - out_sent_);
    if (n > 0) {
      out_sent_ += static_cast<std::size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return true;
    socket_dead_ = true;
    return false;
  }
  out_.clear();
  out_sent_ = 0;
  return true;
}

void Connection::queue_output(std::string_view data) {
  if (cut_left_) {
    std::size_t n = std::min(*cut_left_, data.size());
    out_.append(data.substr(0, n));
    *cut_left_ -= n;
    if (*cut_left_ == 0) cut_hit_ = true;
    return;
  }
  out_.append(data);
}

}  // namespace xfer::test
