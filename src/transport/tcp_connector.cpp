// TcpConnector: happy-eyeballs connect, one attempt per family in flight, never blocking.
#include "transport/tcp_connector.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cerrno>
#include <cstring>

namespace xfer::transport {

const char* connect_error_reason(int err) {
  switch (err) {
    case ECONNREFUSED: return "Connection refused";
    case ETIMEDOUT: return "Connection timed out";
    case ENETUNREACH: return "Network is unreachable";
    case EHOSTUNREACH: return "No route to host";
    case EADDRNOTAVAIL: return "Cannot assign requested address";
    case EADDRINUSE: return "Address already in use";
    case EAFNOSUPPORT: return "Address family not supported by protocol";
    case EACCES: return "Permission denied";
    case EPERM: return "Operation not permitted";
    case ECONNRESET: return "Connection reset by peer";
    case ECONNABORTED: return "Connection aborted";
    case EMFILE: return "Too many open files";
    case ENFILE: return "Too many open files in system";
    case ENOBUFS: return "No buffer space available";
    default: return "The connection could not be made";
  }
}

TcpConnector::TcpConnector(std::vector<Address> addresses, ConnectOptions opts)
    : addresses_(std::move(addresses)), opts_(std::move(opts)) {
  if (!opts_.unix_socket.path.empty()) {
    is_unix_ = true;
    addresses_.clear();
    fams_[0].order.push_back(0);
    return;
  }
  if (addresses_.empty()) return;
  int first = addresses_.front().family();
  for (std::size_t i = 0; i < addresses_.size(); ++i) {
    fams_[addresses_[i].family() == first ? 0 : 1].order.push_back(i);
  }
}

bool UnixPath::fits() const { return path.size() + 1 <= sizeof(sockaddr_un::sun_path); }

void UnixPath::fill(SockaddrEx& out) const {
  out = SockaddrEx{};
  out.family = AF_UNIX;
  out.socktype = SOCK_STREAM;
  out.protocol = 0;
  sockaddr_un un{};
  un.sun_family = AF_UNIX;
  const std::size_t n = std::min(path.size(), sizeof un.sun_path - 1);
  std::memcpy(un.sun_path + (abstract ? 1 : 0), path.data(), n);
  out.addrlen = static_cast<unsigned int>(offsetof(sockaddr_un, sun_path) + n + 1);
  std::memcpy(&out.addr, &un, sizeof un);
}

TcpConnector::~TcpConnector() {
  close_retired();
  for (auto& fam : fams_) close_fd(fam.current.fd);
  close_fd(connected_fd_);
}

const std::vector<int>& TcpConnector::pending_fds() const { return pending_; }

Status TcpConnector::failure() const { return failure_; }

int TcpConnector::os_errno() const { return last_errno_; }

int TcpConnector::release_fd() {
  if (state_ != ConnectState::kConnected) return -1;
  int fd = connected_fd_;
  connected_fd_ = -1;
  return fd;
}

const Address& TcpConnector::connected_address() const {
  static const Address kNone{};
  return state_ == ConnectState::kConnected && !is_unix_ ? addresses_[connected_index_] : kNone;
}

bool TcpConnector::family_exhausted(const Family& fam) const {
  return fam.current.fd < 0 && fam.next >= fam.order.size();
}

void TcpConnector::retire(int fd) {
  if (fd >= 0) retired_.push_back(fd);
}

void TcpConnector::close_retired() {
  for (int fd : retired_) close_fd(fd);
  retired_.clear();
}

void TcpConnector::rebuild_pending() {
  pending_.clear();
  for (const auto& fam : fams_) {
    if (fam.current.fd >= 0) pending_.push_back(fam.current.fd);
  }
}

// One socket for `target`, set up as libcurl 7.88 does it: the open callback (which may
// change the address) or socket(), TCP_NODELAY and keep-alive, the sockopt callback, the
// local binding, then non-blocking mode. `connected` is set when the sockopt callback says
// the socket is connected already.
int TcpConnector::open_socket(Family& fam, SockaddrEx& target, bool& connected) {
  const SocketHooks& hooks = opts_.hooks;
  int fd;
  if (hooks.open_fn) {
    fd = hooks.open_fn(hooks.open_data, CURLSOCKTYPE_IPCXN, reinterpret_cast<curl_sockaddr*>(&target));
    if (fd < 0) {
      last_errno_ = errno;
      fam.last = Status::fail(CURLE_COULDNT_CONNECT, "The open socket callback gave no socket");
      return -1;
    }
  } else {
    fd = ::socket(target.family, target.socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, target.protocol);
    if (fd < 0) {
      last_errno_ = errno;
      fam.last = Status::fail(CURLE_COULDNT_CONNECT, connect_error_reason(errno));
      return -1;
    }
  }
  const bool is_tcp = (target.family == AF_INET || target.family == AF_INET6) && target.socktype == SOCK_STREAM;
  if (is_tcp && opts_.tcp_nodelay) {
    int one = 1;
    // Failing to set it only costs latency, so the attempt goes on (libcurl does too).
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  }
  if (is_tcp && opts_.keepalive) {
    // As libcurl: a failure here is not worth failing the connection for.
    int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof one);
    ::setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &opts_.keepidle_s, sizeof opts_.keepidle_s);
    ::setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &opts_.keepintvl_s, sizeof opts_.keepintvl_s);
  }
  connected = false;
  if (hooks.sockopt_fn) {
    const int rc = hooks.sockopt_fn(hooks.sockopt_data, fd, CURLSOCKTYPE_IPCXN);
    if (rc == CURL_SOCKOPT_ALREADY_CONNECTED) {
      connected = true;
    } else if (rc != CURL_SOCKOPT_OK) {
      fam.last = Status::fail(CURLE_ABORTED_BY_CALLBACK, "The socket option callback failed");
      close_fd(fd);
      return -1;
    }
  }
  int bind_errno = 0;
  // As libcurl, only an IP socket is bound locally.
  Status bound = target.family == AF_INET || target.family == AF_INET6
                     ? bind_local(fd, target.family, reinterpret_cast<const sockaddr*>(&target.addr), opts_.bind,
                                  bind_errno)
                     : Status::ok();
  if (!bound) {
    if (bind_errno != 0) last_errno_ = bind_errno;
    // A device without an address of this family: the next address may have one.
    fam.last = bound.code == CURLE_UNSUPPORTED_PROTOCOL
                   ? Status::fail(CURLE_COULDNT_CONNECT, "The interface has no address of this family")
                   : bound;
    close_fd(fd);
    return -1;
  }
  if (hooks.open_fn) {
    // The application's socket may be blocking; libcurl makes it non-blocking here.
    const int flags = ::fcntl(fd, F_GETFL, 0);
    if (flags >= 0) ::fcntl(fd, F_SETFL, flags | O_NONBLOCK);
  }
  return fd;
}

