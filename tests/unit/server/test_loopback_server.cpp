// Checks the loopback test server's URL protocol and scripted modes over real loopback sockets.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cerrno>
#include <chrono>
#include <string>
#include <thread>

#include "loopback_server.h"

using namespace xfer::test;
using namespace std::chrono_literals;

namespace {

// A blocking client socket with a receive timeout, so no test can wait forever.
class Client {
 public:
  explicit Client(const LoopbackServer& server, bool v6 = false) {
    fd_ = ::socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    timeval tv{3, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    sockaddr_storage addr{};
    socklen_t len;
    if (v6) {
      auto* a = reinterpret_cast<sockaddr_in6*>(&addr);
      a->sin6_family = AF_INET6;
      a->sin6_port = htons(server.port());
      a->sin6_addr = in6addr_loopback;
      len = sizeof *a;
    } else {
      auto* a = reinterpret_cast<sockaddr_in*>(&addr);
      a->sin_family = AF_INET;
      a->sin_port = htons(server.port());
      a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      len = sizeof *a;
    }
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), len) == 0;
  }
  ~Client() { ::close(fd_); }

  bool connected() const { return connected_; }
  void send(const std::string& data) {
    ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
  }
  void get(const std::string& target) { send("GET " + target + " HTTP/1.1\r\nHost: t\r\n\r\n"); }

  // Reads until EOF, error or timeout; `error` keeps errno of a failed read.
  std::string read_all() {
    std::string out;
    char buf[4096];
    for (int i = 0; i < 100000; ++i) {
      ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n > 0) {
        out.append(buf, static_cast<std::size_t>(n));
        continue;
      }
      eof_ = n == 0;
      error_ = n < 0 ? errno : 0;
      break;
    }
    return out;
  }
  // Reads exactly n bytes (less on EOF or timeout).
  std::string read_n(std::size_t n) {
    std::string out;
    char buf[4096];
    while (out.size() < n) {
      ssize_t got = ::recv(fd_, buf, std::min(sizeof buf, n - out.size()), 0);
      if (got <= 0) break;
      out.append(buf, static_cast<std::size_t>(got));
    }
    return out;
  }
  bool eof() const { return eof_; }
  int error() const { return error_; }

 private:
  int fd_ = -1;
  bool connected_ = false;
  bool eof_ = false;
  int error_ = 0;
};

std::string pattern(std::size_t n) {
  std::string s;
  for (std::size_t i = 0; i < n; ++i) s.push_back(static_cast<char>('a' + i % 26));
  return s;
}

std::string ok_head(std::size_t length) {
  return "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " +
         std::to_string(length) + "\r\n\r\n";
}

}  // namespace

TEST_CASE("url mode: status, reason, size and extra headers", "[loopback_server]") {
  LoopbackServer server;
  REQUIRE(server.ok());
  Client c(server);
  REQUIRE(c.connected());
  c.get("/any?status=201&size=30&hdr=X-A:1&hdr=X-B:%20two&connclose=1");
  std::string expected =
      "HTTP/1.1 201 Created\r\nContent-Type: text/plain\r\nContent-Length: 30\r\n"
      "Connection: close\r\nX-A: 1\r\nX-B: two\r\n\r\n" +
      pattern(30);
  CHECK(c.read_all() == expected);
  CHECK(c.eof());
}

TEST_CASE("url mode: chunked body with trailer", "[loopback_server]") {
  LoopbackServer server;
  Client c(server);
  c.get("/c?chunked=1&chunk=10&size=25&trailer=1&connclose=1");
  std::string reply = c.read_all();
  auto body_at = reply.find("\r\n\r\n") + 4;
  CHECK(reply.find("Transfer-Encoding: chunked\r\n") != std::string::npos);
  CHECK(reply.substr(body_at) ==
        "a\r\nabcdefghij\r\na\r\nklmnopqrst\r\n5\r\nuvwxy\r\n0\r\nX-Trailer: yes\r\n\r\n");
}

