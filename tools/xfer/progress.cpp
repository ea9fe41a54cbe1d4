// Draws the live view with plain ANSI cursor moves; every line is cut to the terminal's width.
#include "progress.h"

#include <algorithm>

#include "signals.h"
#include "terminal.h"

namespace xfer::tool {

namespace {

double seconds_between(TimePoint a, TimePoint b) {
  return std::chrono::duration<double>(b - a).count();
}

// The tail of a name tells transfers apart (paths and queries differ, hosts rarely). Control
// and non-ASCII bytes become '?', so a URL can neither move the cursor nor widen a line.
std::string short_name(const Row& row, size_t width) {
  std::string src = row.output_path.empty() ? row.shown_url : row.output_path;
  if (row.output_path.empty()) {
    const auto scheme = src.find("://");
    const auto path = scheme == std::string::npos ? scheme : src.find('/', scheme + 3);
    if (path != std::string::npos) src.erase(0, path);
  }
  for (char& c : src)
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) c = '?';
  if (src.size() <= width) return src;
  if (width <= 3) return src.substr(src.size() - width);
  return "..." + src.substr(src.size() - (width - 3));
}

std::string format_duration(double seconds) {
  char buf[32];
  const long long s = static_cast<long long>(seconds + 0.5);
  if (s >= 3600)
    std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
  else
    std::snprintf(buf, sizeof buf, "%lld:%02lld", s / 60, s % 60);
  return buf;
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

std::string fit_width(const std::string& line, int width) {
  const size_t w = static_cast<size_t>(std::max(width, 1));
  return line.size() <= w ? line : line.substr(0, w);
}

Progress::Progress(ProgressMode mode, std::FILE* out, int fd) : mode_(mode), out_(out), fd_(fd) {
  if (mode_ == ProgressMode::Live) width_ = terminal_width(fd_);
}

void Progress::start(const std::vector<Row>& rows, TimePoint now) {
  begin_ = now;
  rate_at_ = now;
  last_draw_ = now - kRedrawInterval;
  tick(rows, now);
}

void Progress::tick(const std::vector<Row>& rows, TimePoint now) {
  if (mode_ != ProgressMode::Live || now - last_draw_ < kRedrawInterval) return;
  if (take_resize()) width_ = terminal_width(fd_);
  last_draw_ = now;
  draw(rows, now);
}

void Progress::finish(const std::vector<Row>& rows, TimePoint now) {
  if (mode_ == ProgressMode::Off) return;
  if (mode_ == ProgressMode::Live) erase_previous();
  // The final lines are not redrawn, so on a pipe they may be as long as they need.
  const int saved = width_;
  if (mode_ != ProgressMode::Live) width_ = 1 << 20;
  recent_rate_ = -1;  // the last line gives the average over the whole run
  put_line(counts_line(rows, true));
  put_line(bytes_line(rows, now));
  width_ = saved;
  lines_drawn_ = 0;
  std::fflush(out_);
}

void Progress::erase_previous() {
  // Move to the first line drawn last time, then clear everything below it.
  if (lines_drawn_ > 0) std::fprintf(out_, "\x1b[%zuF", lines_drawn_);
  std::fputs("\x1b[0J", out_);
  lines_drawn_ = 0;
}

void Progress::put_line(const std::string& line) {
  // One column is kept free: a line that fills the last column makes some terminals wrap.
  const std::string fitted = fit_width(line, width_ - 1);
  std::fwrite(fitted.data(), 1, fitted.size(), out_);
  std::fputc('\n', out_);
  ++lines_drawn_;
}

void Progress::draw(const std::vector<Row>& rows, TimePoint now) {
  erase_previous();
  // The busiest transfers get the lines: most bytes per second since they started.
  std::vector<const Row*> active;
  for (const Row& row : rows)
    if (row.state == RowState::Active) active.push_back(&row);
  auto rate_of = [now](const Row* r) {
    const double s = seconds_between(r->started, now);
    return s > 0 ? static_cast<double>(r->bytes) / s : 0.0;
  };
  const size_t shown = std::min(active.size(), kMaxActiveLines);
  std::partial_sort(active.begin(), active.begin() + static_cast<long>(shown), active.end(),
                    [&](const Row* a, const Row* b) { return rate_of(a) > rate_of(b); });
  // "[1234] " + name + " 100%  1023.9 MB  1023.9 MB/s"
  const int fixed = 7 + 32;
  const size_t name_width = static_cast<size_t>(std::max(8, width_ - 1 - fixed));
  for (size_t i = 0; i < shown; ++i) {
    const Row& row = *active[i];
    char amount[32], rate[32], share[16], line[512];
    format_bytes(amount, sizeof amount, static_cast<double>(row.file_bytes()));
    format_rate(rate, sizeof rate, static_cast<double>(row.bytes),
                seconds_between(row.started, now));
    if (row.expected_total > 0) {
      const curl_off_t percent = std::min<curl_off_t>(100, row.bytes * 100 / row.expected_total);
      std::snprintf(share, sizeof share, "%3d%%", static_cast<int>(percent));
    } else {
      std::snprintf(share, sizeof share, "  --");
    }
    const std::string name = short_name(row, std::min<size_t>(name_width, 300));
    std::snprintf(line, sizeof line, "[%4zu] %-*s %s %10s %12s", row.index,
                  static_cast<int>(name.size() < name_width ? name_width : name.size()),
                  name.c_str(), share, amount, rate);
    put_line(line);
  }
  if (active.size() > shown)
    put_line("  ... and " + std::to_string(active.size() - shown) + " more active");
  put_line(counts_line(rows, false));
  put_line(bytes_line(rows, now));
  std::fflush(out_);
}

std::string Progress::counts_line(const std::vector<Row>& rows, bool final_line) const {
  size_t done = 0, failed = 0, active = 0, waiting = 0, queued = 0, interrupted = 0;
  for (const Row& row : rows) {
    switch (row.state) {
      case RowState::Queued:
        ++queued;
        break;
      case RowState::Active:
        ++active;
        break;
      case RowState::Waiting:
        ++waiting;
        break;
      case RowState::Done:
        ++done;
        if (row.interrupted)
          ++interrupted;
        else if (row.code != CURLE_OK)
          ++failed;
        break;
    }
  }
  char line[256];
  if (final_line) {
    std::snprintf(line, sizeof line, "%s %zu/%zu done, %zu failed%s",
                  interrupted ? "stopped:" : "finished:", done - interrupted, rows.size(), failed,
                  interrupted ? (", " + std::to_string(interrupted) + " interrupted").c_str() : "");
  } else {
    std::snprintf(line, sizeof line,
                  "%zu/%zu done, %zu failed, %zu active, %zu retrying, %zu queued", done,
                  rows.size(), failed, active, waiting, queued);
  }
  return line;
}

std::string Progress::bytes_line(const std::vector<Row>& rows, TimePoint now) {
  double bytes = 0;
  double remaining = 0;        // bytes still to come for transfers whose size is known
  size_t unsized = 0;          // unfinished transfers whose size is not known yet
  double unsized_seen = 0;     // what those have received so far
  double finished_bytes = 0;   // sizes of the transfers that finished well
  size_t finished = 0;
  for (const Row& row : rows) {
    bytes += static_cast<double>(row.bytes);
    if (row.state == RowState::Done) {
      if (row.code == CURLE_OK) {
        finished_bytes += static_cast<double>(row.file_bytes());
        ++finished;
      }
    } else if (row.state == RowState::Active && row.expected_total > 0) {
      remaining += static_cast<double>(std::max<curl_off_t>(0, row.expected_total - row.bytes));
    } else {
      ++unsized;
      unsized_seen += static_cast<double>(row.bytes);
    }
  }
  // With unsized (queued) transfers left the total is a guess: the finished ones' average
  // size stands in for each of them, and the ETA is marked "~".
  const bool exact = unsized == 0;
  if (!exact && finished > 0)
    remaining = std::max(0.0, remaining + static_cast<double>(unsized) * finished_bytes /
                                              static_cast<double>(finished) -
                                              unsized_seen);
  const double elapsed = seconds_between(begin_, now);
  const double since = seconds_between(rate_at_, now);
  if (recent_rate_ < 0) {
    if (elapsed > 0) recent_rate_ = bytes / elapsed;
  } else if (since > 0) {
    const double instant = std::max(0.0, bytes - last_bytes_) / std::max(since, 0.05);
    recent_rate_ = 0.7 * recent_rate_ + 0.3 * instant;
  }
  last_bytes_ = bytes;
  rate_at_ = now;
  char amount[32], rate[32];
  format_bytes(amount, sizeof amount, bytes);
  std::string line = std::string(amount);
  if (exact && remaining > 0) {
    char total[32];
    format_bytes(total, sizeof total, bytes + remaining);
    line += " of " + std::string(total);
  }
  format_rate(rate, sizeof rate, std::max(0.0, recent_rate_), 1.0);
  line += ", " + std::string(rate) + ", " + format_duration(elapsed) + " elapsed";
  if ((exact || finished > 0) && remaining > 0 && recent_rate_ > 0)
    line += std::string(exact ? ", ETA " : ", ETA ~") + format_duration(remaining / recent_rate_);
  return line;
}

}  // namespace xfer::tool
