// Prints the final table: index, status, bytes, time, result, URL (redacted) and file.
#include "report.h"

#include "progress.h"

namespace xfer::tool {

namespace {

void print_header(std::FILE* out) {
  std::fprintf(out, "%6s %6s %12s %9s  %s\n", "#", "status", "bytes", "time_ms", "result");
}

void print_row(std::FILE* out, const Row& row) {
  std::fprintf(out, "%6zu %6ld %12lld %9.1f  %s", row.index, row.status,
               static_cast<long long>(row.file_bytes()), static_cast<double>(row.time_us) / 1000.0,
               result_text(row).c_str());
  if (!row.note.empty()) std::fprintf(out, " (%s)", row.note.c_str());
  std::fprintf(out, "  %s", row.shown_url.c_str());
  if (!row.output_path.empty()) std::fprintf(out, " -> %s", row.output_path.c_str());
  std::fputc('\n', out);
}

}  // namespace

std::string result_text(const Row& row) {
  if (row.code != CURLE_OK) return row.error_text;
  // -C - on a .part that was already whole: the server's 416 confirmed it (see runner.cpp).
  if (row.status == 416 && row.resumed_from > 0) return "ok (the .part was already complete)";
  if (row.status >= 400) return "HTTP " + std::to_string(row.status) + " (saved; -f fails it)";
  if (row.tries > 1) return "ok after " + std::to_string(row.tries) + " tries";
  return "ok";
}

void print_report(std::FILE* out, const std::vector<Row>& rows, long long elapsed_us,
                  const ReportStyle& style) {
  const bool compact = !style.full && rows.size() > style.compact_above;
  print_header(out);
  size_t failed = 0;
  size_t interrupted = 0;
  size_t skipped = 0;
  size_t unstarted_hidden = 0;
  double bytes = 0;
  for (const Row& row : rows) {
    bytes += static_cast<double>(row.bytes);
    const bool bad = row.code != CURLE_OK || row.status >= 400;
    if (row.interrupted)
      ++interrupted;
    else if (row.code != CURLE_OK)
      ++failed;
    // After a Ctrl-C with thousands queued, one count says more than thousands of rows.
    if (compact && row.interrupted && row.tries == 0) {
      ++unstarted_hidden;
      continue;
    }
    // A note marks a row someone wants to see, such as a demo expectation that was missed.
    if (!compact || row.index <= style.compact_head || bad || !row.note.empty()) {
      print_row(out, row);
    } else {
      ++skipped;
    }
  }
  if (skipped > 0)
    std::fprintf(out, "%6s (%zu successful rows not shown; --full-table shows all)\n", "...",
                 skipped);
  if (unstarted_hidden > 0)
    std::fprintf(out, "%6s (%zu URLs not started; --full-table lists them)\n", "...",
                 unstarted_hidden);

  char amount[32], rate[32];
  const double seconds = static_cast<double>(elapsed_us) / 1e6;
  format_bytes(amount, sizeof amount, bytes);
  format_rate(rate, sizeof rate, bytes, seconds);
  std::fprintf(out, "total: %zu transfers, %zu ok, %zu failed", rows.size(),
               rows.size() - failed - interrupted, failed);
  if (interrupted) std::fprintf(out, ", %zu interrupted", interrupted);
  std::fprintf(out, ", %.0f bytes (%s) in %.1f ms, %s\n", bytes, amount,
               static_cast<double>(elapsed_us) / 1000.0, rate);
}

}  // namespace xfer::tool
