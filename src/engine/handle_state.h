// HandleState: what an easy handle remembers from one transfer to the next (cookies, auth).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "http/auth_digest.h"
#include "http/auth_ntlm.h"
#include "http/cookie_jar.h"

namespace xfer {

// Where a handle's NTLM handshake stands: it authenticates one connection.
enum class NtlmStage : unsigned char { kNone, kType1Sent, kChallenged, kDone };

// The authentication a handle has settled on: libcurl keeps it on the handle, so the
// next transfer sends it at once, without waiting for another 401.
struct AuthMemory {
  unsigned long picked = 0;                       // CURLAUTH_* a 401 chose (0: none yet)
  std::unique_ptr<http::DigestChallenge> digest;  // the challenge Digest answers
  std::string cnonce;                             // Digest's client nonce, kept with it
  unsigned nc = 0;                                // Digest's nonce count so far
  NtlmStage ntlm = NtlmStage::kNone;
  long ntlm_conn = -1;                            // the connection the handshake is on
  std::unique_ptr<http::NtlmChallenge> ntlm_challenge;  // the type-2 being answered
};

// Kept apart from EasyOptions: curl_easy_reset clears options but not what a handle has
// learnt, and most handles never need any of it (one pointer in Easy until then).
struct HandleState {
  // The cookie engine is on for this handle: COOKIEFILE, COOKIEJAR or a COOKIELIST line
  // turned it on. A handle that only joined a cookie share neither sends nor stores.
  bool cookie_engine = false;
  // The handle's own jar (the share's is used instead while the handle is in one).
  std::unique_ptr<http::CookieJar> cookies;
  // CURLOPT_COOKIEFILE names: libcurl reads every one again before each transfer and
  // before the jar is written, so a file edited meanwhile is seen.
  std::vector<std::string> cookie_files;
  AuthMemory auth;
};

}  // namespace xfer
