// Streams bytes into OpenSSL's EVP sha256; the tool never hashes by hand.
#include "checksum.h"

#include <openssl/evp.h>

#include <fstream>

namespace xfer::tool {

struct Sha256::Ctx {
  EVP_MD_CTX* md = nullptr;
};

Sha256::Sha256() {
  auto* c = new Ctx;
  c->md = EVP_MD_CTX_new();
  if (!c->md || EVP_DigestInit_ex(c->md, EVP_sha256(), nullptr) != 1) {
    EVP_MD_CTX_free(c->md);
    delete c;
    return;
  }
  ctx_ = c;
}

Sha256::~Sha256() {
  if (!ctx_) return;
  EVP_MD_CTX_free(ctx_->md);
  delete ctx_;
}

void Sha256::update(const void* data, size_t len) {
  if (ctx_) EVP_DigestUpdate(ctx_->md, data, len);
}

bool Sha256::update_from_file(const std::string& path, long long len) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  char buf[65536];
  while (len > 0) {
    const auto want = static_cast<std::streamsize>(std::min<long long>(len, sizeof buf));
    in.read(buf, want);
    if (in.gcount() != want) return false;
    update(buf, static_cast<size_t>(want));
    len -= want;
  }
  return true;
}

std::string Sha256::finish_hex() {
  if (!ctx_) return {};
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_DigestFinal_ex(ctx_->md, digest, &n);
  static const char* const hex = "0123456789abcdef";
  std::string out;
  for (unsigned i = 0; i < n; ++i) {
    out.push_back(hex[digest[i] >> 4]);
    out.push_back(hex[digest[i] & 15]);
  }
  return out;
}

bool read_checksum_file(const std::string& path, std::map<std::string, std::string>& out,
                        std::string& error) {
  std::ifstream in(path);
  if (!in) {
    error = "cannot read checksum file '" + path + "'";
    return false;
  }
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const auto space = line.find(' ');
    if (space != 64 || line.size() < 67) continue;  // not a sha256 line
    std::string hex = line.substr(0, 64);
    for (char& c : hex)
      if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
    // "HEX  name" (text mode) or "HEX *name" (binary mode), as sha256sum writes them.
    std::string name = line.substr(66);
    const auto slash = name.rfind('/');
    if (slash != std::string::npos) name.erase(0, slash + 1);
    out[name] = hex;
  }
  return true;
}

}  // namespace xfer::tool
