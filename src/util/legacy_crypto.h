// MD4, single-block DES-ECB and HMAC-MD5 through OpenSSL 3, for NTLM; MD4 and DES live in
// OpenSSL's "legacy" provider, loaded into a private library context.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace xfer {

// True when the private context has the legacy provider (MD4, DES) and HMAC-MD5. The
// default OpenSSL context is never touched, so an application's own provider setup and
// ours stay independent. Every function below returns nullopt when this is false.
bool legacy_crypto_available();

std::optional<std::array<std::uint8_t, 16>> md4(std::string_view data);

// Encrypts one 8-byte block with DES-ECB under a 56-bit key given as 7 bytes; the key is
// spread over 8 bytes (7 bits each) and given odd parity first, as NTLM prescribes.
std::optional<std::array<std::uint8_t, 8>> des_ecb_encrypt(
    std::span<const std::uint8_t, 7> key56, std::span<const std::uint8_t, 8> block);

std::optional<std::array<std::uint8_t, 16>> hmac_md5(std::string_view key,
                                                      std::string_view data);

}  // namespace xfer
