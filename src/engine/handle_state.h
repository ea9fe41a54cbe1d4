// HandleState: what an easy handle remembers from one transfer to the next (cookies, auth).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <curl/curl.h>

#include "http/altsvc.h"
#include "http/auth_digest.h"
#include "http/auth_ntlm.h"
#include "http/cookie_jar.h"
#include "http/hsts.h"
#include "transport/gss_context.h"
#include "transport/ntlm_wb_helper.h"

namespace xfer {

// Where a handle's NTLM handshake stands: it authenticates one connection.
enum class NtlmStage : unsigned char { kNone, kType1Sent, kChallenged, kType3Lost, kDone };
inline constexpr long kNtlmNextConnection = -2;

// The authentication a handle has settled on: libcurl keeps it on the handle, so the
// next transfer sends it at once, without waiting for another 401.
struct AuthMemory {
  unsigned long picked = 0;                       // CURLAUTH_* a 401 chose (0: none yet)
  std::unique_ptr<http::DigestChallenge> digest;  // the challenge Digest answers
  std::string cnonce;                             // Digest's client nonce, kept with it
  unsigned nc = 0;                                // Digest's nonce count so far
  // libcurl empties its list of offered methods only when it picks one; a 401 that ends
  // a transfer unanswered leaves Digest listed, and the next Digest challenge is then
  // ignored as a duplicate, its old nonce answered once more (curl tests 2027, 2030).
  bool digest_unpicked = false;
  NtlmStage ntlm = NtlmStage::kNone;
  long ntlm_conn = -1;                            // the connection the handshake is on;
                                                  // kNtlmNextConnection: the next one made
                                                  // (a CONNECT's type-2 came with a close)
  bool ntlm_type1_again = false;                  // a bare "NTLM" answered a type-1 once
  std::string ntlm_user;                          // who that connection is logged in as
  std::string ntlm_password;
  std::unique_ptr<http::NtlmChallenge> ntlm_challenge;  // the type-2 being answered
  // NTLM_WB: ntlm_auth makes the messages; it runs from the type-1 to the type-3, and the
  // type-2 goes to it as the server sent it.
  std::unique_ptr<transport::NtlmWbHelper> ntlm_wb;
  std::string ntlm_wb_type2;
  // Negotiate (SPNEGO): the context of the request in flight. Each request starts a new
  // one (libcurl keeps none across requests without "Persistent-Auth: true"), unless a
  // 401 (407) carried the server's next token for it: then `negotiate_input` answers it.
  std::unique_ptr<transport::GssContext> negotiate;
  std::string negotiate_input;
  bool negotiate_failed = false;  // GSS-API could not start: the next 401 is the answer
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
  // Set-Cookie-format cookies taken during the current request (files, COOKIELIST and the
  // response alike), against http::kMaxSetCookiesPerRequest. Per handle, as libcurl keeps
  // it, since a shared jar serves many handles; Transfer::begin_request zeroes it.
  int set_cookies_this_request = 0;
  AuthMemory auth;
  AuthMemory proxy_auth;  // the same for the proxy (libcurl's authproxy, proxydigest)
  // HSTS (HSTS_CTRL's ENABLE, or a CURLOPT_HSTS file): the handle's own cache, used
  // unless its share holds one. Files named are read at every transfer's start.
  std::unique_ptr<http::HstsCache> hsts;
  std::vector<std::string> hsts_files;
  // Alt-Svc (ALTSVC or ALTSVC_CTRL made it): entries are learnt over https and kept in
  // the file; xfer speaks HTTP/1.1 only so far, so none is used to connect yet.
  std::unique_ptr<http::AltsvcCache> altsvc;
  unsigned altsvc_ctrl = CURLALTSVC_H1 | CURLALTSVC_H2 | CURLALTSVC_H3;
};

}  // namespace xfer
