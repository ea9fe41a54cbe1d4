// Connection: readiness dispatch and byte-stream I/O (plain or TLS) of one pooled connection.
#include "engine/connection.h"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include "engine/h2_link.h"
#include "engine/multi.h"
#include "engine/pool.h"
#include "engine/transfer.h"

namespace xfer {

void H2LinkDelete::operator()(H2Link* l) const { delete l; }

void Connection::set_h2(H2LinkPtr link) {
  if (!setup) setup = std::make_unique<ConnectionSetup>();
  setup->h2 = std::move(link);
}

Connection::~Connection() {
  if (setup) setup->h2.reset();  // before the TLS it writes through
  tls.reset();  // before the proxy session it may run over
  proxy_tls.reset();
  close_socket();
}

void Connection::close_socket() {
  if (slot.fd < 0) return;
  if (setup && setup->close_fn) {
    setup->close_fn(setup->close_data, slot.fd);
  } else {
    ::close(slot.fd);
  }
  slot.fd = -1;
}

void Connection::on_ready(int ready_fd, std::uint32_t events) {
  if (ready_fd != slot.fd) return;  // a stale event for a socket already replaced
  if ((events & EPOLLIN) && !secure()) input_owed = true;
  if (events & (EPOLLRDHUP | EPOLLHUP | EPOLLERR)) peer_gone = true;
  if (state == State::kIdle) {
    if (!idle_readable(events)) pool->close(this);
    return;
  }
  // An HTTP/2 connection carrying streams reads for all of them, in the pass.
  if (H2Link* l = h2(); l && l->streams() > 0) return pool->multi().link_due(*l);
  if (user) user->on_socket_event(ready_fd, events);
}

bool Connection::idle_readable(std::uint32_t events) {
  if (!h2()) return quiet_while_idle(events);
  if (peer_gone || (events & (EPOLLHUP | EPOLLERR))) return false;
  return h2()->idle_input(*this, pool->multi().recv_buffer(), Multi::kRecvBufferSize);
}

bool Connection::quiet_while_idle(std::uint32_t events) {
  // An application loop may hand us a readiness it only guessed (socket_action with no
  // flags): nothing to read and no hang-up means the connection is still good.
  if (peer_gone || (events & (EPOLLHUP | EPOLLERR))) return false;
  char probe;
  const ssize_t n = ::recv(slot.fd, &probe, 1, MSG_PEEK | MSG_DONTWAIT);
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
    input_owed = false;
    return true;
  }
  return false;
}

void Connection::on_socket_refused() {
  if (H2Link* l = h2(); l && l->streams() > 0) return l->refuse_all();
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
  if (!tls && proxy_tls) return proxy_tls->read(buf, cap);
  if (!tls) {
    const transport::IoResult r = transport::sock_recv(slot.fd, buf, cap);
    // TCP hands over all it holds, up to cap: after a short read, whatever arrives next
    // raises an edge of its own.
    if (r.status != transport::IoStatus::kOk || r.bytes < cap) input_owed = false;
    return r;
  }
  note_tls_io(*this);
  return tls->read(buf, cap);
}

transport::IoResult Connection::send(const char* buf, std::size_t len) {
  if (!tls && proxy_tls) return proxy_tls->write(buf, len);
  if (!tls) return transport::sock_send(slot.fd, buf, len);
  note_tls_io(*this);
  return tls->write(buf, len);
}

transport::IoResult Connection::send2(const char* a, std::size_t alen, const char* b, std::size_t blen) {
  if (!secure()) return transport::sock_send2(slot.fd, a, alen, b, blen);
  transport::TlsSession* top = tls ? tls.get() : proxy_tls.get();
  if (tls) note_tls_io(*this);
  // TLS records are built per write; the second buffer follows only once the first is out.
  transport::IoResult r = top->write(a, alen);
  if (r.status != transport::IoStatus::kOk || r.bytes < alen || blen == 0) return r;
  transport::IoResult r2 = top->write(b, blen);
  if (r2.status == transport::IoStatus::kOk) r.bytes += r2.bytes;
  return r;
}

std::uint32_t Connection::wait_events(std::uint32_t plain) const {
  if (!secure()) return plain == EPOLLIN ? read_events() : plain;
  const bool out = (tls && tls->wants_write()) || (proxy_tls && proxy_tls->wants_write());
  return out ? EPOLLOUT : EPOLLIN;
}

std::uint32_t Connection::read_events() const {
  if (secure()) return EPOLLIN;
  // RDHUP tells a hang-up that came with the last data apart: it is reported only once.
  return EPOLLIN | EPOLLRDHUP | EPOLLET;
}

}  // namespace xfer
