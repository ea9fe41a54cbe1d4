// Poller: the epoll set, and the readiness it reported that no target has been handed yet.
#include "engine/poller.h"

#include <algorithm>
#include <cerrno>

#include <curl/curl.h>
#include <unistd.h>

namespace xfer {

Poller::Poller() : epfd_(epoll_create1(EPOLL_CLOEXEC)), buf_(256) {}

Poller::~Poller() {
  if (epfd_ >= 0) close(epfd_);
}

namespace {

int poll_what(std::uint32_t events) {
  int what = 0;
  if (events & EPOLLIN) what |= CURL_POLL_IN;
  if (events & EPOLLOUT) what |= CURL_POLL_OUT;
  return what;
}

}  // namespace

bool Poller::update(PollSlot& slot, std::uint32_t events) {
  if (slot.fd < 0) return false;
  slot.events = events;
  if (reporter_ && !slot.internal) {
    const int what = poll_what(events);
    if (what != slot.reported) {
      if (what) {
        remember(slot.fd, &slot);
      } else {
        drop(slot.fd);
      }
      slot.reported = what;
      reporter_->report(slot, what ? what : CURL_POLL_REMOVE);
      // A removed socket forgets what the application assigned to it, as libcurl does.
      if (!what) slot.socketp = nullptr;
    }
  }
  if (!epoll_wanted(slot)) return true;
  return epoll_apply(slot, events);
}

bool Poller::epoll_apply(PollSlot& slot, std::uint32_t events) {
  if (slot.registered && slot.registered_events_ == events) return true;
  if (events == 0) {
    if (slot.registered) {
      epoll_ctl(epfd_, EPOLL_CTL_DEL, slot.fd, nullptr);
      slot.registered = false;
      --registered_;
    }
    return true;
  }
  epoll_event ev{};
  ev.events = events;
  ev.data.ptr = &slot;
  const int op = slot.registered ? EPOLL_CTL_MOD : EPOLL_CTL_ADD;
  if (epoll_ctl(epfd_, op, slot.fd, &ev) != 0) {
    // The fd may have been closed and reused behind our back: re-add from scratch.
    if (op == EPOLL_CTL_MOD && errno == ENOENT && epoll_ctl(epfd_, EPOLL_CTL_ADD, slot.fd, &ev) == 0) {
      slot.registered_events_ = events;
      return true;
    }
    if (op == EPOLL_CTL_ADD && errno == EEXIST && epoll_ctl(epfd_, EPOLL_CTL_MOD, slot.fd, &ev) == 0) {
      slot.registered = true;
      ++registered_;
      slot.registered_events_ = events;
      return true;
    }
    return false;
  }
  if (!slot.registered) ++registered_;
  slot.registered = true;
  slot.registered_events_ = events;
  return true;
}

void Poller::forget(PollSlot& slot) {
  for (PollEvent& ev : pending_)
    if (ev.fd == slot.fd && ev.target == slot.target) ev.target = nullptr;
  if (!delivering_ && !pending_.empty())
    std::erase_if(pending_, [](const PollEvent& ev) { return ev.target == nullptr; });
  if (slot.reported) {
    drop(slot.fd);
    slot.reported = 0;
    if (reporter_) reporter_->report(slot, CURL_POLL_REMOVE);
  }
  slot.events = 0;
  slot.socketp = nullptr;
  if (!slot.registered) return;
  epoll_ctl(epfd_, EPOLL_CTL_DEL, slot.fd, nullptr);
  slot.registered = false;
  --registered_;
}

void Poller::adopt(PollSlot& to, PollSlot& from) {
  for (PollEvent& ev : pending_)
    if (ev.fd == from.fd && ev.target == from.target) ev.target = to.target;
  to.fd = from.fd;
  to.events = from.events;
  to.reported = from.reported;
  to.socketp = from.socketp;
  if (to.reported) remember(to.fd, &to);
  if (from.registered) {
    // The kernel holds a pointer to the old slot: point it at the new one.
    epoll_event ev{};
    ev.events = from.registered_events_;
    ev.data.ptr = &to;
    epoll_ctl(epfd_, EPOLL_CTL_MOD, to.fd, &ev);
    to.registered = true;
    to.registered_events_ = from.registered_events_;
  }
  from = PollSlot{};
}

void Poller::remember(int fd, PollSlot* slot) {
  if (fd < 0) return;
  const auto i = static_cast<std::size_t>(fd);
  if (i >= known_.size()) known_.resize(std::max<std::size_t>(i + 1, known_.size() * 2), nullptr);
  known_[i] = slot;
}

void Poller::set_reporter(SocketReporter* r) {
  reporter_ = r;
  if (!r) {
    known_.clear();
    mirror_ = false;
  }
}

void Poller::mirror_epoll() {
  if (!reporter_ || mirror_) return;
  mirror_ = true;
  for (PollSlot* slot : known_)
    if (slot) epoll_apply(*slot, slot->events);
}

PollSlot* Poller::find(int fd) const {
  if (fd < 0 || static_cast<std::size_t>(fd) >= known_.size()) return nullptr;
  return known_[static_cast<std::size_t>(fd)];
}

bool Poller::drop_pending(const PollTarget* target) {
  return std::erase_if(pending_, [&](const PollEvent& ev) { return ev.target == target; }) > 0;
}

int Poller::harvest(int timeout_ms) {
  if (buf_.size() < registered_ + 1 && buf_.size() < 4096) buf_.resize(std::min<std::size_t>(registered_ + 1, 4096));
  int n;
  do {
    n = epoll_wait(epfd_, buf_.data(), static_cast<int>(buf_.size()), timeout_ms);
  } while (n < 0 && errno == EINTR && timeout_ms == 0);
  if (n <= 0) return n;
  for (int i = 0; i < n; ++i) {
    auto* slot = static_cast<PollSlot*>(buf_[i].data.ptr);
    pending_.push_back(PollEvent{slot->target, slot->fd, buf_[i].events});
  }
  return n;
}

}  // namespace xfer
