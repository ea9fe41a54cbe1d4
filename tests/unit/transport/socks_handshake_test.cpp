// Tests for SocksHandshake: the bytes of each SOCKS step and the verdicts on scripted replies.
#include <catch2/catch.hpp>

#include <curl/curl.h>

#include <cstdlib>
#include <cstring>
#include <string>

#include "transport/socks_handshake.h"

using namespace xfer::transport;

namespace {

// Takes everything the handshake wants sent, in pieces of `piece` bytes.
std::string drain(SocksHandshake& h, std::size_t piece = 1000) {
  std::string all;
  while (h.next() == SocksHandshake::Next::kSend) {
    const std::string_view out = h.output();
    const std::size_t n = std::min(piece, out.size());
    all.append(out.substr(0, n));
    h.consumed(n);
  }
  return all;
}

// Feeds a scripted reply, `piece` bytes at a time, never more than the handshake asks for.
// Returns how many of the reply's bytes it took.
std::size_t feed(SocksHandshake& h, const std::string& reply, std::size_t piece = 1000) {
  std::size_t at = 0;
  while (h.next() == SocksHandshake::Next::kRecv && at < reply.size()) {
    const std::size_t n = std::min({piece, h.wanted(), reply.size() - at});
    std::memcpy(h.input_space(), reply.data() + at, n);
    h.received(n);
    at += n;
  }
  return at;
}

SocksRequest request(SocksVersion v, const char* host, std::uint16_t port) {
  SocksRequest r;
  r.version = v;
  r.host = host;
  r.port = port;
  Address::from_literal("127.0.0.1", port, r.address);
  return r;
}

std::string bytes(std::initializer_list<int> b) {
  std::string s;
  for (int c : b) s += static_cast<char>(c);
  return s;
}

}  // namespace

TEST_CASE("socks5 with local resolution sends the address and takes exactly the reply", "[transport][socks]") {
  SocksHandshake h(request(SocksVersion::k5, "localhost", 8080));
  CHECK(drain(h, 1) == bytes({5, 1, 0}));
  REQUIRE(h.next() == SocksHandshake::Next::kRecv);
  CHECK(h.wanted() == 2);
  feed(h, bytes({5, 0}));
  CHECK(drain(h) == bytes({5, 1, 0, 1, 127, 0, 0, 1, 0x1f, 0x90}));
  CHECK(h.io_failure_code() == CURLPX_RECV_REQACK);
  // The reply, then what the tunnelled protocol sends: only the reply is taken.
  const std::string reply = bytes({5, 0, 0, 1, 10, 0, 0, 1, 0x12, 0x34}) + "HTTP/1.1";
  CHECK(feed(h, reply, 3) == 10);
  CHECK(h.next() == SocksHandshake::Next::kDone);
}

TEST_CASE("socks5h names the host and reads a reply with a long bound name", "[transport][socks]") {
  SocksHandshake h(request(SocksVersion::k5h, "example.test", 443));
  drain(h);
  feed(h, bytes({5, 0}));
  CHECK(drain(h) == bytes({5, 1, 0, 3, 12}) + "example.test" + bytes({1, 0xbb}));
  std::string reply = bytes({5, 0, 0, 3, 5}) + "proxy" + bytes({0, 80});
  CHECK(feed(h, reply + "xyz") == reply.size());
  CHECK(h.next() == SocksHandshake::Next::kDone);
}

TEST_CASE("socks5h sends IP literals as addresses", "[transport][socks]") {
  SocksRequest r = request(SocksVersion::k5h, "::1", 80);
  r.ipv6_literal = true;
  SocksHandshake h(r);
  drain(h);
  feed(h, bytes({5, 0}));
  const std::string req = drain(h);
  CHECK(req.size() == 4 + 16 + 2);
  CHECK(req[3] == 4);
  SocksHandshake h4(request(SocksVersion::k5h, "10.1.2.3", 80));
  drain(h4);
  feed(h4, bytes({5, 0}));
  CHECK(drain(h4) == bytes({5, 1, 0, 1, 10, 1, 2, 3, 0, 80}));
}

TEST_CASE("socks5 username/password: offered with a login, refused, withheld by SOCKS5_AUTH", "[transport][socks]") {
  SocksRequest r = request(SocksVersion::k5, "127.0.0.1", 80);
  r.has_login = true;
  r.user = "user";
  r.password = "pw";
  {
    SocksHandshake h(r);
    CHECK(drain(h) == bytes({5, 2, 0, 2}));
    feed(h, bytes({5, 2}));
    CHECK(drain(h) == bytes({1, 4}) + "user" + bytes({2}) + "pw");
    CHECK(h.io_failure_code() == CURLPX_RECV_AUTH);
    feed(h, bytes({1, 1}));
    CHECK(h.next() == SocksHandshake::Next::kFailed);
    CHECK(h.proxy_code() == CURLPX_USER_REJECTED);
    CHECK(h.message() == "User was rejected by the SOCKS5 server (1 1).");
  }
  r.offer_login = false;
  {
    SocksHandshake h(r);
    CHECK(drain(h) == bytes({5, 1, 0}));
    feed(h, bytes({5, 2}));  // picked anyway: an empty pair goes, as libcurl sends
    CHECK(drain(h) == bytes({1, 0, 0}));
  }
}

