// The test server as a SOCKS4/4a/5 proxy, scripted by the destination's name (URL-PROTOCOL.md).
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "gss_acceptor.h"
#include "steps.h"

namespace xfer::test {

// Whether a connection's first byte opens a SOCKS request (version 4 or 5).
bool opens_socks(unsigned char first);

// One connection's handshake: takes the client's messages from the front of the input and
// answers each with steps (bytes, pauses, a close). The tunnel ends at the server itself, so
// once the handshake is over the connection carries HTTP (or TLS) as a direct one would.
class SocksPeer {
 public:
  // `armed`: the server's labels for the next handshake (set by an `arm` request, taken by
  // the next one); it outlives the peer.
  explicit SocksPeer(std::string& armed) : armed_(armed) {}

  enum class Progress { need_more, answered, failed };
  // Consumes one complete client message from `in` and appends its answer to `out`;
  // need_more leaves `in` alone. failed: the input makes no sense (the answer closes).
  Progress advance(std::string& in, Script& out);
  // The handshake succeeded: what follows is the tunnelled conversation.
  bool tunnel_open() const { return phase_ == Phase::tunnel; }
  // The answer has ended the connection (a refusal, a close, a hang).
  bool over() const { return phase_ == Phase::over; }
  // After a GSS-API subnegotiation (method 1): "user=P service=P level=N form=wrapped|nec",
  // empty otherwise.
  const std::string& gss_report() const { return gss_report_; }

 private:
  enum class Phase { first, login, gss, request, tunnel, over };

  Progress on_socks4(std::string& in, Script& out);
  Progress on_greeting(std::string& in, Script& out);
  Progress on_login(std::string& in, Script& out);
  Progress on_gss(std::string& in, Script& out);
  // The RFC 1961 answer to the protection-level message (mtyp 2).
  Progress on_gss_protection(const std::string& body, Script& out);
  Progress on_request(std::string& in, Script& out);
  // Adds the dot-separated labels of a destination name (an `arm` name is stored instead).
  bool take_name(const std::string& name);
  bool has(const std::string& label) const;
  // The number after `prefix` in a label `prefix-N`, or `fallback`.
  int number(const std::string& prefix, int fallback) const;
  // The answer for one reply: whole, or a byte at a time with `slow`; `at` names the step
  // (greeting, login, or "" for the connect reply) for close-AT / hang-AT.
  void answer(Script& out, const std::string& at, std::string bytes, bool closes);

  std::string& armed_;
  std::vector<std::string> labels_;
  Phase phase_ = Phase::first;
  std::unique_ptr<GssAcceptor> gss_;  // method 1: the context, done once it has a client
  bool gss_done_ = false;
  std::string gss_report_;
};

}  // namespace xfer::test
