// The final per-transfer table and totals, as text or as JSON lines.
#pragma once

#include <cstdio>
#include <string>
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

// One JSON object per row, then one {"summary": ...} line.
void print_json_report(std::FILE* out, const std::vector<Row>& rows, long long elapsed_us);

// The result column: "ok", "HTTP 404" (a saved error page is not ok), or the failure text.
std::string result_text(const Row& row);

}  // namespace xfer::tool
