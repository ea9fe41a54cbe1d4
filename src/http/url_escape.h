// Percent-encoding as libcurl's escape functions and URL API apply it.
#pragma once

#include <string>
#include <string_view>

namespace xfer::http {

// Appends "%XX" for byte c (lowercase hex digits unless upper).
inline void append_percent(std::string& out, unsigned char c, bool upper = false) {
  const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  out.push_back('%');
  out.push_back(digits[c >> 4]);
  out.push_back(digits[c & 15]);
}

// RFC 3986 unreserved bytes (ALPHA, DIGIT, "-._~") pass; every other byte becomes %XX
// with uppercase hex, as curl_easy_escape produces.
std::string escape_unreserved(std::string_view text);

// Decodes every valid %XX; a '%' not followed by two hex digits stays literally.
std::string unescape_all(std::string_view text);

// For CURLU_URLDECODE gets: false when decoding would produce a control byte (< 0x20),
// which libcurl refuses with CURLUE_URLDECODE.
bool unescape_no_controls(std::string_view text, std::string& out);

bool is_unreserved(unsigned char c);
int hex_digit_value(char c);

}  // namespace xfer::http
