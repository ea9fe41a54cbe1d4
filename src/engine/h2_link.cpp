// H2Link: pumping an HTTP/2 connection's frames out and in for every stream on it.
#include "engine/h2_link.h"

#include "engine/connection.h"
#include "engine/multi.h"
#include "engine/pool.h"

namespace xfer {

H2LinkPtr H2Link::make(Connection& c, std::uint32_t max_concurrent_streams, bool enable_push) {
  http::H2SessionOptions o;
  o.settings.max_concurrent_streams = max_concurrent_streams;
  o.settings.enable_push = enable_push;
  H2LinkPtr link(new H2Link(c, o));
  if (!link->session_.ok()) return nullptr;
  return link;
}

namespace {
// The codec hands frames out one at a time: small ones are gathered so that a pass's new
// requests and window updates leave in one write (one TLS record, one send) rather than
// one each. A frame this large goes out as it is, without a copy.
constexpr std::size_t kGatherBytes = 16 * 1024;
}  // namespace

transport::IoResult H2Link::flush(Connection& c) {
  // Bounded: a window of DATA is at most a few MiB; a socket that takes it all in one pass
  // still leaves the loop once the codec has nothing more.
  for (int round = 0; round < 4096; ++round) {
    if (out_off_ == out_.size()) {
      out_.clear();
      out_off_ = 0;
      std::string_view large;
      while (out_.size() < kGatherBytes) {
        std::string_view chunk;
        if (Status st = session_.next_output(chunk); !st) {
          codec_failure_ = st;
          broken_ = true;
          return {0, transport::IoStatus::kError, 0};
        }
        if (chunk.empty()) break;
        if (out_.empty() && chunk.size() >= kGatherBytes) {
          large = chunk;
          break;
        }
        out_.append(chunk.data(), chunk.size());
      }
      if (out_.empty() && large.empty()) return {0, transport::IoStatus::kOk, 0};
      if (!large.empty()) {
        const transport::IoResult r = c.send(large.data(), large.size());
        if (r.status == transport::IoStatus::kError || r.status == transport::IoStatus::kClosed) {
          broken_ = true;
          return r;
        }
        const std::size_t sent = r.status == transport::IoStatus::kOk ? r.bytes : 0;
        // The codec's view dies with its next call: what the socket did not take is kept.
        if (sent < large.size()) out_.assign(large.data() + sent, large.size() - sent);
        if (r.status == transport::IoStatus::kWouldBlock) return r;
        continue;
      }
    }
    const transport::IoResult r = c.send(out_.data() + out_off_, out_.size() - out_off_);
    if (r.status == transport::IoStatus::kWouldBlock) return r;
    if (r.status != transport::IoStatus::kOk) {
      broken_ = true;
      return r;
    }
    out_off_ += r.bytes;
  }
  return {0, transport::IoStatus::kWouldBlock, 0};
}

bool H2Link::idle_input(Connection& c, char* buf, std::size_t cap) {
  for (int i = 0; i < 16; ++i) {
    const transport::IoResult r = c.recv(buf, cap);
    if (r.status == transport::IoStatus::kWouldBlock) break;
    if (r.status != transport::IoStatus::kOk) return false;
    if (!session_.feed(buf, r.bytes)) {
      broken_ = true;
      return false;
    }
  }
  // A PING wants its answer now; a socket too full for a few bytes is as good as dead.
  const transport::IoResult w = flush(c);
  if (w.status == transport::IoStatus::kError || w.status == transport::IoStatus::kClosed) return false;
  return usable();
}

void H2Link::on_settings(std::uint32_t peer_max_concurrent_streams) noexcept {
  // The pool reads it when it places the connection after this input.
  peer_limit_ = peer_max_concurrent_streams;
}

bool H2Link::wants_input() const {
  if (broken_) return false;
  for (H2Member* m = members_.front(); m; m = members_.next_of(m))
    if (!m->holds_input()) return true;
  return false;
}

void H2Link::fail_all(Status why, int err) {
  broken_ = true;
  if (failed_told_) return;
  failed_told_ = true;
  for (H2Member* m = members_.front(); m; m = members_.next_of(m)) m->link_failed(why, err);
}

void H2Link::refuse_all() {
  for (H2Member* m = members_.front(); m; m = members_.next_of(m)) m->link_refused();
}

bool H2Link::pump(char* buf, std::size_t cap) {
  Connection& c = conn_;
  // Without streams it is idle (or leaving): the pool watches it; only what is queued goes.
  if (members_.empty()) {
    if (!broken_) flush(c);
    return true;
  }
  const auto failed = [&](const transport::IoResult& r, const char* what) {
    if (Status st = codec_failure_; !st) return fail_all(st);
    c.peer_gone = true;
    fail_all(Status::fail(r.status == transport::IoStatus::kError ? CURLE_SEND_ERROR : CURLE_HTTP2_STREAM, what), r.err);
  };
  transport::IoResult w = flush(c);
  if (w.status == transport::IoStatus::kError || w.status == transport::IoStatus::kClosed) {
    failed(w, "Sending on the HTTP/2 connection failed");
    return true;
  }
  const std::uint32_t limit_before = peer_limit_;
  bool done = true;
  const bool reading = wants_input();
  if (reading) {
    // A sole stream's receive pace is the connection's: one read stays within it.
    H2Member* solo = members_.size() == 1 ? members_.front() : nullptr;
    if (solo) cap = solo->read_cap(cap);
    std::size_t taken = 0;
    done = false;
    for (int i = 0; i < 16 && taken < (1u << 20); ++i) {
      const transport::IoResult r = c.recv(buf, cap);
      if (r.status == transport::IoStatus::kWouldBlock) {
        done = true;
        break;
      }
      if (r.status != transport::IoStatus::kOk) {
        c.peer_gone = true;
        if (r.status == transport::IoStatus::kError) {
          fail_all(Status::fail(CURLE_RECV_ERROR, "Receiving failed"), r.err);
        } else {
          fail_all(Status::fail(CURLE_HTTP2_STREAM, "The HTTP/2 connection closed before the stream ended"));
        }
        return true;
      }
      taken += r.bytes;
      if (Status st = session_.feed(buf, r.bytes); !st) {
        flush(c);  // the GOAWAY the codec queued, best effort
        fail_all(st);
        return true;
      }
      // A member that paused inside its callback may have been the only reader.
      if (!wants_input()) {
        done = true;
        break;
      }
    }
    // Decrypted bytes left inside TLS raise no readiness event.
    if (done && c.has_buffered() && wants_input()) done = false;
  }
  w = flush(c);
  if (w.status == transport::IoStatus::kError || w.status == transport::IoStatus::kClosed) {
    failed(w, "Sending on the HTTP/2 connection failed");
    return true;
  }
  // Input is watched only while some member takes it: TLS is level-triggered, and a
  // watched socket nobody reads would wake every pass.
  std::uint32_t want = 0;
  if (wants_input()) want = c.secure() ? c.wait_events(EPOLLIN) : c.read_events();
  if (has_unsent()) want |= EPOLLOUT;
  c.pool->multi().poller().update(c.slot, want);
  if (peer_limit_ != limit_before || !usable()) c.pool->place_h2(c);
  return done;
}

void H2Link::on_goaway(std::int32_t last_stream_id, std::uint32_t error_code) noexcept {
  (void)last_stream_id;
  (void)error_code;
  goaway_ = true;
}

}  // namespace xfer
