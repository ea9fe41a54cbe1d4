// Tests for TcpConnector against loopback listeners: success, refusal, family fallback, eyeballs timing.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/epoll.h>

#include <chrono>

#include "test_util.h"
#include "transport/socket_io.h"
#include "transport/tcp_connector.h"

using namespace xfer;
using namespace xfer::transport;
using namespace xfer::transport::test;
using namespace std::chrono_literals;

namespace {

// Feeds real readiness into the connector until it finishes; bounded to ~5 s.
ConnectState drive(TcpConnector& c, TimePoint now) {
  ConnectState st = c.step(now, -1, 0);
  for (int round = 0; round < 100 && st == ConnectState::kInProgress; ++round) {
    std::vector<pollfd> fds;
    for (int fd : c.pending_fds()) fds.push_back({fd, POLLOUT, 0});
    if (fds.empty()) break;
    if (::poll(fds.data(), fds.size(), 50) <= 0) continue;
    for (const auto& p : fds) {
      if (p.revents == 0) continue;
      std::uint32_t ev = 0;
      if (p.revents & POLLOUT) ev |= EPOLLOUT;
      if (p.revents & POLLERR) ev |= EPOLLERR;
      if (p.revents & POLLHUP) ev |= EPOLLHUP;
      st = c.step(now, p.fd, ev);
      break;  // the pending list may have changed
    }
  }
  return st;
}

bool fd_open(int fd) { return ::fcntl(fd, F_GETFD) != -1; }

bool have_ipv6() { return Listener(AF_INET6).ok(); }

}  // namespace

TEST_CASE("connector connects to a 127.0.0.1 listener", "[transport][connect]") {
  Listener l;
  REQUIRE(l.ok());
  TcpConnector c({addr("127.0.0.1", l.port)}, ConnectOptions{});
  CHECK(c.next_deadline() == TimePoint::min());  // not started: step me now
  REQUIRE(drive(c, TimePoint{}) == ConnectState::kConnected);
  CHECK(c.pending_fds().empty());
  CHECK(c.next_deadline() == TimePoint::max());
  CHECK(c.connected_address().port() == l.port);
  int fd = c.release_fd();
  REQUIRE(fd >= 0);
  CHECK(c.release_fd() == -1);
  CHECK((::fcntl(fd, F_GETFL) & O_NONBLOCK) != 0);
  int nodelay = 0;
  socklen_t len = sizeof nodelay;
  ::getsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &nodelay, &len);
  CHECK(nodelay != 0);
  Address local;
  CHECK(socket_local_address(fd, local));
  CHECK(local.ip_string() == "127.0.0.1");
  ::close(fd);
}

TEST_CASE("connector reports a refused port", "[transport][connect]") {
  std::uint16_t port = refused_port();
  TcpConnector c({addr("127.0.0.1", port)}, ConnectOptions{});
  REQUIRE(drive(c, TimePoint{}) == ConnectState::kFailed);
  CHECK(c.failure().code == CURLE_COULDNT_CONNECT);
  CHECK(std::string(c.failure().reason) == "Connection refused");
  CHECK(c.os_errno() == ECONNREFUSED);
  CHECK(c.pending_fds().empty());
  CHECK(c.release_fd() == -1);
}

TEST_CASE("connector with no addresses fails at once", "[transport][connect]") {
  TcpConnector c({}, ConnectOptions{});
  CHECK(c.step(TimePoint{}, -1, 0) == ConnectState::kFailed);
  CHECK(c.failure().code == CURLE_COULDNT_CONNECT);
}

TEST_CASE("connector moves on within a family after a refusal", "[transport][connect]") {
  Listener l;
  REQUIRE(l.ok());
  std::uint16_t dead = refused_port();
  TcpConnector c({addr("127.0.0.1", dead), addr("127.0.0.1", l.port)}, ConnectOptions{});
  REQUIRE(drive(c, TimePoint{}) == ConnectState::kConnected);
  CHECK(c.connected_address().port() == l.port);
}

