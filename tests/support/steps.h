// The vocabulary of a test server conversation: requests seen and the steps a connection runs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "util/time.h"

namespace xfer::test {

// One request as the server parsed it. Counters are 1-based; the totals are a snapshot
// taken when the request completed (they let a handler answer /__stats).
struct Request {
  std::string raw;  // every byte received for this request, framing included
  std::string method;
  std::string target;
  std::string version;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;  // de-chunked
  bool body_skipped = false;
  std::size_t connection = 0;
  std::size_t index = 0;
  std::size_t total_connections = 0;
  std::size_t total_requests = 0;
  bool tls = false;                 // the connection is TLS (then /__stats adds the two below)
  std::size_t tls_handshakes = 0;   // completed server handshakes so far
  std::size_t tls_resumed = 0;      // of those, how many resumed a session
  std::size_t h2_streams = 0;       // on h2: request streams the connection has seen (else 0)
  std::size_t h2_pushed = 0;        // on h2: PUSH_PROMISEs the connection has sent so far
  std::size_t h2_push_reset = 0;    // on h2: of those, how many the client reset (refused)
  // Unique per connection across every server in the process, unlike `connection`: a key
  // for handlers that remember something about a connection (NTLM's handshake state).
  std::uint64_t connection_key = 0;
  // The connection came through a SOCKS5 GSS-API handshake: what it established (X-Socks-GSS).
  std::string socks_gss;

  // First header with this name (case-insensitive), empty when absent.
  std::string_view header(std::string_view name) const;
};

// Waits for one complete request (headers and body) and records it.
struct ReadRequest {};
// Writes bytes; the next step starts once they are all handed to the kernel.
struct Send {
  std::string data;
};
// A generated body: `literal` or, when `pattern_size` is set, byte i = 'a' + i % 26.
// chunk > 0 frames it as chunked with that chunk size; drip > 0 paces the wire bytes.
struct Body {
  std::string literal;
  std::size_t pattern_size = 0;
  std::size_t pattern_offset = 0;  // the first byte is pattern byte pattern_offset (a 206's slice)
  bool use_pattern = false;
  std::size_t chunk = 0;
  std::string trailer;  // trailer lines, each ending in CRLF (chunked only)
  Duration drip{0};
  std::size_t drip_size = 1;
};
struct Sleep {
  Duration duration;
};
// Limits everything sent from here on to n bytes; reaching it closes the connection (with
// close_notify as Close says).
struct CutAfter {
  std::size_t bytes;
  bool close_notify = true;
};
// Flushes, half-closes, waits (bounded) for the peer's EOF, then closes. On TLS the
// half-close follows a close_notify alert unless close_notify is false: then the TCP stream
// just ends, which a TLS client sees as a truncation.
struct Close {
  bool close_notify = true;
};
// Drops whatever is unsent and closes with SO_LINGER 0, so the peer sees an RST.
struct Reset {};
// Does nothing more; the connection lives until the peer closes or the server stops.
struct Hang {};
// Closes the connection when no byte of a next request arrives within this time.
struct IdleClose {
  Duration timeout;
};

// Once everything before it is sent, a plain connection of a TLS server starts its TLS
// handshake (the server answered a CONNECT and now plays the origin behind the tunnel).
// Does nothing on a server without TLS or on a connection that already speaks TLS.
struct StartTls {};

using Step =
    std::variant<ReadRequest, Send, Body, Sleep, CutAfter, Close, Reset, Hang, IdleClose, StartTls>;
using Script = std::vector<Step>;
using Reply = std::vector<Step>;

// What to do once a request's headers are in and its body is not.
// reply_first answers from the head alone (without a 100), then reads the body and drops
// it before the next request, as a server that refuses an upload it still has to drain.
// read_raw takes the next raw_length(head) bytes as the body whatever the framing says, so
// a request whose framing is broken can still be echoed.
enum class HeadAction { read_body, send_continue, skip_body, reply_first, read_raw };

// Per-request behaviour: on_head decides about the body (may be empty: read it, and
// answer Expect: 100-continue), respond builds the reply. Both run on the server thread.
struct Handler {
  std::function<HeadAction(const Request&)> on_head;
  std::function<Reply(const Request&)> respond;
  std::function<std::size_t(const Request&)> raw_length;  // for HeadAction::read_raw
};

// A complete HTTP/1.1 response with Content-Length, as one Send.
Send http_response(int status, std::string_view body,
                   const std::vector<std::string>& extra_header_lines = {});

// The standard reason phrase for a status code ("Unknown" when there is none).
const char* reason_phrase(int status);

}  // namespace xfer::test
