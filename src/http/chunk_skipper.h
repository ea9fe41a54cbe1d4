// Finds where a chunked body ends without keeping any of it: what a CONNECT's 407 answer
// needs so that its connection can carry the next CONNECT.
#pragma once

#include <cstddef>
#include <cstdint>

namespace xfer::http {

// Fed the bytes after a header block, says how many of them belong to the chunked body;
// the body ends after the last chunk and its trailer section.
class ChunkSkipper {
 public:
  enum class State : std::uint8_t {
    kSize,        // hex digits of a chunk size
    kExtension,   // after the size: extensions up to the line's end
    kData,        // the chunk's bytes
    kDataEnd,     // the CRLF after them
    kTrailer,     // the start of a trailer line (or of the final blank line)
    kTrailerLine, // inside a trailer line
    kLastLf,      // the CR of the final blank line seen
    kDone,
    kBad,         // not chunked framing: the body's end cannot be known
  };

  // Consumes bytes of `data` up to the body's end; returns how many were used (fewer
  // than len only once done() or bad()).
  std::size_t feed(const char* data, std::size_t len);
  bool done() const { return state_ == State::kDone; }
  bool bad() const { return state_ == State::kBad; }

 private:
  State step(char c);  // one byte outside chunk data

  State state_ = State::kSize;
  bool digits_ = false;        // the size line has at least one hex digit
  std::uint64_t remaining_ = 0;
};

}  // namespace xfer::http
