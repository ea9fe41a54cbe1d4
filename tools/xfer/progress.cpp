// Draws the progress display with plain ANSI cursor moves; no terminal library needed.
#include "progress.h"

#include <algorithm>
#include <string>

namespace xfer::tool {

namespace {

double seconds_between(TimePoint a, TimePoint b) {
  return std::chrono::duration<double>(b - a).count();
}

// The tail of the URL is what tells transfers apart (paths and queries differ, hosts rarely).
std::string short_name(const Row& row, size_t width) {
  std::string src = row.output_path.empty() ? row.url : row.output_path;
  if (row.output_path.empty()) {
    const auto scheme = src.find("://");
    const auto path = scheme == std::string::npos ? scheme : src.find('/', scheme + 3);
    if (path != std::string::npos) src.erase(0, path);
  }
  if (src.size() <= width) return src;
  return "..." + src.substr(src.size() - (width - 3));
}

}  // namespace

void format_bytes(char* buf, size_t size, double bytes) {
  static const char* const units[] = {"B", "KB", "MB", "GB", "TB"};
  size_t unit = 0;
  while (bytes >= 1024.0 && unit + 1 < std::size(units)) {
    bytes /= 1024.0;
    ++unit;
  }
  if (unit == 0)
    std::snprintf(buf, size, "%.0f %s", bytes, units[unit]);
  else
    std::snprintf(buf, size, "%.1f %s", bytes, units[unit]);
}

void format_rate(char* buf, size_t size, double bytes, double seconds) {
  char amount[24];
  format_bytes(amount, sizeof amount, seconds > 0 ? bytes / seconds : 0);
  std::snprintf(buf, size, "%s/s", amount);
}

Progress::Progress(ProgressMode mode, std::FILE* out) : mode_(mode), out_(out) {}

void Progress::start(const std::vector<Row>& rows, TimePoint now) {
  begin_ = now;
  last_draw_ = now - kRedrawInterval;
  tick(rows, now);
}

void Progress::tick(const std::vector<Row>& rows, TimePoint now) {
  if (mode_ != ProgressMode::Live || now - last_draw_ < kRedrawInterval) return;
  last_draw_ = now;
  draw(rows, now);
}

void Progress::finish(const std::vector<Row>& rows, TimePoint now) {
  if (mode_ == ProgressMode::Off) return;
  if (mode_ == ProgressMode::Live) erase_previous();
  summary_line(rows, now, true);
  std::fflush(out_);
}

void Progress::erase_previous() {
  // Move to the first line drawn last time, then clear everything below it.
  if (lines_drawn_ > 0) std::fprintf(out_, "\x1b[%zuF", lines_drawn_);
  std::fputs("\x1b[0J", out_);
  lines_drawn_ = 0;
}

void Progress::draw(const std::vector<Row>& rows, TimePoint now) {
  erase_previous();
  size_t active = 0;
  for (const Row& row : rows) {
    if (row.state != RowState::Active) continue;
    if (++active > kMaxActiveLines) continue;
    char amount[32], rate[32], share[16];
    format_bytes(amount, sizeof amount, static_cast<double>(row.bytes));
    format_rate(rate, sizeof rate, static_cast<double>(row.bytes),
                seconds_between(row.started, now));
    if (row.expected_total > 0) {
      const curl_off_t percent = std::min<curl_off_t>(100, row.bytes * 100 / row.expected_total);
      std::snprintf(share, sizeof share, "%3d%%", static_cast<int>(percent));
    } else {
      std::snprintf(share, sizeof share, "  --");
    }
    std::fprintf(out_, "  [%4zu] %-44s %s %10s %12s\n", row.index, short_name(row, 44).c_str(),
                 share, amount, rate);
    ++lines_drawn_;
  }
  if (active > kMaxActiveLines) {
    std::fprintf(out_, "  ... and %zu more active\n", active - kMaxActiveLines);
    ++lines_drawn_;
  }
  summary_line(rows, now, false);
  ++lines_drawn_;
  std::fflush(out_);
}

void Progress::summary_line(const std::vector<Row>& rows, TimePoint now, bool final_line) {
  size_t done = 0, failed = 0, active = 0;
  double bytes = 0;
  for (const Row& row : rows) {
    bytes += static_cast<double>(row.bytes);
    if (row.state == RowState::Active) ++active;
    if (row.state != RowState::Done) continue;
    ++done;
    if (row.code != CURLE_OK) ++failed;
  }
  char amount[32], rate[32];
  format_bytes(amount, sizeof amount, bytes);
  const double elapsed = seconds_between(begin_, now);
  format_rate(rate, sizeof rate, bytes, elapsed);
  std::fprintf(out_, "%s %zu/%zu done, %zu failed, %zu active, %s in %.1f s, %s\n",
               final_line ? "finished:" : "progress:", done, rows.size(), failed, active, amount,
               elapsed, rate);
}

}  // namespace xfer::tool
