// Content-Encoding for test replies: gzip, zlib-wrapped and raw deflate, brotli and zstd of a
// whole body.
#pragma once

#include <string>
#include <string_view>

namespace xfer::test {

enum class BodyCoding { gzip, zlib, raw_deflate, brotli, zstd };

// The body compressed in one stream (one zstd frame); empty on a library failure (never
// expected for tests).
std::string encode_body(std::string_view body, BodyCoding coding);

}  // namespace xfer::test
