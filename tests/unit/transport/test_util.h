// Loopback listeners and refused ports shared by the transport tests.
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>

#include "transport/address.h"

namespace xfer::transport::test {

// A listening socket on 127.0.0.1 or ::1, port 0; closed on destruction.
struct Listener {
  int fd = -1;
  std::uint16_t port = 0;

  explicit Listener(int family = AF_INET) {
    fd = ::socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    Address a;
    Address::from_literal(family == AF_INET6 ? "::1" : "127.0.0.1", 0, a);
    if (fd < 0 || ::bind(fd, a.sa(), a.len) != 0 || ::listen(fd, 16) != 0) {
      close_now();
      return;
    }
    Address bound;
    sockaddr_storage ss{};
    socklen_t len = sizeof ss;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len);
    Address::from_sockaddr(reinterpret_cast<sockaddr*>(&ss), len, bound);
    port = bound.port();
  }
  ~Listener() { close_now(); }
  void close_now() {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
  bool ok() const { return fd >= 0; }
};

// A port on loopback that nobody listens on: bound, then closed.
inline std::uint16_t refused_port(int family = AF_INET) {
  Listener l(family);
  return l.port;
}

inline Address addr(const char* ip, std::uint16_t port) {
  Address a;
  Address::from_literal(ip, port, a);
  return a;
}

}  // namespace xfer::transport::test
