// The request reader's states; tolerant of bare LF, strict about sizes.
#include "request_parser.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace xfer::test {
namespace {

// Headers bigger than this are a broken client, not a test we want to wait for.
constexpr std::size_t max_line = 64 * 1024;

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool contains_token(std::string_view list, std::string_view token) {
  while (!list.empty()) {
    auto comma = list.find(',');
    if (iequals(trim(list.substr(0, comma)), token)) return true;
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return false;
}

}  // namespace

std::string_view Request::header(std::string_view name) const {
  for (const auto& [key, value] : headers)
    if (iequals(key, name)) return value;
  return {};
}

void RequestParser::reset() {
  state_ = State::request_line;
  after_head_ = State::complete;
  pos_ = 0;
  remaining_ = 0;
  req_ = Request{};
}

bool RequestParser::take_line(std::string_view buf, std::string_view& line) {
  auto lf = buf.find('\n', pos_);
  if (lf == std::string_view::npos) {
    if (buf.size() - pos_ > max_line) state_ = State::error;
    return false;
  }
  line = buf.substr(pos_, lf - pos_);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  pos_ = lf + 1;
  return true;
}

RequestParser::Result RequestParser::advance(std::string_view buf) {
  for (;;) {
    bool progressed = false;
    switch (state_) {
      case State::request_line: progressed = step_request_line(buf); break;
      case State::header_line: progressed = step_header_line(buf); break;
      case State::head_reported:
        state_ = after_head_;
        progressed = true;
        break;
      case State::body_length: progressed = step_body_length(buf); break;
      case State::chunk_size: progressed = step_chunk_size(buf); break;
      case State::chunk_data: progressed = step_chunk_data(buf); break;
      case State::chunk_data_end: progressed = step_chunk_data_end(buf); break;
      case State::trailer_line: progressed = step_trailer_line(buf); break;
      case State::complete:
        req_.raw.assign(buf.substr(0, pos_));
        return Result::complete;
      case State::error: return Result::error;
    }
    if (state_ == State::head_reported) return Result::head_done;
    if (!progressed) return state_ == State::error ? Result::error : Result::need_more;
  }
}

void RequestParser::skip_body() {
  req_.body_skipped = true;
  after_head_ = State::complete;
  if (state_ != State::head_reported) state_ = State::complete;
}

void RequestParser::read_raw(std::size_t n) {
  remaining_ = n;
  after_head_ = n > 0 ? State::body_length : State::complete;
  if (state_ != State::head_reported) state_ = after_head_;
}

bool RequestParser::step_request_line(std::string_view buf) {
  std::string_view line;
  if (!take_line(buf, line)) return false;
  if (line.empty()) return true;  // stray CRLF between pipelined requests is allowed
  // A PROXY protocol v1 line (CURLOPT_HAPROXYPROTOCOL) opens a connection: it belongs to
  // the first request's raw bytes, and the request line follows.
  if (line.substr(0, 6) == "PROXY ") return true;
  auto sp1 = line.find(' ');
  auto sp2 = line.rfind(' ');
  if (sp1 == std::string_view::npos || sp2 == sp1) {
    state_ = State::error;
    return false;
  }
  req_.method = line.substr(0, sp1);
  req_.target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  req_.version = line.substr(sp2 + 1);
  state_ = State::header_line;
  return true;
}

bool RequestParser::step_header_line(std::string_view buf) {
  std::string_view line;
  if (!take_line(buf, line)) return false;
  if (line.empty()) {
    begin_body();
    return true;
  }
  auto colon = line.find(':');
  if (colon == std::string_view::npos) {
    state_ = State::error;
    return false;
  }
  req_.headers.emplace_back(std::string(trim(line.substr(0, colon))),
                            std::string(trim(line.substr(colon + 1))));
  return true;
}

void RequestParser::begin_body() {
  state_ = State::head_reported;
  if (contains_token(req_.header("Transfer-Encoding"), "chunked")) {
    after_head_ = State::chunk_size;
    return;
  }
  auto length = trim(req_.header("Content-Length"));
  std::size_t n = 0;
  if (!length.empty()) {
    auto [end, ec] = std::from_chars(length.data(), length.data() + length.size(), n);
    if (ec != std::errc() || end != length.data() + length.size()) {
      after_head_ = State::error;
      return;
    }
  }
  remaining_ = n;
  after_head_ = n > 0 ? State::body_length : State::complete;
}

bool RequestParser::step_body_length(std::string_view buf) {
  std::size_t take = std::min(remaining_, buf.size() - pos_);
  if (take == 0) return false;
  req_.body.append(buf.substr(pos_, take));
  pos_ += take;
  remaining_ -= take;
  if (remaining_ == 0) state_ = State::complete;
  return true;
}

bool RequestParser::step_chunk_size(std::string_view buf) {
  std::string_view line;
  if (!take_line(buf, line)) return false;
  auto digits = trim(line.substr(0, line.find(';')));
  std::size_t n = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n, 16);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size()) {
    state_ = State::error;
    return false;
  }
  remaining_ = n;
  state_ = n > 0 ? State::chunk_data : State::trailer_line;
  return true;
}

bool RequestParser::step_chunk_data(std::string_view buf) {
  std::size_t take = std::min(remaining_, buf.size() - pos_);
  if (take == 0) return false;
  req_.body.append(buf.substr(pos_, take));
  pos_ += take;
  remaining_ -= take;
  if (remaining_ == 0) state_ = State::chunk_data_end;
  return true;
}

bool RequestParser::step_chunk_data_end(std::string_view buf) {
  std::string_view line;
  if (!take_line(buf, line)) return false;
  if (!line.empty()) {
    state_ = State::error;
    return false;
  }
  state_ = State::chunk_size;
  return true;
}

bool RequestParser::step_trailer_line(std::string_view buf) {
  std::string_view line;
  if (!take_line(buf, line)) return false;
  if (line.empty()) state_ = State::complete;
  return true;
}

}  // namespace xfer::test
