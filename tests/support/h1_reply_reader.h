// Reads the HTTP/1.x reply bytes a Handler produced and splits them into h2 fields and body bytes.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace xfer::test {

using FieldList = std::vector<std::pair<std::string, std::string>>;

// The h2 peer answers with the same Reply steps as an h1 connection; their Send bytes hold
// an HTTP/1.x response. This turns them into what HEADERS and DATA carry: the status, the
// fields (names lower-cased, hop-by-hop ones dropped) and the body with its framing
// (Content-Length, chunked, or up to the end of the reply) taken off. Interim (1xx) heads
// are skipped: h2 does not send them here.
class H1ReplyReader {
 public:
  // Appends body bytes to `body`; the head, once complete, is available through head_ready().
  void feed(std::string_view bytes, std::string& body);

  bool head_ready() const { return phase_ != Phase::head && phase_ != Phase::failed; }
  bool failed() const { return phase_ == Phase::failed; }
  // The framing said the body is over (a Content-Length reached, the last chunk read).
  bool body_done() const { return phase_ == Phase::done; }
  int status() const { return status_; }
  const FieldList& fields() const { return fields_; }
  // Trailer fields of a chunked body.
  const FieldList& trailers() const { return trailers_; }

  // "Name: value" lines (CRLF or LF ends) as fields: names lower-cased, values trimmed.
  static FieldList parse_lines(std::string_view lines);

 private:
  enum class Phase { head, length, chunk_size, chunk_data, chunk_end, chunk_trailer, until_end, done, failed };

  // Parses a complete head (status line and fields); false when it makes no sense.
  bool take_head(std::string_view head);
  // Takes one line off the front of pending_ (without its end); false when none is complete.
  bool next_line(std::string& line);

  Phase phase_ = Phase::head;
  std::string pending_;  // bytes not yet consumed (a partial head, chunk line or trailer)
  int status_ = 0;
  FieldList fields_;
  FieldList trailers_;
  std::size_t left_ = 0;  // body bytes still due (length) or in this chunk
};

}  // namespace xfer::test
