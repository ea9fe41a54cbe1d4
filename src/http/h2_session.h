// H2Session: an HTTP/2 client codec over nghttp2, bytes in and bytes out, no socket.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nghttp2/nghttp2.h>

#include "http/h2_headers.h"
#include "http/h2_push.h"
#include "http/response_parser.h"
#include "util/status.h"

namespace xfer::http {

class H2Session;

// What a request body source answers when nghttp2 asks for DATA.
struct H2Pull {
  enum class State : std::uint8_t {
    kMore,      // n bytes written, more to come
    kEnd,       // n bytes written (maybe 0), and that is the whole body: END_STREAM
    kDeferred,  // nothing now; H2Session::resume_body when there is
    kFailed,    // the body cannot be produced: the stream is reset (INTERNAL_ERROR)
  };
  std::size_t n = 0;
  State state = State::kEnd;
};

// One stream's events. The ResponseEvents part sees the response as h1 lines would show
// it: "HTTP/2 NNN \r\n", "name: value\r\n" per field (names as received, lower case), "\r\n"
// after each 1xx or final header block (none after trailers, which only END_STREAM ends),
// a block's lines all at once through on_header_block once the block is complete,
// on_headers_complete after the final block, on_body for each DATA chunk (pointing into
// the bytes given to feed). A false from any of them resets the stream (CANCEL) and
// stops its events but on_closed; so does an exception (then on_failed says why). The
// object must stay alive until on_closed or H2Session::detach.
class H2StreamEvents : public ResponseEvents {
 public:
  // The peer's END_STREAM (after the last on_body, or the trailers).
  virtual void on_end() = 0;
  // The codec reset the stream itself because an event threw: CURLE_OUT_OF_MEMORY for a
  // bad_alloc, CURLE_HTTP2_STREAM otherwise; on_closed follows once the RST_STREAM is out.
  // (A false return or a failed pull_body is the engine's own doing and not reported.)
  virtual void on_failed(Status why) noexcept = 0;
  // nghttp2 closed the stream: 0 (NO_ERROR) after both ends, or the RST_STREAM code
  // either way. The last event; the session forgets the object.
  virtual void on_closed(std::uint32_t error_code) noexcept = 0;
  // Request body bytes into buf (at most cap); only for a request submitted with a body.
  // kMore with n == 0 counts as kDeferred.
  virtual H2Pull pull_body(char* buf, std::size_t cap) {
    (void)buf;
    (void)cap;
    return {};
  }
  // A whole 1xx or final header block at once, its lines and blank line as on_header_line
  // would see them one by one (which is what this default does): a receiver that parses
  // text takes the block in one call. Trailers still come line by line.
  virtual bool on_header_block(std::string_view lines);
  // The peer promised `promised_id` on this stream (PUSH_PROMISE, with `fields` as
  // "name:value"). kAccept hands back, in `pushed`, the events of the stream that takes
  // it (alive until their on_closed); anything else refuses it.
  virtual H2PushVerdict on_push(std::int32_t promised_id, const std::vector<std::string>& fields,
                                H2StreamEvents*& pushed) noexcept {
    (void)promised_id;
    (void)fields;
    (void)pushed;
    return H2PushVerdict::kDeny;
  }

 private:
  friend class H2Session;
  // Afresh for each stream the events serve (a request, an upgrade's stream 1, a push).
  void begin_stream() {
    h2_status_ = 0;
    h2_block_final_ = false;
    h2_in_trailers_ = false;
    h2_failed_ = false;
  }
  // The codec's own per-stream bookkeeping, kept here so a stream costs no extra block.
  std::uint16_t h2_status_ = 0;   // the final :status once seen
  bool h2_block_final_ = false;   // the header block being received is the final one
  bool h2_in_trailers_ = false;   // HEADERS after the final block: trailers
  bool h2_failed_ = false;        // reset by the codec: events stopped
};

// RFC 7540 priority as libcurl 7.88 sends it (CURLOPT_STREAM_WEIGHT / STREAM_DEPENDS[_E]);
// the default (no dependency, weight 16) puts no PRIORITY flag on the HEADERS.
struct H2Priority {
  std::int32_t depends_on = 0;  // the stream id this one depends on, 0 for none
  std::int32_t weight = 16;     // 1..256
  bool exclusive = false;
  bool operator==(const H2Priority&) const = default;
};

// Connection-wide events.
class H2SessionEvents {
 public:
  virtual ~H2SessionEvents() = default;
  // The peer's SETTINGS arrived (each one): its MAX_CONCURRENT_STREAMS, 2^32-1 when it set
  // no limit.
  virtual void on_settings(std::uint32_t peer_max_concurrent_streams) noexcept = 0;
  // GOAWAY: streams above last_stream_id were not processed (nghttp2 closes them with
  // REFUSED_STREAM).
  virtual void on_goaway(std::int32_t last_stream_id, std::uint32_t error_code) noexcept = 0;
};

struct H2SessionOptions {
  H2Settings settings;                                 // what the first SETTINGS says
  std::uint32_t connection_window = kH2ConnectionWindow;  // raised right after SETTINGS
  std::uint32_t peer_max_concurrent_streams = 100;     // assumed until the peer's SETTINGS
};

// Tests only: on this thread, the nth allocation the session's nghttp2 makes from now on
// fails (0: none), and whether it did. A unit test sweeps n over a whole exchange.
void h2_fail_allocation(std::size_t nth);
bool h2_allocation_failure_hit();

class H2Session {
 public:
  // events must outlive the session. After construction check ok(): nghttp2 may fail to
  // allocate its session (then every call below is a no-op returning an error).
  H2Session(H2SessionEvents& events, const H2SessionOptions& opts = {});
  ~H2Session();
  H2Session(const H2Session&) = delete;
  H2Session& operator=(const H2Session&) = delete;

