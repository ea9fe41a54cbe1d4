// Digests, HMAC and random bytes through nettle and GnuTLS's generator (the GnuTLS build).
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <nettle/hmac.h>
#include <nettle/md5.h>
#include <nettle/sha2.h>

#include "util/hash.h"

namespace xfer {

namespace {

template <class Ctx, void (*Init)(Ctx*), void (*Update)(Ctx*, std::size_t, const std::uint8_t*),
          void (*Digest)(Ctx*, std::size_t, std::uint8_t*), std::size_t Size>
std::string one_shot(std::string_view data) {
  Ctx ctx;
  Init(&ctx);
  Update(&ctx, data.size(), reinterpret_cast<const std::uint8_t*>(data.data()));
  std::string out(Size, '\0');
  Digest(&ctx, Size, reinterpret_cast<std::uint8_t*>(out.data()));
  return out;
}

}  // namespace

std::string hash_raw(HashAlgo algo, std::string_view data) {
  switch (algo) {
    case HashAlgo::kMd5:
      return one_shot<md5_ctx, nettle_md5_init, nettle_md5_update, nettle_md5_digest, MD5_DIGEST_SIZE>(data);
    case HashAlgo::kSha256:
      return one_shot<sha256_ctx, nettle_sha256_init, nettle_sha256_update, nettle_sha256_digest,
                      SHA256_DIGEST_SIZE>(data);
  }
  return {};
}

std::string hmac_sha256(std::string_view key, std::string_view data) {
  hmac_sha256_ctx ctx;
  hmac_sha256_set_key(&ctx, key.size(), reinterpret_cast<const std::uint8_t*>(key.data()));
  hmac_sha256_update(&ctx, data.size(), reinterpret_cast<const std::uint8_t*>(data.data()));
  std::string out(SHA256_DIGEST_SIZE, '\0');
  hmac_sha256_digest(&ctx, SHA256_DIGEST_SIZE, reinterpret_cast<std::uint8_t*>(out.data()));
  return out;
}

bool random_bytes(void* out, std::size_t len) { return gnutls_rnd(GNUTLS_RND_RANDOM, out, len) == 0; }

}  // namespace xfer
