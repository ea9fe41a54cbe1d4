// Runs one response through ResponseParser under several splits and checks that the splits agree.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <curl/curl.h>

#include "fuzz_check.h"
#include "http/response_parser.h"

namespace fuzz {

// What a parse looked like from outside: the events as one log (adjacent body pieces
// merged, so that splits compare equal) and the parser's facts at the end.
struct ParseOutcome {
  std::string log;
  xfer::http::ParseState state = xfer::http::ParseState::kNeedMore;
  CURLcode code = CURLE_OK;
  std::size_t consumed = 0;
  bool keep_alive = false;
  int status = 0;
  int minor = 0;
  std::int64_t content_length = -1;
  std::int64_t body_bytes = 0;
  std::int64_t body_seen = 0;  // bytes on_body delivered
  std::int64_t chunk_data = 0;  // with raw chunks: the chunk data among them
  std::size_t header_bytes = 0;
  bool chunked = false;
};

// The choices a response's reader makes, taken from the input's first byte.
struct ParseSetup {
  bool head = false;
  bool http09 = false;
  bool ignore_length = false;
  bool eof = false;          // finish() once the input is used up
  bool raw_chunks = false;   // HTTP_TRANSFER_DECODING 0
  bool aliases = false;      // HTTP200ALIASES "ICY 200" and "SHOUT"
  int abort_after_lines = -1;

  static ParseSetup from_byte(unsigned char b, unsigned char abort_byte) {
    ParseSetup s;
    s.head = b & 1;
    s.http09 = b & 2;
    s.ignore_length = b & 4;
    s.eof = b & 8;
    s.raw_chunks = b & 16;
    s.aliases = b & 32;
    // Rarely: the engine refuses a line, which must stop the parse at the same line.
    if (b & 64) s.abort_after_lines = abort_byte % 16 + 1;
    return s;
  }
};

class LogEvents : public xfer::http::ResponseEvents {
 public:
  explicit LogEvents(const ParseSetup& setup) : setup_(setup), lines_left_(setup.abort_after_lines) {
    icy_.data = const_cast<char*>("ICY 200");
    icy_.next = &shout_;
    shout_.data = const_cast<char*>("SHOUT");
    shout_.next = nullptr;
  }
  std::string log;
  std::int64_t body_seen = 0;

  bool on_header_line(const xfer::http::HeaderLine& line) override {
    // The line is split as the header module splits it: its views stay inside raw.
    const char* begin = line.raw.data();
    const char* end = begin + line.raw.size();
    FUZZ_CHECK(line.name.empty() || (line.name.data() >= begin && line.name.data() + line.name.size() <= end));
    FUZZ_CHECK(line.value.empty() || (line.value.data() >= begin && line.value.data() + line.value.size() <= end));
    FUZZ_CHECK(!line.raw.empty() && line.raw.back() == '\n');
    log += "H[";
    log += line.raw;
    log += "]";
    in_body_ = false;
    return lines_left_ < 0 || --lines_left_ > 0;
  }
  bool on_headers_complete() override {
    log += "C;";
    in_body_ = false;
    return true;
  }
  bool on_body(const char* data, std::size_t len) override {
    if (!in_body_) log += "B:";
    log.append(data, len);
    body_seen += static_cast<std::int64_t>(len);
    in_body_ = true;
    return true;
  }
  const curl_slist* status_aliases() const override { return setup_.aliases ? &icy_ : nullptr; }
  bool wants_raw_chunks() const override { return setup_.raw_chunks; }
  // How llhttp cuts chunk data depends on the reads: only the total is the same.
  void on_chunk_data(std::size_t len) override { chunk_data += static_cast<std::int64_t>(len); }
  std::int64_t chunk_data = 0;

