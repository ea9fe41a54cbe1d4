// Content-Encoding for test replies: gzip, zlib-wrapped and raw deflate of a whole body.
#pragma once

#include <string>
#include <string_view>

namespace xfer::test {

enum class BodyCoding { gzip, zlib, raw_deflate };

// The body compressed in one stream; empty on a zlib failure (never expected for tests).
std::string encode_body(std::string_view body, BodyCoding coding);

}  // namespace xfer::test
