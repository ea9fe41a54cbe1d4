// The final per-transfer table and totals.
#pragma once

#include <cstdio>
#include <vector>

#include "row.h"

namespace xfer::tool {

struct ReportStyle {
  // Above this many rows only the first few, the failures and the totals are printed.
  size_t compact_above = 30;
  size_t compact_head = 10;
  bool full = false;
};

void print_report(std::FILE* out, const std::vector<Row>& rows, long long elapsed_us,
                  const ReportStyle& style);

}  // namespace xfer::tool
