// The chunked-framing reader: a small state machine; chunk data and size-line tails are skipped in runs.
#include "http/chunk_decoder.h"

#include <cstdint>
#include <cstring>

#include "util/ascii.h"

namespace xfer::http {

namespace {

// libcurl 7.88 reads at most 16 hex digits of a chunk size, leading zeros included, and
// refuses a value its signed 64-bit size cannot hold.
constexpr int kMaxDigits = 16;
constexpr std::uint64_t kMaxSize = INT64_MAX;

}  // namespace

ChunkDecoder::Result ChunkDecoder::feed(const char* data, std::size_t len, Sink* sink, std::size_t& used) {
  std::size_t i = 0;
  while (i < len) {
    switch (state_) {
      case State::kSize: {
        const int v = ascii_hex_value(data[i]);
        if (v >= 0) {
          if (++digits_ > kMaxDigits) return fail(Result::kLongSize, i, used);
          left_ = left_ * 16 + static_cast<unsigned>(v);
          ++i;
          break;
        }
        if (digits_ == 0 || left_ > kMaxSize) return fail(Result::kBadSize, i, used);
        state_ = State::kSizeEnd;  // this byte is the tail's first
        break;
      }
      case State::kSizeEnd: {
        const void* lf = std::memchr(data + i, '\n', len - i);
        if (!lf) {
          i = len;
          break;
        }
        i = static_cast<std::size_t>(static_cast<const char*>(lf) - data) + 1;
        digits_ = 0;
        if (left_ > 0) {
          state_ = State::kData;
        } else {
          state_ = State::kLineStart;
          section_ = 0;
        }
        break;
      }
      case State::kData: {
        const std::size_t n = left_ < len - i ? static_cast<std::size_t>(left_) : len - i;
        const char* piece = data + i;
        i += n;
        left_ -= n;
        if (left_ == 0) state_ = State::kDataEnd;
        if (sink && !sink->chunk_data(piece, n)) {
          used = i;
          return Result::kStopped;
        }
        break;
      }
      case State::kDataEnd:
        if (data[i] == '\n') state_ = State::kSize;
        else if (data[i] != '\r') return fail(Result::kMalformed, i, used);
        ++i;
        break;
      case State::kLineStart:
        if (data[i] != '\r' && data[i] != '\n') {
          state_ = State::kTrailer;
          line_ = 0;
          break;
        }
        if (++section_ > kMaxTrailerSection) return fail(Result::kBigTrailers, i, used);
        if (data[i++] == '\r') {
          state_ = State::kLastLf;
          break;
        }
        state_ = State::kDone;
        used = i;
        return Result::kDone;
      case State::kTrailer: {
        // The line's bytes up to its first CR or LF, each within both bounds (the line's
        // checked first, so a split never changes which one fails).
        std::size_t end = i;
        while (end < len && data[end] != '\r' && data[end] != '\n') ++end;
        const std::size_t n = end - i;
        const std::size_t line_room = kMaxTrailerLine - line_;
        const std::size_t section_room = kMaxTrailerSection - section_;
        if (n > line_room && line_room <= section_room) return fail(Result::kLongTrailer, i + line_room, used);
        if (n > section_room) return fail(Result::kBigTrailers, i + section_room, used);
        line_ += n;
        section_ += n;
        if (n > 0 && sink && !sink->trailer_part(data + i, n)) {
          used = end;
          return Result::kStopped;
        }
        i = end;
        if (i == len) break;
        if (++section_ > kMaxTrailerSection) return fail(Result::kBigTrailers, i, used);
        state_ = data[i++] == '\r' ? State::kTrailerLf : State::kLineStart;
        if (sink && !sink->trailer_end()) {
          used = i;
          return Result::kStopped;
        }
        break;
      }
      case State::kTrailerLf:
      case State::kLastLf:
        if (data[i] != '\n') return fail(Result::kMalformed, i, used);
        if (++section_ > kMaxTrailerSection) return fail(Result::kBigTrailers, i, used);
        ++i;
        if (state_ == State::kTrailerLf) {
          state_ = State::kLineStart;
          break;
        }
        state_ = State::kDone;
        used = i;
        return Result::kDone;
      case State::kDone:
        used = 0;
        return Result::kDone;
      case State::kFailed:
        used = 0;
        return failure_;
    }
  }
  used = len;
  if (state_ == State::kDone) return Result::kDone;
  if (state_ == State::kFailed) return failure_;
  return Result::kMore;
}

}  // namespace xfer::http
