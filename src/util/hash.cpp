// Hex text of digests; the digests themselves come from the crypto backend (util/openssl, util/nettle).
#include "util/hash.h"

namespace xfer {

void append_hex(std::string& out, std::string_view raw) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.reserve(out.size() + raw.size() * 2);
  for (char c : raw) {
    auto b = static_cast<unsigned char>(c);
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
}

std::string to_hex(std::string_view raw) {
  std::string out;
  append_hex(out, raw);
  return out;
}

std::string to_hex_colons(std::string_view raw) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(raw.size() * 3);
  for (char c : raw) {
    auto b = static_cast<unsigned char>(c);
    out += kHex[b >> 4];
    out += kHex[b & 15];
    out += ':';
  }
  return out;
}

}  // namespace xfer
