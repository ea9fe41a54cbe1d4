// Public-key pinning: sha256 hashes of the peer's key, or a key file compared byte for byte.
#include "transport/tls_pin.h"

#include <fstream>
#include <iterator>

#include "util/base64.h"
#include "util/hash.h"

namespace xfer::transport {
namespace {

constexpr Status kMismatch =
    Status::fail(CURLE_SSL_PINNEDPUBKEYNOTMATCH, "SSL: public key does not match pinned public key");

// A PEM file's "PUBLIC KEY" block, base64-decoded; empty when there is none.
std::string pem_public_key(const std::string& text) {
  static constexpr char kBegin[] = "-----BEGIN PUBLIC KEY-----";
  static constexpr char kEnd[] = "-----END PUBLIC KEY-----";
  const std::size_t begin = text.find(kBegin);
  if (begin == std::string::npos) return {};
  const std::size_t body = begin + sizeof(kBegin) - 1;
  const std::size_t end = text.find(kEnd, body);
  if (end == std::string::npos) return {};
  std::string b64;
  for (std::size_t i = body; i < end; ++i)
    if (text[i] != '\n' && text[i] != '\r' && text[i] != ' ' && text[i] != '\t') b64 += text[i];
  std::string der;
  if (!base64_decode(b64, der)) return {};
  return der;
}

// A pin file holds one public key, PEM ("-----BEGIN PUBLIC KEY-----") or raw DER.
bool file_pin_matches(const std::string& name, const std::string& der) {
  std::ifstream in(name, std::ios::binary);
  if (!in) return false;
  const std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (content.empty()) return false;
  return content == der || pem_public_key(content) == der;
}

}  // namespace

Status match_pinned_key(const std::string& spki_der, const std::string& pin) {
  if (spki_der.empty()) return kMismatch;
  static constexpr char kPrefix[] = "sha256//";
  constexpr std::size_t kPrefixLen = sizeof(kPrefix) - 1;
  if (pin.compare(0, kPrefixLen, kPrefix) != 0)
    return file_pin_matches(pin, spki_der) ? Status::ok() : kMismatch;

  std::string mine;
  base64_encode(hash_raw(HashAlgo::kSha256, spki_der), mine);
  std::size_t pos = 0;
  while (pos <= pin.size()) {
    std::size_t end = pin.find(';', pos);
    if (end == std::string::npos) end = pin.size();
    if (pin.compare(pos, kPrefixLen, kPrefix) == 0 && pin.compare(pos + kPrefixLen, end - pos - kPrefixLen, mine) == 0)
      return Status::ok();
    pos = end + 1;
  }
  return kMismatch;
}

}  // namespace xfer::transport
