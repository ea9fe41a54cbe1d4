// The chunked-body end finder: ChunkDecoder with nothing handed out.
#include "http/chunk_skipper.h"

namespace xfer::http {

std::size_t ChunkSkipper::feed(const char* data, std::size_t len) {
  std::size_t used = 0;
  last_ = decoder_.feed(data, len, nullptr, used);
  return used;
}

}  // namespace xfer::http
