// Tests for Address: literal parsing, printing, ports and ip-version filtering.
#include <catch2/catch.hpp>

#include <curl/curl.h>

#include "transport/address.h"

using namespace xfer::transport;

TEST_CASE("address parses IPv4 and IPv6 literals", "[transport][address]") {
  Address a;
  REQUIRE(Address::from_literal("127.0.0.1", 8080, a));
  CHECK(a.family() == AF_INET);
  CHECK(a.ip_string() == "127.0.0.1");
  CHECK(a.port() == 8080);

  REQUIRE(Address::from_literal("::1", 443, a));
  CHECK(a.family() == AF_INET6);
  CHECK(a.ip_string() == "::1");
  CHECK(a.port() == 443);

  REQUIRE(Address::from_literal("[::1]", 1, a));
  CHECK(a.ip_string() == "::1");

  REQUIRE(Address::from_literal("fe80::1%5", 1, a));
  CHECK(reinterpret_cast<const sockaddr_in6*>(&a.storage)->sin6_scope_id == 5);

  a.set_port(99);
  CHECK(a.port() == 99);
}

TEST_CASE("address rejects names and malformed literals", "[transport][address]") {
  Address a;
  CHECK_FALSE(Address::from_literal("localhost", 80, a));
  CHECK_FALSE(Address::from_literal("", 80, a));
  CHECK_FALSE(Address::from_literal("1.2.3", 80, a));
  CHECK_FALSE(Address::from_literal("256.1.1.1", 80, a));
  CHECK_FALSE(Address::from_literal("[127.0.0.1", 80, a));
  CHECK_FALSE(Address::from_literal("::1%", 80, a));
  CHECK_FALSE(Address::from_literal("fe80::1%no-such-interface0", 80, a));
  CHECK(is_ip_literal("10.0.0.1"));
  CHECK_FALSE(is_ip_literal("example.com"));
  CHECK(Address{}.family() == AF_UNSPEC);
  CHECK(Address{}.ip_string().empty());
}

TEST_CASE("filter_by_ip_version keeps order", "[transport][address]") {
  Address v6, v4a, v4b;
  Address::from_literal("::1", 1, v6);
  Address::from_literal("127.0.0.1", 1, v4a);
  Address::from_literal("127.0.0.2", 1, v4b);
  std::vector<Address> list{v4a, v6, v4b};

  auto all = list;
  filter_by_ip_version(all, CURL_IPRESOLVE_WHATEVER);
  CHECK(all.size() == 3);

  auto only4 = list;
  filter_by_ip_version(only4, CURL_IPRESOLVE_V4);
  REQUIRE(only4.size() == 2);
  CHECK(only4[0] == v4a);
  CHECK(only4[1] == v4b);

  auto only6 = list;
  filter_by_ip_version(only6, CURL_IPRESOLVE_V6);
  REQUIRE(only6.size() == 1);
  CHECK(only6[0] == v6);
}
