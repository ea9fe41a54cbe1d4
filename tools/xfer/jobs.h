// Builds the row list from options: where each body goes, and the file-name policy.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "options.h"
#include "row.h"

namespace xfer::tool {

// The last path segment of a URL, or "index.html" when the path ends in '/' or is empty.
std::string remote_file_name(const std::string& url);

// Rows whose name cannot be used (refused, read-only, a directory) come back already Done
// with CURLE_WRITE_ERROR; with -C, a file that is already complete comes back Done and ok.
std::vector<Row> make_rows(const Options& options,
                           const std::map<std::string, std::string>& checksum_list);

}  // namespace xfer::tool
