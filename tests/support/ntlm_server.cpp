// NTLM as a server sees it (MS-NLMP): builds the CHALLENGE message, reads the AUTHENTICATE
// message and recomputes its responses. Written for tests: the checks are reported, not
// only obeyed, so a trace can tell "wrong password" from "malformed message".
#include "ntlm_server.h"

#include <cctype>
#include <cstdint>
#include <ctime>
#include <map>
#include <mutex>
#include <optional>
#include <string_view>

#include <openssl/evp.h>
#include <openssl/provider.h>

namespace xfer::test {
namespace {

constexpr std::string_view kSignature{"NTLMSSP\0", 8};
// The fixed server challenge of every built type-2.
constexpr std::string_view kServerChallenge{"\x01\x23\x45\x67\x89\xab\xcd\xef", 8};

constexpr std::uint32_t kUnicode = 0x00000001;
constexpr std::uint32_t kOem = 0x00000002;
constexpr std::uint32_t kRequestTarget = 0x00000004;
constexpr std::uint32_t kNtlm = 0x00000200;
constexpr std::uint32_t kAlwaysSign = 0x00008000;
constexpr std::uint32_t kTargetTypeDomain = 0x00010000;
constexpr std::uint32_t kNtlm2Key = 0x00080000;
constexpr std::uint32_t kTargetInfo = 0x00800000;

// ---- handshake state per connection ----

enum class Stage { challenged, authenticated };

std::mutex stages_mutex;
std::map<std::uint64_t, Stage> stages;  // by Request::connection_key

std::optional<Stage> stage_of(std::uint64_t key) {
  std::lock_guard lock(stages_mutex);
  auto it = stages.find(key);
  if (it == stages.end()) return std::nullopt;
  return it->second;
}

void set_stage(std::uint64_t key, std::optional<Stage> stage) {
  std::lock_guard lock(stages_mutex);
  if (stage)
    stages[key] = *stage;
  else
    stages.erase(key);
}

// ---- bytes ----

void put16(std::string& b, std::size_t v) {
  b += static_cast<char>(v & 0xff);
  b += static_cast<char>((v >> 8) & 0xff);
}

void put32(std::string& b, std::uint32_t v) {
  put16(b, v & 0xffff);
  put16(b, v >> 16);
}

std::uint32_t byte_at(std::string_view m, std::size_t i) { return static_cast<unsigned char>(m[i]); }

std::uint32_t get16(std::string_view m, std::size_t at) {
  return byte_at(m, at) | byte_at(m, at + 1) << 8;
}

std::uint32_t get32(std::string_view m, std::size_t at) {
  return get16(m, at) | get16(m, at + 2) << 16;
}

std::uint64_t get64(std::string_view m, std::size_t at) {
  return get32(m, at) | static_cast<std::uint64_t>(get32(m, at + 4)) << 32;
}

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string base64(std::string_view in) {
  std::string out;
  for (std::size_t i = 0; i < in.size(); i += 3) {
    std::uint32_t n = byte_at(in, i) << 16;
    if (i + 1 < in.size()) n |= byte_at(in, i + 1) << 8;
    if (i + 2 < in.size()) n |= byte_at(in, i + 2);
    for (std::size_t k = 0; k < 4; ++k)
      out += i + k <= in.size() ? kAlphabet[(n >> (18 - 6 * k)) & 63] : '=';
  }
  return out;
}

// Padded base64 only; nullopt for anything else.
std::optional<std::string> unbase64(std::string_view in) {
  if (in.empty() || in.size() % 4 != 0) return std::nullopt;
  std::string out;
  std::uint32_t acc = 0;
  std::size_t pad = 0;
  for (std::size_t i = 0; i < in.size(); ++i) {
    std::size_t v = 0;
    if (in[i] == '=') {
      if (i + 2 < in.size()) return std::nullopt;
      ++pad;
    } else {
      v = kAlphabet.find(in[i]);
      if (v == std::string_view::npos || pad) return std::nullopt;
    }
    acc = acc << 6 | static_cast<std::uint32_t>(v);
    if (i % 4 == 3) {
      out += static_cast<char>(acc >> 16);
      out += static_cast<char>((acc >> 8) & 0xff);
      out += static_cast<char>(acc & 0xff);
      acc = 0;
    }
  }
  out.resize(out.size() - pad);
  return out;
}

// UTF-16LE of UTF-8 text, as a Windows server sees a password; a byte that does not
// start a valid sequence stands for itself.
std::string utf16le(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    std::uint32_t c = byte_at(s, i);
    std::size_t extra = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc0 ? 1 : 0;
    std::uint32_t cp = extra == 0 ? c : c & (0x3f >> extra);
    bool valid = true;
    for (std::size_t k = 1; valid && k <= extra; ++k) {
      valid = i + k < s.size() && (byte_at(s, i + k) & 0xc0) == 0x80;
      if (valid) cp = cp << 6 | (byte_at(s, i + k) & 0x3f);
    }
    if (!valid) {
      cp = c;
      extra = 0;
    }
    i += extra + 1;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      put16(out, 0xd800 | (cp >> 10));
      put16(out, 0xdc00 | (cp & 0x3ff));
    } else {
      put16(out, cp);
    }
  }
  return out;
}