// Opens sockets down the family's list until one is in flight (or connected at once).
void TcpConnector::start(Family& fam, TimePoint now) {
  fam.started = true;
  while (fam.current.fd < 0 && fam.next < fam.order.size()) {
    std::size_t idx = fam.order[fam.next++];
    SockaddrEx target{};
    if (is_unix_) {
      opts_.unix_socket.fill(target);
    } else {
      const Address& addr = addresses_[idx];
      target.family = addr.family();
      target.socktype = SOCK_STREAM;
      target.protocol = IPPROTO_TCP;
      target.addrlen = addr.len;
      std::memcpy(&target.addr, addr.sa(), addr.len);
    }
    bool already = false;
    const int fd = open_socket(fam, target, already);
    if (fd < 0) continue;
    // The open callback may have changed the address: that one is connected to, but the
    // resolved one is reported (CURLINFO_PRIMARY_IP/PORT), as libcurl 7.88 does.
    int rc = 0;
    if (!already) {
      // As libcurl: after the open callback, so the scope applies to the address it chose.
      if (opts_.scope_id && target.family == AF_INET6)
        reinterpret_cast<sockaddr_in6*>(&target.addr)->sin6_scope_id = opts_.scope_id;
      if (opts_.fastopen && !is_unix_) {
        int one = 1;
        // Without it (an old kernel) the connect is an ordinary one, as in libcurl.
        ::setsockopt(fd, IPPROTO_TCP, TCP_FASTOPEN_CONNECT, &one, sizeof one);
      }
      const socklen_t len = std::min<socklen_t>(target.addrlen, sizeof target.addr);
      do {
        rc = ::connect(fd, reinterpret_cast<const sockaddr*>(&target.addr), len);
      } while (rc != 0 && errno == EINTR);
      // A unix socket whose backlog is full says EAGAIN; libcurl waits on it as in progress.
      if (rc != 0 && errno != EINPROGRESS && !(is_unix_ && errno == EAGAIN)) {
        // This fd was never shown to the caller, so it can be closed right away.
        last_errno_ = errno;
        fam.last = Status::fail(CURLE_COULDNT_CONNECT, connect_error_reason(errno));
        close_fd(fd);
        continue;
      }
    }
    fam.current.fd = fd;
    fam.current.index = idx;
    fam.current.deadline = TimePoint::max();
    if (overall_deadline_ != TimePoint::max()) {
      // Leave time for the addresses behind this one, as libcurl does.
      bool more = fam.next < fam.order.size();
      fam.current.deadline = more ? now + (overall_deadline_ - now) / 2 : overall_deadline_;
    }
    if (rc == 0) connected(fam);
  }
}