TEST_CASE("socks5 GSS-API: offered as SOCKS5_AUTH says, and a context that cannot start fails", "[transport][socks]") {
  SocksRequest r = request(SocksVersion::k5, "127.0.0.1", 80);
  r.offer_gssapi = true;
  r.proxy_host = "proxy.test";
  {
    SocksHandshake h(r);
    CHECK(drain(h) == bytes({5, 2, 0, 1}));
  }
  r.has_login = true;
  r.user = "user";
  {
    SocksHandshake h(r);
    CHECK(drain(h) == bytes({5, 3, 0, 1, 2}));
    // No Kerberos configuration or ticket here: the first token cannot be made, and
    // nothing more is sent.
    setenv("KRB5_CONFIG", "/dev/null", 1);
    setenv("KRB5CCNAME", "FILE:/nonexistent/xfer-socks-test-cc", 1);
    feed(h, bytes({5, 1}));
    REQUIRE(h.next() == SocksHandshake::Next::kFailed);
    CHECK(h.proxy_code() == CURLPX_GSSAPI);
    CHECK(h.message().rfind("GSS-API error: gss_init_sec_context failed: ", 0) == 0);
    unsetenv("KRB5_CONFIG");
    unsetenv("KRB5CCNAME");
  }
}

TEST_CASE("socks5 method and reply failures carry libcurl's proxy codes", "[transport][socks]") {
  struct Case {
    std::string method;
    int code;
  } cases[] = {{bytes({4, 0}), CURLPX_BAD_VERSION},
               {bytes({5, 255}), CURLPX_NO_AUTH},
               {bytes({5, 1}), CURLPX_GSSAPI_PERMSG},
               {bytes({5, 9}), CURLPX_UNKNOWN_MODE}};
  for (const Case& c : cases) {
    SocksHandshake h(request(SocksVersion::k5, "127.0.0.1", 80));
    drain(h);
    feed(h, c.method);
    REQUIRE(h.next() == SocksHandshake::Next::kFailed);
    CHECK(h.proxy_code() == c.code);
  }
  const std::pair<int, int> replies[] = {{1, CURLPX_REPLY_GENERAL_SERVER_FAILURE},
                                         {5, CURLPX_REPLY_CONNECTION_REFUSED},
                                         {8, CURLPX_REPLY_ADDRESS_TYPE_NOT_SUPPORTED},
                                         {9, CURLPX_REPLY_UNASSIGNED}};
  for (auto [rep, code] : replies) {
    SocksHandshake h(request(SocksVersion::k5h, "origin.test", 80));
    drain(h);
    feed(h, bytes({5, 0}));
    drain(h);
    feed(h, bytes({5, rep, 0, 1, 0, 0, 0, 0, 0, 0}));
    REQUIRE(h.next() == SocksHandshake::Next::kFailed);
    CHECK(h.proxy_code() == code);
    CHECK(h.message() == "Can't complete SOCKS5 connection to origin.test. (" + std::to_string(rep) + ")");
  }
  SocksHandshake bad(request(SocksVersion::k5, "127.0.0.1", 80));
  drain(bad);
  feed(bad, bytes({5, 0}));
  drain(bad);
  feed(bad, bytes({5, 0, 0, 7, 0, 0, 0, 0, 0, 0}));
  CHECK(bad.proxy_code() == CURLPX_BAD_ADDRESS_TYPE);
}

TEST_CASE("socks5h refuses a host name longer than 255 before sending", "[transport][socks]") {
  SocksHandshake h(request(SocksVersion::k5h, std::string(256, 'a').c_str(), 80));
  CHECK(h.next() == SocksHandshake::Next::kFailed);
  CHECK(h.proxy_code() == CURLPX_LONG_HOSTNAME);
}

TEST_CASE("socks4 and 4a requests and replies", "[transport][socks]") {
  SocksRequest r = request(SocksVersion::k4, "localhost", 80);
  r.has_login = true;
  r.user = "me";
  {
    SocksHandshake h(r);
    CHECK(drain(h) == bytes({4, 1, 0, 80, 127, 0, 0, 1}) + "me" + bytes({0}));
    CHECK(h.wanted() == 8);
    feed(h, bytes({0, 90, 0, 0, 0, 0, 0, 0}) + "tail");
    CHECK(h.next() == SocksHandshake::Next::kDone);
  }
  r.version = SocksVersion::k4a;
  r.has_login = false;
  {
    SocksHandshake h(r);
    CHECK(drain(h) == bytes({4, 1, 0, 80, 0, 0, 0, 1, 0}) + "localhost" + bytes({0}));
    feed(h, bytes({0, 91, 0, 80, 1, 2, 3, 4}));
    CHECK(h.proxy_code() == CURLPX_REQUEST_FAILED);
    CHECK(h.message() == "Can't complete SOCKS4 connection to 1.2.3.4:80. (91), request rejected or failed.");
  }
  const std::pair<int, int> codes[] = {{92, CURLPX_IDENTD}, {93, CURLPX_IDENTD_DIFFER}, {99, CURLPX_UNKNOWN_FAIL}};
  for (auto [cd, code] : codes) {
    SocksHandshake h(request(SocksVersion::k4, "x", 80));
    drain(h);
    feed(h, bytes({0, cd, 0, 0, 0, 0, 0, 0}));
    CHECK(h.proxy_code() == code);
  }
  SocksHandshake v(request(SocksVersion::k4, "x", 80));
  drain(v);
  feed(v, bytes({4, 90, 0, 0, 0, 0, 0, 0}));
  CHECK(v.proxy_code() == CURLPX_BAD_VERSION);
  // SOCKS4 cannot name an IPv6 destination.
  SocksRequest six = request(SocksVersion::k4, "ip6.test", 80);
  Address::from_literal("::1", 80, six.address);
  SocksHandshake h6(six);
  CHECK(h6.proxy_code() == CURLPX_RESOLVE_HOST);
  CHECK(h6.message() == "SOCKS4 connection to ip6.test not supported");
}
