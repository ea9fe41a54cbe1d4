// MD4, DES and HMAC-MD5 for NTLM on the OpenSSL build: one private OSSL_LIB_CTX with the "legacy" and "default"
// providers, its algorithms fetched once and kept for the life of the process.
#include "util/legacy_crypto.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/provider.h>

namespace xfer {

namespace {

struct LegacyAlgorithms {
  EVP_MD* md4 = nullptr;
  EVP_CIPHER* des_ecb = nullptr;
  EVP_MAC* hmac = nullptr;
  bool ok = false;
};

// Built on first use (thread-safe static init). Never freed: OpenSSL's own exit-time
// cleanup may run before static destructors, and freeing a context after it would crash.
// A private context also reads no openssl.cnf, so a system-wide FIPS setting does not
// take MD5 away from NTLM here.
const LegacyAlgorithms& algorithms() {
  static const LegacyAlgorithms algos = [] {
    LegacyAlgorithms a;
    OSSL_LIB_CTX* ctx = OSSL_LIB_CTX_new();
    if (ctx == nullptr) return a;
    if (OSSL_PROVIDER_load(ctx, "legacy") == nullptr ||
        OSSL_PROVIDER_load(ctx, "default") == nullptr)
      return a;
    a.md4 = EVP_MD_fetch(ctx, "MD4", nullptr);
    a.des_ecb = EVP_CIPHER_fetch(ctx, "DES-ECB", nullptr);
    a.hmac = EVP_MAC_fetch(ctx, "HMAC", nullptr);
    a.ok = a.md4 != nullptr && a.des_ecb != nullptr && a.hmac != nullptr;
    return a;
  }();
  return algos;
}

}  // namespace

bool legacy_crypto_available() { return algorithms().ok; }

std::optional<std::array<std::uint8_t, 16>> md4(std::string_view data) {
  const auto& a = algorithms();
  if (!a.ok) return std::nullopt;
  std::array<std::uint8_t, 16> out{};
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), out.data(), &len, a.md4, nullptr) != 1 ||
      len != out.size())
    return std::nullopt;
  return out;
}

std::optional<std::array<std::uint8_t, 8>> des_ecb_encrypt(
    std::span<const std::uint8_t, 7> key56, std::span<const std::uint8_t, 8> block) {
  const auto& a = algorithms();
  if (!a.ok) return std::nullopt;
  std::array<std::uint8_t, 8> key = des_key_from_56(key56);
  std::array<std::uint8_t, 8> out{};
  EVP_CIPHER_CTX* c = EVP_CIPHER_CTX_new();
  if (c == nullptr) return std::nullopt;
  int len = 0;
  bool ok = EVP_EncryptInit_ex2(c, a.des_ecb, key.data(), nullptr, nullptr) == 1 &&
            EVP_CIPHER_CTX_set_padding(c, 0) == 1 &&
            EVP_EncryptUpdate(c, out.data(), &len, block.data(), 8) == 1 && len == 8;
  EVP_CIPHER_CTX_free(c);
  if (!ok) return std::nullopt;
  return out;
}

std::optional<std::array<std::uint8_t, 16>> hmac_md5(std::string_view key,
                                                      std::string_view data) {
  const auto& a = algorithms();
  if (!a.ok) return std::nullopt;
  EVP_MAC_CTX* m = EVP_MAC_CTX_new(a.hmac);
  if (m == nullptr) return std::nullopt;
  char digest_name[] = "MD5";
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest_name, 0),
      OSSL_PARAM_construct_end()};
  std::array<std::uint8_t, 16> out{};
  std::size_t len = 0;
  bool ok = EVP_MAC_init(m, reinterpret_cast<const unsigned char*>(key.data()), key.size(),
                         params) == 1 &&
            EVP_MAC_update(m, reinterpret_cast<const unsigned char*>(data.data()),
                           data.size()) == 1 &&
            EVP_MAC_final(m, out.data(), &len, out.size()) == 1 && len == out.size();
  EVP_MAC_CTX_free(m);
  if (!ok) return std::nullopt;
  return out;
}

}  // namespace xfer