TEST_CASE("connector falls back from a refused ::1 to 127.0.0.1 without waiting",
          "[transport][connect]") {
  if (!have_ipv6()) {
    WARN("skipped: no ::1 on this machine");
    return;
  }
  Listener l4;
  REQUIRE(l4.ok());
  std::uint16_t dead6 = refused_port(AF_INET6);
  TcpConnector c({addr("::1", dead6), addr("127.0.0.1", l4.port)}, ConnectOptions{});
  // The clock never moves: the IPv4 attempt must start because IPv6 ran out, not because
  // the eyeballs delay passed.
  REQUIRE(drive(c, TimePoint{}) == ConnectState::kConnected);
  CHECK(c.connected_address().family() == AF_INET);
  CHECK(c.connected_address().port() == l4.port);
}

TEST_CASE("connector starts the second family only after the eyeballs delay",
          "[transport][connect]") {
  if (!have_ipv6()) {
    WARN("skipped: no ::1 on this machine");
    return;
  }
  Listener l6(AF_INET6), l4;
  REQUIRE(l4.ok());
  ConnectOptions opts;
  opts.eyeballs_delay = 200ms;
  TcpConnector c({addr("::1", l6.port), addr("127.0.0.1", l4.port)}, opts);
  TimePoint t0{};
  // No readiness is reported, so the IPv6 attempt looks stuck to the connector.
  REQUIRE(c.step(t0, -1, 0) == ConnectState::kInProgress);
  REQUIRE(c.pending_fds().size() == 1);
  int fd6 = c.pending_fds()[0];
  CHECK(c.next_deadline() == t0 + 200ms);

  REQUIRE(c.step(t0 + 199ms, -1, 0) == ConnectState::kInProgress);
  CHECK(c.pending_fds().size() == 1);

  REQUIRE(c.step(t0 + 200ms, -1, 0) == ConnectState::kInProgress);
  REQUIRE(c.pending_fds().size() == 2);
  int fd4 = c.pending_fds()[1];
  CHECK(c.next_deadline() > t0 + 200ms);

  pollfd p{fd4, POLLOUT, 0};
  REQUIRE(::poll(&p, 1, 2000) == 1);
  REQUIRE(c.step(t0 + 201ms, fd4, EPOLLOUT) == ConnectState::kConnected);
  CHECK(c.connected_address().family() == AF_INET);
  // The losing IPv6 socket left the pending list but stays open for deregistration.
  CHECK(c.pending_fds().empty());
  CHECK(fd_open(fd6));
  int fd = c.release_fd();
  CHECK(fd == fd4);
  c.step(t0 + 202ms, -1, 0);
  CHECK_FALSE(fd_open(fd6));
  ::close(fd);
}

TEST_CASE("connector splits the connect timeout across addresses", "[transport][connect]") {
  Listener a, b;
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  ConnectOptions opts;
  opts.connect_timeout = 10s;
  TcpConnector c({addr("127.0.0.1", a.port), addr("127.0.0.1", b.port)}, opts);
  TimePoint t0{};
  REQUIRE(c.step(t0, -1, 0) == ConnectState::kInProgress);
  CHECK(c.next_deadline() == t0 + 5s);  // half, since another address follows
  int first = c.pending_fds().at(0);

  REQUIRE(c.step(t0 + 5s, -1, 0) == ConnectState::kInProgress);
  REQUIRE(c.pending_fds().size() == 1);
  CHECK(c.pending_fds()[0] != first);
  CHECK(c.next_deadline() == t0 + 10s);  // the last address gets all that is left

  CHECK(c.step(t0 + 10s, -1, 0) == ConnectState::kFailed);
  CHECK(c.failure().code == CURLE_OPERATION_TIMEDOUT);
  CHECK(c.pending_fds().empty());
}

TEST_CASE("connector checks a socket itself when revents is unknown", "[transport][connect]") {
  Listener l;
  REQUIRE(l.ok());
  TcpConnector c({addr("127.0.0.1", l.port)}, ConnectOptions{});
  TimePoint t0{};
  ConnectState st = c.step(t0, -1, 0);
  for (int i = 0; i < 200 && st == ConnectState::kInProgress; ++i) {
    REQUIRE(c.pending_fds().size() == 1);
    st = c.step(t0, c.pending_fds()[0], 0);
    if (st == ConnectState::kInProgress) ::poll(nullptr, 0, 5);
  }
  CHECK(st == ConnectState::kConnected);
}
