// Address: parsing IP literals and printing socket addresses.
#include "transport/address.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <net/if.h>

#include <cstring>
#include <strings.h>

namespace xfer::transport {

int Address::family() const {
  return len == 0 ? AF_UNSPEC : storage.sa.sa_family;
}

std::string Address::ip_string() const {
  char buf[INET6_ADDRSTRLEN] = {0};
  if (family() == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(&storage);
    if (inet_ntop(AF_INET, &in->sin_addr, buf, sizeof buf)) return buf;
  } else if (family() == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&storage);
    if (inet_ntop(AF_INET6, &in6->sin6_addr, buf, sizeof buf)) return buf;
  }
  return {};
}

std::uint16_t Address::port() const {
  if (family() == AF_INET) return ntohs(reinterpret_cast<const sockaddr_in*>(&storage)->sin_port);
  if (family() == AF_INET6) {
    return ntohs(reinterpret_cast<const sockaddr_in6*>(&storage)->sin6_port);
  }
  return 0;
}

void Address::set_port(std::uint16_t p) {
  if (family() == AF_INET) {
    reinterpret_cast<sockaddr_in*>(&storage)->sin_port = htons(p);
  } else if (family() == AF_INET6) {
    reinterpret_cast<sockaddr_in6*>(&storage)->sin6_port = htons(p);
  }
}

// A zone is an interface name or a number; only local interface tables are consulted.
static bool parse_zone(std::string_view zone, std::uint32_t& out) {
  if (zone.empty() || zone.size() >= IF_NAMESIZE) return false;
  bool numeric = true;
  std::uint64_t n = 0;
  for (char c : zone) {
    if (c < '0' || c > '9') {
      numeric = false;
      break;
    }
    n = n * 10 + static_cast<unsigned>(c - '0');
    if (n > 0xffffffffu) return false;
  }
  if (numeric) {
    out = static_cast<std::uint32_t>(n);
    return true;
  }
  char name[IF_NAMESIZE] = {0};
  std::memcpy(name, zone.data(), zone.size());
  out = if_nametoindex(name);
  return out != 0;
}

bool Address::from_literal(std::string_view host, std::uint16_t port, Address& out) {
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (host.empty() || host.size() > 255) return false;

  char buf[256];
  std::memcpy(buf, host.data(), host.size());
  buf[host.size()] = '\0';

  Address a;
  sockaddr_in in{};
  if (inet_pton(AF_INET, buf, &in.sin_addr) == 1) {
    in.sin_family = AF_INET;
    in.sin_port = htons(port);
    std::memcpy(&a.storage, &in, sizeof in);
    a.len = sizeof in;
    out = a;
    return true;
  }

  sockaddr_in6 in6{};
  std::string_view ip = host;
  std::string_view zone;
  if (auto pct = host.find('%'); pct != std::string_view::npos) {
    ip = host.substr(0, pct);
    zone = host.substr(pct + 1);
    buf[pct] = '\0';
  }
  if (ip.find(':') == std::string_view::npos) return false;
  if (inet_pton(AF_INET6, buf, &in6.sin6_addr) != 1) return false;
  if (!zone.empty() || host.find('%') != std::string_view::npos) {
    std::uint32_t scope = 0;
    if (!parse_zone(zone, scope)) return false;
    in6.sin6_scope_id = scope;
  }
  in6.sin6_family = AF_INET6;
  in6.sin6_port = htons(port);
  std::memcpy(&a.storage, &in6, sizeof in6);
  a.len = sizeof in6;
  out = a;
  return true;
}

bool Address::from_sockaddr(const sockaddr* sa, socklen_t len, Address& out) {
  if (!sa) return false;
  if (sa->sa_family == AF_INET && len >= static_cast<socklen_t>(sizeof(sockaddr_in))) {
    len = sizeof(sockaddr_in);
  } else if (sa->sa_family == AF_INET6 && len >= static_cast<socklen_t>(sizeof(sockaddr_in6))) {
    len = sizeof(sockaddr_in6);
  } else {
    return false;
  }
  out = Address{};
  std::memcpy(&out.storage, sa, len);
  out.len = len;
  return true;
}

bool operator==(const Address& a, const Address& b) {
  return a.len == b.len && std::memcmp(&a.storage, &b.storage, a.len) == 0;
}

bool is_ip_literal(std::string_view host) {
  Address ignored;
  return Address::from_literal(host, 0, ignored);
}

bool localhost_addresses(std::string_view host, std::uint16_t port, std::vector<Address>& out) {
  static constexpr std::string_view kName = "localhost";
  if (host.size() < kName.size()) return false;
  if (strncasecmp(host.data() + host.size() - kName.size(), kName.data(), kName.size()) != 0) return false;
  if (host.size() > kName.size() && host[host.size() - kName.size() - 1] != '.') return false;
  Address v4, v6;
  if (!Address::from_literal("127.0.0.1", port, v4) || !Address::from_literal("::1", port, v6)) return false;
  out.clear();
  out.push_back(v4);
  out.push_back(v6);
  return true;
}

void filter_by_ip_version(std::vector<Address>& addrs, long ip_version) {
  int keep = AF_UNSPEC;
  if (ip_version == CURL_IPRESOLVE_V4) keep = AF_INET;
  if (ip_version == CURL_IPRESOLVE_V6) keep = AF_INET6;
  if (keep == AF_UNSPEC) return;
  std::erase_if(addrs, [keep](const Address& a) { return a.family() != keep; });
}

}  // namespace xfer::transport
