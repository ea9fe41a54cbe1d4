// The server side of HTTP Negotiate (SPNEGO, RFC 4559) for the URL mode's negotiate= and
// proxynegotiate= knobs: a GSS-API acceptor context per connection.
#pragma once

#include <string>
#include <vector>

#include "steps.h"

namespace xfer::test {

// What the URL mode does with one request under negotiate= (or as a proxy).
struct NegotiateVerdict {
  bool unavailable = false;             // built without GSS-API: answer 500 "no GSS-API"
  bool refused = false;                 // answer 401 (407) with `challenges`
  std::vector<std::string> challenges;  // WWW-Authenticate (Proxy-Authenticate) values
  std::vector<std::string> headers;     // extra "Name: value" lines
};

// negotiate=1: a request without "Authorization: Negotiate TOKEN" is refused with a bare
// "Negotiate"; a token goes to its connection's acceptor context (a new one unless the last
// token left it wanting more). Complete: passes, with "WWW-Authenticate: Negotiate TOKEN" when
// the acceptor has a last token, X-Negotiate-User (the client principal), X-Negotiate-Service
// (the service principal the client asked for) and
// X-Negotiate-Delegated (yes|no). Wanting more: refused with "Negotiate TOKEN". Failed:
// refused with "Negotiate" and X-Negotiate-Error (major / minor status text).
// negotiate=never: the token is judged the same way (and reported in X-Negotiate-Error or
// X-Negotiate-User), but the request is refused with a bare "Negotiate" regardless.
// `proxy` plays it as a proxy: Proxy-Authorization in, Proxy-Authenticate and
// X-Proxy-Negotiate-* out, a state apart from the server's.
NegotiateVerdict negotiate_check(const Request& r, bool proxy, bool never);

}  // namespace xfer::test
