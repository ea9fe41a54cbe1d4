// Tests for TcpConnector against loopback listeners: success, refusal, family fallback, eyeballs timing.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

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

namespace {

// What the socket hooks saw; the open hook makes a blocking socket, as applications do.
struct HookLog {
  int opens = 0;
  int closes = 0;
  int sockopts = 0;
  std::vector<int> families;
  std::vector<int> opened;
  std::vector<int> closed;
  int sockopt_answer = CURL_SOCKOPT_OK;
  std::uint16_t connect_itself_to = 0;  // the sockopt hook connects the socket to this port
};

curl_socket_t log_open(void* p, curlsocktype purpose, curl_sockaddr* a) {
  auto* log = static_cast<HookLog*>(p);
  ++log->opens;
  log->families.push_back(purpose == CURLSOCKTYPE_IPCXN ? a->family : -1);
  const int fd = ::socket(a->family, a->socktype, a->protocol);
  log->opened.push_back(fd);
  return fd;
}

int log_close(void* p, curl_socket_t fd) {
  auto* log = static_cast<HookLog*>(p);
  ++log->closes;
  log->closed.push_back(fd);
  return ::close(fd);
}

int log_sockopt(void* p, curl_socket_t fd, curlsocktype) {
  auto* log = static_cast<HookLog*>(p);
  ++log->sockopts;
  if (log->connect_itself_to) {
    const Address a = addr("127.0.0.1", log->connect_itself_to);
    return ::connect(fd, a.sa(), a.len) == 0 ? CURL_SOCKOPT_ALREADY_CONNECTED : CURL_SOCKOPT_ERROR;
  }
  return log->sockopt_answer;
}

ConnectOptions hooked(HookLog& log) {
  ConnectOptions o;
  o.hooks = SocketHooks{log_open, &log, log_sockopt, &log, log_close, &log};
  return o;
}

}  // namespace

TEST_CASE("connector opens and closes every socket through the hooks", "[transport][connect][hooks]") {
  if (!have_ipv6()) return;  // no IPv6 loopback here
  Listener l;
  REQUIRE(l.ok());
  HookLog log;
  int fd = -1;
  {
    // ::1 is refused, then 127.0.0.1 connects: two sockets from the hook, the loser
    // closed through it, the winner made non-blocking and handed over.
    TcpConnector c({addr("::1", refused_port(AF_INET6)), addr("127.0.0.1", l.port)}, hooked(log));
    REQUIRE(drive(c, TimePoint{}) == ConnectState::kConnected);
    fd = c.release_fd();
    REQUIRE(fd >= 0);
    c.step(TimePoint{}, -1, 0);  // retired sockets close at the next step
    CHECK(log.families == std::vector<int>{AF_INET6, AF_INET});
    CHECK(log.sockopts == 2);
    CHECK(log.closes == 1);
    CHECK(log.closed == std::vector<int>{log.opened[0]});
    CHECK((::fcntl(fd, F_GETFL) & O_NONBLOCK) != 0);
  }
  CHECK(log.closes == 1);  // the released socket is the caller's
  close_socket(SocketHooks{nullptr, nullptr, nullptr, nullptr, log_close, &log}, fd);
  CHECK(log.closes == 2);
}

TEST_CASE("connector: a hook that gives no socket fails the attempt with 7", "[transport][connect][hooks]") {
  ConnectOptions o;
  o.hooks.open_fn = [](void*, curlsocktype, curl_sockaddr*) -> curl_socket_t { return CURL_SOCKET_BAD; };
  TcpConnector c({addr("127.0.0.1", refused_port())}, o);
  REQUIRE(drive(c, TimePoint{}) == ConnectState::kFailed);
  CHECK(c.failure().code == CURLE_COULDNT_CONNECT);
}

TEST_CASE("connector: a failing sockopt hook gives 42 and the socket is closed", "[transport][connect][hooks]") {
  Listener l;
  HookLog log;
  log.sockopt_answer = CURL_SOCKOPT_ERROR;
  TcpConnector c({addr("127.0.0.1", l.port)}, hooked(log));
  REQUIRE(drive(c, TimePoint{}) == ConnectState::kFailed);
  CHECK(c.failure().code == CURLE_ABORTED_BY_CALLBACK);
  CHECK(log.closes == 1);
}

