// Progress display: a live per-transfer view on a terminal, one summary line otherwise.
#pragma once

#include <cstdio>
#include <vector>

#include "row.h"
#include "util/time.h"

namespace xfer::tool {

enum class ProgressMode { Live, SummaryOnly, Off };

class Progress {
 public:
  Progress(ProgressMode mode, std::FILE* out);

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
  void summary_line(const std::vector<Row>& rows, TimePoint now, bool final_line);

  ProgressMode mode_;
  std::FILE* out_;
  TimePoint begin_{};
  TimePoint last_draw_{};
  size_t lines_drawn_ = 0;
};

// Human-readable byte count and rate, shared with the final table.
void format_bytes(char* buf, size_t size, double bytes);
void format_rate(char* buf, size_t size, double bytes, double seconds);

}  // namespace xfer::tool
