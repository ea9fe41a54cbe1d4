// The HSTS cache file (CURLOPT_HSTS): load into an HstsCache, save it back as 7.88 does.
#pragma once

#include <ctime>
#include <string>

#include "http/hsts.h"
#include "util/status.h"

namespace xfer {

// Adds the file's entries; false (cache unchanged) when the file cannot be read, which
// 7.88 treats as an empty cache.
bool load_hsts_file(http::HstsCache& cache, const std::string& path, std::time_t now);

// Writes the whole cache over `path` (see replace_cache_file).
Status save_hsts_file(const http::HstsCache& cache, const std::string& path);

}  // namespace xfer
