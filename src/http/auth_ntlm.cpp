// NTLM message building and parsing; the byte layouts follow MS-NLMP, the choices (flags,
// v1 or v2, workstation name, size limit) follow libcurl 7.88.
#include "http/auth_ntlm.h"

#include "util/base64.h"
#include "util/hash.h"
#include "util/legacy_crypto.h"

namespace xfer::http {

namespace {

constexpr std::string_view kSignature{"NTLMSSP\0", 8};
constexpr std::uint32_t kFlagOem = 1u << 1;
constexpr std::uint32_t kFlagRequestTarget = 1u << 2;
constexpr std::uint32_t kFlagNtlm = 1u << 9;
constexpr std::uint32_t kFlagAlwaysSign = 1u << 15;

// libcurl names a fixed workstation (the one Firefox sends) so as not to leak the host's.
constexpr std::string_view kWorkstation = "WORKSTATION";

// libcurl builds type-3 in a 1024-byte array and refuses anything that would fill it.
constexpr std::size_t kMaxType3 = 1024;
constexpr std::size_t kType3Header = 64;  // through the flags; no version, no MIC

// Seconds from 1601-01-01 (the FILETIME epoch) to 1970-01-01.
constexpr std::uint64_t kFiletimeEpochOffset = 11644473600ull;

using Bytes16 = std::array<std::uint8_t, 16>;

void put16(std::string& b, std::size_t v) {
  b += static_cast<char>(v & 0xff);
  b += static_cast<char>((v >> 8) & 0xff);
}

void put32(std::string& b, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) b += static_cast<char>((v >> (8 * i)) & 0xff);
}

void put64(std::string& b, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) b += static_cast<char>((v >> (8 * i)) & 0xff);
}

// A security buffer: length, allocated length (the same), offset.
void put_field(std::string& b, std::size_t len, std::size_t offset) {
  put16(b, len);
  put16(b, len);
  put32(b, static_cast<std::uint32_t>(offset));
}

std::uint32_t get16(std::string_view m, std::size_t at) {
  auto lo = static_cast<std::uint8_t>(m[at]);
  auto hi = static_cast<std::uint8_t>(m[at + 1]);
  return lo | static_cast<std::uint32_t>(hi) << 8;
}

std::uint32_t get32(std::string_view m, std::size_t at) {
  return get16(m, at) | (get16(m, at + 2) << 16);
}

