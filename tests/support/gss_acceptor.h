// One server-side GSS-API security context (RFC 2743), shared by the Negotiate and SOCKS5 GSS-API peers.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace xfer::test {

// Accepts with the default acceptor credentials, i.e. any key of the keytab that
// KRB5_KTNAME names (tests/support/kdc.py hands that out), so one server process plays
// HTTP/localhost, rcmd/localhost, socks/localhost and xsvc/localhost alike.
// available() says whether acceptors can be built (the server lists "gssapi" in --features).
class GssAcceptor {
 public:
  static bool available();

  GssAcceptor();
  ~GssAcceptor();
  GssAcceptor(const GssAcceptor&) = delete;
  GssAcceptor& operator=(const GssAcceptor&) = delete;

  enum class State { more, done, failed };
  struct Step {
    State state = State::failed;
    std::string token;  // to send back (may be empty)
    std::string error;  // failed: the major and minor status texts
  };
  // Feeds one token from the initiator.
  Step accept(std::string_view token);

  // Once done: the initiator's principal, and whether it delegated a credential.
  std::string client_name() const;
  bool delegated() const;
  // The acceptor principal the initiator asked for (which keytab entry answered).
  std::string service_name() const;

  // Per-message tokens of the established context (integrity only: no confidentiality).
  std::optional<std::string> wrap(std::string_view message) const;
  std::optional<std::string> unwrap(std::string_view token) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace xfer::test
