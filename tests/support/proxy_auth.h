// The scripted proxy's authentication: Basic, Digest and NTLM challenges in
// Proxy-Authenticate, and the check of a request's Proxy-Authorization against user:pass.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "steps.h"

namespace xfer::test {

// What the proxy says to one request.
struct ProxyAuthVerdict {
  bool refused = false;                 // answer 407 with `challenges`
  std::vector<std::string> challenges;  // Proxy-Authenticate values
  std::vector<std::string> headers;     // extra "Name: value" lines (X-Proxy-NTLM-Check)
  bool close = false;                   // the reply closes the connection
};

// `schemes` lists what the proxy takes, comma-separated, in the order its challenges go
// out: `basic` (Basic realm="p"), `digest` (Digest realm="p", nonce="proxynonce", no qop,
// so an answer is the same every time), `ntlm` (NTLMv1 challenge, handshake per
// connection). A request passes with user:pass in any offered scheme (Digest checked
// against its own method and uri), or on a connection its NTLM handshake logged in; an
// NTLM type-1 gets the type-2 alone; anything else gets every challenge.
ProxyAuthVerdict proxy_auth_verdict(std::string_view schemes, const Request& r);

}  // namespace xfer::test
