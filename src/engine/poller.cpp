// Poller: level-triggered epoll, so readiness left unconsumed is reported again next pass.
#include "engine/poller.h"

#include <cerrno>
#include <unistd.h>

namespace xfer {

Poller::Poller() : epfd_(epoll_create1(EPOLL_CLOEXEC)), buf_(256) {}

Poller::~Poller() {
  if (epfd_ >= 0) close(epfd_);
}

bool Poller::update(PollSlot& slot, std::uint32_t events) {
  if (slot.fd < 0) return false;
  if (slot.registered && slot.events == events) return true;
  if (events == 0) {
    forget(slot);
    return true;
  }
  epoll_event ev{};
  ev.events = events;
  ev.data.ptr = &slot;
  const int op = slot.registered ? EPOLL_CTL_MOD : EPOLL_CTL_ADD;
  if (epoll_ctl(epfd_, op, slot.fd, &ev) != 0) {
    // The fd may have been closed and reused behind our back: re-add from scratch.
    if (op == EPOLL_CTL_MOD && errno == ENOENT && epoll_ctl(epfd_, EPOLL_CTL_ADD, slot.fd, &ev) == 0) {
      slot.events = events;
      return true;
    }
    if (op == EPOLL_CTL_ADD && errno == EEXIST && epoll_ctl(epfd_, EPOLL_CTL_MOD, slot.fd, &ev) == 0) {
      slot.registered = true;
      ++registered_;
      slot.events = events;
      return true;
    }
    return false;
  }
  if (!slot.registered) ++registered_;
  slot.registered = true;
  slot.events = events;
  return true;
}

void Poller::forget(PollSlot& slot) {
  if (!slot.registered) return;
  epoll_ctl(epfd_, EPOLL_CTL_DEL, slot.fd, nullptr);
  slot.registered = false;
  slot.events = 0;
  --registered_;
}

int Poller::wait(int timeout_ms, std::vector<PollEvent>& out) {
  if (buf_.size() < registered_ + 1 && buf_.size() < 4096) buf_.resize(std::min<std::size_t>(registered_ + 1, 4096));
  int n;
  do {
    n = epoll_wait(epfd_, buf_.data(), static_cast<int>(buf_.size()), timeout_ms);
  } while (n < 0 && errno == EINTR && timeout_ms == 0);
  if (n <= 0) return n;
  for (int i = 0; i < n; ++i) {
    auto* slot = static_cast<PollSlot*>(buf_[i].data.ptr);
    out.push_back(PollEvent{slot->target, slot->fd, buf_[i].events});
  }
  return n;
}

}  // namespace xfer
