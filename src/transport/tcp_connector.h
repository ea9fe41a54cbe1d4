// TcpConnector: non-blocking TCP connect over an address list with happy eyeballs (RFC 8305-lite).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "transport/address.h"
#include "transport/socket_hooks.h"
#include "util/status.h"
#include "util/time.h"

namespace xfer::transport {

// An AF_UNIX stream socket to connect to instead of resolved addresses
// (CURLOPT_UNIX_SOCKET_PATH, CURLOPT_ABSTRACT_UNIX_SOCKET). No DNS, one attempt.
struct UnixPath {
  std::string path;
  bool abstract = false;  // Linux abstract namespace: sun_path is a NUL byte, then path
  // Whether path fits sun_path with its terminating NUL (libcurl's limit, 107 bytes).
  bool fits() const;
  // The address as libcurl builds it: family AF_UNIX, SOCK_STREAM, protocol 0, addrlen
  // covering the path and one more byte (its NUL, or the abstract name's leading NUL).
  void fill(SockaddrEx& out) const;
  // What CURLINFO_PRIMARY_IP shows: the path; "" for an abstract socket (its sun_path
  // begins with NUL). The port is 0.
  std::string peer_text() const { return abstract ? std::string() : path; }
};

struct ConnectOptions {
  bool tcp_nodelay = true;  // libcurl 7.88 turns TCP_NODELAY on by default
  // CURLOPT_TCP_FASTOPEN: connect() returns at once and the first send carries the SYN
  // (with data when the kernel holds a cookie for the server).
  bool fastopen = false;
  std::uint32_t scope_id = 0;  // CURLOPT_ADDRESS_SCOPE: given to every IPv6 address
  Duration eyeballs_delay = std::chrono::milliseconds(200);
  // Total time allowed, counted from the first step(). It is used to size each attempt
  // (half the remaining time while more addresses of that family follow, all of it for the
  // last one, as libcurl does) and, once it is over, step() reports kFailed with
  // CURLE_OPERATION_TIMEDOUT. libcurl's default is 300 s.
  Duration connect_timeout = std::chrono::seconds(300);
  LocalBind bind;      // CURLOPT_INTERFACE, LOCALPORT, LOCALPORTRANGE
  SocketHooks hooks;   // the application's open/sockopt/close callbacks, if any
  // CURLOPT_TCP_KEEPALIVE and its idle time and probe interval, in seconds.
  bool keepalive = false;
  int keepidle_s = 60;
  int keepintvl_s = 60;
  // A path set: the one attempt goes to this unix socket and the address list is unused;
  // the hooks run as for TCP (CURLSOCKTYPE_IPCXN), without TCP options or local binding,
  // and connected_address() is empty.
  UnixPath unix_socket;
};

enum class ConnectState { kInProgress, kConnected, kFailed };

// One attempt in flight per address family at most. The family of the first address goes
// first; the other family starts eyeballs_delay later if nothing has connected, or at once
// when the first family runs out of addresses. Within a family, addresses go in order.
//
// Socket numbers: an fd that drops out of pending_fds() stays open until the next step()
// (or destruction), so the caller can still deregister it from epoll and its number is
// never reused by a new attempt within the same step.
class TcpConnector {
 public:
  TcpConnector(std::vector<Address> addresses, ConnectOptions opts);
  ~TcpConnector();  // closes any socket still owned
  TcpConnector(const TcpConnector&) = delete;
  TcpConnector& operator=(const TcpConnector&) = delete;

  // Advances: starts attempts that are due, checks finished ones. `ready_fd` is a socket
  // the poller reported (-1 when called for a timer or the first time), `revents` its
  // epoll events (0 = unknown: the socket is then checked with a zero-timeout poll).
  // Never blocks.
  ConnectState step(TimePoint now, int ready_fd, std::uint32_t revents);
  // Sockets currently connecting: each wants EPOLLOUT. Valid until the next step().
  const std::vector<int>& pending_fds() const;
  // When step() must be called again even without readiness (next attempt start or an
  // attempt's timeout); TimePoint::max() if none.
  TimePoint next_deadline() const;
  // When kFailed: as libcurl, the last failure of the first family that started (its
  // attempts' own codes: 45 for a bind, 42 for the sockopt callback), else
  // CURLE_COULDNT_CONNECT (7) + reason.
  Status failure() const;
  int os_errno() const;    // errno of the last failed attempt (CURLINFO_OS_ERRNO), 0 if none
  ConnectState state() const { return state_; }
  // When kConnected: take ownership of the connected non-blocking socket (-1 otherwise,
  // or when already taken).
  int release_fd();
  const Address& connected_address() const;

 private:
  struct Attempt {
    int fd = -1;
    std::size_t index = 0;  // into addresses_
    TimePoint deadline = TimePoint::max();
  };
  struct Family {
    std::vector<std::size_t> order;  // indices into addresses_, in list order
    std::size_t next = 0;            // next entry of order to try
    bool started = false;
    Attempt current;
    Status last;  // the last attempt's failure
  };

  void start(Family& fam, TimePoint now);
  // socket(), options, the sockopt callback, bind; -1 and fam.last set on failure.
  int open_socket(Family& fam, SockaddrEx& target, bool& connected);
  void close_fd(int fd) { close_socket(opts_.hooks, fd); }
  void fail_attempt(Family& fam, int err, TimePoint now);
  void check(Family& fam, std::uint32_t revents, TimePoint now);
  void connected(Family& fam);
  void retire(int fd);
  void close_retired();
  void rebuild_pending();
  bool family_exhausted(const Family& fam) const;

  std::vector<Address> addresses_;
  bool is_unix_ = false;
  ConnectOptions opts_;
  Family fams_[2];  // [0] = family of the first address
  ConnectState state_ = ConnectState::kInProgress;
  bool begun_ = false;
  TimePoint begin_{};
  TimePoint overall_deadline_ = TimePoint::max();
  std::vector<int> pending_;
  std::vector<int> retired_;
  int connected_fd_ = -1;
  std::size_t connected_index_ = 0;
  Status failure_;
  int last_errno_ = 0;
};

// Static reason for a connect errno (ECONNREFUSED → "Connection refused", ...).
const char* connect_error_reason(int err);

}  // namespace xfer::transport
