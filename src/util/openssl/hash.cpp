// Digests, HMAC and random bytes through OpenSSL's libcrypto (the OpenSSL build).
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "util/hash.h"

namespace xfer {

namespace {

const EVP_MD* md_for(HashAlgo algo) {
  switch (algo) {
    case HashAlgo::kMd5: return EVP_md5();
    case HashAlgo::kSha256: return EVP_sha256();
  }
  return nullptr;
}

}  // namespace

std::string hash_raw(HashAlgo algo, std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  const EVP_MD* type = md_for(algo);
  if (type == nullptr || EVP_Digest(data.data(), data.size(), md, &len, type, nullptr) != 1)
    return {};
  return std::string(reinterpret_cast<char*>(md), len);
}

std::string hmac_sha256(std::string_view key, std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(data.data()), data.size(), md, &len) ==
      nullptr)
    return {};
  return std::string(reinterpret_cast<char*>(md), len);
}

bool random_bytes(void* out, std::size_t len) {
  return RAND_bytes(static_cast<unsigned char*>(out), static_cast<int>(len)) == 1;
}

}  // namespace xfer
