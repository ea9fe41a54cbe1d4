// --limit-rate-total: one token bucket shared by every transfer's write callback.
#pragma once

#include "util/time.h"

namespace xfer::tool {

class RateBucket {
 public:
  RateBucket(long long bytes_per_s, TimePoint now);
  // A transfer may take bytes while the bucket is not in debt; one write may overdraw it.
  bool open() const { return tokens_ > 0; }
  void take(double n) { tokens_ -= n; }
  void refill(TimePoint now);

 private:
  double rate_;
  double tokens_;
  TimePoint last_;
};

}  // namespace xfer::tool
