// Helpers for the TLS unit tests: certificate paths, loopback sockets, a bounded handshake/GET driver.
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "loopback_server.h"
#include "transport/tls_session.h"

namespace xfer::tls_test {

using transport::IoResult;
using transport::IoStatus;
using transport::TlsContextCache;
using transport::TlsOptions;
using transport::TlsSession;

inline std::string cert(const std::string& name) { return std::string(XFER_TEST_CERTS_DIR) + "/" + name; }

// A TLS loopback server with the given leaf ("server", "expired", ...).
inline std::unique_ptr<xfer::test::LoopbackServer> tls_server(const std::string& leaf = "server",
                                                         const std::string& client_ca = "",
                                                         bool ipv6 = false, int max_version = 0) {
  xfer::test::LoopbackServer::Options o;
  if (ipv6) o.family = xfer::test::LoopbackServer::Family::ipv6;
  o.tls.emplace();
  o.tls->cert_file = cert(leaf + ".pem");
  o.tls->key_file = cert(leaf + ".key");
  o.tls->client_ca_file = client_ca;
  o.tls->max_version = max_version;
  return std::make_unique<xfer::test::LoopbackServer>(o);
}

// A connected non-blocking socket to 127.0.0.1 (or ::1); -1 on failure.
inline int connect_loopback(std::uint16_t port, bool ipv6 = false) {
  int fd = ::socket(ipv6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  int rc;
  if (ipv6) {
    sockaddr_in6 a{};
    a.sin6_family = AF_INET6;
    a.sin6_port = htons(port);
    a.sin6_addr = in6addr_loopback;
    rc = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  } else {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    rc = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  }
  if (rc != 0) {
    ::close(fd);
    return -1;
  }
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  return fd;
}

// Waits (bounded) for what the session's last kWouldBlock asked for.
inline bool wait_for(const TlsSession& s, int fd, int ms = 5000) {
  pollfd p{fd, static_cast<short>(s.wants_write() ? POLLOUT : POLLIN), 0};
  return ::poll(&p, 1, ms) > 0;
}

inline IoResult drive_handshake(TlsSession& s, int fd) {
  for (int i = 0; i < 1000; ++i) {
    IoResult r = s.handshake();
    if (r.status != IoStatus::kWouldBlock) return r;
    if (!wait_for(s, fd)) break;
  }
  return {0, IoStatus::kError, 0};
}

// Sends a GET and reads until the server closes; returns the raw response, or "" on error.
inline std::string get(TlsSession& s, int fd, const std::string& path, bool* read_error = nullptr) {
  const std::string req = "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
  std::size_t sent = 0;
  for (int i = 0; i < 1000 && sent < req.size(); ++i) {
    IoResult r = s.write(req.data() + sent, req.size() - sent);
    if (r.status == IoStatus::kOk) sent += r.bytes;
    else if (r.status == IoStatus::kWouldBlock) wait_for(s, fd);
    else return {};
  }
  std::string out;
  char buf[16384];
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < until) {
    IoResult r = s.read(buf, sizeof buf);
    if (r.status == IoStatus::kOk) {
      out.append(buf, r.bytes);
    } else if (r.status == IoStatus::kWouldBlock) {
      wait_for(s, fd, 1000);
    } else {
      if (r.status == IoStatus::kError && read_error) *read_error = true;
      break;
    }
  }
  return out;
}

// One connection: create + handshake. `code` is CURLE_OK or the failure's code.
struct Attempt {
  int fd = -1;
  std::unique_ptr<TlsSession> session;
  CURLcode code = CURLE_OK;
  std::string detail;
  ~Attempt() {
    session.reset();
    if (fd >= 0) ::close(fd);
  }
};

inline std::unique_ptr<Attempt> attempt(TlsContextCache& cache, const TlsOptions& o, const std::string& host,
                                        std::uint16_t port, bool ipv6 = false) {
  auto a = std::make_unique<Attempt>();
  a->fd = connect_loopback(port, ipv6);
  if (a->fd < 0) {
    a->code = CURLE_COULDNT_CONNECT;
    return a;
  }
  Status err;
  a->session = TlsSession::create(cache, o, host, port, a->fd, err, &a->detail);
  if (!a->session) {
    a->code = err.code;
    return a;
  }
  IoResult r = drive_handshake(*a->session, a->fd);
  if (r.status != IoStatus::kOk) {
    a->code = a->session->failure().code == CURLE_OK ? CURLE_OPERATION_TIMEDOUT : a->session->failure().code;
    a->detail = a->session->detail();
  }
  return a;
}

}  // namespace xfer::tls_test
