// Clock: where the engine reads "now"; tests substitute a clock they advance by hand.
#pragma once

#include "util/time.h"

namespace xfer {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint now() = 0;
};

class SystemClock final : public Clock {
 public:
  TimePoint now() override { return SteadyClock::now(); }
  static SystemClock& instance() {
    static SystemClock clock;
    return clock;
  }
};

// Time moves only when the test says so, so timers fire deterministically.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(TimePoint start = TimePoint{} + std::chrono::hours(1)) : now_(start) {}
  TimePoint now() override { return now_; }
  void advance(Duration d) { now_ += d; }

 private:
  TimePoint now_;
};

}  // namespace xfer