void TcpConnector::fail_attempt(Family& fam, int err, TimePoint now) {
  last_errno_ = err;
  fam.last = Status::fail(CURLE_COULDNT_CONNECT, connect_error_reason(err));
  retire(fam.current.fd);
  fam.current = Attempt{};
  start(fam, now);
}

void TcpConnector::connected(Family& fam) {
  connected_fd_ = fam.current.fd;
  connected_index_ = fam.current.index;
  fam.current = Attempt{};
  for (auto& other : fams_) {
    retire(other.current.fd);
    other.current = Attempt{};
  }
  state_ = ConnectState::kConnected;
}

void TcpConnector::check(Family& fam, std::uint32_t revents, TimePoint now) {
  int fd = fam.current.fd;
  if (revents == 0) {
    pollfd p{fd, POLLOUT, 0};
    if (::poll(&p, 1, 0) <= 0) return;
    if (p.revents & POLLOUT) revents |= EPOLLOUT;
    if (p.revents & POLLERR) revents |= EPOLLERR;
    if (p.revents & POLLHUP) revents |= EPOLLHUP;
  }
  if (!(revents & (EPOLLOUT | EPOLLERR | EPOLLHUP))) return;

  int err = 0;
  socklen_t len = sizeof err;
  if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0) err = errno;
  if (err == 0) {
    sockaddr_storage peer;
    socklen_t plen = sizeof peer;
    if (::getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &plen) == 0) {
      connected(fam);
      return;
    }
    // Readiness without a peer and without an error: report it as the generic failure.
    err = errno == ENOTCONN ? ECONNREFUSED : errno;
  }
  fail_attempt(fam, err, now);
}

ConnectState TcpConnector::step(TimePoint now, int ready_fd, std::uint32_t revents) {
  close_retired();
  if (state_ != ConnectState::kInProgress) return state_;

  if (!begun_) {
    begun_ = true;
    begin_ = now;
    if (opts_.connect_timeout > Duration::zero()) overall_deadline_ = now + opts_.connect_timeout;
    if (addresses_.empty() && !is_unix_) {
      state_ = ConnectState::kFailed;
      failure_ = Status::fail(CURLE_COULDNT_CONNECT, "No address to connect to");
      return state_;
    }
    start(fams_[0], now);
  }

  if (ready_fd >= 0 && state_ == ConnectState::kInProgress) {
    for (auto& fam : fams_) {
      if (fam.current.fd == ready_fd) {
        check(fam, revents, now);
        break;
      }
    }
  }

  if (state_ == ConnectState::kInProgress && now >= overall_deadline_) {
    for (auto& fam : fams_) {
      retire(fam.current.fd);
      fam.current = Attempt{};
    }
    last_errno_ = ETIMEDOUT;
    state_ = ConnectState::kFailed;
    failure_ = Status::fail(CURLE_OPERATION_TIMEDOUT, "Connection timed out");
  }

  if (state_ == ConnectState::kInProgress) {
    for (auto& fam : fams_) {
      if (state_ == ConnectState::kInProgress && fam.current.fd >= 0 &&
          now >= fam.current.deadline) {
        fail_attempt(fam, ETIMEDOUT, now);
      }
    }
  }

  if (state_ == ConnectState::kInProgress) {
    Family& second = fams_[1];
    bool due = now - begin_ >= opts_.eyeballs_delay || family_exhausted(fams_[0]);
    if (!second.started && !second.order.empty() && due) start(second, now);
  }

  // An unstarted family with addresses is not exhausted, so this waits for the second.
  if (state_ == ConnectState::kInProgress && family_exhausted(fams_[0]) &&
      family_exhausted(fams_[1])) {
    state_ = ConnectState::kFailed;
    failure_ = Status::fail(CURLE_COULDNT_CONNECT, connect_error_reason(last_errno_));
    // libcurl reports the first started family's last failure (a bind or callback code
    // survives; a refused connect is 7 either way).
    for (const auto& fam : fams_) {
      if (fam.started && !fam.last.is_ok()) {
        failure_ = fam.last;
        break;
      }
    }
  }

  rebuild_pending();
  return state_;
}

TimePoint TcpConnector::next_deadline() const {
  if (!begun_) return TimePoint::min();
  if (state_ != ConnectState::kInProgress) return TimePoint::max();
  TimePoint t = overall_deadline_;
  for (const auto& fam : fams_) {
    if (fam.current.fd >= 0 && fam.current.deadline < t) t = fam.current.deadline;
  }
  const Family& second = fams_[1];
  if (!second.started && !second.order.empty()) {
    TimePoint start_at = begin_ + opts_.eyeballs_delay;
    if (start_at < t) t = start_at;
  }
  return t;
}

}  // namespace xfer::transport
