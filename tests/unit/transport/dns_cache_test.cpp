// Tests for DnsCache: expiry per CURLOPT_DNS_CACHE_TIMEOUT and CURLOPT_RESOLVE list handling.
#include <catch2/catch.hpp>

#include <curl/curl.h>

#include "transport/dns_cache.h"

using namespace xfer;
using namespace xfer::transport;
using std::chrono::milliseconds;
using std::chrono::seconds;

namespace {

std::vector<Address> one(const char* ip, std::uint16_t port) {
  Address a;
  Address::from_literal(ip, port, a);
  return {a};
}

// A curl_slist built on the stack so the test needs no libcurl function.
struct List {
  std::vector<std::string> strings;
  std::vector<curl_slist> nodes;
  explicit List(std::initializer_list<const char*> items) : strings(items.begin(), items.end()) {
    nodes.resize(strings.size());
    for (std::size_t i = 0; i < strings.size(); ++i) {
      nodes[i].data = strings[i].data();
      nodes[i].next = i + 1 < strings.size() ? &nodes[i + 1] : nullptr;
    }
  }
  const curl_slist* get() const { return nodes.empty() ? nullptr : &nodes[0]; }
};

}  // namespace

TEST_CASE("dns cache entries expire after the timeout", "[transport][dns]") {
  DnsCache cache;
  TimePoint t0{};
  cache.store("Example.COM", 80, one("10.0.0.1", 80), t0);

  const auto* hit = cache.find("example.com", 80, t0 + seconds(59), 60);
  REQUIRE(hit);
  CHECK((*hit)[0].ip_string() == "10.0.0.1");
  CHECK_FALSE(cache.find("example.com", 81, t0, 60));  // the port is part of the key
  CHECK(cache.find("example.com.", 80, t0, 60));       // a trailing dot is the same host

  CHECK_FALSE(cache.find("example.com", 80, t0 + seconds(60), 60));
  CHECK(cache.size() == 0);  // the stale entry was dropped on the miss
}

TEST_CASE("dns cache timeout 0 disables caching, -1 keeps forever", "[transport][dns]") {
  DnsCache cache;
  TimePoint t0{};
  cache.store("a", 80, one("10.0.0.1", 80), t0);
  CHECK(cache.find("a", 80, t0 + seconds(100000), -1));
  CHECK_FALSE(cache.find("a", 80, t0, 0));
}

TEST_CASE("dns cache prune drops only stale entries", "[transport][dns]") {
  DnsCache cache;
  TimePoint t0{};
  cache.store("old", 80, one("10.0.0.1", 80), t0);
  cache.store("new", 80, one("10.0.0.2", 80), t0 + seconds(50));
  cache.prune(t0 + seconds(70), 60);
  CHECK(cache.size() == 1);
  CHECK(cache.find("new", 80, t0 + seconds(70), 60));
  cache.prune(t0 + seconds(70), -1);
  CHECK(cache.size() == 1);
}

TEST_CASE("CURLOPT_RESOLVE entries are permanent unless prefixed with +", "[transport][dns]") {
  DnsCache cache;
  TimePoint t0{};
  List list{"fixed.test:443:127.0.0.1,[::1],127.0.0.2", "+timed.test:80:127.0.0.3"};
  REQUIRE(cache.apply_resolve_list(list.get(), t0).is_ok());
  CHECK(cache.size() == 2);
  CHECK(cache.find("timed.test", 80, t0 + seconds(59), 60));

  const auto* fixed = cache.find("FIXED.test", 443, t0 + seconds(1000000), 60);
  REQUIRE(fixed);
  REQUIRE(fixed->size() == 3);
  CHECK((*fixed)[0].ip_string() == "127.0.0.1");
  CHECK((*fixed)[1].ip_string() == "::1");
  CHECK((*fixed)[1].port() == 443);
  CHECK((*fixed)[2].ip_string() == "127.0.0.2");
  CHECK_FALSE(cache.find("timed.test", 80, t0 + seconds(60), 60));
  CHECK(cache.find("fixed.test", 443, t0, 0));  // even with caching disabled
}

TEST_CASE("a lookup drops every stale entry, at most once a second", "[transport][dns]") {
  // libcurl prunes its cache with the asking handle's timeout as it resolves: entries of
  // hosts never asked for again do not stay for the engine's life.
  DnsCache cache;
  TimePoint t0{};
  for (int i = 0; i < 50; ++i) cache.store("h" + std::to_string(i) + ".test", 80, one("127.0.0.1", 80), t0);
  List fixed{"fixed.test:80:127.0.0.1"};
  REQUIRE(cache.apply_resolve_list(fixed.get(), t0));
  CHECK(cache.size() == 51);
  CHECK_FALSE(cache.find("other.test", 80, t0 + seconds(30), 60));
  CHECK(cache.size() == 51);
  cache.store("late.test", 80, one("127.0.0.1", 80), t0 + seconds(30));
  CHECK_FALSE(cache.find("other.test", 80, t0 + seconds(30) + milliseconds(999), -1));
  CHECK_FALSE(cache.find("other.test", 80, t0 + seconds(61), 60));
  CHECK(cache.size() == 2);  // the permanent entry and the one stored later
  CHECK(cache.find("late.test", 80, t0 + seconds(61), 60));
}

TEST_CASE("CURLOPT_RESOLVE removal and override", "[transport][dns]") {
  DnsCache cache;
  TimePoint t0{};
  cache.store("h.test", 80, one("10.0.0.9", 80), t0);
  List add{"h.test:80:127.0.0.1"};
  REQUIRE(cache.apply_resolve_list(add.get(), t0));
  CHECK((*cache.find("h.test", 80, t0, 60))[0].ip_string() == "127.0.0.1");

  List remove{"-h.test:80"};
  REQUIRE(cache.apply_resolve_list(remove.get(), t0));
  CHECK_FALSE(cache.find("h.test", 80, t0, -1));
  List remove_missing{"-nothing.test:1"};
  CHECK(cache.apply_resolve_list(remove_missing.get(), t0));
}

TEST_CASE("CURLOPT_RESOLVE syntax errors", "[transport][dns]") {
  TimePoint t0{};
  for (const char* bad : {"nohost", "h:80", "h:80:", "h:notaport:127.0.0.1", "h:70000:127.0.0.1",
                          "h:80:not-an-ip", "h:80:[::1", ":80:127.0.0.1", "-h"}) {
    DnsCache cache;
    List list{bad};
    Status st = cache.apply_resolve_list(list.get(), t0);
    INFO(bad);
    CHECK(st.code == CURLE_SETOPT_OPTION_SYNTAX);
    CHECK(st.reason != nullptr);
  }
  DnsCache cache;
  CHECK(cache.apply_resolve_list(nullptr, t0));
}

TEST_CASE("a wildcard CURLOPT_RESOLVE entry answers names without their own", "[transport][dns]") {
  DnsCache cache;
  TimePoint t0{};
  List list{"*:8080:10.0.0.9", "own.example:8080:10.0.0.1"};
  REQUIRE(cache.apply_resolve_list(list.get(), t0));
  const auto* any = cache.find("anything.example", 8080, t0, 60);
  REQUIRE(any);
  CHECK((*any)[0].ip_string() == "10.0.0.9");
  const auto* own = cache.find("own.example", 8080, t0, 60);
  REQUIRE(own);
  CHECK((*own)[0].ip_string() == "10.0.0.1");
  CHECK_FALSE(cache.find("anything.example", 8081, t0, 60));  // only at its port
}