std::string_view view(const auto& bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

// Each byte followed by a zero byte: libcurl's "unicode", exact only for ASCII input.
std::string widen(std::string_view s, bool upper = false) {
  std::string out;
  out.reserve(s.size() * 2);
  for (char c : s) {
    if (upper && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    out += c;
    out += '\0';
  }
  return out;
}

// Three DES encryptions of the 8-byte challenge under the 21 key bytes, 7 at a time.
bool des_response(const std::array<std::uint8_t, 21>& keys,
                  const std::array<std::uint8_t, 8>& challenge, std::string& out) {
  std::span<const std::uint8_t> k(keys);
  for (std::size_t i = 0; i < 3; ++i) {
    auto block = des_ecb_encrypt(k.subspan(i * 7).first<7>(), challenge);
    if (!block) return false;
    out += view(*block);
  }
  return true;
}

std::optional<std::array<std::uint8_t, 21>> nt_hash(std::string_view password) {
  auto h = md4(widen(password));
  if (!h) return std::nullopt;
  std::array<std::uint8_t, 21> out{};
  for (std::size_t i = 0; i < h->size(); ++i) out[i] = (*h)[i];
  return out;
}

// The LAN Manager hash: the first 14 password bytes, ASCII-uppercased and zero-padded,
// each half a DES key over the constant "KGS!@#$%".
std::optional<std::array<std::uint8_t, 21>> lm_hash(std::string_view password) {
  static constexpr std::array<std::uint8_t, 8> kMagic = {'K', 'G', 'S', '!',
                                                         '@', '#', '$', '%'};
  std::array<std::uint8_t, 14> pw{};
  for (std::size_t i = 0; i < pw.size() && i < password.size(); ++i) {
    char c = password[i];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    pw[i] = static_cast<std::uint8_t>(c);
  }
  std::array<std::uint8_t, 21> out{};
  for (std::size_t half = 0; half < 2; ++half) {
    auto block = des_ecb_encrypt(std::span<const std::uint8_t>(pw).subspan(half * 7).first<7>(),
                                 kMagic);
    if (!block) return std::nullopt;
    for (std::size_t i = 0; i < 8; ++i) out[half * 8 + i] = (*block)[i];
  }
  return out;
}

// NTLMv1: the DES responses to the server nonce under the NT and the LM hash.
bool v1_responses(const NtlmChallenge& c, std::string_view password, std::string& lm,
                  std::string& nt) {
  auto nth = nt_hash(password);
  auto lmh = lm_hash(password);
  return nth && lmh && des_response(*nth, c.server_nonce, nt) &&
         des_response(*lmh, c.server_nonce, lm);
}

// NTLMv2: a key from the NT hash and the identity (user uppercased, domain as given),
// then LMv2 = HMAC(server nonce, client nonce) + client nonce, and NTv2 = HMAC(server
// nonce, blob) + blob, the blob holding the time, the client nonce and the target info.
bool v2_responses(const NtlmChallenge& c, std::string_view user, std::string_view domain,
                  std::string_view password, const std::array<std::uint8_t, 8>& client_nonce,
                  std::uint64_t unix_time, std::string& lm, std::string& nt) {
  auto nth = nt_hash(password);
  if (!nth) return false;
  auto key = hmac_md5(view(*nth).substr(0, 16), widen(user, true) + widen(domain));
  if (!key) return false;
  std::string server(view(c.server_nonce));

  auto lm_mac = hmac_md5(view(*key), server + std::string(view(client_nonce)));
  if (!lm_mac) return false;
  lm.assign(view(*lm_mac));
  lm += view(client_nonce);

  // Unsigned wrap-around matches libcurl's 64-bit time_t arithmetic bit for bit.
  std::uint64_t filetime = (unix_time + kFiletimeEpochOffset) * 10000000ull;
  std::string blob;
  put32(blob, 0x00000101);  // response version 1, highest understood 1
  put32(blob, 0);
  put64(blob, filetime);
  blob += view(client_nonce);
  put32(blob, 0);
  blob += c.target_info;
  put32(blob, 0);
  auto nt_mac = hmac_md5(view(*key), server + blob);
  if (!nt_mac) return false;
  nt.assign(view(*nt_mac));
  nt += blob;
  return true;
}

}  // namespace

std::string ntlm_type1() {
  std::string m(kSignature);
  put32(m, 1);
  put32(m, kFlagOem | kFlagRequestTarget | kFlagNtlm | kNtlmFlagNtlm2Key | kFlagAlwaysSign);
  put_field(m, 0, 0);  // domain
  put_field(m, 0, 0);  // workstation
  std::string out;
  base64_encode(m, out);
  return out;
}

bool parse_ntlm_type2(std::string_view base64, NtlmChallenge& out) {
  out = NtlmChallenge{};
  std::string m;
  if (base64.empty() || !base64_decode(base64, m)) return false;
  if (m.size() < 32 || std::string_view(m).substr(0, 8) != kSignature || get32(m, 8) != 2)
    return false;
  out.flags = get32(m, 20);
  for (std::size_t i = 0; i < 8; ++i) out.server_nonce[i] = static_cast<std::uint8_t>(m[24 + i]);
  if ((out.flags & kNtlmFlagTargetInfo) && m.size() >= 48) {
    std::size_t len = get16(m, 40);
    std::size_t offset = get32(m, 44);
    if (len > 0) {
      if (offset < 48 || offset > m.size() || len > m.size() - offset) {
        out = NtlmChallenge{};
        return false;
      }
      out.target_info = m.substr(offset, len);
    }
  }
  return true;
}

bool ntlm_type3(const NtlmChallenge& challenge, std::string_view user,
                std::string_view password, const std::array<std::uint8_t, 8>& client_nonce,
                std::uint64_t unix_time, std::string& out_base64) {
  std::string_view domain;
  std::size_t split = user.find('\\');
  if (split == std::string_view::npos) split = user.find('/');
  if (split != std::string_view::npos) {
    domain = user.substr(0, split);
    user = user.substr(split + 1);
  }

  const bool unicode = challenge.flags & kNtlmFlagUnicode;
  std::string dom_bytes = unicode ? widen(domain) : std::string(domain);
  std::string user_bytes = unicode ? widen(user) : std::string(user);
  std::string host_bytes = unicode ? widen(kWorkstation) : std::string(kWorkstation);

  const bool v2 = challenge.flags & kNtlmFlagNtlm2Key;
  const std::size_t nt_len = v2 ? 48 + challenge.target_info.size() : 24;
  if (kType3Header + 24 + nt_len + dom_bytes.size() + user_bytes.size() + host_bytes.size() >=
      kMaxType3)
    return false;

  std::string lm, nt;
  bool ok = v2 ? v2_responses(challenge, user, domain, password, client_nonce, unix_time, lm, nt)
               : v1_responses(challenge, password, lm, nt);
  if (!ok) return false;

  // Payload order: LM response, NT response, domain, user, workstation; no session key.
  std::size_t at = kType3Header;
  std::string m(kSignature);
  put32(m, 3);
  put_field(m, lm.size(), at);
  put_field(m, nt.size(), at += lm.size());
  put_field(m, dom_bytes.size(), at += nt.size());
  put_field(m, user_bytes.size(), at += dom_bytes.size());
  put_field(m, host_bytes.size(), at += user_bytes.size());
  put_field(m, 0, 0);
  put32(m, challenge.flags);
  m += lm;
  m += nt;
  m += dom_bytes;
  m += user_bytes;
  m += host_bytes;
  out_base64.clear();
  base64_encode(m, out_base64);
  return true;
}

std::optional<std::array<std::uint8_t, 8>> make_ntlm_client_nonce() {
  std::array<std::uint8_t, 8> nonce{};
  if (!random_bytes(nonce.data(), nonce.size())) return std::nullopt;
  return nonce;
}

}  // namespace xfer::http
