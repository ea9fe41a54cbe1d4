// BodySource: where a request body's bytes come from (memory, a read callback, a MIME tree).
#pragma once

#include <cstddef>
#include <cstdint>

#include "util/status.h"

namespace xfer::http {

enum class ReadStatus : std::uint8_t {
  kData,   // n bytes were written to the buffer (n > 0)
  kEof,    // the body is complete (n == 0)
  kPause,  // the source asked to pause (CURL_READFUNC_PAUSE); try again after unpause
  kAbort,  // the application aborted (CURL_READFUNC_ABORT) -> CURLE_ABORTED_BY_CALLBACK
  kError,  // any other failure; `error` says which CURLcode
};

struct ReadResult {
  std::size_t n = 0;
  ReadStatus status = ReadStatus::kEof;
  Status error;
};

class BodySource {
 public:
  virtual ~BodySource() = default;
  // Copies at most cap bytes into buf. Never blocks.
  virtual ReadResult read(char* buf, std::size_t cap) = 0;
  // Total size in bytes, or -1 when unknown (the body then goes out chunked on HTTP/1.1).
  virtual std::int64_t size() const = 0;
  // Back to the first byte, for a retry or a redirect that resends the body; false if the
  // source cannot rewind (CURLE_SEND_FAIL_REWIND).
  virtual bool rewind() = 0;
};

}  // namespace xfer::http
