// The h2 tests' client: blocking socket (optionally TLS with ALPN), poll with a deadline, nghttp2 in memory.
#include "h2_test_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <nghttp2/nghttp2.h>
#include <openssl/ssl.h>

#include <cstring>

namespace {

// RFC 4648 §5 without padding, as HTTP2-Settings carries it.
std::string base64url(const std::string& bytes) {
  static constexpr char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  std::uint32_t bits = 0;
  int held = 0;
  for (unsigned char c : bytes) {
    bits = (bits << 8) | c;
    held += 8;
    while (held >= 6) {
      held -= 6;
      out.push_back(digits[(bits >> held) & 63]);
    }
  }
  if (held > 0) out.push_back(digits[(bits << (6 - held)) & 63]);
  return out;
}

}  // namespace

namespace xfer::test {

struct H2ClientCallbacks {
  static H2TestClient& client(void* user_data) { return *static_cast<H2TestClient*>(user_data); }

  static int on_header(nghttp2_session*, const nghttp2_frame* frame, const std::uint8_t* name,
                       std::size_t namelen, const std::uint8_t* value, std::size_t valuelen,
                       std::uint8_t, void* user_data) {
    if (frame->hd.type != NGHTTP2_HEADERS) return 0;
    H2Answer& a = client(user_data).answers_[frame->hd.stream_id];
    std::string n(reinterpret_cast<const char*>(name), namelen);
    std::string v(reinterpret_cast<const char*>(value), valuelen);
    if (frame->headers.cat == NGHTTP2_HCAT_HEADERS && a.status != 0) {
      a.trailers.emplace_back(std::move(n), std::move(v));
    } else if (n == ":status") {
      a.status = std::stoi(v);
    } else {
      a.headers.emplace_back(std::move(n), std::move(v));
    }
    return 0;
  }

  static int on_data(nghttp2_session*, std::uint8_t, std::int32_t id, const std::uint8_t* data,
                     std::size_t len, void* user_data) {
    client(user_data).answers_[id].body.append(reinterpret_cast<const char*>(data), len);
    return 0;
  }

  static int on_close(nghttp2_session*, std::int32_t id, std::uint32_t code, void* user_data) {
    H2TestClient& c = client(user_data);
    c.answers_[id].closed = true;
    c.answers_[id].error_code = code;
    c.close_order_.push_back(id);
    return 0;
  }

  static int on_frame(nghttp2_session*, const nghttp2_frame* frame, void* user_data) {
    H2TestClient& c = client(user_data);
    if (frame->hd.type == NGHTTP2_RST_STREAM) c.answers_[frame->hd.stream_id].reset_received = true;
    if (frame->hd.type != NGHTTP2_GOAWAY) return 0;
    c.goaway_seen_ = true;
    c.goaway_last_id_ = frame->goaway.last_stream_id;
    c.goaway_code_ = frame->goaway.error_code;
    return 0;
  }