TEST_CASE("url mode: echo returns the raw request, chunked upload included", "[loopback_server]") {
  LoopbackServer server;
  Client c(server);
  std::string request =
      "POST /e?echo=1&connclose=1 HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
      "3\r\nabc\r\n0\r\n\r\n";
  c.send(request);
  std::string reply = c.read_all();
  CHECK(reply.substr(reply.find("\r\n\r\n") + 4) == request);
  auto recorded = server.requests();
  REQUIRE(recorded.size() == 1);
  CHECK(recorded[0] == request);
}

TEST_CASE("url mode: keep-alive and connection counting", "[loopback_server]") {
  LoopbackServer server;
  {
    Client c(server);
    c.get("/a?conn=1");
    c.get("/b?conn=1&connclose=1");
    std::string reply = c.read_all();
    CHECK(reply.find("X-Conn: 1\r\nX-Req: 1\r\n") != std::string::npos);
    CHECK(reply.find("X-Conn: 1\r\nX-Req: 2\r\n") != std::string::npos);
  }
  Client second(server);
  second.get("/__stats");
  std::string stats = "connections=2 requests=3\n";
  CHECK(second.read_n(ok_head(stats.size()).size() + stats.size()) ==
        ok_head(stats.size()) + stats);
  CHECK(server.connection_count() == 2);
  CHECK(server.request_count() == 3);
}

TEST_CASE("url mode: maxreq closes after that many requests", "[loopback_server]") {
  LoopbackServer server;
  Client c(server);
  c.get("/a?maxreq=2");
  c.get("/b?maxreq=2");
  c.get("/c?maxreq=2");
  std::string reply = c.read_all();
  CHECK(reply == ok_head(0) +
                     "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 0\r\n"
                     "Connection: close\r\n\r\n");
  CHECK(c.eof());
}

TEST_CASE("url mode: cut truncates the reply", "[loopback_server]") {
  LoopbackServer server;
  Client c(server);
  c.get("/x?size=100&cut=70");
  std::string reply = c.read_all();
  CHECK(reply == (ok_head(100) + pattern(100)).substr(0, 70));
  CHECK(c.eof());
}

TEST_CASE("url mode: delay and drip take time", "[loopback_server]") {
  LoopbackServer server;
  auto start = std::chrono::steady_clock::now();
  Client c(server);
  c.get("/x?delay=100&size=3");
  CHECK(c.read_n(ok_head(3).size() + 3) == ok_head(3) + "abc");
  CHECK(std::chrono::steady_clock::now() - start >= 100ms);

  start = std::chrono::steady_clock::now();
  c.get("/x?drip=20&size=4&dripsize=2");
  CHECK(c.read_n(ok_head(4).size() + 4) == ok_head(4) + "abcd");
  CHECK(std::chrono::steady_clock::now() - start >= 40ms);
}

TEST_CASE("url mode: rst, nothing and malformed", "[loopback_server]") {
  LoopbackServer server;
  {
    Client c(server);
    c.get("/x?rst=1");
    CHECK(c.read_all().empty());
    CHECK(c.error() == ECONNRESET);
  }
  {
    Client c(server);
    c.get("/x?nothing=1");
    CHECK(c.read_all().empty());
    CHECK(c.eof());
  }
  {
    Client c(server);
    c.get("/x?malformed=1");
    CHECK(c.read_all() == "HTTP/1.1 abc Broken\r\n\r\n");
  }
}

TEST_CASE("url mode: Expect 100-continue is answered before the body", "[loopback_server]") {
  LoopbackServer server;
  Client c(server);
  c.send("POST /x?size=2 HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n");
  std::string interim = "HTTP/1.1 100 Continue\r\n\r\n";
  CHECK(c.read_n(interim.size()) == interim);
  c.send("xyz");
  CHECK(c.read_n(ok_head(2).size() + 2) == ok_head(2) + "ab");
}

TEST_CASE("url mode: idleclose closes an unused keep-alive connection", "[loopback_server]") {
  LoopbackServer server;
  Client c(server);
  c.get("/x?idleclose=50");
  auto start = std::chrono::steady_clock::now();
  CHECK(c.read_all() == ok_head(0));
  CHECK(c.eof());
  CHECK(std::chrono::steady_clock::now() - start >= 40ms);
}

