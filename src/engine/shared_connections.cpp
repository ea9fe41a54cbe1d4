// SharedConnections: a share's idle connections, handed from one engine to the next.
#include "engine/shared_connections.h"

#include <poll.h>
#include <unistd.h>

namespace xfer {
namespace {

// Nobody watched the socket while it waited: whatever it has to read now (end of stream,
// a reset, bytes nobody asked for) means it cannot carry another request.
bool still_quiet(const Connection& c) {
  if (c.fd() < 0) return false;
  if (c.has_buffered()) return false;
  pollfd p{c.fd(), POLLIN, 0};
  const int n = ::poll(&p, 1, 0);
  return n == 0;
}

}  // namespace

void SharedConnections::put(const std::string& key, std::unique_ptr<Connection> c, std::size_t limit) {
  idle_.push_back(Entry{key, std::move(c)});
  while (idle_.size() > limit) idle_.pop_front();  // Connection's destructor closes it
}

std::unique_ptr<Connection> SharedConnections::take(const std::string& key, Check fits, const void* arg,
                                                    Check stale) {
  for (auto it = idle_.begin(); it != idle_.end();) {
    if (it->key == key && stale && stale(*it->conn, arg)) {
      it = idle_.erase(it);  // Connection's destructor closes it
      continue;
    }
    if (it->key != key || (fits && !fits(*it->conn, arg))) {
      ++it;
      continue;
    }
    std::unique_ptr<Connection> c = std::move(it->conn);
    it = idle_.erase(it);
    if (still_quiet(*c)) return c;
  }
  return nullptr;
}

}  // namespace xfer
