// Socket I/O wrappers: non-blocking recv/send/sendmsg results as {bytes, IoStatus}, and socket probes.
#pragma once

#include <cstddef>

#include "transport/address.h"

namespace xfer::transport {

enum class IoStatus { kOk, kWouldBlock, kClosed, kError };

struct IoResult {
  std::size_t bytes = 0;
  IoStatus status = IoStatus::kOk;
  int err = 0;  // errno when kError
};

IoResult sock_recv(int fd, char* buf, std::size_t cap);         // kClosed on 0 (peer EOF)
// As sock_recv, but the bytes stay queued (MSG_PEEK): a reader that must not take more
// than one message (a proxy's CONNECT answer, before TLS starts) looks first.
IoResult sock_peek(int fd, char* buf, std::size_t cap);
IoResult sock_send(int fd, const char* buf, std::size_t len);  // MSG_NOSIGNAL
// Both buffers in one sendmsg (e.g. request head + body); bytes may end inside either.
IoResult sock_send2(int fd, const char* a, std::size_t alen, const char* b, std::size_t blen);
bool socket_local_address(int fd, Address& out);
bool socket_peer_address(int fd, Address& out);
// For an idle pooled connection: true when the socket is readable with EOF, an error or
// any unexpected data (recv MSG_PEEK|MSG_DONTWAIT), like libcurl's dead-connection check.
bool socket_looks_dead(int fd);

}  // namespace xfer::transport
