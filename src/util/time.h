// Time types shared by every layer: one monotonic clock, microsecond durations.
#pragma once

#include <chrono>

namespace xfer {

using SteadyClock = std::chrono::steady_clock;
using TimePoint = SteadyClock::time_point;
using Duration = std::chrono::microseconds;
using std::chrono::milliseconds;
using std::chrono::microseconds;

}  // namespace xfer
