// One accepted socket running its steps: reads requests, writes replies, keeps its own deadline.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>

#include "body_stream.h"
#include "request_parser.h"
#include "server_shared.h"
#include "steps.h"

struct ssl_st;

namespace xfer::test {

class H2Peer;
class SocksPeer;

class Connection {
 public:
  // With `ssl` (owned from here on) the connection speaks TLS, handshake first.
  Connection(int fd, std::size_t number, ConnectionPlan plan, ServerShared& shared,
             ssl_st* ssl = nullptr);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Called when epoll reports anything (edge-triggered) or the deadline has passed.
  void on_event(TimePoint now);
  void on_timer(TimePoint now);

  bool finished() const { return state_ == State::closed; }
  const std::optional<TimePoint>& deadline() const { return deadline_; }
  // True once per change of the deadline, so the server queues each deadline once.
  bool take_deadline_change();

 private:
  enum class State { next_step, reading, sending, streaming, sleeping, hanging, draining, h2, closed };

  void run(TimePoint now);
  // Step functions: each returns false when the connection must wait for I/O or time.
  bool step_next(TimePoint now);
  bool step_reading(TimePoint now);
  bool step_sending(TimePoint now);
  bool step_streaming(TimePoint now);
  bool step_sleeping(TimePoint now);
  bool step_hanging(TimePoint now);
  bool step_draining(TimePoint now);
  // The connection speaks HTTP/2: bytes go through h2_ both ways (h2_peer.h).
  bool step_h2(TimePoint now);

  void start(const Step& step, TimePoint now);
  void read_input();
  // Writes as much of out_ as the socket takes; false on a dead socket.
  bool flush();
  // Appends to out_, honouring a CutAfter budget.
  void queue_output(std::string_view data);
  void begin_close(TimePoint now);
  // StartTls: a plain connection of a TLS server begins its handshake with the next bytes.
  void begin_tls();
  void reset_now();
  void set_deadline(std::optional<TimePoint> when);
  void finish_request(TimePoint now);
  // With ServerShared::h2 on a plain connection: a complete request asking for h2c
  // (h2_upgrade.h) is answered 101 and becomes stream 1 of an H2Peer; false (nothing done)
  // when it does not ask properly, and it is then served as HTTP/1.1.
  bool upgrade_to_h2(Request& req, TimePoint now);
  // Fills a completed request's counters and records it (h1 and h2 alike).
  void stamp_request(Request& req);
  // With ServerShared::h2, before the first request: ALPN "h2" on TLS, or the client preface
  // on a plain connection, hands the connection to an H2Peer; false while the first bytes
  // are still a prefix of the preface.
  bool check_h2();
  // false while the TLS handshake still waits for the peer (or failed: then closed).
  bool tls_handshake_done();
  // With ServerShared::tls_plain_too: peeks at the first byte and drops ssl_ unless it opens a
  // TLS handshake record; false while nothing has arrived yet.
  bool choose_tls_or_plain();
  // Peeks at the first byte: a SOCKS client gets a SocksPeer (socks_peer.h) before anything
  // else, TLS included; false while nothing has arrived yet.
  bool check_socks();
  // ReadRequest while a SOCKS handshake runs: its messages are answered instead.
  bool step_socks();
  // recv/send through TLS when on; -1 with errno EAGAIN when they would block.
  long recv_some(char* buf, std::size_t cap);
  long send_some(const char* buf, std::size_t len);

  int fd_;
  ssl_st* ssl_ = nullptr;
  bool tls_ready_ = false;
  bool tls_chosen_ = false;  // whether TLS or plain has been settled (always, without plain_too)
  bool socks_checked_ = false;
  std::unique_ptr<SocksPeer> socks_;
  bool h2_checked_ = false;
  std::unique_ptr<H2Peer> h2_;
  std::size_t number_;
  std::uint64_t key_;  // Request::connection_key
  std::size_t requests_on_conn_ = 0;
  ConnectionPlan plan_;
  ServerShared& shared_;
  State state_ = State::next_step;
  std::deque<Step> steps_;

  std::string in_;
  bool peer_eof_ = false;
  bool socket_dead_ = false;
  RequestParser parser_;
  bool answered_early_ = false;  // HeadAction::reply_first: the request in parser_ has its reply

  std::string out_;
  std::size_t out_sent_ = 0;
  std::optional<std::size_t> cut_left_;
  bool cut_hit_ = false;
  bool close_notify_ = true;  // the last Close or CutAfter of this reply: TLS says close_notify

  std::unique_ptr<BodyStream> stream_;
  std::string drip_stage_;
  Duration drip_{0};
  std::size_t drip_size_ = 1;

  std::optional<TimePoint> idle_deadline_;
  std::optional<TimePoint> deadline_;
  bool deadline_changed_ = false;
};

}  // namespace xfer::test
