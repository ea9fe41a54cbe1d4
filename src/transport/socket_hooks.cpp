// Socket hooks and local binding: closing through the application, binding to an interface/port.
#include "transport/socket_hooks.h"

#include <ifaddrs.h>
#include <netinet/in.h>
#include <strings.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstring>
#include <string_view>
#include <vector>

#include "transport/address.h"
#include "transport/resolver.h"

namespace xfer::transport {

// The callback sees a curl_sockaddr; libcurl hands it the same prefix with room behind.
static_assert(offsetof(SockaddrEx, addr) == offsetof(curl_sockaddr, addr));

void close_socket(const SocketHooks& hooks, int fd) {
  if (fd < 0) return;
  if (hooks.close_fn) {
    hooks.close_fn(hooks.close_data, fd);
    return;
  }
  ::close(fd);
}

namespace {

// libcurl's IPv6 scopes: an interface address is only used for a peer of the same scope.
enum class Scope { kGlobal, kLinkLocal, kSiteLocal, kUniqueLocal, kNodeLocal };

Scope ipv6_scope(const sockaddr* sa) {
  if (sa->sa_family != AF_INET6) return Scope::kGlobal;
  const unsigned char* b = reinterpret_cast<const sockaddr_in6*>(sa)->sin6_addr.s6_addr;
  if ((b[0] & 0xFE) == 0xFC) return Scope::kUniqueLocal;
  const unsigned w = (static_cast<unsigned>(b[0]) << 8 | b[1]) & 0xFFC0;
  if (w == 0xFE80) return Scope::kLinkLocal;
  if (w == 0xFEC0) return Scope::kSiteLocal;
  if (w == 0) {
    bool zero = b[1] == 0;
    for (int i = 2; i < 15; ++i) zero = zero && b[i] == 0;
    if (zero && b[15] == 1) return Scope::kNodeLocal;
  }
  return Scope::kGlobal;
}

enum class IfResult { kNotFound, kFamilyMissing, kFound };

// The first address of family af that interface `name` has (names compare without case).
IfResult interface_address(int af, const sockaddr* remote, std::string_view name, Address& out) {
  ifaddrs* head = nullptr;
  if (::getifaddrs(&head) != 0) return IfResult::kNotFound;
  IfResult res = IfResult::kNotFound;
  const Scope want = ipv6_scope(remote);
  for (ifaddrs* i = head; i; i = i->ifa_next) {
    if (!i->ifa_addr || name.size() != std::strlen(i->ifa_name) ||
        strncasecmp(i->ifa_name, name.data(), name.size()) != 0) {
      continue;
    }
    if (i->ifa_addr->sa_family != af) {
      if (res == IfResult::kNotFound) res = IfResult::kFamilyMissing;
      continue;
    }
    if (af == AF_INET6 && ipv6_scope(i->ifa_addr) != want) {
      if (res == IfResult::kNotFound) res = IfResult::kFamilyMissing;
      continue;
    }
    const socklen_t len = af == AF_INET6 ? sizeof(sockaddr_in6) : sizeof(sockaddr_in);
    if (Address::from_sockaddr(i->ifa_addr, len, out)) {
      res = IfResult::kFound;
      break;
    }
  }
  ::freeifaddrs(head);
  return res;
}

// A name that is no interface: an address literal, "localhost", or a host name looked up
// for family af only (as libcurl, which waits for that lookup too).
IfResult host_address(int af, const std::string& name, Address& out) {
  std::vector<Address> found;
  Address lit;
  if (Address::from_literal(name, 0, lit)) {
    found.push_back(lit);
  } else if (!localhost_addresses(name, 0, found)) {
    const long version = af == AF_INET6 ? CURL_IPRESOLVE_V6 : CURL_IPRESOLVE_V4;
    if (!blocking_lookup(name, 0, version, found)) return IfResult::kNotFound;
  } else {
    filter_by_ip_version(found, af == AF_INET6 ? CURL_IPRESOLVE_V6 : CURL_IPRESOLVE_V4);
  }
  if (found.empty()) return IfResult::kNotFound;
  out = found.front();
  return out.family() == af ? IfResult::kFound : IfResult::kFamilyMissing;
}

}  // namespace

Status bind_local(int fd, int af, const sockaddr* remote, const LocalBind& bind, int& os_errno) {
  if (!bind.wanted() || (af != AF_INET && af != AF_INET6)) return Status::ok();
  const Status unsupported = Status::fail(CURLE_UNSUPPORTED_PROTOCOL, "The interface has no address of this family");
  Address local;
  local.storage.sa.sa_family = static_cast<sa_family_t>(af);
  local.len = af == AF_INET6 ? sizeof(sockaddr_in6) : sizeof(sockaddr_in);
  // libcurl ignores a device name of 255 bytes or more and binds only the port.
  if (bind.has_device && bind.device.size() < 255) {
    std::string_view dev = bind.device;
    bool is_interface = false;
    bool is_host = false;
    if (dev.starts_with("if!")) {
      dev.remove_prefix(3);
      is_interface = true;
    } else if (dev.starts_with("host!")) {
      dev.remove_prefix(5);
      is_host = true;
    }
    bool found = false;
    if (!is_host) {
      // Binding to the device itself needs CAP_NET_RAW; when it works nothing else is bound.
      const std::string name(dev);
      if (::setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, name.c_str(),
                       static_cast<socklen_t>(name.size() + 1)) == 0) {
        return Status::ok();
      }
      switch (interface_address(af, remote, dev, local)) {
        case IfResult::kNotFound:
          if (is_interface) return Status::fail(CURLE_INTERFACE_FAILED, "Couldn't bind to interface");
          break;
        case IfResult::kFamilyMissing: return unsupported;
        case IfResult::kFound:
          is_interface = true;
          found = true;
          break;
      }
    }
    if (!is_interface) {
      switch (host_address(af, std::string(dev), local)) {
        case IfResult::kNotFound: return Status::fail(CURLE_INTERFACE_FAILED, "Couldn't bind to the local name");
        case IfResult::kFamilyMissing: return unsupported;
        case IfResult::kFound: found = true; break;
      }
    }
    if (!found) return Status::fail(CURLE_INTERFACE_FAILED, "Couldn't bind to the local name");
  }
  // Only the port is wanted from bind(); the kernel picks it at connect when it is 0.
  int on = 1;
  (void)::setsockopt(fd, SOL_IP, IP_BIND_ADDRESS_NO_PORT, &on, sizeof on);
  std::uint16_t port = bind.port;
  int tries = bind.port_range;
  for (;;) {
    local.set_port(port);
    if (::bind(fd, local.sa(), local.len) == 0) return Status::ok();
    os_errno = errno;
    if (--tries <= 0) break;
    ++port;
    if (port == 0) break;  // past 65535
  }
  return Status::fail(CURLE_INTERFACE_FAILED, "bind failed");
}

}  // namespace xfer::transport
