// SocketHooks and LocalBind: how the connector opens, prepares, binds and closes its sockets.
#pragma once

#include <sys/socket.h>

#include <cstdint>
#include <string>

#include <curl/curl.h>

#include "util/status.h"

namespace xfer::transport {

// The application's socket callbacks (CURLOPT_OPENSOCKETFUNCTION, SOCKOPTFUNCTION,
// CLOSESOCKETFUNCTION) with their opaque pointers. Plain data: the engine copies them into
// each connect, and a connection keeps the close hook it was opened with (libcurl does too).
struct SocketHooks {
  curl_opensocket_callback open_fn = nullptr;
  void* open_data = nullptr;
  curl_sockopt_callback sockopt_fn = nullptr;
  void* sockopt_data = nullptr;
  curl_closesocket_callback close_fn = nullptr;
  void* close_data = nullptr;
};

// Closes fd through the close hook when there is one, else with close(2).
void close_socket(const SocketHooks& hooks, int fd);

// What the local end is bound to before connect (CURLOPT_INTERFACE, LOCALPORT,
// LOCALPORTRANGE).
struct LocalBind {
  bool has_device = false;  // CURLOPT_INTERFACE was given (even "")
  std::string device;       // "if!name", "host!name", or an interface, address or host name
  std::uint16_t port = 0;   // 0: any
  std::uint16_t port_range = 0;  // ports tried from `port` on; 0 and 1 both try one
  bool wanted() const { return has_device || port != 0; }
};

// libcurl's curl_sockaddr with room for any address (libcurl passes the same shape).
struct SockaddrEx {
  int family;
  int socktype;
  int protocol;
  unsigned int addrlen;
  sockaddr_storage addr;
};

// Binds fd (of family af, about to connect to `remote`) as libcurl 7.88 does:
//  - a device not marked "host!" is first tried with SO_BINDTODEVICE (done on success,
//    the port is then not bound), then looked up among the interfaces' addresses;
//  - "if!name" that no interface has fails; anything else not an interface is resolved as
//    a host name (literals and "localhost" without DNS, others with a blocking lookup);
//  - then bind() walks the port range.
// Returns CURLE_INTERFACE_FAILED when it cannot bind, and CURLE_UNSUPPORTED_PROTOCOL when
// the device has no address of family af (the caller tries the next address). `os_errno`
// gets bind's errno on failure.
Status bind_local(int fd, int af, const sockaddr* remote, const LocalBind& bind, int& os_errno);

}  // namespace xfer::transport
