// HSTS cache file load and save: HstsCache's text through the shared cache file I/O.
#include "engine/hsts_file.h"

#include "engine/cache_file.h"

namespace xfer {

bool load_hsts_file(http::HstsCache& cache, const std::string& path, std::time_t now) {
  const std::optional<std::string> text = read_cache_file(path);
  if (!text) return false;
  cache.load_text(*text, now);
  return true;
}

Status save_hsts_file(const http::HstsCache& cache, const std::string& path) {
  return replace_cache_file(path, cache.write_text());
}

}  // namespace xfer
