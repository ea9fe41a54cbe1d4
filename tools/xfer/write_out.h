// -w/--write-out: one line per transfer from a curl-style format with %{variable}s.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "row.h"

namespace xfer::tool {

// Expands FORMAT for one row: %{url} (redacted), %{http_code}, %{response_code},
// %{size_download}, %{resumed_from}, %{time_total} (seconds), %{filename_effective},
// %{exitcode}, %{errormsg}, %{num_retries}, %{result}; %% is '%', \n \t \r \\ escapes.
// Unknown variables are left as written, so a typo shows.
std::string expand_write_out(const std::string& format, const Row& row);

void print_write_out(std::FILE* out, const std::string& format, const std::vector<Row>& rows);

}  // namespace xfer::tool
