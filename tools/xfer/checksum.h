// sha256 of a body as it streams in (OpenSSL EVP), and sha256sum-style list files.
#pragma once

#include <map>
#include <memory>
#include <string>

namespace xfer::tool {

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  bool ok() const { return ctx_ != nullptr; }
  void update(const void* data, size_t len);
  // Feeds the first `len` bytes of a file (a .part being resumed); false on a read error.
  bool update_from_file(const std::string& path, long long len);
  // Lowercase hex; the object is spent afterwards.
  std::string finish_hex();

 private:
  struct Ctx;
  Ctx* ctx_ = nullptr;
};

// Reads "HEX  name" / "HEX *name" lines; keys are the base names. False when unreadable.
bool read_checksum_file(const std::string& path, std::map<std::string, std::string>& out,
                        std::string& error);

}  // namespace xfer::tool