// 8-bit text as 16-bit units, each byte its own unit (the OEM fields of a message).
std::string widen(std::string_view s) {
  std::string out;
  for (char c : s) {
    out += c;
    out += '\0';
  }
  return out;
}

// a-z in UTF-16LE units made A-Z, every other unit left alone.
std::string upper16(std::string s) {
  for (std::size_t i = 0; i + 1 < s.size(); i += 2)
    if (s[i + 1] == '\0' && s[i] >= 'a' && s[i] <= 'z') s[i] = static_cast<char>(s[i] - 32);
  return s;
}

// ---- crypto: MD4 and DES from OpenSSL's legacy provider, in a context of our own ----

OSSL_LIB_CTX* crypto_ctx() {
  static OSSL_LIB_CTX* ctx = [] {
    OSSL_LIB_CTX* c = OSSL_LIB_CTX_new();
    if (c && (!OSSL_PROVIDER_load(c, "legacy") || !OSSL_PROVIDER_load(c, "default"))) c = nullptr;
    return c;
  }();
  return ctx;
}

std::optional<std::string> md4(std::string_view data) {
  unsigned char out[16];
  std::size_t len = 0;
  if (!crypto_ctx() || !EVP_Q_digest(crypto_ctx(), "MD4", nullptr, data.data(), data.size(), out, &len) || len != 16)
    return std::nullopt;
  return std::string(reinterpret_cast<char*>(out), 16);
}

std::optional<std::string> hmac_md5(std::string_view key, std::string_view data) {
  unsigned char out[16];
  std::size_t len = 0;
  if (!crypto_ctx() ||
      !EVP_Q_mac(crypto_ctx(), "HMAC", nullptr, "MD5", nullptr, key.data(), key.size(),
                 reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, sizeof out, &len) ||
      len != 16)
    return std::nullopt;
  return std::string(reinterpret_cast<char*>(out), 16);
}

// DES-ECB of one block under 7 key bytes: bit j of the 56 becomes bit 7 - j % 7 of key byte j / 7.
std::optional<std::string> des(std::string_view key7, std::string_view block) {
  unsigned char key[8] = {};
  for (std::size_t j = 0; j < 56; ++j)
    if (byte_at(key7, j / 8) & (0x80u >> (j % 8))) key[j / 7] |= static_cast<unsigned char>(0x80u >> (j % 7));
  static EVP_CIPHER* cipher = crypto_ctx() ? EVP_CIPHER_fetch(crypto_ctx(), "DES-ECB", nullptr) : nullptr;
  if (!cipher) return std::nullopt;
  EVP_CIPHER_CTX* c = EVP_CIPHER_CTX_new();
  unsigned char out[16];
  int len = 0;
  bool ok = c && EVP_EncryptInit_ex2(c, cipher, key, nullptr, nullptr) && EVP_CIPHER_CTX_set_padding(c, 0) &&
            EVP_EncryptUpdate(c, out, &len, reinterpret_cast<const unsigned char*>(block.data()), 8) && len == 8;
  EVP_CIPHER_CTX_free(c);
  if (!ok) return std::nullopt;
  return std::string(reinterpret_cast<char*>(out), 8);
}

// The 24-byte DES response to the challenge under a 16-byte hash padded to 21 bytes.
std::optional<std::string> des_response(std::string hash16) {
  hash16.resize(21, '\0');
  std::string out;
  for (std::size_t i = 0; i < 21; i += 7) {
    auto block = des(std::string_view(hash16).substr(i, 7), kServerChallenge);
    if (!block) return std::nullopt;
    out += *block;
  }
  return out;
}

