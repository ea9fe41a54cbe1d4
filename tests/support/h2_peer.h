// The test server's HTTP/2 side: nghttp2's server session fed bytes by a Connection, no I/O of its own.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "steps.h"
#include "util/time.h"

struct nghttp2_session;

namespace xfer::test {

// The client connection preface; a plain connection opening with it speaks h2 (prior knowledge).
inline constexpr std::string_view h2_client_preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

struct H2Stream;

// Each complete request stream becomes a Request answered by the connection's Handler; the
// Reply steps are rendered as frames (see URL-PROTOCOL.md, "HTTP/2"): the HTTP/1.x head of a
// Send becomes HEADERS, body bytes become DATA as the flow-control window allows, a Sleep
// pauses that stream alone, Close ends the stream and then the connection (GOAWAY), Reset
// drops the socket. CutAfter, IdleClose and StartTls mean nothing here and are skipped; a
// Hang leaves the stream unanswered while the others go on.
class H2Peer {
 public:
  // `stamp` fills a finished request's counters (and records it) as the h1 path does;
  // `handler` is the connection's and outlives the peer.
  H2Peer(const Handler& handler, std::function<void(Request&)> stamp, std::size_t max_streams);
  ~H2Peer();
  H2Peer(const H2Peer&) = delete;
  H2Peer& operator=(const H2Peer&) = delete;

  // Upgrade: h2c (h2_upgrade.h): `request`, read whole over HTTP/1.1, becomes stream 1 and
  // is answered at once; `settings` is the decoded HTTP2-Settings payload. Call before the
  // first receive(); false when nghttp2 refuses the payload (the peer is then unusable and
  // `request` untouched; it is moved from only on success).
  bool upgrade(Request& request, const std::string& settings, TimePoint now);
  // Takes every byte of `in` (the client preface first); a protocol error makes the peer
  // say GOAWAY and be over().
  void receive(std::string& in, TimePoint now);
  // Appends frames to `out` until it holds about `cap` bytes or nothing more is ready.
  void produce(std::string& out, std::size_t cap, TimePoint now);
  // When a sleeping stream wants to go on.
  std::optional<TimePoint> deadline() const;
  // Nothing more will be said: the connection closes once its output is flushed.
  bool over() const;
  // A Reset step ran: the socket goes at once.
  bool reset_requested() const { return reset_; }

 private:
  friend struct H2Callbacks;

  // Runs a stream's reply steps as far as they go without waiting for the window or time.
  void advance(H2Stream& s, TimePoint now);
  // Asks the handler; the Request must be complete (its version and raw filled).
  void respond(H2Stream& s, TimePoint now);
  // h2push=PATH: one PUSH_PROMISE per value on the client's stream `parent`, each promised
  // stream answered as a GET of PATH.
  void promise_pushes(const H2Stream& parent, const std::vector<std::string>& paths);
  void promise(const H2Stream& parent, const std::string& path);
  // GOAWAY(NO_ERROR) naming stream `last` (h2goawaynow=1 at once, h2goaway=1 once the answer
  // is out); client streams above it are dropped from then on.
  void goaway_now(std::int32_t last);
  // h2early=1: once the answer's END_STREAM is out, RST_STREAM(NO_ERROR) if the request
  // body is still coming.
  void after_end_stream(std::int32_t id);
  void submit_head(H2Stream& s);
  void end_without_answer(H2Stream& s, std::uint32_t code);
  // Streams closed during the last nghttp2 call: their after-effects (GOAWAY), then freed.
  void reap();

  const Handler& handler_;
  std::function<void(Request&)> stamp_;
  nghttp2_session* session_ = nullptr;
  std::map<std::int32_t, std::unique_ptr<H2Stream>> streams_;
  std::vector<std::int32_t> closed_;
  std::size_t streams_seen_ = 0;  // request streams opened, for /__stats' h2_streams
  std::size_t pushed_ = 0;        // PUSH_PROMISEs submitted, for /__stats' h2_pushed
  std::size_t push_resets_ = 0;   // RST_STREAMs received on promised streams (h2_push_reset)
  std::int32_t goaway_last_ = 0;  // the last stream a GOAWAY let through, 0 before one
  TimePoint now_{};  // of the current receive/produce, for streams answered in a callback
  bool reset_ = false;
  bool closing_ = false;  // a Close step: GOAWAY sent, the connection ends after it
  bool failed_ = false;   // nghttp2 gave up on the connection
};

}  // namespace xfer::test
