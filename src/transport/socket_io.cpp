// Socket I/O wrappers: errno folded into IoStatus so callers never read errno themselves.
#include "transport/socket_io.h"

#include <sys/socket.h>
#include <sys/uio.h>

#include <cerrno>

namespace xfer::transport {

static IoResult from_errno(int err) {
  IoResult r;
  // EINPROGRESS: a TCP Fast Open socket's first send started the handshake without data.
  if (err == EAGAIN || err == EWOULDBLOCK || err == EINPROGRESS) {
    r.status = IoStatus::kWouldBlock;
  } else {
    r.status = IoStatus::kError;
    r.err = err;
  }
  return r;
}

// EINTR is retried here so no caller has to treat it as a distinct outcome.
IoResult sock_recv(int fd, char* buf, std::size_t cap) {
  for (;;) {
    ssize_t n = ::recv(fd, buf, cap, 0);
    if (n > 0) return {static_cast<std::size_t>(n), IoStatus::kOk, 0};
    if (n == 0) return {0, cap == 0 ? IoStatus::kOk : IoStatus::kClosed, 0};
    if (errno == EINTR) continue;
    return from_errno(errno);
  }
}

IoResult sock_peek(int fd, char* buf, std::size_t cap) {
  for (;;) {
    ssize_t n = ::recv(fd, buf, cap, MSG_PEEK);
    if (n > 0) return {static_cast<std::size_t>(n), IoStatus::kOk, 0};
    if (n == 0) return {0, cap == 0 ? IoStatus::kOk : IoStatus::kClosed, 0};
    if (errno == EINTR) continue;
    return from_errno(errno);
  }
}

IoResult sock_send(int fd, const char* buf, std::size_t len) {
  for (;;) {
    ssize_t n = ::send(fd, buf, len, MSG_NOSIGNAL);
    if (n >= 0) return {static_cast<std::size_t>(n), IoStatus::kOk, 0};
    if (errno == EINTR) continue;
    return from_errno(errno);
  }
}

IoResult sock_send2(int fd, const char* a, std::size_t alen, const char* b, std::size_t blen) {
  iovec iov[2];
  int count = 0;
  if (alen) iov[count++] = {const_cast<char*>(a), alen};
  if (blen) iov[count++] = {const_cast<char*>(b), blen};
  if (count == 0) return {};
  msghdr msg{};
  msg.msg_iov = iov;
  msg.msg_iovlen = static_cast<std::size_t>(count);
  for (;;) {
    ssize_t n = ::sendmsg(fd, &msg, MSG_NOSIGNAL);
    if (n >= 0) return {static_cast<std::size_t>(n), IoStatus::kOk, 0};
    if (errno == EINTR) continue;
    return from_errno(errno);
  }
}

bool socket_local_address(int fd, Address& out) {
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len) != 0) return false;
  return Address::from_sockaddr(reinterpret_cast<sockaddr*>(&ss), len, out);
}

bool socket_peer_address(int fd, Address& out) {
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  if (::getpeername(fd, reinterpret_cast<sockaddr*>(&ss), &len) != 0) return false;
  return Address::from_sockaddr(reinterpret_cast<sockaddr*>(&ss), len, out);
}

// An idle HTTP/1 connection must be silent: data the server sent unasked (a 408, say) or
// EOF both mean the next request on it would fail.
bool socket_looks_dead(int fd) {
  if (fd < 0) return true;
  char byte;
  for (;;) {
    ssize_t n = ::recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    if (n > 0 || n == 0) return true;
    if (errno == EINTR) continue;
    return !(errno == EAGAIN || errno == EWOULDBLOCK);
  }
}

}  // namespace xfer::transport