  bool ok() const { return session_ != nullptr; }
  // The preface, SETTINGS and connection WINDOW_UPDATE are queued by the constructor.

  // Server bytes in: all of them are taken, or the session is broken (CURLE_HTTP2 for a
  // protocol error in them, CURLE_RECV_ERROR when nghttp2 gave up on the input, e.g. a
  // refused push's ERROROUT, CURLE_OUT_OF_MEMORY when it could not allocate; the connection
  // must close once the GOAWAY nghttp2 may have queued is out). Events fire from inside.
  Status feed(const char* data, std::size_t len);

  // The next chunk of bytes to send, empty when nothing is queued. The view is valid until
  // the next call to feed, next_output or any submit. CURLE_HTTP2 on a session error
  // (CURLE_OUT_OF_MEMORY for nghttp2's NOMEM).
  Status next_output(std::string_view& chunk);
  // Every queued byte appended to out.
  Status drain_output(std::string& out);

  // nghttp2 still wants to read or write (false for both: the session is done, e.g. after
  // GOAWAY with no stream left).
  bool want_read() const;
  bool want_write() const;

  // Submits HEADERS for fields; with_body: DATA comes from events.pull_body, else the
  // HEADERS carry END_STREAM. Returns the stream id (> 0) or an nghttp2 error (< 0, e.g.
  // NGHTTP2_ERR_STREAM_ID_NOT_AVAILABLE). Nothing goes out before next_output.
  std::int32_t submit_request(const H2RequestFields& fields, H2StreamEvents& events, bool with_body,
                              const H2Priority& prio = {});
  std::int32_t submit_request(const nghttp2_nv* nv, std::size_t n, H2StreamEvents& events, bool with_body,
                              const H2Priority& prio = {});
  // A PRIORITY frame for an open stream (its priority changed after its HEADERS).
  void reprioritize(std::int32_t stream_id, const H2Priority& prio);

  // After a 101 answered "Upgrade: h2c": the request already sent over HTTP/1.1 becomes
  // stream 1, its response going to events. settings must be what HTTP2-Settings said.
  Status upgrade(const H2Settings& settings, bool head_request, H2StreamEvents& events);

  // The application took n more bytes of the stream's DATA: its window may reopen.
  // (The connection window reopens by itself as DATA arrives.)
  void consume(std::int32_t stream_id, std::size_t n);
  // A deferred body has data again.
  void resume_body(std::int32_t stream_id);
  // The transfer leaves: no more events for the stream; RST_STREAM(code) is queued unless
  // the stream is closed already.
  void detach(std::int32_t stream_id, std::uint32_t code = NGHTTP2_CANCEL);
  // GOAWAY(NO_ERROR) from our side; open streams run on.
  void shutdown();

  // The peer's current SETTINGS_MAX_CONCURRENT_STREAMS (the assumed 100 before SETTINGS).
  std::uint32_t peer_max_concurrent_streams() const;

  nghttp2_session* raw() { return session_; }  // for tests and diagnostics

 private:
  static int on_begin_headers(nghttp2_session*, const nghttp2_frame*, void*) noexcept;
  static int on_header(nghttp2_session*, const nghttp2_frame*, const std::uint8_t*, std::size_t,
                       const std::uint8_t*, std::size_t, std::uint8_t, void*) noexcept;
  static int on_frame_recv(nghttp2_session*, const nghttp2_frame*, void*) noexcept;
  static int on_data_chunk(nghttp2_session*, std::uint8_t, std::int32_t, const std::uint8_t*,
                           std::size_t, void*) noexcept;
  static int on_stream_close(nghttp2_session*, std::int32_t, std::uint32_t, void*) noexcept;
  static ssize_t read_body(nghttp2_session*, std::int32_t, std::uint8_t*, std::size_t,
                           std::uint32_t*, nghttp2_data_source*, void*) noexcept;

  H2StreamEvents* stream(std::int32_t id) const;
  // A PUSH_PROMISE on parent_id is in (its fields in push_fields_): the parent decides.
  int promised(std::int32_t parent_id, std::int32_t promised_id) noexcept;
  // Resets the stream and stops its events after a failed or refused callback.
  void fail_stream(std::int32_t id, H2StreamEvents& ev, Status why, std::uint32_t code) noexcept;
  bool deliver_line(std::int32_t id, H2StreamEvents& ev, std::string_view raw);

  nghttp2_session* session_ = nullptr;
  H2SessionEvents& events_;
  std::string line_;   // a trailer line being formatted (capacity reused)
  std::string block_;  // the header block being received (blocks of streams never interleave)
  // The PUSH_PROMISE being received (header blocks never interleave: one is enough).
  std::vector<std::string> push_fields_;
  bool push_fields_lost_ = false;  // a field could not be stored: the promise is refused
  bool goaway_in_ = false;  // the peer sent GOAWAY
  bool shutdown_ = false;   // we did (shutdown)
};

}  // namespace xfer::http
