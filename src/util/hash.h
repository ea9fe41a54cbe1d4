// Message digests and HMAC through OpenSSL's EVP interface, for the auth schemes.
#pragma once

#include <string>
#include <string_view>

namespace xfer {

enum class HashAlgo { kMd5, kSha256 };

// The raw digest of `data` (16 or 32 bytes); empty only when OpenSSL fails.
std::string hash_raw(HashAlgo algo, std::string_view data);

// HMAC-SHA256 of `data` under `key`, raw 32 bytes; empty only when OpenSSL fails.
std::string hmac_sha256(std::string_view key, std::string_view data);

// Lowercase hex of raw bytes.
std::string to_hex(std::string_view raw);

}  // namespace xfer
