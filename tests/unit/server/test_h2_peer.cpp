// Checks the test server's HTTP/2 side (h2_peer.cpp) with a real nghttp2 client over loopback.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <string>

#include "h2_test_client.h"
#include "loopback_server.h"

using namespace xfer::test;
using namespace std::chrono_literals;

namespace {

const std::string certs = XFER_TEST_CERTS_DIR;

LoopbackServer::Options h2_options(bool tls) {
  LoopbackServer::Options o;
  o.h2 = true;
  if (tls) {
    o.tls.emplace();
    o.tls->cert_file = certs + "/server.pem";
    o.tls->key_file = certs + "/server.key";
  }
  return o;
}

std::string field(const std::vector<std::pair<std::string, std::string>>& list, const std::string& name) {
  for (const auto& [n, v] : list)
    if (n == name) return v;
  return "";
}

bool is_pattern(const std::string& body) {
  for (std::size_t i = 0; i < body.size(); ++i)
    if (body[i] != static_cast<char>('a' + i % 26)) return false;
  return true;
}

// One HTTP/1.1 exchange on a plain socket, up to the server's close (or 3 s).
std::string h1_exchange(std::uint16_t port, const std::string& request) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  timeval tv{3, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string out;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
    ::send(fd, request.data(), request.size(), MSG_NOSIGNAL);
    char buf[4096];
    for (int i = 0; i < 10000; ++i) {
      ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n <= 0) break;
      out.append(buf, static_cast<std::size_t>(n));
    }
  }
  ::close(fd);
  return out;
}

}  // namespace

TEST_CASE("h2c prior knowledge: echo=1 shows the pseudo-headers in order", "[h2]") {
  LoopbackServer server(h2_options(false));
  REQUIRE(server.ok());
  H2TestClient client(server.port());
  REQUIRE(client.connected());
  const auto id = client.request("/?echo=1");
  REQUIRE(client.run(5s));
  const H2Answer& a = client.answer(id);
  CHECK(a.status == 200);
  CHECK(a.error_code == 0);
  CHECK(a.body.rfind(":method: GET\r\n:scheme: http\r\n:authority: 127.0.0.1\r\n:path: /?echo=1\r\n\r\n", 0) == 0);
  CHECK(field(a.headers, "content-type") == "text/plain");
  CHECK(field(a.headers, "content-length") == std::to_string(a.body.size()));
  CHECK(field(a.headers, "connection").empty());
  REQUIRE(server.requests().size() == 1);
  CHECK(server.requests()[0] == a.body);
  CHECK(client.server_max_streams() == 100);
}

TEST_CASE("h2 over TLS: ALPN picks h2, else http/1.1; without the option no h2", "[h2]") {
  const std::string ca = certs + "/ca.pem";
  {
    LoopbackServer server(h2_options(true));
    REQUIRE(server.ok());
    H2TestClient client(server.port(), "h2,http/1.1", ca);
    REQUIRE(client.alpn() == "h2");
    const auto id = client.request("/?echo=1");
    REQUIRE(client.run(5s));
    CHECK(client.answer(id).status == 200);
    CHECK(client.answer(id).body.find(":scheme: https\r\n") != std::string::npos);
    H2TestClient h1_only(server.port(), "http/1.1", ca);
    CHECK(h1_only.alpn() == "http/1.1");
    CHECK_FALSE(h1_only.connected());
  }
  {
    LoopbackServer::Options o = h2_options(true);
    o.h2 = false;
    LoopbackServer server(o);
    REQUIRE(server.ok());
    H2TestClient client(server.port(), "h2,http/1.1", ca);
    CHECK(client.alpn().empty());
  }
}

TEST_CASE("h2: a large body arrives whole through flow control", "[h2]") {
  LoopbackServer server(h2_options(false));
  REQUIRE(server.ok());
  H2TestClient client(server.port());
  const auto id = client.request("/?size=1000000");
  REQUIRE(client.run(10s));
  const H2Answer& a = client.answer(id);
  CHECK(a.status == 200);
  CHECK(a.error_code == 0);
  CHECK(a.body.size() == 1000000);
  CHECK(is_pattern(a.body));
}

TEST_CASE("h2: concurrent streams are answered independently", "[h2]") {
  LoopbackServer server(h2_options(false));
  REQUIRE(server.ok());
  H2TestClient client(server.port());
  const auto slow = client.request("/?delay=300&text=slow");
  const auto fast = client.request("/?size=100000");
  const auto upload_body = std::string(70000, 'u');
  const auto post = client.request("/?echo=1", &upload_body);
  REQUIRE(client.run(10s));
  CHECK(client.answer(slow).body == "slow");
  CHECK(client.answer(fast).body.size() == 100000);
  const std::string& echoed = client.answer(post).body;
  CHECK(echoed.rfind(":method: POST\r\n", 0) == 0);
  CHECK(echoed.size() > upload_body.size());
  CHECK(echoed.substr(echoed.size() - upload_body.size()) == upload_body);
  REQUIRE(client.close_order().size() == 3);
  CHECK(client.close_order().back() == slow);  // the Sleep held back its own stream only
  CHECK(server.connection_count() == 1);
}

