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
  // The application's socket callback refused this socket (returned -1).
  virtual void on_socket_refused() {}

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
  std::uint32_t events = 0;      // the interest the owner asked for
  std::uint32_t registered_events_ = 0;  // what the epoll set holds for it
  bool registered = false;       // in the epoll set
  bool internal = false;         // the engine's own fd (wakeup): never shown to the app
  int reported = 0;              // CURL_POLL_* last given to the socket callback (0: none)
  void* socketp = nullptr;       // curl_multi_assign's pointer for this socket
  void* easy = nullptr;          // the CURL* the socket callback names, if any
  PollTarget* target = nullptr;
};

// In socket-callback mode (CURLMOPT_SOCKETFUNCTION) interest changes go to the application.
class SocketReporter {
 public:
  virtual void report(PollSlot& slot, int what) = 0;

 protected:
  ~SocketReporter() = default;
};

class Poller {
 public:
  Poller();
  ~Poller();
  Poller(const Poller&) = delete;
  Poller& operator=(const Poller&) = delete;

  bool ok() const { return epfd_ >= 0; }
  int fd() const { return epfd_; }

  // Brings the registration of slot in line with `events` (0 removes it): the epoll set,
  // and the application's socket callback when one is set. Unchanged interest costs nothing.
  bool update(PollSlot& slot, std::uint32_t events);
  // Forgets the slot (call before closing its fd; closing removes it from epoll anyway).
  void forget(PollSlot& slot);

  // Moves from's registration (epoll entry, what the app was told, socketp) to `to` without
  // telling the application anything: the same socket changes owner (a connect attempt
  // becomes the connection). `to.target` must be set; `from` ends up empty.
  void adopt(PollSlot& to, PollSlot& from);

  // Socket-callback mode. While reporting, the epoll set is kept only once something needs
  // it (mirror_epoll: curl_multi_perform/poll/wait on an event-driven engine).
  void set_reporter(SocketReporter* r);
  bool reporting() const { return reporter_ != nullptr; }
  void mirror_epoll();
  PollSlot* find(int fd) const;
  template <class F>
  void for_each_known(F&& f) const {
    for (PollSlot* slot : known_)
      if (slot) f(*slot);
  }
  // Readiness fetched by epoll_wait and not yet handed to its targets: a curl_multi_wait
  // fetches it, the next perform delivers it. forget() and adopt() keep it in step with the
  // slots, so an entry never outlives its socket and none is dropped on the way (an
  // edge-triggered socket reports its readiness only once).
  // harvest waits up to timeout_ms (0 = just look) and appends what is ready.
  int harvest(int timeout_ms);
  bool has_pending() const { return !pending_.empty(); }
  std::size_t pending_count() const { return pending_.size(); }
  // Hands every pending event to f, in order, then forgets them. A slot forgotten meanwhile
  // (an idle connection closed by its own event) has its later entries skipped.
  template <class F>
  void deliver_pending(F&& f) {
    delivering_ = true;
    for (std::size_t i = 0; i < pending_.size(); ++i)
      if (pending_[i].target) f(pending_[i]);
    pending_.clear();
    delivering_ = false;
  }
  // Drops the pending events of target; true when there was one.
  bool drop_pending(const PollTarget* target);
  std::size_t registered() const { return registered_; }

 private:
  bool epoll_wanted(const PollSlot& slot) const { return !reporter_ || mirror_ || slot.internal; }
  bool epoll_apply(PollSlot& slot, std::uint32_t events);

  int epfd_ = -1;
  std::size_t registered_ = 0;
  SocketReporter* reporter_ = nullptr;
  bool mirror_ = false;
  // Reporting mode: the slot of each socket the app watches, indexed by fd (fds are small
  // and dense, so a vector beats a hash: no allocation per registration once grown).
  std::vector<PollSlot*> known_;
  void remember(int fd, PollSlot* slot);
  void drop(int fd) {
    if (fd >= 0 && static_cast<std::size_t>(fd) < known_.size()) known_[static_cast<std::size_t>(fd)] = nullptr;
  }
  std::vector<epoll_event> buf_;
  std::vector<PollEvent> pending_;
  bool delivering_ = false;  // deliver_pending is walking pending_: entries are only blanked
};

}  // namespace xfer
