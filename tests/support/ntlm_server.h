// The server side of HTTP NTLM for the URL mode's ntlm= parameter: a fixed type-2 challenge,
// per-connection handshake state, and a type-3 check against the password the URL names.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "query.h"
#include "steps.h"

namespace xfer::test {

// What the URL mode does with one request under ntlm=.
struct NtlmVerdict {
  bool refused = false;                 // answer 401 with `challenges`
  std::vector<std::string> challenges;  // WWW-Authenticate values
  std::vector<std::string> headers;     // extra "Name: value" lines (X-NTLM-Check)
  bool close = false;                   // the reply closes the connection
};

// ntlm=v1|v2 turns NTLM on: a request without "Authorization: NTLM ..." is refused with
// "NTLM" (after the challenge= values), unless its connection already finished a handshake;
// a type-1 gets the type-2 (v1: no NTLM2-key flag, no target info; v2: both; ntlmuni=1 adds
// the unicode flag; ntlmtype2=TEXT sends "NTLM TEXT" instead, "NTLM" alone when empty;
// ntlmclose=1 closes the connection after it); a type-3 on a connection that got the type-2
// is checked against ntlmpw= (default "pass", UTF-8, hashed as UTF-16LE): a match passes
// the request on to the rest of the URL, a mismatch is refused. X-NTLM-Check reports it.
NtlmVerdict ntlm_verdict(const Query& q, const Request& r);

// The same handshake with its knobs given directly; `proxy` plays it as a proxy:
// Proxy-Authorization is read, the state is the proxy's own, X-Proxy-NTLM-Check reports.
struct NtlmSettings {
  bool proxy = false;
  bool v2 = false;
  bool unicode = false;
  std::optional<std::string> type2;     // ntlmtype2=
  bool close = false;                   // ntlmclose=1
  std::string password = "pass";
  std::vector<std::string> other_challenges;  // offered before "NTLM" when refusing
};
NtlmVerdict ntlm_check(const NtlmSettings& s, const Request& r);

}  // namespace xfer::test
