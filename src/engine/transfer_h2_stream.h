// Transfer::H2Stream: one transfer's HTTP/2 stream, its codec events and its view as a member of the link.
#pragma once

#include "engine/h2_link.h"
#include "engine/multi.h"
#include "engine/transfer.h"
#include "http/h2_session.h"

namespace xfer {

// The stream's events, turned into the transfer's: header blocks and DATA go through the
// transfer's ResponseParser as the h1 lines H2Session renders, so codings, cookies, auth,
// redirects, pause and limits work exactly as on HTTP/1. The connection reads for every
// stream on it (H2Link::pump): an event that decides something makes the transfer ready,
// plain DATA costs it no run.
struct Transfer::H2Stream final : http::H2StreamEvents, H2Member {
  explicit H2Stream(Transfer& owner) : t(owner) {}

  // Before each request on a stream.
  void reset() {
    id = 0;
    ended = closed = deferred = false;
    close_code = 0;
    failure = Status::ok();
    link_error = Status::ok();
    link_errno = 0;
    parse = {http::ParseState::kNeedMore, 0, Status::ok()};
    unconsumed = 0;
    pull_error = Status::ok();
    sent_depends_on = nullptr;
    sent_weight = 16;
    sent_exclusive = false;
  }
  void wake() { t.multi_.make_ready(t); }
  bool judged(bool ok) {
    if (!ok || parse.state != http::ParseState::kNeedMore) wake();
    return ok;
  }

  bool on_header_line(const http::HeaderLine& h) override {
    // Trailers (a block after the final one) go straight to the transfer: the parser would
    // take their bytes for body.
    // After a body its Content-Length completed, libcurl 7.88 has stopped reading: such
    // trailers never reach the application.
    if (t.body_started_) return parse.state == http::ParseState::kComplete || judged(t.on_header_line(h));
    return judged(t.h2_feed(h.raw.data(), h.raw.size()));
  }
  // A block in one feed: the parser takes its lines in one pass, as an h1 read's.
  bool on_header_block(std::string_view lines) override {
    if (t.body_started_) return http::H2StreamEvents::on_header_block(lines);
    return judged(t.h2_feed(lines.data(), lines.size()));
  }
  // The parser reports it when the block's blank line is fed.
  bool on_headers_complete() override { return true; }
  bool on_body(const char* data, std::size_t len) override {
    if (!judged(t.h2_feed(data, len))) return false;
    // The stream's window reopens only for bytes the application took: a paused stream
    // makes the peer stop after one window.
    if (holds_input()) unconsumed += len;
    else if (t.conn_ && t.conn_->h2()) t.conn_->h2()->session().consume(id, len);
    return true;
  }
  void on_end() override {
    ended = true;
    wake();
  }
  void on_failed(Status why) noexcept override {
    failure = why;
    wake();
  }
  void on_closed(std::uint32_t code) noexcept override {
    closed = true;
    close_code = code;
    closed_id = id;
    id = 0;  // the codec has forgotten the stream
    wake();
  }
  http::H2Pull pull_body(char* buf, std::size_t cap) override { return t.h2_pull(buf, cap); }
  http::H2PushVerdict on_push(std::int32_t promised_id, const std::vector<std::string>& fields,
                              http::H2StreamEvents*& pushed) noexcept override {
    return t.h2_push(promised_id, fields, pushed);
  }

  bool holds_input() const override { return t.recv_paused_ || t.throttle_pending(); }
  std::size_t read_cap(std::size_t want) const override { return t.io_cap(false, want); }
  void link_failed(Status why, int err) noexcept override {
    link_error = why;
    link_errno = err;
    wake();
  }
  void link_refused() noexcept override { t.on_socket_refused(); }
  const Share* share() const override { return t.easy_.share; }

  Transfer& t;
  std::int32_t id = 0;       // 0: no stream open in the codec
  std::int32_t closed_id = 0;  // the id it had when the codec closed it
  bool ended = false;        // the peer's END_STREAM
  bool closed = false;       // the codec closed the stream
  bool deferred = false;     // the body source had nothing: resume_body once it has
  std::uint32_t close_code = 0;
  Status failure;            // the codec reset the stream itself
  Status link_error;         // the connection died under it
  int link_errno = 0;
  http::FeedResult parse{http::ParseState::kNeedMore, 0, Status::ok()};
  std::size_t unconsumed = 0;  // DATA held while paused, not yet given back to the window
  Status pull_error;         // the request body's source failed (read or abort callback)
  // The priority options as the stream's HEADERS (or last PRIORITY) carried them: a change
  // of the options sends a PRIORITY frame, as 7.88 does.
  const void* sent_depends_on = nullptr;
  std::int16_t sent_weight = 16;
  bool sent_exclusive = false;
};

}  // namespace xfer
