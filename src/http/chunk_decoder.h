// ChunkDecoder: chunked framing read by libcurl 7.88's rules, for the response parser and ChunkSkipper alike.
#pragma once

#include <cstddef>
#include <cstdint>

namespace xfer::http {

// libcurl 7.88 keeps one trailer line at a time in a 4 KiB buffer, with the CRLF it appends
// and a NUL: a longer line fails as "Out of memory in chunked-encoding". It has no bound on
// a whole trailer section; xfer takes the header section's (300 KiB), or a section that
// never ends would keep a transfer reading forever.
inline constexpr std::size_t kMaxTrailerLine = 4096 - 3;  // the line without its terminator
inline constexpr std::size_t kMaxTrailerSection = 300 * 1024;

// Reads a chunked body byte by byte, except chunk data, which goes out as pieces of the
// input (no copy). The rules are libcurl 7.88's, so that where a body ends and whether it
// fails never depends on how reads split it:
// - a size line is 1 to 16 hex digits, below 2^63, then anything up to its LF (extensions,
//   blanks, CRs: all skipped);
// - after a chunk's data come any number of CRs and an LF;
// - after the last chunk (size 0), trailer lines up to a blank line: a line ends at its
//   first CR or LF, and a CR must be followed by an LF (the blank line's too).
class ChunkDecoder {
 public:
  enum class Result : std::uint8_t {
    kMore,         // every byte offered was taken; the body goes on
    kDone,         // the body ended; `used` counts its last byte
    kStopped,      // a Sink call returned false; `used` counts what it was given
    kBadSize,      // no hex digit where a size starts, or a size of 2^63 or more
    kLongSize,     // a 17th hex digit
    kMalformed,    // after chunk data, a byte neither CR nor LF; in trailers, a CR without LF
    kLongTrailer,  // a trailer line above kMaxTrailerLine
    kBigTrailers,  // a trailer section above kMaxTrailerSection
  };

  // What the decoder hands out. A trailer line comes in parts (its bytes before the
  // terminator, in as many pieces as the reads cut it), then trailer_end().
  class Sink {
   public:
    virtual bool chunk_data(const char* data, std::size_t len) = 0;
    virtual bool trailer_part(const char* data, std::size_t len) = 0;
    virtual bool trailer_end() = 0;

   protected:
    ~Sink() = default;
  };

  // Reads from data[0, len); `used` is how far it got (on a failure, up to the byte at
  // fault). A null sink is told nothing. Once done or failed, takes nothing more.
  Result feed(const char* data, std::size_t len, Sink* sink, std::size_t& used);

 private:
  enum class State : std::uint8_t {
    kSize,       // hex digits
    kSizeEnd,    // the rest of the size line, up to its LF
    kData,       // the chunk's bytes
    kDataEnd,    // CRs and the LF after them
    kLineStart,  // the start of a trailer line or of the blank line
    kTrailer,    // inside a trailer line
    kTrailerLf,  // a trailer line's CR was read: its LF must follow
    kLastLf,     // the blank line's CR was read: its LF must follow
    kDone,
    kFailed,
  };
  Result fail(Result why, std::size_t at, std::size_t& used) {
    state_ = State::kFailed;
    failure_ = why;
    used = at;
    return why;
  }

  State state_ = State::kSize;
  Result failure_ = Result::kMore;
  int digits_ = 0;             // of the size being read
  std::uint64_t left_ = 0;     // the size being read, then the chunk bytes still to come
  std::size_t line_ = 0;       // bytes of the trailer line being read
  std::size_t section_ = 0;    // bytes of the trailer section so far, terminators included
};

}  // namespace xfer::http
