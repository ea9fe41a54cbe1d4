// BodySource: where a request body's bytes come from (memory, a read callback, a MIME tree).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

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

// A body already in memory, for the paths that stream (chunked framing): the bytes are
// borrowed and must outlive the source.
class MemorySource final : public BodySource {
 public:
  MemorySource(const char* data, std::size_t size) : data_(data), size_(size) {}
  ReadResult read(char* buf, std::size_t cap) override {
    const std::size_t n = size_ - off_ < cap ? size_ - off_ : cap;
    if (n == 0) return {0, ReadStatus::kEof, Status::ok()};
    std::memcpy(buf, data_ + off_, n);
    off_ += n;
    return {n, ReadStatus::kData, Status::ok()};
  }
  std::int64_t size() const override { return static_cast<std::int64_t>(size_); }
  bool rewind() override {
    off_ = 0;
    return true;
  }

 private:
  const char* data_;
  std::size_t size_;
  std::size_t off_ = 0;
};

}  // namespace xfer::http
