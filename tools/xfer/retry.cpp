// The retry classification and the jittered exponential backoff.
#include "retry.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace xfer::tool {

bool transient_code(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_GOT_NOTHING:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      return true;
    default:
      return false;
  }
}

bool transient_status(long status) {
  return status == 408 || status == 429 ||
         (status >= 500 && status <= 599 && status != 501 && status != 505);
}

Duration Backoff::delay(int next_try, long long retry_after_s) {
  if (retry_after_s >= 0)
    return std::chrono::duration_cast<Duration>(std::chrono::duration<double>(retry_after_s));
  const int doublings = std::clamp(next_try - 2, 0, 30);
  const double full = std::min(first_s_ * std::ldexp(1.0, doublings), kMaxDelayS);
  std::uniform_real_distribution<double> share(0.5, 1.0);
  return std::chrono::duration_cast<Duration>(std::chrono::duration<double>(full * share(rng_)));
}

long long parse_retry_after(const char* value, long long now_epoch_s) {
  while (*value == ' ' || *value == '\t') ++value;
  if (*value >= '0' && *value <= '9') {
    char* end = nullptr;
    const long long s = std::strtoll(value, &end, 10);
    return s < 0 ? -1 : s;
  }
  const time_t when = curl_getdate(value, nullptr);
  if (when < 0) return -1;
  return std::max<long long>(0, static_cast<long long>(when) - now_epoch_s);
}

}  // namespace xfer::tool
