// Connection: one TCP connection in the pool, leased to at most one transfer at a time.
#pragma once

#include <cstdint>
#include <string>

#include "engine/poller.h"
#include "transport/address.h"
#include "util/intrusive_list.h"
#include "util/time.h"

namespace xfer {

class Pool;
class Transfer;
struct Destination;

struct Connection final : PollTarget {
  // Every state counts against the host and total caps; only kIdle can be reused or evicted.
  enum class State : std::uint8_t { kConnecting, kBusy, kIdle };

  PollSlot slot;                 // the socket and its epoll registration
  State state = State::kConnecting;
  Destination* dest = nullptr;
  Transfer* user = nullptr;      // the lessee while connecting or busy
  Pool* pool = nullptr;
  long id = 0;                   // libcurl's "connection #N", counted per engine
  transport::Address primary;
  transport::Address local;
  TimePoint idle_since{};
  std::uint32_t requests = 0;    // responses completed on it
  ListHook dest_idle_hook;       // on Destination::idle (LRU order)
  ListHook global_idle_hook;     // on Pool's global idle list (LRU order)

  int fd() const { return slot.fd; }
  // Readiness goes to the lessee; on an idle connection it means the peer closed or sent
  // something unasked, and either way the connection is no longer reusable.
  void on_ready(int fd, std::uint32_t events) override;
  void on_socket_refused() override;
};

}  // namespace xfer
