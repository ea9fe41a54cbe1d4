// Alt-svc cache file load and save: AltsvcCache's text through the shared cache file I/O.
#include "engine/altsvc_file.h"

#include "engine/cache_file.h"

namespace xfer {

bool load_altsvc_file(http::AltsvcCache& cache, const std::string& path) {
  const std::optional<std::string> text = read_cache_file(path);
  if (!text) return false;
  cache.load_text(*text);
  return true;
}

Status save_altsvc_file(const http::AltsvcCache& cache, const std::string& path) {
  return replace_cache_file(path, cache.write_text());
}

}  // namespace xfer
