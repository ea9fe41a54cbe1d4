// SessionMap: resumable TLS sessions by place and config, least recently used out first.
#include <unordered_map>

#include "transport/tls_context.h"

namespace xfer::transport {

struct SessionMap::Impl {
  struct Stored {
    TlsTicketRef session;
    std::uint64_t used;  // when it was last stored or found: the least recent goes first
  };
  std::unordered_map<std::string, Stored> sessions;
  std::uint64_t clock = 0;
};

SessionMap::SessionMap() = default;
SessionMap::~SessionMap() = default;

TlsTicketRef SessionMap::find_session(const std::string& key) {
  if (!impl_) return nullptr;
  auto it = impl_->sessions.find(key);
  if (it == impl_->sessions.end()) return nullptr;
  if (!tls_ticket_resumable(*it->second.session)) {
    impl_->sessions.erase(it);
    return nullptr;
  }
  it->second.used = ++impl_->clock;
  return it->second.session;
}

void SessionMap::store_session(const std::string& key, TlsTicketRef session) {
  if (!session) return;
  if (!impl_) impl_ = std::make_unique<Impl>();
  auto& map = impl_->sessions;
  // A program visiting many hosts must not keep a ticket per host for ever: past the cap
  // the least recently used one goes (a walk, once per new host beyond the cap, which a
  // full handshake dwarfs).
  if (map.size() >= kMaxSessions && map.find(key) == map.end()) {
    auto oldest = map.begin();
    for (auto it = map.begin(); it != map.end(); ++it)
      if (it->second.used < oldest->second.used) oldest = it;
    map.erase(oldest);
  }
  map[key] = Impl::Stored{std::move(session), ++impl_->clock};
}

void SessionMap::drop_session(const std::string& key) {
  if (impl_) impl_->sessions.erase(key);
}

std::size_t SessionMap::size() const { return impl_ ? impl_->sessions.size() : 0; }

void SessionMap::clear() {
  if (impl_) impl_->sessions.clear();
}

}  // namespace xfer::transport
