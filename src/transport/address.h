// Address: one socket address (IPv4 or IPv6) as the resolver returns it and connect() takes it.
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace xfer::transport {

struct Address {
  // Room for IPv4 and IPv6, the only families xfer connects to: 28 bytes, not the 128 of a
  // sockaddr_storage, since every pooled connection keeps two of these.
  union Storage {
    sockaddr sa;
    sockaddr_in v4;
    sockaddr_in6 v6;
  } storage{};
  socklen_t len = 0;

  int family() const;              // AF_INET, AF_INET6, or AF_UNSPEC when empty
  std::string ip_string() const;   // "127.0.0.1" / "::1" (no brackets); "" when empty
  std::uint16_t port() const;
  void set_port(std::uint16_t port);

  const sockaddr* sa() const { return reinterpret_cast<const sockaddr*>(&storage); }

  // Accepts dotted IPv4, IPv6 with or without brackets, and an IPv6 zone ("fe80::1%eth0"
  // or a numeric zone). Never touches the network.
  static bool from_literal(std::string_view host, std::uint16_t port, Address& out);
  static bool from_sockaddr(const sockaddr* sa, socklen_t len, Address& out);

  friend bool operator==(const Address& a, const Address& b);
};

// True when host is an IP literal (what from_literal accepts).
bool is_ip_literal(std::string_view host);

// libcurl 7.88 answers "localhost" and every name ending in ".localhost" (any case; not
// "localhost." with its trailing dot) itself, without DNS: 127.0.0.1, then ::1. True and out filled
// for such a name; false and out untouched otherwise.
bool localhost_addresses(std::string_view host, std::uint16_t port, std::vector<Address>& out);

// Keeps only the addresses CURLOPT_IPRESOLVE allows (CURL_IPRESOLVE_WHATEVER/V4/V6);
// order is kept.
void filter_by_ip_version(std::vector<Address>& addrs, long ip_version);

}  // namespace xfer::transport