TEST_CASE("scripted mode: steps run per connection, the last script repeats", "[loopback_server]") {
  LoopbackServer server;
  server.scripts({
      {ReadRequest{}, Send{"HTTP/1.1 200 OK\r\n"}, Sleep{20ms}, Send{"Content-Length: 0\r\n\r\n"},
       Close{}},
      {ReadRequest{}, Reset{}},
  });
  {
    Client c(server);
    c.get("/one");
    CHECK(c.read_all() == "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
  }
  for (int i = 0; i < 2; ++i) {
    Client c(server);
    c.get("/two");
    CHECK(c.read_all().empty());
    CHECK(c.error() == ECONNRESET);
  }
  CHECK(server.connection_count() == 3);
  CHECK(server.requests().size() == 3);
}

TEST_CASE("handler mode: a callback answers each request", "[loopback_server]") {
  LoopbackServer server;
  server.handler([](const Request& r) {
    return Reply{http_response(200, r.method + " " + r.target + " " + r.body)};
  });
  Client c(server);
  c.send("PUT /h HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n\r\nhi");
  std::string body = "PUT /h hi";
  CHECK(c.read_n(ok_head(body.size()).size() + body.size()) == ok_head(body.size()) + body);
}

TEST_CASE("url mode: gzip, deflate and ce set Content-Encoding", "[loopback_server]") {
  LoopbackServer server;
  auto fetch = [&](const std::string& target) {
    Client c(server);
    c.get(target);
    return c.read_all();
  };
  auto body_of = [](const std::string& reply) { return reply.substr(reply.find("\r\n\r\n") + 4); };
  std::string gz = fetch("/g?size=1000&gzip=1&connclose=1");
  CHECK(gz.find("Content-Encoding: gzip\r\n") != std::string::npos);
  std::string gz_body = body_of(gz);
  REQUIRE(gz_body.size() > 10);
  CHECK(gz_body.size() < 1000);
  CHECK(gz_body.compare(0, 2, "\x1f\x8b") == 0);
  CHECK(gz.find("Content-Length: " + std::to_string(gz_body.size()) + "\r\n") != std::string::npos);

  std::string zl = fetch("/g?size=1000&deflate=1&connclose=1");
  CHECK(zl.find("Content-Encoding: deflate\r\n") != std::string::npos);
  CHECK(static_cast<unsigned char>(body_of(zl)[0]) == 0x78);
  std::string raw = fetch("/g?size=1000&deflate=raw&connclose=1");
  CHECK(body_of(raw).size() < body_of(zl).size());  // no 2-byte header, no 4-byte checksum

  std::string cut = fetch("/g?size=1000&gzip=1&zcut=3&ztail=XY&connclose=1");
  CHECK(body_of(cut) == gz_body.substr(0, gz_body.size() - 3) + "XY");

  std::string ce = fetch("/g?text=hello&ce=br&connclose=1");
  CHECK(ce.find("Content-Encoding: br\r\n") != std::string::npos);
  CHECK(body_of(ce) == "hello");

  std::string chunked = fetch("/g?size=1000&gzip=1&chunked=1&chunk=10&connclose=1");
  CHECK(chunked.find("Transfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n") != std::string::npos);
  CHECK(chunked.find("\r\n\r\na\r\n\x1f\x8b") != std::string::npos);
}

namespace {

// The type-1 libcurl sends, the server's v1 and v2 type-2, and libcurl's NTLMv1 type-3 for
// user:pass to that challenge (taken from compat scenario 142's reference trace).
constexpr const char* kType1 = "TlRMTVNTUAABAAAABoIIAAAAAAAAAAAAAAAAAAAAAAA=";
constexpr const char* kType2V1 = "TlRMTVNTUAACAAAAAwADADAAAAAGggEAASNFZ4mrze8AAAAAAAAAAAAAAAAzAAAARE9N";
constexpr const char* kType2V2 =
    "TlRMTVNTUAACAAAAAwADADAAAAAGgokAASNFZ4mrze8AAAAAAAAAABgAGAAzAAAARE9NAgAGAEQATwBNAAEABgBT"
    "AFIAVgAAAAAA";
constexpr const char* kType3V1 =
    "TlRMTVNTUAADAAAAGAAYAEAAAAAYABgAWAAAAAAAAABwAAAABAAEAHAAAAALAAsAdAAAAAAAAAAAAAAABoIBAEJP"
    "l9WiE4REYSWsAc0Iu7NfMjE4TYeTiFRSEYr8jvGN3btOQvc7+w27Q1L4omSCDHVzZXJXT1JLU1RBVElPTg==";

void get_ntlm(Client& c, const std::string& target, const std::string& token) {
  c.send("GET " + target + " HTTP/1.1\r\nHost: t\r\nAuthorization: NTLM " + token + "\r\n\r\n");
}

}  // namespace

TEST_CASE("url mode: ntlm handshake per connection", "[loopback_server]") {
  LoopbackServer server;
  {
    Client c(server);
    c.get("/n?ntlm=v1&challenge=Basic%20realm%3D%22x%22");
    get_ntlm(c, "/n?ntlm=v1", kType1);
    get_ntlm(c, "/n?ntlm=v1&text=in", kType3V1);
    c.get("/n?ntlm=v1&text=again");  // the connection is authenticated now
    c.get("/end?connclose=1");
    std::string reply = c.read_all();
    CHECK(reply.find("401 Unauthorized\r\n") != std::string::npos);
    CHECK(reply.find("WWW-Authenticate: Basic realm=\"x\"\r\nWWW-Authenticate: NTLM\r\n") !=
          std::string::npos);
    CHECK(reply.find("WWW-Authenticate: NTLM " + std::string(kType2V1) + "\r\n") != std::string::npos);
    CHECK(reply.find("X-NTLM-Check: v1 nt ok, lm ok\r\n\r\nin") != std::string::npos);
    CHECK(reply.find("X-NTLM-Check: connection authenticated\r\n\r\nagain") != std::string::npos);
  }
  {
    // A type-3 on a connection that never got the type-2.
    Client c(server);
    get_ntlm(c, "/n?ntlm=v1", kType3V1);
    c.get("/end?connclose=1");
    std::string reply = c.read_all();
    CHECK(reply.find("X-NTLM-Check: type-3 without a type-2 on this connection\r\n") != std::string::npos);
  }
  {
    // Another password, the v2 challenge, a closing type-2 reply.
    Client c(server);
    get_ntlm(c, "/n?ntlm=v1", kType1);
    get_ntlm(c, "/n?ntlm=v1&ntlmpw=secret", kType3V1);
    get_ntlm(c, "/n?ntlm=v2&ntlmclose=1", kType1);
    std::string reply = c.read_all();
    CHECK(reply.find("X-NTLM-Check: v1 nt mismatch, lm mismatch\r\n") != std::string::npos);
    CHECK(reply.find("Connection: close\r\nWWW-Authenticate: NTLM " + std::string(kType2V2) + "\r\n") !=
          std::string::npos);
    CHECK(c.eof());
  }
  {
    // ntlmtype2= replaces the type-2; empty, it is "NTLM" alone.
    Client c(server);
    get_ntlm(c, "/n?ntlm=v1&ntlmtype2=abc%3D", kType1);
    get_ntlm(c, "/n?ntlm=v1&ntlmtype2=&connclose=1", kType1);
    std::string reply = c.read_all();
    CHECK(reply.find("WWW-Authenticate: NTLM abc=\r\n") != std::string::npos);
    CHECK(reply.find("WWW-Authenticate: NTLM\r\n") != std::string::npos);
  }
}

TEST_CASE("ipv6 loopback", "[loopback_server]") {
  LoopbackServer server({LoopbackServer::Family::ipv6, 0, std::nullopt, {}});
  if (!server.ok()) return;  // hosts without ::1
  Client c(server, true);
  REQUIRE(c.connected());
  c.get("/x?text=v6&connclose=1");
  CHECK(c.read_all().find("\r\n\r\nv6") != std::string::npos);
}
