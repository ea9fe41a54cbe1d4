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
  // Methods offered: none, GSS-API when SOCKS5_AUTH allows it, and username/password when
  // there is a login SOCKS5_AUTH allows.
  std::string g{'\x05', '\x00', '\x00'};
  if (req_.offer_gssapi) g += '\x01';
  if (req_.has_login && req_.offer_login) g += '\x02';
  g[1] = static_cast<char>(g.size() - 2);
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
    case Phase::kGssToken:
      // A context that is complete after this token waits for nothing more from the proxy.
      if (gss_->complete()) {
        send_gss_level();
      } else {
        expect(Phase::kGssHead, 4);
      }
      break;
    case Phase::kGssLevel: expect(Phase::kGssHead, 4); break;
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
    case Phase::kGssHead: on_gss_head(); break;
    case Phase::kGssBody: on_gss_body(); break;
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
    case Phase::kGssToken:
    case Phase::kGssHead:
    case Phase::kGssBody:
    case Phase::kGssLevel: return CURLPX_GSSAPI;
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
    case 1:
      if (!req_.offer_gssapi)
        return fail(CURLPX_GSSAPI_PERMSG, "SOCKS5 GSSAPI per-message authentication is not supported.");
      gss_ = std::make_unique<GssContext>();
      gss_->set_target(req_.gss_service.empty() ? std::string_view("rcmd") : std::string_view(req_.gss_service),
                       req_.proxy_host);
      return gss_step({});
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

namespace {

// One RFC 1961 message: VER 1, MTYP, a two-byte length, the token.
std::string gss_message(char type, std::string_view token) {
  std::string m{'\x01', type};
  put_port(m, static_cast<std::uint16_t>(token.size()));
  m += token;
  return m;
}

}  // namespace

void SocksHandshake::gss_fail(std::string text) {
  gss_.reset();
  fail(CURLPX_GSSAPI, std::move(text));
}

// Kerberos itself (RFC 1961 names it), not SPNEGO: tokens go out until the context is
// complete, each answered by the proxy's.
void SocksHandshake::gss_step(std::string_view input) {
  std::string token;
  const GssContext::Step st = gss_->step(GssMech::kKerberos, req_.gss_delegation, input, token);
  if (st == GssContext::Step::kFailed) return gss_fail("GSS-API error: gss_init_sec_context failed: " + gss_->error());
  if (token.size() > 0xffff) return gss_fail("SOCKS5 GSS-API token too long for the proxy");
  if (!token.empty()) return send(Phase::kGssToken, gss_message('\x01', token));
  if (st == GssContext::Step::kComplete) return send_gss_level();
  gss_fail("SOCKS5 GSS-API context wants more but has nothing to send");
}

void SocksHandshake::on_gss_head() {
  if (in_[0] != 1) {
    char text[80];
    std::snprintf(text, sizeof text, "Invalid GSS-API message version from the SOCKS5 proxy (%d).", in_[0]);
    return gss_fail(text);
  }
  if (in_[1] == 0xff) return gss_fail("User was rejected by the SOCKS5 proxy's GSS-API authentication.");
  const int type = gss_level_sent_ ? 2 : 1;
  if (in_[1] != type) {
    char text[80];
    std::snprintf(text, sizeof text, "Invalid GSS-API message type from the SOCKS5 proxy (%d, not %d).", in_[1], type);
    return gss_fail(text);
  }
  const std::size_t len = static_cast<std::size_t>(in_[2]) << 8 | in_[3];
  gss_in_.assign(len, '\0');
  expect(Phase::kGssBody, len);
  if (len == 0) on_gss_body();
}

void SocksHandshake::on_gss_body() {
  if (!gss_level_sent_) {
    if (gss_->complete()) return gss_fail("SOCKS5 GSS-API: a token from the proxy after the context was complete.");
    return gss_step(gss_in_);
  }
  // The proxy's level: a bare byte in NEC mode, otherwise wrapped like the one sent.
  std::string level;
  if (req_.gss_nec) {
    level = gss_in_;
  } else if (!gss_->unwrap(gss_in_, level)) {
    return gss_fail("SOCKS5 GSS-API: the proxy's protection level does not unwrap: " + gss_->error());
  }
  if (level.size() != 1) return gss_fail("SOCKS5 GSS-API: the proxy's protection level is not one byte.");
  gss_.reset();
  gss_in_ = std::string();
  // Per-message protection of what follows (RFC 1961 levels 1-3) is not built, as in
  // libcurl: only a proxy that agrees to none is used.
  if (level[0] != 0) {
    char text[96];
    std::snprintf(text, sizeof text, "SOCKS5 GSS-API protection level %d asked by the proxy is not supported.",
                  static_cast<unsigned char>(level[0]));
    return fail(CURLPX_GSSAPI_PROTECTION, text);
  }
  note_ = "SOCKS5 access with GSS-API authentication granted, no per-message protection.";
  begin_connect();
}

// The level sent is 0: no per-message protection (see on_gss_body).
void SocksHandshake::send_gss_level() {
  std::string token(1, '\0');
  if (!req_.gss_nec) {
    std::string wrapped;
    if (!gss_->wrap(token, wrapped)) return gss_fail("SOCKS5 GSS-API: the protection level does not wrap: " + gss_->error());
    token = std::move(wrapped);
  }
  gss_level_sent_ = true;
  send(Phase::kGssLevel, gss_message('\x02', token));
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
