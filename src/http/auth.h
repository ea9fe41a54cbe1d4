// WWW-Authenticate (and Proxy-Authenticate) challenges: which schemes a response offers,
// and the one libcurl 7.88 would pick among them.
#pragma once

#include <string>
#include <string_view>

namespace xfer::http {

// What one 401 (or 407) response offered, built from each of its WWW-Authenticate header
// values in turn. libcurl's CURLINFO_HTTPAUTH_AVAIL is the OR of `avail` over every such
// response of one perform (reset when a perform starts), not just the last one.
struct AuthOffer {
  unsigned long avail = 0;      // CURLAUTH_* bits seen (Basic, Digest, NTLM, Negotiate,
                                // Bearer)
  bool digest_seen = false;     // a Digest challenge came; only the first one counts
  std::string digest_params;    // its parameters (what follows "Digest")
  // Whether a Digest challenge came after the last Basic (Bearer) one: libcurl forgets
  // the methods offered so far when a method it answered with is offered again.
  bool digest_after_basic = false;
  bool digest_after_bearer = false;
  bool ntlm_seen = false;
  std::string ntlm_message;     // the base64 after "NTLM " (a type-2 message), or empty
                                // for a bare "NTLM" (the server wants a type-1)
  bool negotiate_seen = false;
  std::string negotiate_token;  // the base64 after "Negotiate " (the server's next
                                // GSS-API token), or empty for a bare "Negotiate"
};

// Adds the schemes in one header value to `offer`. A value may hold several challenges
// separated by commas ("Basic realm=\"a\", Digest nonce=..."); scheme names match
// case-insensitively as whole words, and commas inside quoted strings separate nothing.
void note_auth_header(std::string_view value, AuthOffer& offer);

// The method libcurl picks among `avail` for `wanted` (CURLOPT_HTTPAUTH bits), 0 when none
// fits. Its preference order is Negotiate, Bearer, Digest, NTLM, NTLM_WB, Basic, AWS_SIGV4.
// CURLAUTH_DIGEST_IE in `wanted` counts as Digest; CURLAUTH_ONLY is ignored. libcurl
// offers Bearer only when a token is set (CURLOPT_XOAUTH2_BEARER): the caller clears
// CURLAUTH_BEARER from `wanted` otherwise.
unsigned long pick_auth(unsigned long avail, unsigned long wanted);

}  // namespace xfer::http
