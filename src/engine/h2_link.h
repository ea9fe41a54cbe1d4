// H2Link: an HTTP/2 connection's codec, its unsent frames and the streams (members) sharing it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "engine/connection.h"
#include "http/h2_session.h"
#include "transport/socket_io.h"
#include "util/intrusive_list.h"
#include "util/status.h"

namespace xfer {

class Share;

// A transfer with a stream on a link, as the link sees it: it reads for all of them, and
// tells each what concerns it through these.
class H2Member {
 public:
  virtual ~H2Member() = default;
  // Paused or throttled: its DATA is held, no window goes back, and while every member
  // holds, the link stops reading.
  virtual bool holds_input() const = 0;
  // The largest read the member's receive pace allows (asked only of a sole member).
  virtual std::size_t read_cap(std::size_t want) const = 0;
  // The connection died under the stream (socket or codec): why, and the socket's errno.
  virtual void link_failed(Status why, int err) noexcept = 0;
  // The application's socket callback refused the connection's socket.
  virtual void link_refused() noexcept = 0;
  // The share whose connection cache the member's handle uses (null: none).
  virtual const Share* share() const = 0;

  ListHook link_hook;  // on H2Link's member list
};

class H2Link final : public http::H2SessionEvents {
 public:
  // Null when nghttp2 cannot make its session (out of memory). The preface, SETTINGS and
  // window update are queued for the first flush.
  // enable_push: the SETTINGS allow server push (a CURLMOPT_PUSHFUNCTION is set).
  static H2LinkPtr make(Connection& c, std::uint32_t max_concurrent_streams, bool enable_push);
  ~H2Link() override = default;
  H2Link(const H2Link&) = delete;
  H2Link& operator=(const H2Link&) = delete;

  http::H2Session& session() { return session_; }
  Connection& conn() { return conn_; }
  // Writes queued frames: kOk once nothing is left, kWouldBlock while the socket is full
  // (what it refused is kept), kError when the connection is dead.
  transport::IoResult flush(Connection& c);
  bool has_unsent() const { return out_off_ < out_.size() || session_.want_write(); }
  // Input on an idle connection (SETTINGS, PING, GOAWAY are normal there): read and answer
  // it. False when the connection can no longer carry a request.
  bool idle_input(Connection& c, char* buf, std::size_t cap);

  // The connection's turn in a pass (readiness, a stream's new frames, a member that may
  // read again): frames out, input in for every stream (within the read budget), frames
  // out again, and the socket watched for what is left. False when the read budget ran out
  // with input possibly left: run it again next pass.
  bool pump(char* buf, std::size_t cap);

  // New streams may start: no GOAWAY either way, not draining, no broken codec.
  bool usable() const { return !goaway_ && !broken_ && !draining_; }
  // The socket or the codec failed: the streams on it cannot go on.
  bool dead() const { return broken_; }
  void set_broken() { broken_ = true; }
  // Takes no new stream; those on it run to their end (FORBID_REUSE, a refused stream).
  void drain() { draining_ = true; }
  // Why the codec failed while flushing (CURLE_OUT_OF_MEMORY, CURLE_HTTP2); ok when the
  // socket did.
  Status codec_failure() const { return codec_failure_; }
  // How many streams the peer lets us open at once (100 until its SETTINGS say).
  std::uint32_t peer_limit() const { return peer_limit_; }

  void attach(H2Member& m) { members_.push_back(&m); }
  void detach(H2Member& m) { members_.remove(&m); }
  std::size_t streams() const { return members_.size(); }
  H2Member* first_member() const { return members_.front(); }
  H2Member* next_member(H2Member* m) const { return members_.next_of(m); }
  // Every member's transfer hears that the application refused the socket.
  void refuse_all();

  void on_settings(std::uint32_t peer_max_concurrent_streams) noexcept override;
  void on_goaway(std::int32_t last_stream_id, std::uint32_t error_code) noexcept override;

  ListHook due_hook;     // on Multi's list of links to pump in this pass (or the next)
  ListHook shared_hook;  // on Destination::shared: it has room for another stream

 private:
  H2Link(Connection& c, const http::H2SessionOptions& o) : session_(*this, o), conn_(c) {}
  void fail_all(Status why, int err = 0);
  bool wants_input() const;

  http::H2Session session_;
  Connection& conn_;
  IntrusiveList<H2Member, &H2Member::link_hook> members_;
  std::string out_;  // frames gathered for one write (or refused by the socket), from out_off_
  std::size_t out_off_ = 0;
  Status codec_failure_;
  std::uint32_t peer_limit_ = 100;
  bool goaway_ = false;
  bool broken_ = false;
  bool draining_ = false;
  bool failed_told_ = false;  // members heard of the failure
};

}  // namespace xfer
