// Progress display: a live view on a terminal that fits its width, one summary line otherwise.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "row.h"
#include "util/time.h"

namespace xfer::tool {

enum class ProgressMode { Live, SummaryOnly, Off };

class Progress {
 public:
  // fd is the descriptor behind out, asked for the terminal width in Live mode.
  Progress(ProgressMode mode, std::FILE* out, int fd);

  // Live mode wants per-transfer totals from the progress callback; the others do not.
  bool wants_callbacks() const { return mode_ == ProgressMode::Live; }

  void start(const std::vector<Row>& rows, TimePoint now);
  // Redraws at most every kRedrawInterval; cheap to call after every poll.
  void tick(const std::vector<Row>& rows, TimePoint now);
  void finish(const std::vector<Row>& rows, TimePoint now);

 private:
  static constexpr milliseconds kRedrawInterval{100};
  static constexpr size_t kMaxActiveLines = 10;

  void draw(const std::vector<Row>& rows, TimePoint now);
  void erase_previous();
  void put_line(const std::string& line);
  std::string counts_line(const std::vector<Row>& rows, bool final_line) const;
  std::string bytes_line(const std::vector<Row>& rows, TimePoint now);

  ProgressMode mode_;
  std::FILE* out_;
  int fd_;
  int width_ = 80;
  TimePoint begin_{};
  TimePoint last_draw_{};
  size_t lines_drawn_ = 0;
  double last_bytes_ = 0;
  TimePoint rate_at_{};      // when last_bytes_ was counted
  double recent_rate_ = -1;  // bytes/s, smoothed over redraws; -1 until measured
};

// Human-readable byte count and rate, shared with the final table.
void format_bytes(char* buf, size_t size, double bytes);
void format_rate(char* buf, size_t size, double bytes, double seconds);

// At most `width` columns of text (bytes; the view prints ASCII only). Used for every live line.
std::string fit_width(const std::string& line, int width);

}  // namespace xfer::tool
