// Token bucket with a burst of a tenth of a second, so bursts cannot add up to more than the rate.
#include "rate_limit.h"

#include <algorithm>

namespace xfer::tool {

RateBucket::RateBucket(long long bytes_per_s, TimePoint now)
    : rate_(static_cast<double>(bytes_per_s)), tokens_(rate_ / 10), last_(now) {}

void RateBucket::refill(TimePoint now) {
  const double dt = std::chrono::duration<double>(now - last_).count();
  last_ = now;
  tokens_ = std::min(tokens_ + rate_ * dt, rate_ / 10);
}

}  // namespace xfer::tool
