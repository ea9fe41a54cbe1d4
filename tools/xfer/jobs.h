// Builds the row list from options: pairs URLs with -o names, -O remote names, --output-dir.
#pragma once

#include <string>
#include <vector>

#include "options.h"
#include "row.h"

namespace xfer::tool {

// The last path segment of a URL, or "index.html" when the path ends in '/' or is empty.
std::string remote_file_name(const std::string& url);

std::vector<Row> make_rows(const Options& options);

}  // namespace xfer::tool
