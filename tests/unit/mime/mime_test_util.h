// Helpers for the MIME tests: drain a BodySource, fixed boundaries.
#pragma once

#include <string>

#include "http/body_source.h"
#include "http/mime.h"

namespace xfer::test {

inline std::string boundary_of(char fill) { return std::string(24, '-') + std::string(16, fill); }

// Reads the whole source in steps of `step` bytes; stops at the first non-data status.
inline std::string drain(http::BodySource& src, std::size_t step = 4096,
                         http::ReadStatus* last = nullptr) {
  std::string out;
  std::string buf(step, '\0');
  for (int guard = 0; guard < 1000000; ++guard) {
    http::ReadResult r = src.read(buf.data(), step);
    if (r.status != http::ReadStatus::kData) {
      if (last) *last = r.status;
      break;
    }
    out.append(buf.data(), r.n);
  }
  return out;
}

}  // namespace xfer::test
