// Scheme scanning of authentication challenges and libcurl's choice among them.
#include "http/auth.h"

#include <curl/curl.h>

#include "util/ascii.h"

namespace xfer::http {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t'; }

// Whether `s` starts with the word `name` (any case) followed by a space, a comma or the
// end: "Digestx" is another scheme.
bool starts_with_word(std::string_view s, std::string_view name) {
  if (s.size() < name.size() || !ascii_iequals(s.substr(0, name.size()), name)) return false;
  return s.size() == name.size() || is_space(s[name.size()]) || s[name.size()] == ',';
}

std::string_view skip_space(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size() && is_space(s[i])) ++i;
  return s.substr(i);
}

// What follows the next comma that is not inside a quoted string.
std::string_view after_next_comma(std::string_view s) {
  bool quoted = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (quoted && c == '\\' && i + 1 < s.size()) {
      ++i;
    } else if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      return s.substr(i + 1);
    }
  }
  return {};
}

// The token after a scheme name ("NTLM <base64>"), up to a space or comma.
std::string_view first_token(std::string_view s) {
  s = skip_space(s);
  std::size_t n = 0;
  while (n < s.size() && !is_space(s[n]) && s[n] != ',') ++n;
  return s.substr(0, n);
}

}  // namespace

void note_auth_header(std::string_view value, AuthOffer& offer) {
  std::string_view rest = skip_space(value);
  while (!rest.empty()) {
    if (starts_with_word(rest, "Negotiate")) {
      offer.avail |= CURLAUTH_NEGOTIATE;
      if (!offer.negotiate_seen) {
        offer.negotiate_seen = true;
        offer.negotiate_token = std::string(first_token(rest.substr(9)));
      }
    } else if (starts_with_word(rest, "NTLM")) {
      offer.avail |= CURLAUTH_NTLM;
      if (!offer.ntlm_seen) {
        offer.ntlm_seen = true;
        offer.ntlm_message = std::string(first_token(rest.substr(4)));
      }
    } else if (starts_with_word(rest, "Digest")) {
      offer.avail |= CURLAUTH_DIGEST;
      offer.digest_after_basic = offer.digest_after_bearer = true;
      if (!offer.digest_seen) {
        offer.digest_seen = true;
        offer.digest_params = std::string(rest.substr(6));
      }
    } else if (starts_with_word(rest, "Basic")) {
      offer.avail |= CURLAUTH_BASIC;
      offer.digest_after_basic = false;
    } else if (starts_with_word(rest, "Bearer")) {
      offer.avail |= CURLAUTH_BEARER;
      offer.digest_after_bearer = false;
    }
    rest = skip_space(after_next_comma(rest));
  }
}

unsigned long pick_auth(unsigned long avail, unsigned long wanted) {
  if (wanted & CURLAUTH_DIGEST_IE) wanted |= CURLAUTH_DIGEST;
  unsigned long both = avail & wanted;
  static constexpr unsigned long kOrder[] = {CURLAUTH_NEGOTIATE, CURLAUTH_BEARER,
                                             CURLAUTH_DIGEST,    CURLAUTH_NTLM,
                                             CURLAUTH_NTLM_WB,   CURLAUTH_BASIC,
                                             CURLAUTH_AWS_SIGV4};
  for (unsigned long bit : kOrder)
    if (both & bit) return bit;
  return 0;
}

}  // namespace xfer::http
