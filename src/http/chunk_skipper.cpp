// The chunked-body end finder: a byte-at-a-time state machine, no copy of the data.
#include "http/chunk_skipper.h"

#include "util/ascii.h"

namespace xfer::http {

std::size_t ChunkSkipper::feed(const char* data, std::size_t len) {
  std::size_t i = 0;
  while (i < len && state_ != State::kDone && state_ != State::kBad) {
    if (state_ == State::kData) {
      // Chunk data is skipped in one go: its length is known.
      const std::uint64_t n = remaining_ < len - i ? remaining_ : len - i;
      i += static_cast<std::size_t>(n);
      remaining_ -= n;
      if (remaining_ == 0) state_ = State::kDataEnd;
      continue;
    }
    state_ = step(data[i++]);
  }
  return i;
}

ChunkSkipper::State ChunkSkipper::step(char c) {
  switch (state_) {
    case State::kSize: {
      const int v = ascii_hex_value(c);
      if (v >= 0) {
        // More than 16 hex digits cannot be a size anyone sends.
        if (remaining_ >> 60) return State::kBad;
        remaining_ = remaining_ * 16 + static_cast<unsigned>(v);
        digits_ = true;
        return State::kSize;
      }
      if (!digits_) return State::kBad;
      if (c == '\n') break;
      return State::kExtension;  // ';' extensions, blanks, the CR
    }
    case State::kExtension:
      if (c == '\n') break;
      return State::kExtension;
    case State::kDataEnd:
      // The CRLF after the data; a bare LF is taken too.
      if (c == '\r') return State::kDataEnd;
      if (c != '\n') return State::kBad;
      digits_ = false;
      return State::kSize;
    case State::kTrailer:
      if (c == '\r') return State::kLastLf;
      if (c == '\n') return State::kDone;
      return State::kTrailerLine;
    case State::kTrailerLine:
      return c == '\n' ? State::kTrailer : State::kTrailerLine;
    case State::kLastLf:
      return c == '\n' ? State::kDone : State::kBad;
    default:
      return state_;
  }
  // The size line ended: the last chunk has size 0.
  digits_ = false;
  return remaining_ == 0 ? State::kTrailer : State::kData;
}

}  // namespace xfer::http
