// Message digests, HMAC and random bytes for the auth schemes, from the build's crypto backend.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace xfer {

enum class HashAlgo { kMd5, kSha256 };

// The raw digest of `data` (16 or 32 bytes); empty only when the crypto library fails.
std::string hash_raw(HashAlgo algo, std::string_view data);

// HMAC-SHA256 of `data` under `key`, raw 32 bytes; empty only when the crypto library fails.
std::string hmac_sha256(std::string_view key, std::string_view data);

// `len` bytes from the crypto library's random generator; false when it has none.
bool random_bytes(void* out, std::size_t len);

// Lowercase hex of raw bytes.
std::string to_hex(std::string_view raw);
// The same, appended to `out`.
void append_hex(std::string& out, std::string_view raw);

// Lowercase hex with a colon after every byte ("30:45:"), as libcurl's CERTINFO prints
// signatures and keys.
std::string to_hex_colons(std::string_view raw);

}  // namespace xfer
