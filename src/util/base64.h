// Base64 (RFC 4648, standard alphabet, '=' padding) on whole buffers, for auth headers.
#pragma once

#include <string>
#include <string_view>

namespace xfer {

// Appends the encoding of `in` to `out`, without line breaks.
void base64_encode(std::string_view in, std::string& out);

// Appends the bytes `in` encodes to `out`; false (out unspecified) when `in` is not
// padded base64 of the standard alphabet. An empty input decodes to nothing.
bool base64_decode(std::string_view in, std::string& out);

}  // namespace xfer
