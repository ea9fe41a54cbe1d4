// Finds where a chunked body ends without keeping any of it: what a CONNECT's 407 answer
// needs so that its connection can carry the next CONNECT.
#pragma once

#include <cstddef>

#include "http/chunk_decoder.h"

namespace xfer::http {

// Fed the bytes after a header block, says how many of them belong to the chunked body;
// the body ends after the last chunk and its trailer section. The framing is read as the
// response parser reads it (ChunkDecoder), so both find the same end.
class ChunkSkipper {
 public:
  // Consumes bytes of `data` up to the body's end; returns how many were used (fewer
  // than len only once done() or bad()).
  std::size_t feed(const char* data, std::size_t len);
  bool done() const { return last_ == ChunkDecoder::Result::kDone; }
  // Not chunked framing (or trailers past their bounds): the body's end cannot be known.
  bool bad() const { return !done() && last_ != ChunkDecoder::Result::kMore; }

 private:
  ChunkDecoder decoder_;
  ChunkDecoder::Result last_ = ChunkDecoder::Result::kMore;
};

}  // namespace xfer::http
