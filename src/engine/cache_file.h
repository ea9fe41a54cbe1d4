// Reading and replacing the HSTS and alt-svc cache files the way libcurl 7.88 does.
#pragma once

#include <optional>
#include <string>

#include "util/status.h"

namespace xfer {

// The whole file, or nothing when it cannot be opened or read (7.88 then starts empty).
std::optional<std::string> read_cache_file(const std::string& path);

// 7.88's save sequence: the target is first opened for writing (created, or truncated); a
// target that is not a regular file (a FIFO, /dev/null) is then written directly. Otherwise
// the text goes to "<target's directory>/<40 hex digits>.tmp", created exclusively with mode
// 0600 and then given the target's mode, and that file is renamed over the target; on
// failure it is removed. With no text (an expiry 7.88 could not print) the target is left
// truncated, as 7.88 leaves it.
Status replace_cache_file(const std::string& path, const std::optional<std::string>& text);

}  // namespace xfer