std::optional<std::string> lm_hash(std::string_view password) {
  std::string pw(password.substr(0, 14));
  for (char& c : pw)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
  pw.resize(14, '\0');
  auto a = des(std::string_view(pw).substr(0, 7), "KGS!@#$%");
  auto b = des(std::string_view(pw).substr(7, 7), "KGS!@#$%");
  if (!a || !b) return std::nullopt;
  return *a + *b;
}

// ---- messages ----

std::string av_pair(std::uint16_t id, std::string_view utf16) {
  std::string out;
  put16(out, id);
  put16(out, utf16.size());
  out += utf16;
  return out;
}

// The target info a v2 type-2 carries: NetBIOS domain DOM, computer SRV, end.
std::string target_info() { return av_pair(2, widen("DOM")) + av_pair(1, widen("SRV")) + av_pair(0, ""); }

std::string type2(bool v2, bool unicode) {
  std::string target = unicode ? widen("DOM") : std::string("DOM");
  std::string info = v2 ? target_info() : std::string();
  std::uint32_t flags = (unicode ? kUnicode : kOem) | kRequestTarget | kNtlm | kAlwaysSign | kTargetTypeDomain;
  if (v2) flags |= kNtlm2Key | kTargetInfo;
  std::string m(kSignature);
  put32(m, 2);
  put16(m, target.size());
  put16(m, target.size());
  put32(m, 48);
  put32(m, flags);
  m += kServerChallenge;
  m.append(8, '\0');
  put16(m, info.size());
  put16(m, info.size());
  put32(m, static_cast<std::uint32_t>(48 + target.size()));
  return base64(m + target + info);
}

struct Type3 {
  std::uint32_t flags = 0;
  std::string lm, nt, domain, user;
};

// A security buffer of the message, or nullopt when it points outside.
std::optional<std::string> field(std::string_view m, std::size_t at) {
  std::size_t len = get16(m, at), offset = get32(m, at + 4);
  if (offset > m.size() || len > m.size() - offset) return std::nullopt;
  return std::string(m.substr(offset, len));
}

std::optional<Type3> parse_type3(std::string_view m) {
  if (m.size() < 64) return std::nullopt;
  Type3 t;
  auto lm = field(m, 12), nt = field(m, 20), domain = field(m, 28), user = field(m, 36);
  if (!lm || !nt || !domain || !user) return std::nullopt;
  t.flags = get32(m, 60);
  t.lm = *lm;
  t.nt = *nt;
  t.domain = *domain;
  t.user = *user;
  return t;
}

std::string verdict_word(bool ok) { return ok ? "ok" : "mismatch"; }

// NTLMv1: the NT (and LM) DES responses recomputed. Sets `ok` from the NT one.
std::string check_v1(const Type3& t, std::string_view password, bool& ok) {
  auto nt_hash = md4(utf16le(password));
  auto lm = lm_hash(password);
  if (!nt_hash || !lm) return "crypto unavailable";
  auto nt_want = des_response(*nt_hash);
  auto lm_want = des_response(*lm);
  if (!nt_want || !lm_want) return "crypto unavailable";
  ok = t.nt == *nt_want;
  return "v1 nt " + verdict_word(ok) + ", lm " + verdict_word(t.lm == *lm_want);
}

