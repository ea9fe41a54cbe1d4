// Transfer, timers and progress: connect slots, timeouts, progress callbacks, the wake-up time.
#include "engine/transfer.h"

#include <algorithm>

#include "engine/callback_scope.h"
#include "engine/easy.h"
#include "engine/multi.h"

namespace xfer {

void Transfer::sync_connect_slots() {
  const std::vector<int>& fds = opening_->connector->pending_fds();
  // Slots never move (the poller and the app's socket callback know them by address): drop
  // sockets the connector let go, then give new ones a free slot.
  for (PollSlot& s : opening_->slots) {
    if (s.fd >= 0 && std::find(fds.begin(), fds.end(), s.fd) == fds.end()) {
      multi_.poller().forget(s);
      s.fd = -1;
    }
  }
  for (int fd : fds) {
    PollSlot* free_slot = nullptr;
    bool known = false;
    for (PollSlot& s : opening_->slots) {
      if (s.fd == fd) known = true;
      if (s.fd < 0 && !free_slot) free_slot = &s;
    }
    if (known || !free_slot) continue;
    *free_slot = PollSlot{};
    free_slot->fd = fd;
    free_slot->target = &opening_->target;
    free_slot->easy = static_cast<Curl_easy*>(&easy_);
    multi_.poller().update(*free_slot, EPOLLOUT);
  }
}

void Transfer::forget_connect_slots() {
  if (!opening_) return;
  for (PollSlot& s : opening_->slots) {
    if (s.fd >= 0) multi_.poller().forget(s);
    s.fd = -1;
  }
}

bool Transfer::check_timeouts() {
  const TimePoint now = multi_.now();
  const bool connecting = state_ == TransferState::kResolving || state_ == TransferState::kConnecting ||
                          state_ == TransferState::kSocks || state_ == TransferState::kProxyTls ||
                          state_ == TransferState::kTunnel ||
                          state_ == TransferState::kTlsHandshake;
  // libcurl names the phase and the time spent since the transfer started: for a lookup
  // or a TCP connect whichever deadline passed, for the later steps of a connect its own.
  const bool named_phase = state_ == TransferState::kResolving || state_ == TransferState::kConnecting;
  if ((now >= deadline_ && named_phase) || (connecting && now >= connect_deadline_)) {
    const auto spent = std::chrono::duration_cast<std::chrono::milliseconds>(now - start_).count();
    std::string& detail = rare().status_error;
    detail = state_ == TransferState::kResolving ? "Resolving timed out after " : "Connection timed out after ";
    detail += std::to_string(spent) + " milliseconds";
    fail(Status::fail(CURLE_OPERATION_TIMEDOUT, detail.c_str()));
    return true;
  }
  if (now >= deadline_) {
    fail(Status::fail(CURLE_OPERATION_TIMEDOUT, "Operation timed out"));
    return true;
  }
  return false;
}

bool Transfer::call_progress() {
  const EasyOptions& o = easy_.opts;
  const TransferInfo& info = easy_.info();
  const curl_off_t dltotal = info.content_length_download > 0 ? info.content_length_download : 0;
  const curl_off_t ultotal = static_cast<curl_off_t>(inline_body_ + body_len_);
  int rc = 0;
  {
    CallbackScope scope(multi_);
    if (o.xferinfo_fn)
      rc = o.xferinfo_fn(o.progress_data, dltotal, info.size_download, ultotal, info.size_upload);
    else if (o.progress_fn)
      rc = o.progress_fn(o.progress_data, static_cast<double>(dltotal), static_cast<double>(info.size_download),
                         static_cast<double>(ultotal), static_cast<double>(info.size_upload));
  }
  return rc == 0 || rc == CURL_PROGRESSFUNC_CONTINUE;
}

bool Transfer::report_progress() {
  const EasyOptions& o = easy_.opts;
  const TimePoint now = multi_.now();
  const bool tick = now >= next_progress_;
  if (tick) {
    next_progress_ = now + kProgressInterval;
    if (o.low_speed_limit > 0 && o.low_speed_time > 0 && !recv_paused_ && !send_paused_ &&
        (state_ == TransferState::kSending || state_ == TransferState::kReceiving)) {
      const curl_off_t moved = easy_.info().size_download + easy_.info().size_upload;
      // A rate, not a count: the check that ends a slow period comes between ticks.
      const auto spent_ms = std::max<std::int64_t>(
          1, std::chrono::duration_cast<std::chrono::milliseconds>(now - low_speed_mark_time_).count());
      const bool slow = (moved - low_speed_mark_bytes_) * 1000 < o.low_speed_limit * spent_ms;
      low_speed_mark_bytes_ = moved;
      low_speed_mark_time_ = now;
      if (slow) {
        // The tick just measured was slow from its beginning (or from the request's start,
        // when that came later): libcurl counts the slow period from its first check, right
        // at the start, so LOW_SPEED_TIME N ends a transfer slow from the outset after N s.
        if (low_speed_since_ == TimePoint::max()) low_speed_since_ = std::max(now - kProgressInterval, request_start_);
        const TimePoint too_slow_at = low_speed_since_ + std::chrono::seconds(o.low_speed_time);
        if (now >= too_slow_at) {
          fail(Status::fail(CURLE_OPERATION_TIMEDOUT, "Operation too slow"));
          return false;
        }
        // libcurl checks at every wake-up, so a period that began between two ticks ends
        // when it is due, not at the tick after: the next check comes then.
        next_progress_ = std::min(next_progress_, too_slow_at);
      } else {
        low_speed_since_ = TimePoint::max();
      }
    }
  }
  if (o.no_progress) return true;
  if (!call_progress()) {
    fail(Status::fail(CURLE_ABORTED_BY_CALLBACK, "Callback aborted"));
    return false;
  }
  return true;
}

void Transfer::update_timer(bool at_once) {
  if (at_once) {
    // Due before any clock reading: the next pass runs it, whichever call drives the engine.
    multi_.schedule_at_once(*this);
    return;
  }
  TimePoint next = deadline_;
  if (state_ == TransferState::kResolving || state_ == TransferState::kConnecting ||
      state_ == TransferState::kSocks || state_ == TransferState::kProxyTls || state_ == TransferState::kTunnel ||
      state_ == TransferState::kTlsHandshake)
    next = std::min(next, connect_deadline_);
  if (opening_ && opening_->connector) next = std::min(next, opening_->connector->next_deadline());
  if (await_continue_) next = std::min(next, continue_deadline_);
  next = std::min(next, next_progress_);
  if (rare_) next = std::min(next, rare_->throttled_until);
  multi_.schedule(*this, next);
}

}  // namespace xfer
