// Connection: readiness dispatch and byte-stream I/O (plain or TLS) of one pooled connection.
#include "engine/connection.h"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include "engine/pool.h"
#include "engine/transfer.h"

namespace xfer {

Connection::~Connection() {
  tls.reset();
  if (slot.fd >= 0) ::close(slot.fd);
}

void Connection::on_ready(int ready_fd, std::uint32_t events) {
  if (ready_fd != slot.fd) return;  // a stale event for a socket already replaced
  if (state == State::kIdle) {
    // An application loop may hand us a readiness it only guessed (socket_action with no
    // flags): nothing to read and no hang-up means the connection is still good.
    char probe;
    const ssize_t n = ::recv(slot.fd, &probe, 1, MSG_PEEK | MSG_DONTWAIT);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) && !(events & (EPOLLHUP | EPOLLERR))) return;
    pool->close(this);
    return;
  }
  if (user) user->on_socket_event(ready_fd, events);
}

void Connection::on_socket_refused() {
  if (user) user->on_socket_refused();
}

// Every TLS step may leave OpenSSL's record buffers allocated; the pool gives them back
// once the connection has been quiet a while (a detached CONNECT_ONLY connection keeps them).
namespace {
void note_tls_io(Connection& c) {
  if (c.pool) c.pool->tls_active(&c);
}
}  // namespace

transport::IoResult Connection::handshake() {
  note_tls_io(*this);
  return tls->handshake();
}

transport::IoResult Connection::recv(char* buf, std::size_t cap) {
  if (!tls) return transport::sock_recv(slot.fd, buf, cap);
  note_tls_io(*this);
  return tls->read(buf, cap);
}

transport::IoResult Connection::send(const char* buf, std::size_t len) {
  if (!tls) return transport::sock_send(slot.fd, buf, len);
  note_tls_io(*this);
  return tls->write(buf, len);
}

transport::IoResult Connection::send2(const char* a, std::size_t alen, const char* b, std::size_t blen) {
  if (!tls) return transport::sock_send2(slot.fd, a, alen, b, blen);
  note_tls_io(*this);
  // TLS records are built per write; the second buffer follows only once the first is out.
  transport::IoResult r = tls->write(a, alen);
  if (r.status != transport::IoStatus::kOk || r.bytes < alen || blen == 0) return r;
  transport::IoResult r2 = tls->write(b, blen);
  if (r2.status == transport::IoStatus::kOk) r.bytes += r2.bytes;
  return r;
}

std::uint32_t Connection::wait_events(std::uint32_t plain) const {
  if (!tls) return plain;
  return tls->wants_write() ? EPOLLOUT : EPOLLIN;
}

}  // namespace xfer
