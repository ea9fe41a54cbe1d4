// Recognises an HTTP/1.1 request asking to upgrade to h2c and decodes its HTTP2-Settings.
#include "h2_upgrade.h"

#include <cstddef>
#include <cstdint>

namespace xfer::test {
namespace {

bool same_token(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Whether any field called `name` lists `token` (comma-separated, case-insensitive); a field
// may repeat, so every occurrence counts.
bool lists_token(const Request& r, std::string_view name, std::string_view token) {
  for (const auto& [n, v] : r.headers) {
    if (!same_token(n, name)) continue;
    std::string_view rest = v;
    // Bounded by the value's length: each round removes at least one character.
    while (!rest.empty()) {
      const std::size_t comma = rest.find(',');
      if (same_token(trim(rest.substr(0, comma)), token)) return true;
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  return false;
}

int base64url_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '-') return 62;
  if (c == '_') return 63;
  return -1;
}

}  // namespace

std::optional<std::string> decode_base64url(std::string_view text) {
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  // One leftover character carries 6 bits, less than a byte: no encoder produces that.
  if (text.size() % 4 == 1) return std::nullopt;
  std::string out;
  out.reserve(text.size() * 3 / 4);
  std::uint32_t bits = 0;
  int held = 0;
  for (char c : text) {
    const int v = base64url_value(c);
    if (v < 0) return std::nullopt;
    bits = (bits << 6) | static_cast<std::uint32_t>(v);
    held += 6;
    if (held >= 8) {
      held -= 8;
      out.push_back(static_cast<char>((bits >> held) & 0xff));
    }
  }
  return out;
}

std::optional<std::string> h2c_upgrade_settings(const Request& request) {
  if (!lists_token(request, "Upgrade", "h2c")) return std::nullopt;
  if (!lists_token(request, "Connection", "Upgrade") || !lists_token(request, "Connection", "HTTP2-Settings"))
    return std::nullopt;
  const std::string* settings = nullptr;
  for (const auto& [n, v] : request.headers) {
    if (!same_token(n, "HTTP2-Settings")) continue;
    if (settings) return std::nullopt;  // RFC 7540 §3.2.1: exactly one
    settings = &v;
  }
  if (!settings) return std::nullopt;
  auto payload = decode_base64url(trim(*settings));
  // A SETTINGS payload is a list of 6-byte entries.
  if (!payload || payload->size() % 6 != 0) return std::nullopt;
  return payload;
}

}  // namespace xfer::test