TEST_CASE("connector: CURL_SOCKOPT_ALREADY_CONNECTED skips connect (libcurl 8.x)", "[transport][connect][hooks]") {
  // libcurl 7.88 calls connect() on such a socket anyway and fails with EISCONN; 8.x
  // fixed it, and xfer follows 8.x.
  Listener l;
  HookLog log;
  log.connect_itself_to = l.port;
  TcpConnector c({addr("127.0.0.1", refused_port())}, hooked(log));
  REQUIRE(c.step(TimePoint{}, -1, 0) == ConnectState::kConnected);
  const int fd = c.release_fd();
  Address peer;
  REQUIRE(socket_peer_address(fd, peer));
  CHECK(peer.port() == l.port);
  ::close(fd);
}

TEST_CASE("connector binds the local port and walks the range", "[transport][connect][bind]") {
  Listener l;
  Listener held;  // its port is taken on 127.0.0.1
  ConnectOptions o;
  o.bind.port = held.port;
  o.bind.port_range = 1;
  {
    TcpConnector c({addr("127.0.0.1", l.port)}, o);
    REQUIRE(drive(c, TimePoint{}) == ConnectState::kFailed);
    CHECK(c.failure().code == CURLE_INTERFACE_FAILED);
    CHECK(c.os_errno() == EADDRINUSE);
  }
  o.bind.port_range = 3;
  TcpConnector c({addr("127.0.0.1", l.port)}, o);
  const ConnectState st = drive(c, TimePoint{});
  if (st == ConnectState::kConnected) {  // the two ports after it may be taken by chance
    Address local;
    const int fd = c.release_fd();
    REQUIRE(socket_local_address(fd, local));
    CHECK(local.port() > held.port);
    CHECK(local.port() < held.port + 3);
    ::close(fd);
  }
}

TEST_CASE("connector binds to an interface, an address or a name", "[transport][connect][bind]") {
  Listener l;
  auto with_device = [&](const char* dev) {
    ConnectOptions o;
    o.bind.has_device = true;
    o.bind.device = dev;
    TcpConnector c({addr("127.0.0.1", l.port)}, o);
    const ConnectState st = drive(c, TimePoint{});
    return st == ConnectState::kConnected ? CURLE_OK : c.failure().code;
  };
  CHECK(with_device("lo") == CURLE_OK);
  CHECK(with_device("host!127.0.0.1") == CURLE_OK);
  CHECK(with_device("host!localhost") == CURLE_OK);
  CHECK(with_device("if!no-such-if0") == CURLE_INTERFACE_FAILED);
  CHECK(with_device("192.0.2.1") == CURLE_INTERFACE_FAILED);  // not a local address
  CHECK(with_device("host!::1") == CURLE_COULDNT_CONNECT);     // no IPv4 address
}

namespace {

// Connects with TCP Fast Open, sends "hello" and checks the listener got it.
void fastopen_round(Listener& l, bool& deferred) {
  ConnectOptions o;
  o.fastopen = true;
  TcpConnector c({addr("127.0.0.1", l.port)}, o);
  // With a cookie for the server no SYN leaves yet: the first send carries it.
  deferred = c.step(TimePoint{}, -1, 0) == ConnectState::kConnected;
  REQUIRE(drive(c, TimePoint{}) == ConnectState::kConnected);
  int fd = c.release_fd();
  REQUIRE(fd >= 0);
  int on = 0;
  socklen_t len = sizeof on;
  REQUIRE(::getsockopt(fd, IPPROTO_TCP, TCP_FASTOPEN_CONNECT, &on, &len) == 0);
  CHECK(on == 1);
  // A deferred connect's first send may say EINPROGRESS: "try again when writable".
  IoResult r = sock_send(fd, "hello", 5);
  for (int i = 0; i < 100 && r.status == IoStatus::kWouldBlock; ++i) {
    pollfd p{fd, POLLOUT, 0};
    ::poll(&p, 1, 50);
    r = sock_send(fd, "hello", 5);
  }
  REQUIRE(r.status == IoStatus::kOk);
  CHECK(r.bytes == 5);
  const int peer = ::accept(l.fd, nullptr, nullptr);
  REQUIRE(peer >= 0);
  char buf[8] = {};
  CHECK(::recv(peer, buf, sizeof buf, 0) == 5);
  CHECK(std::string(buf, 5) == "hello");
  ::close(peer);
  ::close(fd);
}

}  // namespace