TEST_CASE("h2: h2rst=CODE resets the stream instead of answering", "[h2]") {
  LoopbackServer server(h2_options(false));
  REQUIRE(server.ok());
  H2TestClient client(server.port());
  const auto id = client.request("/?h2rst=8");
  const auto other = client.request("/?text=fine");
  REQUIRE(client.run(5s));
  CHECK(client.answer(id).status == 0);
  CHECK(client.answer(id).error_code == 8);  // CANCEL
  CHECK(client.answer(other).body == "fine");
}

TEST_CASE("h2: trailers from h2trailer= and from a chunked reply's trailer", "[h2]") {
  LoopbackServer server(h2_options(false));
  REQUIRE(server.ok());
  H2TestClient client(server.port());
  const auto knob = client.request("/?text=abc&h2trailer=x-check:yes");
  const auto chunked = client.request("/?chunked=1&trailer=1&size=2500&chunk=100");
  REQUIRE(client.run(5s));
  CHECK(client.answer(knob).body == "abc");
  CHECK(field(client.answer(knob).trailers, "x-check") == "yes");
  CHECK(client.answer(chunked).body.size() == 2500);  // no chunk framing on h2
  CHECK(is_pattern(client.answer(chunked).body));
  CHECK(field(client.answer(chunked).trailers, "x-trailer") == "yes");
  CHECK(field(client.answer(chunked).headers, "transfer-encoding").empty());
}

TEST_CASE("h2: h2goaway=1 and Close end the connection with GOAWAY", "[h2]") {
  LoopbackServer server(h2_options(false));
  REQUIRE(server.ok());
  {
    H2TestClient client(server.port());
    const auto id = client.request("/?h2goaway=1&text=last");
    REQUIRE(client.run(5s));
    CHECK(client.answer(id).body == "last");
    REQUIRE(client.run(2s, true));  // no stream left: the server closes after the GOAWAY
    CHECK(client.goaway_seen());
    CHECK(client.goaway_last_id() == id);
    CHECK(client.goaway_code() == 0);
  }
  {
    H2TestClient client(server.port());
    const auto id = client.request("/?close=1&text=bye");
    REQUIRE(client.run(5s));
    CHECK(client.answer(id).body == "bye");
    CHECK(client.run(2s, true));
    CHECK(client.goaway_seen());
    CHECK(client.goaway_code() == 0);
    CHECK(client.eof());
  }
}

TEST_CASE("h2: h2goawaynow=1 answers up to its stream and drops the ones above it", "[h2]") {
  LoopbackServer server(h2_options(false));
  REQUIRE(server.ok());
  H2TestClient client(server.port());
  const auto first = client.request("/a?delay=200&text=one");
  const auto middle = client.request("/b?h2goawaynow=1&text=two");
  const auto last = client.request("/c?delay=200&text=three");
  REQUIRE(client.run(5s));
  CHECK(client.goaway_seen());
  CHECK(client.goaway_last_id() == middle);
  CHECK(client.goaway_code() == 0);
  CHECK(client.answer(first).body == "one");
  CHECK(client.answer(middle).body == "two");
  CHECK(client.answer(last).status == 0);
  CHECK_FALSE(client.answer(last).reset_received);
  CHECK(client.run(2s, true));  // nothing up to the last id is left: the server closes
  CHECK(client.eof());
}

TEST_CASE("h2: h2prio=1 echoes the stream's priority and id", "[h2]") {
  LoopbackServer server(h2_options(false));
  REQUIRE(server.ok());
  H2TestClient client(server.port());
  const auto id = client.request("/?h2prio=1");
  REQUIRE(client.run(5s));
  const H2Answer& a = client.answer(id);
  CHECK(field(a.headers, "x-h2-priority") == "0 16 0");
  CHECK(field(a.headers, "x-h2-priority-frames") == "0");
  CHECK(field(a.headers, "x-h2-stream") == std::to_string(id));
}

TEST_CASE("h2: h2push=PATH promises PATH and answers it on the promised stream", "[h2]") {
  LoopbackServer server(h2_options(false));
  REQUIRE(server.ok());
  H2TestClient client(server.port());
  const auto page = client.request("/page?text=page&h2push=%2Fpushed%3Ftext%3Dpushed");
  REQUIRE(client.run(5s));
  CHECK(client.answer(page).body == "page");
  const auto stats = client.request("/__stats");
  REQUIRE(client.run(5s));
  CHECK(client.answer(2).status == 200);  // the server's first stream
  CHECK(client.answer(2).body == "pushed");
  CHECK(client.answer(stats).body.find(" h2_streams=2 h2_pushed=1 h2_push_reset=0\n") != std::string::npos);
}

