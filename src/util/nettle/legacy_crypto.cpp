// MD4, DES and HMAC-MD5 for NTLM through nettle (the GnuTLS build): always present there.
#include "util/legacy_crypto.h"

#include <nettle/des.h>
#include <nettle/hmac.h>
#include <nettle/md4.h>

namespace xfer {

bool legacy_crypto_available() { return true; }

std::optional<std::array<std::uint8_t, 16>> md4(std::string_view data) {
  md4_ctx ctx;
  md4_init(&ctx);
  md4_update(&ctx, data.size(), reinterpret_cast<const std::uint8_t*>(data.data()));
  std::array<std::uint8_t, 16> out{};
  md4_digest(&ctx, out.size(), out.data());
  return out;
}

std::optional<std::array<std::uint8_t, 8>> des_ecb_encrypt(
    std::span<const std::uint8_t, 7> key56, std::span<const std::uint8_t, 8> block) {
  const std::array<std::uint8_t, 8> key = des_key_from_56(key56);
  des_ctx ctx;
  // des_set_key answers 0 for the weak keys too; NTLM uses whatever key the hash gives.
  des_set_key(&ctx, key.data());
  std::array<std::uint8_t, 8> out{};
  des_encrypt(&ctx, out.size(), out.data(), block.data());
  return out;
}

std::optional<std::array<std::uint8_t, 16>> hmac_md5(std::string_view key,
                                                      std::string_view data) {
  hmac_md5_ctx ctx;
  hmac_md5_set_key(&ctx, key.size(), reinterpret_cast<const std::uint8_t*>(key.data()));
  hmac_md5_update(&ctx, data.size(), reinterpret_cast<const std::uint8_t*>(data.data()));
  std::array<std::uint8_t, 16> out{};
  hmac_md5_digest(&ctx, out.size(), out.data());
  return out;
}

}  // namespace xfer
