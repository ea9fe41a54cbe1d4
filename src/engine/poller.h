// Poller: the engine's epoll set; each registered socket carries the PollTarget to notify.
#pragma once

#include <cstdint>
#include <vector>

#include <sys/epoll.h>

namespace xfer {

// Whoever waits on a socket (a transfer's socket, an idle connection, the resolver, the
// wakeup event) implements this; readiness is delivered during an engine pass.
class PollTarget {
 public:
  virtual void on_ready(int fd, std::uint32_t events) = 0;

 protected:
  ~PollTarget() = default;
};

struct PollEvent {
  PollTarget* target;
  int fd;
  std::uint32_t events;
};

// One registration per fd. `events` is the epoll mask the fd is registered with (0 when not
// registered); callers keep it next to the fd so an unchanged interest costs no syscall.
struct PollSlot {
  int fd = -1;
  std::uint32_t events = 0;
  bool registered = false;
  PollTarget* target = nullptr;
};

class Poller {
 public:
  Poller();
  ~Poller();
  Poller(const Poller&) = delete;
  Poller& operator=(const Poller&) = delete;

  bool ok() const { return epfd_ >= 0; }
  int fd() const { return epfd_; }

  // Brings the kernel registration of slot in line with `events` (0 removes it).
  bool update(PollSlot& slot, std::uint32_t events);
  // Forgets the slot (call before closing its fd; closing removes it from epoll anyway).
  void forget(PollSlot& slot);
  // Waits up to timeout_ms (0 = just look) and appends ready events to out.
  int wait(int timeout_ms, std::vector<PollEvent>& out);
  std::size_t registered() const { return registered_; }

 private:
  int epfd_ = -1;
  std::size_t registered_ = 0;
  std::vector<epoll_event> buf_;
};

}  // namespace xfer
