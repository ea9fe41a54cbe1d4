// NTLM over HTTP as libcurl 7.88 (OpenSSL build) speaks it: the fixed type-1 message, the
// server's type-2 challenge, and the type-3 answer (NTLMv1 or NTLMv2). No state, no I/O.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace xfer::http {

// The NTLMSSP negotiate flags that steer libcurl's answer.
inline constexpr std::uint32_t kNtlmFlagUnicode = 1u << 0;     // strings as UTF-16LE
inline constexpr std::uint32_t kNtlmFlagNtlm2Key = 1u << 19;   // extended session security
inline constexpr std::uint32_t kNtlmFlagTargetInfo = 1u << 23;

// The base64 type-1 (negotiate) message. libcurl sends the same 32 bytes every time: flags
// OEM, request-target, NTLM, NTLM2-key and always-sign, with no domain or workstation.
std::string ntlm_type1();

struct NtlmChallenge {
  std::uint32_t flags = 0;                    // the server's negotiate flags
  std::array<std::uint8_t, 8> server_nonce{};
  std::string target_info;                    // raw AV pairs; empty unless the target-info
                                              // flag is set and the message has them
};

// Decodes the base64 after "NTLM " in a WWW-/Proxy-Authenticate value. False, as libcurl
// refuses it ("NTLM handshake failure (bad type-2 message)"), when the base64 is not
// strict padded base64 or empty, the message is shorter than 32 bytes, its signature or
// type is not NTLMSSP type 2, or the target-info flag is set, the message is at least 48
// bytes, and the target info it points at is non-empty but starts before byte 48 or runs
// past the end. A message under 48 bytes with the flag set simply has no target info.
bool parse_ntlm_type2(std::string_view base64, NtlmChallenge& out);

// The base64 type-3 (authenticate) message. `user` may be "DOMAIN\user" (split at the
// first backslash, else at the first slash); the workstation is always "WORKSTATION".
// With the NTLM2-key flag in the challenge libcurl answers NTLMv2 (LMv2 plus NTv2 over the
// target info, timestamp from `unix_time`), otherwise NTLMv1 (LM plus NT responses; the
// nonce and time go unused). There is no NTLM2 session response. The flags echo the
// challenge's. With the unicode flag, domain, user and workstation are sent two bytes per
// input byte (each byte zero-extended, not a UTF-8 decode); otherwise as given. The
// password hashes widen the same way. False when libcurl fails the request with
// CURLE_OUT_OF_MEMORY: the message would reach 1024 bytes (its fixed buffer); or when
// OpenSSL's legacy algorithms are unavailable (see legacy_crypto_available()).
bool ntlm_type3(const NtlmChallenge& challenge, std::string_view user,
                std::string_view password, const std::array<std::uint8_t, 8>& client_nonce,
                std::uint64_t unix_time, std::string& out_base64);

// Eight random bytes from OpenSSL for the NTLMv2 client nonce; nullopt when OpenSSL has no
// randomness (libcurl then fails the request). Unlike libcurl's debug builds, no
// CURL_ENTROPY override: Debian's release libcurl has none either.
std::optional<std::array<std::uint8_t, 8>> make_ntlm_client_nonce();

}  // namespace xfer::http
