// The alt-svc cache file (CURLOPT_ALTSVC): load into an AltsvcCache, save it back as 7.88 does.
#pragma once

#include <string>

#include "http/altsvc.h"
#include "util/status.h"

namespace xfer {

// Adds the file's entries; false (cache unchanged) when the file cannot be read, which
// 7.88 treats as an empty cache.
bool load_altsvc_file(http::AltsvcCache& cache, const std::string& path);

// Writes the whole cache over `path` (see replace_cache_file).
Status save_altsvc_file(const http::AltsvcCache& cache, const std::string& path);

}  // namespace xfer
