// Transfer, rate limits: MAX_RECV_SPEED_LARGE and MAX_SEND_SPEED_LARGE paced as libcurl paces them.
#include "engine/transfer.h"

#include <algorithm>

#include "engine/easy.h"
#include "engine/multi.h"

namespace xfer {
namespace {

// libcurl restarts its measurement at most this often, so a slow start is not made up for
// by a burst much later.
constexpr auto kRateWindowRestart = std::chrono::milliseconds(3000);
constexpr std::uint64_t kPacedChunk = CURL_MAX_WRITE_SIZE;

// How long to wait so that `moved` bytes since the window's start stay at `limit` bytes/s.
Duration wait_for(curl_off_t limit, curl_off_t moved, TimePoint start, TimePoint now) {
  if (limit <= 0 || moved <= 0) return Duration::zero();
  // Microseconds, saturating: a huge count against a tiny limit waits "for ever".
  const long double need_us = static_cast<long double>(moved) * 1e6L / static_cast<long double>(limit);
  const long double cap = static_cast<long double>(std::chrono::duration_cast<std::chrono::microseconds>(
                                                       std::chrono::hours(24 * 365)).count());
  const auto minimum = std::chrono::microseconds(static_cast<std::int64_t>(std::min(need_us, cap)));
  const Duration spent = std::chrono::duration_cast<Duration>(now - start);
  return spent < minimum ? Duration(minimum) - spent : Duration::zero();
}

}  // namespace

void Transfer::start_rate_limits() {
  const RareOptions& ro = easy_.opts.rare_view();
  if (ro.max_recv_speed <= 0 && ro.max_send_speed <= 0) {
    if (rare_) rare_->throttled_until = TimePoint::max();
    return;
  }
  Rare& r = rare();
  r.recv_window = {start_, 0};
  r.send_window = {start_, 0};
  r.throttled_until = TimePoint::max();
}

bool Transfer::throttled() {
  if (!rare_) return false;
  const RareOptions& ro = easy_.opts.rare_view();
  if (ro.max_recv_speed <= 0 && ro.max_send_speed <= 0) return false;
  Rare& r = *rare_;
  const TransferInfo& info = easy_.info();
  const TimePoint now = multi_.now();
  // As in libcurl, either limit holds the whole transfer: an upload paced to its end
  // leaves the response unread until the pace allows, so the transfer lasts as long as
  // its limit says.
  const Duration wait =
      std::max(wait_for(ro.max_recv_speed, info.size_download - r.recv_window.bytes, r.recv_window.start, now),
               wait_for(ro.max_send_speed, info.size_upload - r.send_window.bytes, r.send_window.start, now));
  if (wait <= Duration::zero()) {
    r.throttled_until = TimePoint::max();
    return false;
  }
  if (now - r.recv_window.start >= kRateWindowRestart) r.recv_window = {now, info.size_download};
  if (now - r.send_window.start >= kRateWindowRestart) r.send_window = {now, info.size_upload};
  // The socket is not watched meanwhile: a throttled transfer costs no wake-ups.
  r.throttled_until = now + wait;
  if (conn_ && conn_->h2()) multi_.link_due(*conn_->h2());
  else if (conn_) multi_.poller().update(conn_->slot, 0);
  return true;
}

std::size_t Transfer::io_cap(bool upload, std::size_t want) const {
  const RareOptions& ro = easy_.opts.rare_view();
  const curl_off_t limit = upload ? ro.max_send_speed : ro.max_recv_speed;
  // One read or send moves about a sixteenth of a second's worth (at least 16 KiB, never
  // more than a second's): after a pause the pace allows a burst, which the next pause pays
  // back, but the last one of a transfer goes unpaid, so it stays small; and a throttled
  // transfer wakes about 16 times a second, whatever its rate.
  if (limit <= 0) return want;
  const auto per_second = static_cast<std::uint64_t>(limit);
  const std::uint64_t cap = std::min(per_second, std::max(per_second / 16, kPacedChunk));
  return cap < want ? static_cast<std::size_t>(cap) : want;
}

}  // namespace xfer