  static ssize_t read_upload(nghttp2_session*, std::int32_t, std::uint8_t* buf, std::size_t length,
                             std::uint32_t* flags, nghttp2_data_source*, void* user_data) {
    H2TestClient& c = client(user_data);
    const std::size_t n = std::min(length, c.upload_.size() - c.upload_sent_);
    std::memcpy(buf, c.upload_.data() + c.upload_sent_, n);
    c.upload_sent_ += n;
    if (c.upload_sent_ == c.upload_.size()) *flags |= NGHTTP2_DATA_FLAG_EOF;
    return static_cast<ssize_t>(n);
  }
};

H2TestClient::H2TestClient(std::uint16_t port, const std::string& alpn, const std::string& ca_file) {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  timeval tv{3, 0};  // no blocking call may wait forever
  ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return;
  if (!alpn.empty()) {
    ctx_ = SSL_CTX_new(TLS_client_method());
    if (!ca_file.empty()) SSL_CTX_load_verify_locations(ctx_, ca_file.c_str(), nullptr);
    SSL_CTX_set_verify(ctx_, SSL_VERIFY_PEER, nullptr);
    std::string wire;  // ALPN's length-prefixed list
    for (std::size_t at = 0; at <= alpn.size();) {
      std::size_t comma = alpn.find(',', at);
      if (comma == std::string::npos) comma = alpn.size();
      wire.push_back(static_cast<char>(comma - at));
      wire.append(alpn, at, comma - at);
      at = comma + 1;
    }
    ssl_ = SSL_new(ctx_);
    SSL_set_fd(ssl_, fd_);
    SSL_set_alpn_protos(ssl_, reinterpret_cast<const unsigned char*>(wire.data()),
                        static_cast<unsigned>(wire.size()));
    SSL_set_tlsext_host_name(ssl_, "localhost");
    if (SSL_connect(ssl_) != 1) return;
    const unsigned char* name = nullptr;
    unsigned len = 0;
    SSL_get0_alpn_selected(ssl_, &name, &len);
    alpn_.assign(reinterpret_cast<const char*>(name), len);
    if (alpn_ != "h2") return;  // the h1 answer is all a caller checks then
  }
  nghttp2_session_callbacks* cbs = nullptr;
  nghttp2_session_callbacks_new(&cbs);
  nghttp2_session_callbacks_set_on_header_callback(cbs, H2ClientCallbacks::on_header);
  nghttp2_session_callbacks_set_on_data_chunk_recv_callback(cbs, H2ClientCallbacks::on_data);
  nghttp2_session_callbacks_set_on_stream_close_callback(cbs, H2ClientCallbacks::on_close);
  nghttp2_session_callbacks_set_on_frame_recv_callback(cbs, H2ClientCallbacks::on_frame);
  if (nghttp2_session_client_new(&session_, cbs, this) != 0) session_ = nullptr;
  nghttp2_session_callbacks_del(cbs);
  if (session_) nghttp2_submit_settings(session_, NGHTTP2_FLAG_NONE, nullptr, 0);
}

H2TestClient::~H2TestClient() {
  if (session_) nghttp2_session_del(session_);
  if (ssl_) SSL_free(ssl_);
  if (ctx_) SSL_CTX_free(ctx_);
  if (fd_ >= 0) ::close(fd_);
}

std::int32_t H2TestClient::request(const std::string& path, const std::string* body) {
  if (!session_) return -1;
  const std::string method = body ? "POST" : "GET";
  const std::string scheme = ssl_ ? "https" : "http";
  const std::string authority = "127.0.0.1";
  auto nv = [](const char* name, const std::string& value) {
    return nghttp2_nv{reinterpret_cast<std::uint8_t*>(const_cast<char*>(name)),
                      reinterpret_cast<std::uint8_t*>(const_cast<char*>(value.data())),
                      std::strlen(name), value.size(), NGHTTP2_NV_FLAG_NONE};
  };
  nghttp2_nv fields[] = {nv(":method", method), nv(":scheme", scheme), nv(":authority", authority),
                         nv(":path", path)};
  nghttp2_data_provider provider{};
  provider.read_callback = H2ClientCallbacks::read_upload;
  if (body) {
    upload_ = *body;
    upload_sent_ = 0;
  }
  const std::int32_t id = nghttp2_submit_request(session_, nullptr, fields, 4, body ? &provider : nullptr, nullptr);
  if (id > 0) answers_[id];
  return id;
}

std::string H2TestClient::upgrade(const std::string& path, const std::string* body,
                                  const std::string* settings_value, bool preface_at_once) {
  if (!session_ || ssl_) return "";
  // The SETTINGS the client announces in the HTTP/1.1 request instead of a SETTINGS frame.
  const nghttp2_settings_entry entries[] = {{NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, 100},
                                            {NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, 1 << 20}};
  std::uint8_t packed[64];
  const ssize_t packed_len = nghttp2_pack_settings_payload(packed, sizeof packed, entries, 2);
  if (packed_len <= 0) return "";
  const std::string payload(reinterpret_cast<const char*>(packed), static_cast<std::size_t>(packed_len));
  std::string req = std::string(body ? "POST " : "GET ") + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
                    "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: " +
                    (settings_value ? *settings_value : base64url(payload)) + "\r\n";
  if (body) req += "Content-Length: " + std::to_string(body->size()) + "\r\n";
  req += "\r\n";
  if (body) req += *body;
  // head_request 0: this client never upgrades a HEAD.
  const auto take_upgrade = [&] {
    return nghttp2_session_upgrade2(session_, packed, static_cast<std::size_t>(packed_len), 0, nullptr) == 0;
  };
  if (preface_at_once) {
    if (!take_upgrade()) return "";
    for (int frames = 0; frames < 100; ++frames) {
      const std::uint8_t* out = nullptr;
      const ssize_t n = nghttp2_session_mem_send(session_, &out);
      if (n <= 0) break;
      req.append(reinterpret_cast<const char*>(out), static_cast<std::size_t>(n));
    }
  }
  if (!send_all(req.data(), req.size())) return "";
  std::string got;
  char buf[16 * 1024];
  std::size_t head_end = std::string::npos;
  // Bounded by rounds and by the socket's 3 s receive timeout.
  for (int rounds = 0; rounds < 10000 && head_end == std::string::npos; ++rounds) {
    const long n = read_some(buf, sizeof buf);
    if (n <= 0) return got;
    got.append(buf, static_cast<std::size_t>(n));
    head_end = got.find("\r\n\r\n");
  }
  if (head_end == std::string::npos) return got;
  if (got.rfind("HTTP/1.1 101 ", 0) != 0) {
    for (int rounds = 0; rounds < 10000; ++rounds) {
      const long n = read_some(buf, sizeof buf);
      if (n <= 0) break;
      got.append(buf, static_cast<std::size_t>(n));
    }
    return got;
  }
  if (!preface_at_once && !take_upgrade()) return "";
  answers_[1];
  // The server's first frames may have come with the 101.
  const std::string after = got.substr(head_end + 4);
  if (!after.empty() && !feed(after.data(), after.size())) return "";
  return got.substr(0, head_end + 4);
}

bool H2TestClient::feed(const char* data, std::size_t len) {
  return nghttp2_session_mem_recv(session_, reinterpret_cast<const std::uint8_t*>(data), len) >= 0;
}

bool H2TestClient::send_all(const char* data, std::size_t len) {
  for (std::size_t sent = 0; sent < len;) {
    long n = ssl_ ? SSL_write(ssl_, data + sent, static_cast<int>(len - sent))
                  : ::send(fd_, data + sent, len - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

long H2TestClient::read_some(char* buf, std::size_t cap) {
  if (ssl_) return SSL_read(ssl_, buf, static_cast<int>(cap));
  return ::recv(fd_, buf, cap, 0);
}

bool H2TestClient::all_closed() const {
  for (const auto& entry : answers_)
    if (!entry.second.closed) return false;
  return true;
}

bool H2TestClient::run(std::chrono::milliseconds limit, bool to_eof) {
  if (!session_) return false;
  const auto until = std::chrono::steady_clock::now() + limit;
  char buf[64 * 1024];
  for (int rounds = 0; rounds < 1000000; ++rounds) {
    for (int frames = 0; frames < 100000; ++frames) {
      const std::uint8_t* out = nullptr;
      const ssize_t n = nghttp2_session_mem_send(session_, &out);
      if (n <= 0) break;
      if (!send_all(reinterpret_cast<const char*>(out), static_cast<std::size_t>(n))) {
        eof_ = true;
        break;
      }
    }
    if (eof_ || (!to_eof && all_closed())) return true;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    if (!ssl_ || SSL_pending(ssl_) == 0) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
    }
    const long got = read_some(buf, sizeof buf);
    if (got <= 0) {
      eof_ = true;
      return true;
    }
    if (!feed(buf, static_cast<std::size_t>(got))) return false;
  }
  return false;
}

std::uint32_t H2TestClient::server_max_streams() const {
  return session_ ? nghttp2_session_get_remote_settings(session_, NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS) : 0;
}

}  // namespace xfer::test
