// SOCKS4, 4a and 5 client handshakes as byte exchanges with no I/O of their own.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "transport/address.h"
#include "transport/gss_context.h"

namespace xfer::transport {

enum class SocksVersion : std::uint8_t {
  k4,   // the client resolves; IPv4 only
  k4a,  // the proxy resolves the name
  k5,   // the client resolves (RFC 1928)
  k5h,  // the proxy resolves the name
};

struct SocksRequest {
  SocksVersion version = SocksVersion::k5;
  std::string host;         // the destination as named (no brackets)
  std::uint16_t port = 0;
  bool ipv6_literal = false;  // host is an IPv6 address (5h sends it as one)
  Address address;          // k4/k5: the locally resolved destination
  bool has_login = false;   // a user (and password) for the proxy
  std::string user;
  std::string password;
  bool offer_login = true;  // SOCKS5_AUTH has CURLAUTH_BASIC: username/password is offered
  bool offer_gssapi = false;  // SOCKS5_AUTH has CURLAUTH_GSSAPI: RFC 1961 is offered
  std::string proxy_host;   // GSS-API: the proxy's name, for its service principal
  std::string gss_service;  // SOCKS5_GSSAPI_SERVICE ("rcmd" when unset)
  bool gss_nec = false;     // SOCKS5_GSSAPI_NEC: the protection level goes unwrapped
  long gss_delegation = 0;  // GSSAPI_DELEGATION
  std::size_t max_user4 = 16384 - 8;  // SOCKS4's user id must fit libcurl's buffer
};

// The handshake says what it needs next: bytes sent (output()), or exactly wanted() bytes
// read into input_space(). It never asks for a byte past the proxy's reply, so whatever
// follows on the connection (TLS, the response) stays unread.
class SocksHandshake {
 public:
  enum class Next : std::uint8_t { kSend, kRecv, kDone, kFailed };

  explicit SocksHandshake(SocksRequest r);

  Next next() const { return next_; }
  // kSend: what is still to go out; consumed(n) takes n of it away.
  std::string_view output() const { return std::string_view(out_).substr(out_done_); }
  void consumed(std::size_t n);
  // kRecv: room for the bytes still wanted; received(n) counts n read into it.
  unsigned char* input_space() { return buffer() + in_have_; }
  std::size_t wanted() const { return in_want_ - in_have_; }
  void received(std::size_t n);

  // kFailed: a CURLproxycode and libcurl's text for it.
  int proxy_code() const { return code_; }
  const std::string& message() const { return message_; }
  // The CURLproxycode a send or receive error is reported as in the current step.
  int io_failure_code() const;
  // A line for the verbose log about the last step ("" when none); reading it clears it.
  std::string take_note() { return std::exchange(note_, std::string()); }

 private:
  enum class Phase : std::uint8_t {
    kGreeting,    // 5: the methods offered
    kMethod,      // 5: the method chosen
    kLogin,       // 5: RFC 1929 username/password
    kLoginReply,
    kGssToken,    // 5, RFC 1961: a context token (MTYP 1) out
    kGssHead,     // the proxy's message head: VER MTYP LEN
    kGssBody,     // its LEN bytes
    kGssLevel,    // the protection level (MTYP 2) out
    kConnect,     // the CONNECT request
    kReply,       // its reply (4: 8 bytes; 5: the first 10)
    kReplyRest,   // 5: the rest of a reply with a longer bound address
    kDone,
    kFailed,
  };

  void start();
  void send(Phase p, std::string bytes);
  void expect(Phase p, std::size_t n);
  void fail(int code, std::string text);
  void begin_connect();
  void connect4();
  void connect5();
  void on_input();
  void on_method();
  void on_login_reply();
  void gss_step(std::string_view input);
  void on_gss_head();
  void on_gss_body();
  void send_gss_level();
  void gss_fail(std::string text);
  bool gss_phase() const { return phase_ == Phase::kGssBody; }
  unsigned char* buffer() { return gss_phase() ? reinterpret_cast<unsigned char*>(gss_in_.data()) : in_; }
  void on_reply4();
  void on_reply5();
  std::string destination_text() const;

  SocksRequest req_;
  Phase phase_ = Phase::kGreeting;
  Next next_ = Next::kSend;
  std::string out_;
  std::size_t out_done_ = 0;
  unsigned char in_[262];  // the longest reply: 5 + 255 name bytes + 2
  std::size_t in_want_ = 0;
  std::size_t in_have_ = 0;
  // GSS-API tokens run to 64 KiB: they are read here rather than into in_.
  std::string gss_in_;
  std::unique_ptr<GssContext> gss_;
  bool gss_level_sent_ = false;
  int code_ = 0;
  std::string message_;
  std::string note_;
};

}  // namespace xfer::transport
