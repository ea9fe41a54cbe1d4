// --retry policy: which failures are transient and how long to wait before the next try.
#pragma once

#include <curl/curl.h>

#include <random>

#include "util/time.h"

namespace xfer::tool {

// Connect failures, timeouts, resets, empty or cut replies: the network, not the request.
bool transient_code(CURLcode code);
// 408, 429 and 5xx except 501 (not implemented) and 505 (version not supported).
bool transient_status(long status);

class Backoff {
 public:
  explicit Backoff(double first_delay_s) : first_s_(first_delay_s > 0 ? first_delay_s : 1.0) {}
  // Delay before try number `next_try` (2 = first retry): first_delay * 2^(next_try-2),
  // capped at kMaxDelay, then jittered to between half and all of it, so that many
  // transfers failing together do not come back together. Retry-After wins when given.
  Duration delay(int next_try, long long retry_after_s);

 private:
  static constexpr double kMaxDelayS = 600;
  double first_s_;
  std::mt19937_64 rng_{std::random_device{}()};
};

// A Retry-After value: delta seconds or an HTTP date; -1 when neither.
long long parse_retry_after(const char* value, long long now_epoch_s);

}  // namespace xfer::tool
