// A small blocking HTTP/2 client for the test server's h2 tests: nghttp2's client session over a loopback socket.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

struct nghttp2_session;
struct ssl_st;
struct ssl_ctx_st;

namespace xfer::test {

struct H2Answer {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::vector<std::pair<std::string, std::string>> trailers;
  bool closed = false;
  std::uint32_t error_code = 0;  // of the stream's close (RST_STREAM's code)
  bool reset_received = false;   // an RST_STREAM arrived for it (whatever its code)
};

class H2TestClient {
 public:
  // Connects to 127.0.0.1:port. With `alpn` non-empty the connection is TLS offering that
  // comma list ("h2,http/1.1"), trusting `ca_file`; empty: plain h2c, prior knowledge.
  H2TestClient(std::uint16_t port, const std::string& alpn = "", const std::string& ca_file = "");
  ~H2TestClient();
  H2TestClient(const H2TestClient&) = delete;
  H2TestClient& operator=(const H2TestClient&) = delete;

  bool connected() const { return session_ != nullptr; }
  // What the TLS handshake agreed on ("" for none or plain).
  const std::string& alpn() const { return alpn_; }
  // Submits a GET (a POST when `body` is given); returns its stream id (<= 0 on failure).
  std::int32_t request(const std::string& path, const std::string* body = nullptr);
  // Upgrade: h2c on a plain connection (nothing sent yet): sends `path` as an HTTP/1.1 GET
  // (POST with `body`) with Upgrade, Connection and HTTP2-Settings, then reads the answer's
  // head. On a 101 the session takes the upgrade (the request is stream 1; run() reads its
  // answer) and the 101 head is returned; otherwise the whole HTTP/1.1 answer, up to the
  // server's close or 3 s. `settings_value` replaces the HTTP2-Settings value when given.
  // With `preface_at_once` the client preface and SETTINGS follow the request in the same
  // write, before any 101 (RFC 7540 §3.5 allows it once the upgrade is asked for).
  std::string upgrade(const std::string& path, const std::string* body = nullptr,
                      const std::string* settings_value = nullptr, bool preface_at_once = false);
  // Exchanges frames until every submitted stream has closed (with `to_eof`: until the
  // server closes), the connection has ended, or `limit` passed; false on the last.
  bool run(std::chrono::milliseconds limit, bool to_eof = false);

  const H2Answer& answer(std::int32_t id) { return answers_[id]; }
  // Stream ids in the order they closed.
  const std::vector<std::int32_t>& close_order() const { return close_order_; }
  bool goaway_seen() const { return goaway_seen_; }
  std::int32_t goaway_last_id() const { return goaway_last_id_; }
  std::uint32_t goaway_code() const { return goaway_code_; }
  bool eof() const { return eof_; }
  // The server's SETTINGS_MAX_CONCURRENT_STREAMS (once its SETTINGS arrived).
  std::uint32_t server_max_streams() const;

 private:
  friend struct H2ClientCallbacks;

  bool send_all(const char* data, std::size_t len);
  long read_some(char* buf, std::size_t cap);
  bool all_closed() const;
  // Feeds bytes read off the socket to the session; false on a protocol error.
  bool feed(const char* data, std::size_t len);

  int fd_ = -1;
  ssl_ctx_st* ctx_ = nullptr;
  ssl_st* ssl_ = nullptr;
  std::string alpn_;
  nghttp2_session* session_ = nullptr;
  std::map<std::int32_t, H2Answer> answers_;
  std::vector<std::int32_t> close_order_;
  std::string upload_;  // the body being sent by request()
  std::size_t upload_sent_ = 0;
  bool goaway_seen_ = false;
  std::int32_t goaway_last_id_ = -1;
  std::uint32_t goaway_code_ = 0;
  bool eof_ = false;
};

}  // namespace xfer::test