TEST_CASE("connector asks for TCP Fast Open", "[transport][connect]") {
  Listener l;
  REQUIRE(l.ok());
  bool deferred = false;
  fastopen_round(l, deferred);
}

namespace {

// A fresh network namespace starts with lo down; run_netns.sh raises it with `ip`, which a
// minimal machine may lack (iproute2), so the tests raise it themselves with the ioctl.
bool namespace_lo_up() {
  const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  ifreq req{};
  std::snprintf(req.ifr_name, sizeof req.ifr_name, "lo");
  bool up = ::ioctl(fd, SIOCGIFFLAGS, &req) == 0;
  if (up && !(req.ifr_flags & IFF_UP)) {
    req.ifr_flags = static_cast<short>(req.ifr_flags | IFF_UP);
    up = ::ioctl(fd, SIOCSIFFLAGS, &req) == 0;
  }
  ::close(fd);
  return up;
}

}  // namespace

// The server side of Fast Open is a per-namespace sysctl: only our own namespace may turn
// it on, and then the second connect holds a cookie and is deferred to the first send.
TEST_CASE("connector's Fast Open connect is deferred to the first send", "[transport][connect][netns]") {
  if (!std::getenv("XFER_IN_NETNS")) {
    WARN("skipped: needs the namespace of run_netns.sh");
    return;
  }
  if (!namespace_lo_up()) {
    WARN("skipped: cannot bring lo up in this namespace");
    return;
  }
  if (std::system("echo 3 > /proc/sys/net/ipv4/tcp_fastopen") != 0) {
    WARN("skipped: cannot enable Fast Open in this namespace");
    return;
  }
  Listener l;
  REQUIRE(l.ok());
  int qlen = 8;
  REQUIRE(::setsockopt(l.fd, IPPROTO_TCP, TCP_FASTOPEN, &qlen, sizeof qlen) == 0);
  bool deferred = true;
  fastopen_round(l, deferred);  // fetches the cookie
  CHECK_FALSE(deferred);
  fastopen_round(l, deferred);
  CHECK(deferred);
}

// A link-local address needs its interface: only a namespace of our own may get one on lo.
TEST_CASE("connector gives ADDRESS_SCOPE to a link-local IPv6 address", "[transport][connect][netns]") {
  // Outside the namespace run_netns.sh makes, this would change the machine's own lo.
  if (!std::getenv("XFER_IN_NETNS")) {
    WARN("skipped: needs the namespace of run_netns.sh");
    return;
  }
  if (!namespace_lo_up()) {
    WARN("skipped: cannot bring lo up in this namespace");
    return;
  }
  if (std::system("ip -6 addr add fe80::1/64 dev lo nodad 2>/dev/null") != 0) {
    WARN("skipped: cannot add fe80::1 to lo");
    return;
  }
  const unsigned lo = if_nametoindex("lo");
  REQUIRE(lo != 0);
  const int lfd = ::socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in6 sin{};
  sin.sin6_family = AF_INET6;
  inet_pton(AF_INET6, "fe80::1", &sin.sin6_addr);
  sin.sin6_scope_id = lo;
  REQUIRE(::bind(lfd, reinterpret_cast<sockaddr*>(&sin), sizeof sin) == 0);
  REQUIRE(::listen(lfd, 4) == 0);
  socklen_t slen = sizeof sin;
  ::getsockname(lfd, reinterpret_cast<sockaddr*>(&sin), &slen);
  const std::uint16_t port = ntohs(sin.sin6_port);

  {  // the address alone names no interface: the kernel refuses it
    TcpConnector c({addr("fe80::1", port)}, ConnectOptions{});
    CHECK(drive(c, TimePoint{}) == ConnectState::kFailed);
  }
  ConnectOptions o;
  o.scope_id = lo;
  TcpConnector c({addr("fe80::1", port)}, o);
  REQUIRE(drive(c, TimePoint{}) == ConnectState::kConnected);
  ::close(c.release_fd());
  ::close(lfd);
}