// NTLMv2: NTProofStr and LMv2 under the key from the NT hash, the user (uppercased) and the
// domain as the message gives them; then the blob's layout, time and target info.
std::string check_v2(const Type3& t, std::string_view password, bool built_info, bool& ok) {
  if (t.nt.size() < 16 + 28) return "v2 nt response too short";
  bool unicode = t.flags & kUnicode;
  std::string identity = upper16(unicode ? t.user : widen(t.user)) + (unicode ? t.domain : widen(t.domain));
  auto nt_hash = md4(utf16le(password));
  if (!nt_hash) return "crypto unavailable";
  auto key = hmac_md5(*nt_hash, identity);
  if (!key) return "crypto unavailable";
  std::string_view blob = std::string_view(t.nt).substr(16);
  auto proof = hmac_md5(*key, std::string(kServerChallenge) + std::string(blob));
  if (!proof) return "crypto unavailable";
  ok = t.nt.substr(0, 16) == *proof;
  std::string out = "v2 ntproof " + verdict_word(ok);
  if (t.lm.size() == 24) {
    auto lm = hmac_md5(*key, std::string(kServerChallenge) + t.lm.substr(16));
    out += ", lmv2 " + verdict_word(lm && t.lm.substr(0, 16) == *lm);
    out += ", nonce shared " + verdict_word(t.lm.substr(16) == blob.substr(16, 8));
  } else {
    out += ", lm length " + std::to_string(t.lm.size());
  }
  bool layout = get32(blob, 0) == 0x0101 && get32(blob, 4) == 0 && get32(blob, 24) == 0;
  out += ", blob " + verdict_word(layout);
  // FILETIME: 100 ns ticks since 1601; a minute either way of the server's clock is fine.
  std::uint64_t ticks = get64(blob, 8);
  std::int64_t unix_seconds = static_cast<std::int64_t>(ticks / 10000000) - 11644473600LL;
  std::int64_t skew = unix_seconds - static_cast<std::int64_t>(std::time(nullptr));
  out += ", time " + std::string(skew >= -60 && skew <= 60 ? "ok" : "off");
  if (built_info) {
    std::string info = target_info();
    bool echoed = blob.size() >= 28 + info.size() && blob.substr(28, info.size()) == info;
    out += ", target info " + verdict_word(echoed);
  }
  return out;
}

bool starts_ci(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[i])) != std::tolower(static_cast<unsigned char>(prefix[i])))
      return false;
  return true;
}

}  // namespace

NtlmVerdict ntlm_verdict(const Query& q, const Request& r) {
  NtlmSettings s;
  s.v2 = q.get("ntlm") == "v2";
  s.unicode = q.flag("ntlmuni");
  s.type2 = q.get("ntlmtype2");
  s.close = q.flag("ntlmclose");
  s.password = q.get("ntlmpw").value_or("pass");
  s.other_challenges = q.all("challenge");
  return ntlm_check(s, r);
}

NtlmVerdict ntlm_check(const NtlmSettings& s, const Request& r) {
  NtlmVerdict v;
  // The proxy's handshake and the server's are apart, even on one connection.
  const std::uint64_t key = r.connection_key * 2 + (s.proxy ? 1 : 0);
  const std::string check_name = s.proxy ? "X-Proxy-NTLM-Check: " : "X-NTLM-Check: ";
  auto refuse = [&](const std::string& check) {
    v.refused = true;
    v.challenges = s.other_challenges;
    v.challenges.push_back("NTLM");
    if (!check.empty()) v.headers.push_back(check_name + check);
  };

  std::string_view auth = r.header(s.proxy ? "Proxy-Authorization" : "Authorization");
  if (!starts_ci(auth, "NTLM ")) {
    if (stage_of(key) == Stage::authenticated)
      v.headers.push_back(check_name + "connection authenticated");
    else
      refuse("");
    return v;
  }
  std::string_view token = auth.substr(5);
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  auto message = unbase64(token);
  if (!message || message->size() < 12 || std::string_view(*message).substr(0, 8) != kSignature) {
    set_stage(key, std::nullopt);
    refuse("not an NTLMSSP message");
    return v;
  }
  std::uint32_t type = get32(*message, 8);
  if (type == 1) {
    set_stage(key, Stage::challenged);
    v.refused = true;
    if (s.type2)
      v.challenges.push_back(s.type2->empty() ? std::string("NTLM") : "NTLM " + *s.type2);
    else
      v.challenges.push_back("NTLM " + type2(s.v2, s.unicode));
    v.close = s.close;
    return v;
  }
  if (type != 3) {
    set_stage(key, std::nullopt);
    refuse("unexpected type " + std::to_string(type));
    return v;
  }
  if (stage_of(key) != Stage::challenged) {
    refuse("type-3 without a type-2 on this connection");
    return v;
  }
  auto t3 = parse_type3(*message);
  if (!t3) {
    set_stage(key, std::nullopt);
    refuse("type-3 fields out of bounds");
    return v;
  }
  bool ok = false;
  std::string check = t3->nt.size() == 24 ? check_v1(*t3, s.password, ok)
                                          : check_v2(*t3, s.password, !s.type2 && s.v2, ok);
  if (ok) {
    set_stage(key, Stage::authenticated);
    v.headers.push_back(check_name + check);
  } else {
    set_stage(key, std::nullopt);
    refuse(check);
  }
  return v;
}

}  // namespace xfer::test
