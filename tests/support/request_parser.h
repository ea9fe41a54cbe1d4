// An incremental HTTP/1.x request reader over a growing buffer: head, then a length or chunked body.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "steps.h"

namespace xfer::test {

class RequestParser {
 public:
  enum class Result { need_more, head_done, complete, error };

  // Parses from the start of `buf`, which grows between calls and is never trimmed while
  // a request is in progress. Returns head_done once, when the headers are in.
  Result advance(std::string_view buf);
  // Ends the request after its head, leaving any body bytes unread.
  void skip_body();
  // Takes the next n bytes after the head as the body, framing headers ignored.
  void read_raw(std::size_t n);
  // Bytes of `buf` the finished request occupies; valid after complete.
  std::size_t consumed() const { return pos_; }
  Request& request() { return req_; }
  void reset();

 private:
  enum class State { request_line, header_line, body_length, chunk_size, chunk_data,
                     chunk_data_end, trailer_line, head_reported, complete, error };

  // Each returns false when it needs more input.
  bool step_request_line(std::string_view buf);
  bool step_header_line(std::string_view buf);
  bool step_body_length(std::string_view buf);
  bool step_chunk_size(std::string_view buf);
  bool step_chunk_data(std::string_view buf);
  bool step_chunk_data_end(std::string_view buf);
  bool step_trailer_line(std::string_view buf);

  bool take_line(std::string_view buf, std::string_view& line);
  void begin_body();

  State state_ = State::request_line;
  State after_head_ = State::complete;
  std::size_t pos_ = 0;
  std::size_t remaining_ = 0;
  Request req_;
};

}  // namespace xfer::test
