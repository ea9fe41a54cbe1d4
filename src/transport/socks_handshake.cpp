// SOCKS handshakes: the bytes of each step and libcurl 7.88's verdicts (CURLproxycode) on replies.
#include "transport/socks_handshake.h"

#include <arpa/inet.h>
#include <curl/curl.h>

#include <cstdio>
#include <cstring>

namespace xfer::transport {
namespace {

bool is_v4(SocksVersion v) { return v == SocksVersion::k4 || v == SocksVersion::k4a; }

void put_port(std::string& s, std::uint16_t port) {
  s += static_cast<char>(port >> 8);
  s += static_cast<char>(port & 0xff);
}

}  // namespace

SocksHandshake::SocksHandshake(SocksRequest r) : req_(std::move(r)) { start(); }

void SocksHandshake::send(Phase p, std::string bytes) {
  phase_ = p;
  out_ = std::move(bytes);
  out_done_ = 0;
  next_ = Next::kSend;
}

void SocksHandshake::expect(Phase p, std::size_t n) {
  phase_ = p;
  in_want_ = n;
  in_have_ = 0;
  next_ = Next::kRecv;
}

void SocksHandshake::fail(int code, std::string text) {
  phase_ = Phase::kFailed;
  next_ = Next::kFailed;
  code_ = code;
  message_ = std::move(text);
}

void SocksHandshake::start() {
  if (is_v4(req_.version)) {
    note_ = "SOCKS4 communication to " + req_.host + ":" + std::to_string(req_.port);
    begin_connect();
    return;
  }
  if (req_.version == SocksVersion::k5h && req_.host.size() > 255) {
    fail(CURLPX_LONG_HOSTNAME, "SOCKS5: the destination hostname is too long to be resolved remotely by the proxy.");
    return;
  }
  // Methods offered: none, and username/password when there is a login SOCKS5_AUTH allows.
  // GSS-API is not built in, so it is never offered (as a libcurl without GSS-API).
  std::string g{'\x05', '\x01', '\x00'};
  if (req_.has_login && req_.offer_login) {
    g[1] = 2;
    g += '\x02';
  }
  send(Phase::kGreeting, std::move(g));
}

void SocksHandshake::consumed(std::size_t n) {
  out_done_ += n;
  if (out_done_ < out_.size()) return;
  out_.clear();
  out_done_ = 0;
  switch (phase_) {
    case Phase::kGreeting: expect(Phase::kMethod, 2); break;
    case Phase::kLogin: expect(Phase::kLoginReply, 2); break;
    case Phase::kConnect: expect(Phase::kReply, is_v4(req_.version) ? 8 : 10); break;
    default: break;
  }
}

void SocksHandshake::received(std::size_t n) {
  in_have_ += n;
  if (in_have_ >= in_want_) on_input();
}

void SocksHandshake::on_input() {
  switch (phase_) {
    case Phase::kMethod: on_method(); break;
    case Phase::kLoginReply: on_login_reply(); break;
    case Phase::kReply: is_v4(req_.version) ? on_reply4() : on_reply5(); break;
    case Phase::kReplyRest:
      phase_ = Phase::kDone;
      next_ = Next::kDone;
      note_ = "SOCKS5 request granted.";
      break;
    default: break;
  }
}

int SocksHandshake::io_failure_code() const {
  const bool v4 = is_v4(req_.version);
  switch (phase_) {
    case Phase::kGreeting: return CURLPX_SEND_CONNECT;
    case Phase::kMethod: return CURLPX_RECV_CONNECT;
    case Phase::kLogin: return CURLPX_SEND_AUTH;
    case Phase::kLoginReply: return CURLPX_RECV_AUTH;
    case Phase::kConnect: return v4 ? CURLPX_SEND_CONNECT : CURLPX_SEND_REQUEST;
    case Phase::kReply: return v4 ? CURLPX_RECV_CONNECT : CURLPX_RECV_REQACK;
    case Phase::kReplyRest: return CURLPX_RECV_ADDRESS;
    default: return CURLPX_OK;
  }
}

void SocksHandshake::on_method() {
  if (in_[0] != 5) return fail(CURLPX_BAD_VERSION, "Received invalid version in initial SOCKS5 response.");
  switch (in_[1]) {
    case 0: return begin_connect();
    case 2: break;
    case 1: return fail(CURLPX_GSSAPI_PERMSG, "SOCKS5 GSSAPI per-message authentication is not supported.");
    case 255: return fail(CURLPX_NO_AUTH, "No authentication method was acceptable.");
    default: return fail(CURLPX_UNKNOWN_MODE, "Undocumented SOCKS5 mode attempted to be used by server.");
  }
  // The proxy picked username/password: an empty pair goes when there is no login to give
  // (or SOCKS5_AUTH withheld it), as libcurl sends.
  const bool give = req_.has_login && req_.offer_login;
  const std::string_view user = give ? std::string_view(req_.user) : std::string_view();
  const std::string_view pass = give ? std::string_view(req_.password) : std::string_view();
  if (user.size() > 255) return fail(CURLPX_LONG_USER, "Excessive user name length for proxy auth");
  if (pass.size() > 255) return fail(CURLPX_LONG_PASSWD, "Excessive password length for proxy auth");
  std::string m{'\x01'};
  m += static_cast<char>(user.size());
  m += user;
  m += static_cast<char>(pass.size());
  m += pass;
  send(Phase::kLogin, std::move(m));
}

void SocksHandshake::on_login_reply() {
  if (in_[1] != 0) {
    char text[80];
    std::snprintf(text, sizeof text, "User was rejected by the SOCKS5 server (%d %d).", in_[0], in_[1]);
    return fail(CURLPX_USER_REJECTED, text);
  }
  begin_connect();
}

void SocksHandshake::begin_connect() { is_v4(req_.version) ? connect4() : connect5(); }

void SocksHandshake::connect4() {
  std::string m{'\x04', '\x01'};
  put_port(m, req_.port);
  if (req_.version == SocksVersion::k4) {
    if (req_.address.family() != AF_INET)
      return fail(CURLPX_RESOLVE_HOST, "SOCKS4 connection to " + req_.host + " not supported");
    m.append(reinterpret_cast<const char*>(&req_.address.storage.v4.sin_addr), 4);
    note_ = "SOCKS4 connect to IPv4 " + req_.address.ip_string() + " (locally resolved)";
  } else {
    m.append("\0\0\0\x01", 4);  // 0.0.0.1: "the name follows" (SOCKS 4a)
  }
  // The user id goes whatever SOCKS5_AUTH says (SOCKS4 has no methods).
  if (req_.has_login) {
    if (req_.user.size() >= req_.max_user4) return fail(CURLPX_LONG_USER, "Too long SOCKS proxy user name, can't use");
    m += req_.user;
  }
  m += '\0';
  if (req_.version == SocksVersion::k4a) {
    if (req_.host.size() + 1 > 255) return fail(CURLPX_LONG_HOSTNAME, "SOCKS4: too long host name");
    m += req_.host;
    m += '\0';
  }
  send(Phase::kConnect, std::move(m));
}

std::string SocksHandshake::destination_text() const {
  return req_.address.ip_string() + ":" + std::to_string(req_.port);
}

void SocksHandshake::connect5() {
  std::string m{'\x05', '\x01', '\x00'};
  if (req_.version == SocksVersion::k5) {
    if (req_.address.family() == AF_INET) {
      m += '\x01';
      m.append(reinterpret_cast<const char*>(&req_.address.storage.v4.sin_addr), 4);
      note_ = "SOCKS5 connect to IPv4 " + destination_text() + " (locally resolved)";
    } else if (req_.address.family() == AF_INET6) {
      m += '\x04';
      m.append(reinterpret_cast<const char*>(&req_.address.storage.v6.sin6_addr), 16);
      note_ = "SOCKS5 connect to IPv6 " + destination_text() + " (locally resolved)";
    } else {
      return fail(CURLPX_RESOLVE_HOST, "Failed to resolve \"" + req_.host + "\" for SOCKS5 connect.");
    }
  } else {
    unsigned char ip[16];
    if (req_.ipv6_literal) {
      if (inet_pton(AF_INET6, req_.host.c_str(), ip) != 1) return fail(CURLPX_BAD_ADDRESS_TYPE, "");
      m += '\x04';
      m.append(reinterpret_cast<const char*>(ip), 16);
    } else if (inet_pton(AF_INET, req_.host.c_str(), ip) == 1) {
      m += '\x01';
      m.append(reinterpret_cast<const char*>(ip), 4);
    } else {
      m += '\x03';
      m += static_cast<char>(req_.host.size());
      m += req_.host;
    }
    note_ = "SOCKS5 connect to " + req_.host + ":" + std::to_string(req_.port) + " (remotely resolved)";
  }
  put_port(m, req_.port);
  send(Phase::kConnect, std::move(m));
}

void SocksHandshake::on_reply4() {
  if (in_[0] != 0) return fail(CURLPX_BAD_VERSION, "SOCKS4 reply has wrong version, version should be 0.");
  if (in_[1] == 90) {
    phase_ = Phase::kDone;
    next_ = Next::kDone;
    note_ = req_.version == SocksVersion::k4a ? "SOCKS4a request granted." : "SOCKS4 request granted.";
    return;
  }
  int code = CURLPX_UNKNOWN_FAIL;
  const char* why = ", Unknown.";
  switch (in_[1]) {
    case 91:
      code = CURLPX_REQUEST_FAILED;
      why = ", request rejected or failed.";
      break;
    case 92:
      code = CURLPX_IDENTD;
      why = ", request rejected because SOCKS server cannot connect to identd on the client.";
      break;
    case 93:
      code = CURLPX_IDENTD_DIFFER;
      why = ", request rejected because the client program and identd report different user-ids.";
      break;
    default: break;
  }
  char text[200];
  std::snprintf(text, sizeof text, "Can't complete SOCKS4 connection to %d.%d.%d.%d:%d. (%d)%s", in_[4], in_[5],
                in_[6], in_[7], (in_[2] << 8) | in_[3], in_[1], why);
  fail(code, text);
}

void SocksHandshake::on_reply5() {
  if (in_[0] != 5) return fail(CURLPX_BAD_VERSION, "SOCKS5 reply has wrong version, version should be 5.");
  if (in_[1] != 0) {
    // RFC 1928's reply codes 1-8, in CURLproxycode's order; anything else is unassigned.
    static constexpr int kByReply[] = {CURLPX_OK,
                                       CURLPX_REPLY_GENERAL_SERVER_FAILURE,
                                       CURLPX_REPLY_NOT_ALLOWED,
                                       CURLPX_REPLY_NETWORK_UNREACHABLE,
                                       CURLPX_REPLY_HOST_UNREACHABLE,
                                       CURLPX_REPLY_CONNECTION_REFUSED,
                                       CURLPX_REPLY_TTL_EXPIRED,
                                       CURLPX_REPLY_COMMAND_NOT_SUPPORTED,
                                       CURLPX_REPLY_ADDRESS_TYPE_NOT_SUPPORTED};
    const int code = in_[1] < 9 ? kByReply[in_[1]] : CURLPX_REPLY_UNASSIGNED;
    return fail(code, "Can't complete SOCKS5 connection to " + req_.host + ". (" + std::to_string(in_[1]) + ")");
  }
  std::size_t len = 0;
  switch (in_[3]) {
    case 1: len = 4 + 4 + 2; break;
    case 3: len = 5 + in_[4] + 2; break;
    case 4: len = 4 + 16 + 2; break;
    default: return fail(CURLPX_BAD_ADDRESS_TYPE, "SOCKS5 reply has wrong address type.");
  }
  if (len > 10) {
    // The bound address is longer than the first read: the rest follows in place.
    phase_ = Phase::kReplyRest;
    in_want_ = len;
    next_ = Next::kRecv;
    return;
  }
  phase_ = Phase::kDone;
  next_ = Next::kDone;
  note_ = "SOCKS5 request granted.";
}

}  // namespace xfer::transport
