// TcpConnector: happy-eyeballs connect, one attempt per family in flight, never blocking.
#include "transport/tcp_connector.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

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
    : addresses_(std::move(addresses)), opts_(opts) {
  if (addresses_.empty()) return;
  int first = addresses_.front().family();
  for (std::size_t i = 0; i < addresses_.size(); ++i) {
    fams_[addresses_[i].family() == first ? 0 : 1].order.push_back(i);
  }
}

TcpConnector::~TcpConnector() {
  close_retired();
  for (auto& fam : fams_) {
    if (fam.current.fd >= 0) ::close(fam.current.fd);
  }
  if (connected_fd_ >= 0) ::close(connected_fd_);
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
  return state_ == ConnectState::kConnected ? addresses_[connected_index_] : kNone;
}

bool TcpConnector::family_exhausted(const Family& fam) const {
  return fam.current.fd < 0 && fam.next >= fam.order.size();
}

void TcpConnector::retire(int fd) {
  if (fd >= 0) retired_.push_back(fd);
}

void TcpConnector::close_retired() {
  for (int fd : retired_) ::close(fd);
  retired_.clear();
}

void TcpConnector::rebuild_pending() {
  pending_.clear();
  for (const auto& fam : fams_) {
    if (fam.current.fd >= 0) pending_.push_back(fam.current.fd);
  }
}

// Opens sockets down the family's list until one is in flight (or connected at once).
void TcpConnector::start(Family& fam, TimePoint now) {
  fam.started = true;
  while (fam.current.fd < 0 && fam.next < fam.order.size()) {
    std::size_t idx = fam.order[fam.next++];
    const Address& addr = addresses_[idx];
    int fd = ::socket(addr.family(), SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_TCP);
    if (fd < 0) {
      last_errno_ = errno;
      continue;
    }
    if (opts_.tcp_nodelay) {
      int one = 1;
      // Failing to set it only costs latency, so the attempt goes on (libcurl does too).
      ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    }
    if (opts_.keepalive) {
      // As libcurl: a failure here is not worth failing the connection for.
      int one = 1;
      ::setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof one);
      ::setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &opts_.keepidle_s, sizeof opts_.keepidle_s);
      ::setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &opts_.keepintvl_s, sizeof opts_.keepintvl_s);
    }
    if (opts_.local_port != 0) {
      Address local;
      Address::from_literal(addr.family() == AF_INET6 ? "::" : "0.0.0.0", opts_.local_port,
                            local);
      if (::bind(fd, local.sa(), local.len) != 0) {
        last_errno_ = errno;
        ::close(fd);
        continue;
      }
    }
    int rc;
    do {
      rc = ::connect(fd, addr.sa(), addr.len);
    } while (rc != 0 && errno == EINTR);
    if (rc != 0 && errno != EINPROGRESS) {
      // This fd was never shown to the caller, so it can be closed right away.
      last_errno_ = errno;
      ::close(fd);
      continue;
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
    if (addresses_.empty()) {
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
