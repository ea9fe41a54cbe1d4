// Percent-encoding helpers shared by curl_easy_escape and the URL handle.
#include "http/url_escape.h"

namespace xfer::http {

bool is_unreserved(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '-' || c == '.' || c == '_' || c == '~';
}

int hex_digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string escape_unreserved(std::string_view text) {
  std::string out;
  out.reserve(text.size() * 3);
  for (unsigned char c : text) {
    if (is_unreserved(c)) {
      out.push_back(static_cast<char>(c));
    } else {
      append_percent(out, c, true);
    }
  }
  return out;
}

namespace {

// Decodes one escape at text[i] when there is one; returns -1 otherwise.
int escape_at(std::string_view text, std::size_t i) {
  if (text[i] != '%' || i + 2 >= text.size()) return -1;
  int hi = hex_digit_value(text[i + 1]);
  int lo = hex_digit_value(text[i + 2]);
  if (hi < 0 || lo < 0) return -1;
  return hi * 16 + lo;
}

}  // namespace

std::string unescape_all(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    int v = escape_at(text, i);
    if (v >= 0) {
      out.push_back(static_cast<char>(v));
      i += 2;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

bool unescape_no_controls(std::string_view text, std::string& out) {
  out = unescape_all(text);
  for (unsigned char c : out)
    if (c < 0x20) return false;
  return true;
}

}  // namespace xfer::http
