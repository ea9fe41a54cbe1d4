// Tests for the socket I/O wrappers over a loopback socketpair.
#include <catch2/catch.hpp>

#include <sys/socket.h>
#include <unistd.h>

#include <string>

#include "transport/socket_io.h"

using namespace xfer::transport;

namespace {

struct Pair {
  int a = -1, b = -1;
  Pair() {
    int fds[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds) == 0) {
      a = fds[0];
      b = fds[1];
    }
  }
  ~Pair() {
    if (a >= 0) ::close(a);
    if (b >= 0) ::close(b);
  }
};

}  // namespace

TEST_CASE("sock_send2 sends both buffers and sock_recv reads them", "[transport][io]") {
  Pair p;
  REQUIRE(p.a >= 0);
  char buf[64];
  IoResult r = sock_recv(p.b, buf, sizeof buf);
  CHECK(r.status == IoStatus::kWouldBlock);

  r = sock_send2(p.a, "head|", 5, "body", 4);
  CHECK(r.status == IoStatus::kOk);
  CHECK(r.bytes == 9);
  r = sock_send(p.a, "!", 1);
  CHECK(r.bytes == 1);
  r = sock_recv(p.b, buf, sizeof buf);
  REQUIRE(r.status == IoStatus::kOk);
  CHECK(std::string(buf, r.bytes) == "head|body!");

  CHECK_FALSE(socket_looks_dead(p.b));
  sock_send(p.a, "x", 1);
  CHECK(socket_looks_dead(p.b));  // unexpected data on an idle connection
  r = sock_recv(p.b, buf, sizeof buf);
  CHECK(r.bytes == 1);

  ::close(p.a);
  p.a = -1;
  CHECK(socket_looks_dead(p.b));
  r = sock_recv(p.b, buf, sizeof buf);
  CHECK(r.status == IoStatus::kClosed);
  r = sock_send(p.b, "x", 1);  // no SIGPIPE thanks to MSG_NOSIGNAL
  CHECK(r.status == IoStatus::kError);
  CHECK(r.err == EPIPE);
}

TEST_CASE("sock_send reports would-block on a full socket", "[transport][io]") {
  Pair p;
  REQUIRE(p.a >= 0);
  std::string chunk(65536, 'z');
  IoResult r;
  int rounds = 0;
  do {
    r = sock_send(p.a, chunk.data(), chunk.size());
  } while (r.status == IoStatus::kOk && ++rounds < 10000);
  CHECK(r.status == IoStatus::kWouldBlock);
}
