// H2Link: an HTTP/2 connection's codec and its unsent frames, hung off the Connection.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "engine/connection.h"
#include "http/h2_session.h"
#include "transport/socket_io.h"

namespace xfer {

class H2Link final : public http::H2SessionEvents {
 public:
  // Null when nghttp2 cannot make its session (out of memory). The preface, SETTINGS and
  // window update are queued for the first flush.
  static H2LinkPtr make();
  ~H2Link() override = default;
  H2Link(const H2Link&) = delete;
  H2Link& operator=(const H2Link&) = delete;

  http::H2Session& session() { return session_; }
  // Writes queued frames: kOk once nothing is left, kWouldBlock while the socket is full
  // (what it refused is kept), kError when the connection is dead.
  transport::IoResult flush(Connection& c);
  bool has_unsent() const { return out_off_ < out_.size() || session_.want_write(); }
  // Input on an idle connection (SETTINGS, PING, GOAWAY are normal there): read and answer
  // it. False when the connection can no longer carry a request.
  bool idle_input(Connection& c, char* buf, std::size_t cap);
  // New streams may start: no GOAWAY either way and no broken codec.
  bool usable() const { return !goaway_ && !broken_; }
  void set_broken() { broken_ = true; }
  // Why the codec failed while flushing (CURLE_OUT_OF_MEMORY, CURLE_HTTP2); ok when the
  // socket did.
  Status codec_failure() const { return codec_failure_; }

  void on_settings(std::uint32_t peer_max_concurrent_streams) noexcept override;
  void on_goaway(std::int32_t last_stream_id, std::uint32_t error_code) noexcept override;

 private:
  H2Link() : session_(*this) {}

  http::H2Session session_;
  std::string out_;  // frames the socket refused, from out_off_
  std::size_t out_off_ = 0;
  Status codec_failure_;
  bool goaway_ = false;
  bool broken_ = false;
};

}  // namespace xfer
