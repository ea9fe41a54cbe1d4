// MD4, single-block DES-ECB and HMAC-MD5 for NTLM, from the build's crypto backend (OpenSSL's
// "legacy" provider in a private library context, or nettle on the GnuTLS build).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace xfer {

// True when the backend has MD4, DES and HMAC-MD5 (OpenSSL: the legacy provider could be
// loaded into xfer's private context; the default OpenSSL context is never touched, so an
// application's own provider setup and ours stay independent). Every function below
// returns nullopt when this is false.
bool legacy_crypto_available();

std::optional<std::array<std::uint8_t, 16>> md4(std::string_view data);

// Encrypts one 8-byte block with DES-ECB under a 56-bit key given as 7 bytes; the key is
// spread over 8 bytes (7 bits each) and given odd parity first, as NTLM prescribes.
std::optional<std::array<std::uint8_t, 8>> des_ecb_encrypt(
    std::span<const std::uint8_t, 7> key56, std::span<const std::uint8_t, 8> block);

std::optional<std::array<std::uint8_t, 16>> hmac_md5(std::string_view key,
                                                      std::string_view data);

// The 8-byte DES key NTLM makes of 56 bits (7 bits per byte, odd parity): shared by the
// backends' des_ecb_encrypt.
std::array<std::uint8_t, 8> des_key_from_56(std::span<const std::uint8_t, 7> k);

}  // namespace xfer