TEST_CASE("h2: /__stats, max streams, and HTTP/1.1 still served on the same port", "[h2]") {
  LoopbackServer::Options o = h2_options(false);
  o.h2_max_streams = 7;
  LoopbackServer server(o);
  REQUIRE(server.ok());
  H2TestClient client(server.port());
  const auto first = client.request("/?text=1");
  const auto stats = client.request("/__stats");
  REQUIRE(client.run(5s));
  CHECK(client.answer(first).body == "1");
  CHECK(client.answer(stats).body.find("connections=1 requests=") == 0);
  CHECK(client.server_max_streams() == 7);
  const std::string h1 = h1_exchange(server.port(), "GET /?text=h1 HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  CHECK(h1.rfind("HTTP/1.1 200 OK\r\n", 0) == 0);
  CHECK(h1.substr(h1.size() - 2) == "h1");
}

TEST_CASE("h2c upgrade: 101, then the request is answered on stream 1 over h2", "[h2]") {
  LoopbackServer server(h2_options(false));
  REQUIRE(server.ok());
  {
    H2TestClient client(server.port());
    const std::string head = client.upgrade("/?echo=1");
    CHECK(head == "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n");
    REQUIRE(client.run(5s));
    const H2Answer& a = client.answer(1);
    CHECK(a.status == 200);
    CHECK(a.error_code == 0);
    // The handler saw the HTTP/1.1 request as it was sent.
    CHECK(a.body.rfind("GET /?echo=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n", 0) == 0);
    CHECK(a.body.find("Upgrade: h2c\r\n") != std::string::npos);
    // Later streams of the upgraded connection are plain h2 ones.
    const auto stats = client.request("/__stats");
    REQUIRE(client.run(5s));
    CHECK(stats == 3);
    CHECK(client.answer(stats).body.find(" h2_streams=2 h2_pushed=0 h2_push_reset=0\n") != std::string::npos);
  }
  {
    // A POST's body is read whole before the 101 and belongs to stream 1's request.
    H2TestClient client(server.port());
    const std::string body(30000, 'p');
    CHECK(client.upgrade("/?echo=1", &body).rfind("HTTP/1.1 101 ", 0) == 0);
    REQUIRE(client.run(5s));
    const std::string& echoed = client.answer(1).body;
    CHECK(echoed.rfind("POST /?echo=1 HTTP/1.1\r\n", 0) == 0);
    CHECK(echoed.size() > body.size());
    CHECK(echoed.substr(echoed.size() - body.size()) == body);
  }
}

TEST_CASE("h2c upgrade: a preface sent right behind the request is not lost", "[h2]") {
  LoopbackServer server(h2_options(false));
  REQUIRE(server.ok());
  H2TestClient client(server.port());
  const std::string body = "x=1";
  CHECK(client.upgrade("/?echo=1", &body, nullptr, true).rfind("HTTP/1.1 101 ", 0) == 0);
  REQUIRE(client.run(5s));
  CHECK(client.answer(1).status == 200);
  CHECK(client.answer(1).body.substr(client.answer(1).body.size() - 3) == "x=1");
  const auto next = client.request("/?text=next");
  REQUIRE(client.run(5s));
  CHECK(client.answer(next).body == "next");
}

TEST_CASE("h2c upgrade refused: no --h2, or a bad HTTP2-Settings, gets plain HTTP/1.1", "[h2]") {
  {
    LoopbackServer::Options o = h2_options(false);
    o.h2 = false;
    LoopbackServer server(o);
    REQUIRE(server.ok());
    H2TestClient client(server.port());
    const std::string answer = client.upgrade("/?text=plain");
    CHECK(answer.rfind("HTTP/1.1 200 OK\r\n", 0) == 0);
    CHECK(answer.find("Upgrade") == std::string::npos);
  }
  {
    LoopbackServer server(h2_options(false));
    REQUIRE(server.ok());
    H2TestClient client(server.port());
    const std::string bad = "not*base64";
    CHECK(client.upgrade("/?text=plain", nullptr, &bad).rfind("HTTP/1.1 200 OK\r\n", 0) == 0);
    const std::string h1 = h1_exchange(server.port(),
                                       "GET /?text=x HTTP/1.1\r\nHost: t\r\nUpgrade: h2c\r\n"
                                       "Connection: Upgrade, close\r\n\r\n");  // no HTTP2-Settings
    CHECK(h1.rfind("HTTP/1.1 200 OK\r\n", 0) == 0);
  }
}

TEST_CASE("h2: h2early=1 answers before the body, then RST_STREAM(NO_ERROR)", "[h2]") {
  LoopbackServer server(h2_options(false));
  REQUIRE(server.ok());
  H2TestClient client(server.port());
  const std::string body(100000, 'b');
  const auto id = client.request("/?h2early=1&text=early", &body);
  REQUIRE(client.run(5s));
  const H2Answer& a = client.answer(id);
  CHECK(a.status == 200);
  CHECK(a.body == "early");
  CHECK(a.reset_received);
  CHECK(a.error_code == 0);
  REQUIRE(server.requests().size() == 1);
  CHECK(server.requests()[0].find("bbbb") == std::string::npos);  // the body was not kept
  // The connection's window was given back: a second request goes through.
  const auto next = client.request("/?text=next");
  REQUIRE(client.run(5s));
  CHECK(client.answer(next).body == "next");
}
