// The NTLM DES key schedule's first step, the same for every crypto backend.
#include "util/legacy_crypto.h"

#include <bit>

namespace xfer {

// Seven key bits per output byte, the low bit of each byte then set so that the byte has
// an odd number of ones (DES ignores that bit, but this is the key NTLM defines).
std::array<std::uint8_t, 8> des_key_from_56(std::span<const std::uint8_t, 7> k) {
  std::array<std::uint8_t, 8> out{};
  out[0] = k[0];
  for (std::size_t i = 1; i < 7; ++i)
    out[i] = static_cast<std::uint8_t>((k[i - 1] << (8 - i)) | (k[i] >> i));
  out[7] = static_cast<std::uint8_t>(k[6] << 1);
  for (auto& b : out) {
    auto v = static_cast<std::uint8_t>(b & 0xfe);
    b = static_cast<std::uint8_t>(v | (std::popcount(v) % 2 == 0 ? 1 : 0));
  }
  return out;
}

}  // namespace xfer
