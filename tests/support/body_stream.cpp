// Body generation: raw or chunked framing over a literal or the a..z pattern.
#include "body_stream.h"

#include <algorithm>
#include <cstdio>

namespace xfer::test {

BodyStream::BodyStream(Body body)
    : body_(std::move(body)),
      total_(body_.use_pattern ? body_.pattern_size : body_.literal.size()) {}

void BodyStream::append_body(std::string& out, std::size_t n) {
  if (!body_.use_pattern) {
    out.append(body_.literal, offset_, n);
  } else {
    for (std::size_t i = 0; i < n; ++i) out.push_back(static_cast<char>('a' + (body_.pattern_offset + offset_ + i) % 26));
  }
  offset_ += n;
}

void BodyStream::produce(std::string& out, std::size_t max) {
  std::size_t limit = out.size() + std::max<std::size_t>(max, 1);
  while (!done_ && out.size() < limit) {
    std::size_t room = limit - out.size();
    if (body_.chunk == 0) {
      std::size_t n = std::min(total_ - offset_, room);
      append_body(out, n);
      done_ = offset_ == total_;
      continue;
    }
    if (chunk_left_ == 0) {
      if (offset_ == total_) {
        out += "0\r\n";
        out += body_.trailer;
        out += "\r\n";
        done_ = true;
        break;
      }
      chunk_left_ = std::min(body_.chunk, total_ - offset_);
      char size_line[32];
      int len = std::snprintf(size_line, sizeof size_line, "%zx\r\n", chunk_left_);
      out.append(size_line, static_cast<std::size_t>(len));
      continue;
    }
    std::size_t n = std::min(chunk_left_, room);
    append_body(out, n);
    chunk_left_ -= n;
    if (chunk_left_ == 0) out += "\r\n";
  }
}

}  // namespace xfer::test
