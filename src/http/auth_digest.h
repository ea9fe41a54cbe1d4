// HTTP Digest (RFC 7616 as libcurl 7.88 speaks it): challenge parsing and the
// Authorization value.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "util/status.h"

namespace xfer::http {

enum class DigestAlgorithm : std::uint8_t {
  kMd5,
  kMd5Sess,
  kSha256,
  kSha256Sess,
  kSha512_256,
  kSha512_256Sess
};

struct DigestChallenge {
  std::string realm;            // unescaped; "" when the server sent none
  std::string nonce;
  std::string opaque;
  bool has_opaque = false;
  std::string algorithm;        // as the server spelled it, echoed back verbatim; "" when
                                // absent (then no algorithm= in the answer)
  DigestAlgorithm algo = DigestAlgorithm::kMd5;
  bool qop_auth = false;        // the qop list named "auth"
  bool qop_auth_int = false;    // ... and/or "auth-int"
  bool stale = false;           // stale=true: the previous nonce expired
  bool userhash = false;        // userhash=true: send H(user ":" realm) as the username
};

// Parses the parameters after "Digest" (AuthOffer::digest_params). False when libcurl
// would refuse the challenge ("Authentication problem. Ignoring this."): no nonce, an
// algorithm other than MD5, SHA-256, SHA-512-256 and their -sess forms, or a -sess
// algorithm without qop auth or auth-int. An unparsable parameter ends the list; what
// came before it still counts, as in libcurl.
bool parse_digest_challenge(std::string_view params, DigestChallenge& out);

struct DigestRequest {
  std::string_view user, password, method;
  std::string_view uri;     // the path and query (also through a proxy, where the
                            // request line holds the absolute URL)
  std::string_view cnonce;  // from make_digest_cnonce(); used only with qop
  unsigned nc = 1;          // nonce count: 1 for a fresh challenge, +1 per reuse
  bool ie_style = false;    // CURLAUTH_DIGEST_IE: the uri loses its query, in the
                            // header and in the hash
};

// The whole Authorization header value ("Digest username=..."), as libcurl 7.88 formats
// it, hashes included: the SHA-512-256 algorithms hash with SHA-256 there. With qop "auth" offered it answers qop=auth, otherwise auth-int, otherwise no qop.
// For auth-int, libcurl 7.88 hashes an empty entity whatever the body is, and so does this.
Status digest_authorization(const DigestChallenge& c, const DigestRequest& r,
                            std::string& out);

// A fresh client nonce shaped like libcurl's: base64 of 32 random lowercase hex digits
// (44 characters); empty when OpenSSL has no randomness. libcurl draws one per challenge
// and keeps it while it reuses that nonce, incrementing nc.
std::string make_digest_cnonce();

}  // namespace xfer::http