 private:
  ParseSetup setup_;
  int lines_left_;
  bool in_body_ = false;
  curl_slist icy_{}, shout_{};
};

// Feeds input in pieces that end at the given offsets (ascending, the last one its size).
inline ParseOutcome parse_in_pieces(std::string_view input, const std::vector<std::size_t>& ends,
                                    const ParseSetup& setup) {
  using xfer::http::ParseState;
  xfer::http::ResponseParser p;
  p.reset(setup.head, setup.http09, setup.ignore_length);
  LogEvents ev(setup);
  xfer::http::FeedResult r{ParseState::kNeedMore, 0, xfer::Status::ok()};
  std::size_t pos = 0;
  for (const std::size_t end : ends) {
    if (end <= pos) continue;
    r = p.feed(input.data() + pos, end - pos, ev);
    FUZZ_CHECK(r.consumed <= end - pos);
    pos += r.consumed;
    if (r.state != ParseState::kNeedMore) break;
    // Needing more means all that was offered was taken.
    FUZZ_CHECK(pos == end);
  }
  if (r.state == ParseState::kNeedMore && setup.eof) r = p.finish(ev);
  ParseOutcome o;
  o.log = std::move(ev.log);
  o.state = r.state;
  o.code = r.error.code;
  FUZZ_CHECK((r.state == ParseState::kError || r.state == ParseState::kAborted) == (r.error.code != CURLE_OK));
  o.consumed = pos;
  o.keep_alive = p.keep_alive();
  o.status = p.status_code();
  o.minor = p.http_minor();
  o.content_length = p.content_length();
  o.body_bytes = p.body_bytes();
  o.body_seen = ev.body_seen;
  o.chunk_data = ev.chunk_data;
  o.header_bytes = p.header_bytes();
  o.chunked = p.chunked();
  // A parser that has finished stays finished.
  if (r.state == ParseState::kComplete) {
    const char probe = 'x';
    FUZZ_CHECK(p.feed(&probe, 1, ev).consumed == 0);
  }
  return o;
}

// The facts every split must agree on, as the parser's unit tests hold them.
// With raw chunks, the bytes of a read go out once llhttp has taken them all, so a read
// that fails hands on none of its bytes (libcurl even hands on all of them): on an error,
// one log need only be the start of the other.
inline void check_same(const ParseOutcome& a, const ParseOutcome& b, bool raw_chunks = false) {
  using xfer::http::ParseState;
  if (raw_chunks && a.state == ParseState::kError && b.state == ParseState::kError) {
    const std::size_t n = std::min(a.log.size(), b.log.size());
    FUZZ_CHECK(a.log.compare(0, n, b.log, 0, n) == 0);
    FUZZ_CHECK(a.code == b.code);
    return;
  }
  FUZZ_CHECK(a.log == b.log);
  FUZZ_CHECK(a.state == b.state);
  FUZZ_CHECK(a.code == b.code);
  FUZZ_CHECK(a.keep_alive == b.keep_alive);
  FUZZ_CHECK(a.status == b.status);
  FUZZ_CHECK(a.body_bytes == b.body_bytes);
  FUZZ_CHECK(a.body_seen == b.body_seen);
  FUZZ_CHECK(a.chunk_data == b.chunk_data);
  if (a.state != ParseState::kError) {
    FUZZ_CHECK(a.consumed == b.consumed);
    FUZZ_CHECK(a.minor == b.minor);
    FUZZ_CHECK(a.content_length == b.content_length);
    FUZZ_CHECK(a.header_bytes == b.header_bytes);
  }
}

// Whole, byte by byte, and at every split point of a short input (else at a few taken from
// the seed); returns the whole run's outcome.
inline ParseOutcome parse_every_split(std::string_view input, const ParseSetup& setup, unsigned seed) {
  const ParseOutcome whole = parse_in_pieces(input, {input.size()}, setup);
  std::vector<std::size_t> ends;
  for (std::size_t i = 1; i <= input.size(); ++i) ends.push_back(i);
  check_same(whole, parse_in_pieces(input, ends, setup), setup.raw_chunks);
  if (input.size() <= 256) {
    for (std::size_t i = 1; i < input.size(); ++i) check_same(whole, parse_in_pieces(input, {i, input.size()}, setup), setup.raw_chunks);
  } else {
    // Irregular pieces: steps of 1 to 64 bytes from a small generator on the seed.
    unsigned x = seed * 2654435761u + 1;
    ends.clear();
    for (std::size_t at = 0; at < input.size();) {
      x = x * 1103515245u + 12345u;
      at = std::min(input.size(), at + 1 + (x >> 16) % 64);
      ends.push_back(at);
    }
    check_same(whole, parse_in_pieces(input, ends, setup), setup.raw_chunks);
  }
  return whole;
}

}  // namespace fuzz
