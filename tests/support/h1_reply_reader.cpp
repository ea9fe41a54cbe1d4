// HTTP/1.x reply head and body framing, read back so the h2 peer can send them as frames.
#include "h1_reply_reader.h"

#include <algorithm>
#include <cctype>

namespace xfer::test {
namespace {

// The fields of RFC 9113 8.2.2 that mean nothing (and are malformed) in HTTP/2.
bool connection_specific(std::string_view name) {
  return name == "connection" || name == "keep-alive" || name == "proxy-connection" ||
         name == "transfer-encoding" || name == "upgrade";
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Where the head ends (just after its empty line), npos while incomplete.
std::size_t head_end(std::string_view data) {
  for (std::size_t at = data.find('\n'); at != std::string_view::npos; at = data.find('\n', at + 1)) {
    if (at + 1 < data.size() && data[at + 1] == '\n') return at + 2;
    if (at + 2 < data.size() && data[at + 1] == '\r' && data[at + 2] == '\n') return at + 3;
  }
  return std::string_view::npos;
}

}  // namespace

FieldList H1ReplyReader::parse_lines(std::string_view lines) {
  FieldList out;
  while (!lines.empty()) {
    std::size_t end = lines.find('\n');
    std::string_view line = lines.substr(0, end);
    lines = end == std::string_view::npos ? std::string_view() : lines.substr(end + 1);
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) continue;
    out.emplace_back(lower(trim(line.substr(0, colon))), std::string(trim(line.substr(colon + 1))));
  }
  return out;
}

bool H1ReplyReader::take_head(std::string_view head) {
  std::size_t eol = head.find('\n');
  std::string_view status_line = trim(head.substr(0, eol));
  // "HTTP/1.1 200 OK", or a statusline= alias such as "ICY 200 OK": the second word.
  std::size_t space = status_line.find(' ');
  if (space == std::string_view::npos) return false;
  std::string_view code = status_line.substr(space + 1, 3);
  if (code.size() != 3 || !std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return false;
  status_ = (code[0] - '0') * 100 + (code[1] - '0') * 10 + (code[2] - '0');
  if (status_ < 200) return true;  // interim: the next head is the real one
  bool chunked = false;
  bool has_length = false;
  std::size_t length = 0;
  for (auto& [name, value] : parse_lines(head.substr(eol + 1))) {
    if (name == "transfer-encoding") chunked = lower(value).find("chunked") != std::string::npos;
    if (name == "content-length" && !value.empty() &&
        std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      has_length = true;
      length = std::stoull(value);
    }
    if (!connection_specific(name)) fields_.emplace_back(std::move(name), std::move(value));
  }
  if (chunked) {
    phase_ = Phase::chunk_size;
  } else if (has_length) {
    left_ = length;
    phase_ = length == 0 ? Phase::done : Phase::length;
  } else {
    phase_ = Phase::until_end;
  }
  return true;
}

bool H1ReplyReader::next_line(std::string& line) {
  std::size_t end = pending_.find('\n');
  if (end == std::string::npos) return false;
  line.assign(trim(std::string_view(pending_).substr(0, end)));
  pending_.erase(0, end + 1);
  return true;
}

void H1ReplyReader::feed(std::string_view bytes, std::string& body) {
  pending_.append(bytes);
  std::string line;
  // Bounded: each round consumes input or changes phase towards done/failed.
  for (int rounds = 0; rounds < 1000000 && !pending_.empty(); ++rounds) {
    switch (phase_) {
      case Phase::head: {
        std::size_t end = head_end(pending_);
        if (end == std::string::npos) return;
        std::string head = pending_.substr(0, end);
        pending_.erase(0, end);
        if (!take_head(head)) phase_ = Phase::failed;
        break;
      }
      case Phase::length: {
        std::size_t n = std::min(left_, pending_.size());
        body.append(pending_, 0, n);
        pending_.erase(0, n);
        left_ -= n;
        if (left_ == 0) phase_ = Phase::done;
        break;
      }
      case Phase::chunk_size:
        if (!next_line(line)) return;
        if (line.empty() || !std::isxdigit(static_cast<unsigned char>(line[0]))) {
          phase_ = Phase::failed;
          break;
        }
        left_ = std::stoull(line, nullptr, 16);
        phase_ = left_ == 0 ? Phase::chunk_trailer : Phase::chunk_data;
        break;
      case Phase::chunk_data: {
        std::size_t n = std::min(left_, pending_.size());
        body.append(pending_, 0, n);
        pending_.erase(0, n);
        left_ -= n;
        if (left_ == 0) phase_ = Phase::chunk_end;
        break;
      }
      case Phase::chunk_end:
        if (!next_line(line)) return;
        phase_ = Phase::chunk_size;
        break;
      case Phase::chunk_trailer:
        if (!next_line(line)) return;
        if (line.empty()) {
          phase_ = Phase::done;
          break;
        }
        for (auto& field : parse_lines(line)) trailers_.push_back(std::move(field));
        break;
      case Phase::until_end:
        body.append(pending_);
        pending_.clear();
        break;
      case Phase::done:
      case Phase::failed:
        pending_.clear();  // bytes after the framed body have no place on h2
        return;
    }
  }
}

}  // namespace xfer::test
