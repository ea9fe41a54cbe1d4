// H2Link: flushing an HTTP/2 connection's frames and answering its idle-time input.
#include "engine/h2_link.h"

#include "engine/connection.h"

namespace xfer {

H2LinkPtr H2Link::make() {
  H2LinkPtr link(new H2Link());
  if (!link->session_.ok()) return nullptr;
  return link;
}

transport::IoResult H2Link::flush(Connection& c) {
  // Bounded: a window of DATA is at most a few MiB; a socket that takes it all in one pass
  // still leaves the loop once the codec has nothing more.
  for (int round = 0; round < 4096; ++round) {
    if (out_off_ == out_.size()) {
      out_.clear();
      out_off_ = 0;
      std::string_view chunk;
      if (Status st = session_.next_output(chunk); !st) {
        codec_failure_ = st;
        broken_ = true;
        return {0, transport::IoStatus::kError, 0};
      }
      if (chunk.empty()) return {0, transport::IoStatus::kOk, 0};
      const transport::IoResult r = c.send(chunk.data(), chunk.size());
      if (r.status == transport::IoStatus::kError || r.status == transport::IoStatus::kClosed) {
        broken_ = true;
        return r;
      }
      const std::size_t sent = r.status == transport::IoStatus::kOk ? r.bytes : 0;
      // The codec's view dies with its next call: what the socket did not take is kept.
      if (sent < chunk.size()) out_.assign(chunk.data() + sent, chunk.size() - sent);
      if (r.status == transport::IoStatus::kWouldBlock) return r;
      continue;
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
  (void)peer_max_concurrent_streams;  // one stream per connection until multiplexing lands
}

void H2Link::on_goaway(std::int32_t last_stream_id, std::uint32_t error_code) noexcept {
  (void)last_stream_id;
  (void)error_code;
  goaway_ = true;
}

}  // namespace xfer
