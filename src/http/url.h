// Url: parsing absolute http(s) URLs the way libcurl 7.88 does, and resolving Location references.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "util/clone_ptr.h"
#include "util/status.h"

namespace xfer::http {

struct Url {
  // As libcurl keeps it: case preserved for names (the Host: header and the effective URL
  // show it that way), %-decoded, IPv4 shorthand normalized ("127.1" -> "127.0.0.1"), IPv6
  // literal WITHOUT brackets. Compare names case-insensitively (see destination_key()).
  std::string host;
  std::string target;            // path + optional "?query", "/" when the path is empty;
                                 // fragment removed; bytes >= 0x80 in the path %-encoded
  std::uint16_t port = 0;        // explicit port or the scheme default
  bool https = false;            // the scheme: "https", else "http"
  bool ipv6_literal = false;
  bool port_explicit = false;
  bool has_user = false;         // userinfo present (even if empty)
  bool has_password = false;     // a ':' appeared inside the userinfo
  bool has_query = false;        // a '?' appeared (an empty query still sends "/?")

  // Parts most URLs lack, out of line: a plain URL costs two strings and a pointer.
  struct Extra {
    std::string user, password;  // as given (percent-encoded)
    std::string fragment;        // without '#'
    std::string zone_id;         // IPv6 scope ("eth0")
    std::string raw_path;        // the path before encoding, when it has bytes >= 0x80
    bool has_raw_path = false;
  };
  ClonePtr<Extra> extra;

  std::string_view scheme() const { return https ? "https" : "http"; }
  std::string_view user() const { return extra ? std::string_view(extra.ptr()->user) : std::string_view(); }
  std::string_view password() const {
    return extra ? std::string_view(extra.ptr()->password) : std::string_view();
  }
  std::string_view fragment() const {
    return extra ? std::string_view(extra.ptr()->fragment) : std::string_view();
  }
  std::string_view zone_id() const { return extra ? std::string_view(extra.ptr()->zone_id) : std::string_view(); }
  // The pieces to_string() reassembles (libcurl keeps the raw path there): the path with
  // dot segments removed, "/" when empty, not encoded; the query without '?'.
  std::string_view path() const;
  std::string_view query() const;

  // "host" or "host:port" (non-default port), IPv6 in brackets.
  std::string authority_for_host_header() const;
  // The same, appended to out: the request writer's path, which makes no temporaries.
  void append_authority_for_host_header(std::string& out) const;
  // Normalized absolute URL, as libcurl reports CURLINFO_EFFECTIVE_URL.
  std::string to_string() const;
  // The URL without credentials and fragment: what CURLOPT_AUTOREFERER sends as Referer.
  std::string referer_string() const;
  // The absolute form a request to an HTTP proxy names it by: no userinfo, no fragment,
  // no port when it is the scheme's default (libcurl's CURLU_NO_DEFAULT_PORT), the target.
  void append_proxy_form(std::string& out) const;
  void append_string(std::string& out) const;
  // The scheme's well-known port (80 or 443).
  std::uint16_t default_port() const { return https ? 443 : 80; }
  bool is_https() const { return https; }
  // "scheme://host:port" with the host lowercased: what makes two URLs share a connection.
  std::string destination_key() const;
  // The same, appended to out (whose capacity a caller can keep: no allocation per use).
  void append_destination_key(std::string& out) const;
  Extra& extra_parts();
};

// What a handle's options change in parsing: CURLOPT_DEFAULT_PROTOCOL, CURLOPT_PATH_AS_IS.
struct UrlParseOptions {
  std::string_view default_scheme;  // used for a URL without one; empty: guess
  bool path_as_is = false;          // keep "/./" and "/../" segments as given
};

// libcurl 7.88 semantics: no scheme -> the default scheme, else a guess ("http://" unless
// the host starts "ftp." and the like); a scheme other than http/https ->
// CURLE_UNSUPPORTED_PROTOCOL; bad syntax -> CURLE_URL_MALFORMAT.
Status parse_url(std::string_view text, Url& out, const UrlParseOptions& opts = {});

// RFC 3986 section 5.2 reference resolution for Location: headers. Returns the absolute
// URL text (to be given to parse_url).
// path_as_is (CURLOPT_PATH_AS_IS): no dot-segment removal; a relative reference is joined as
// libcurl joins it then (one leading "./" skipped, each leading "../" drops a directory).
std::string resolve_reference(const Url& base, std::string_view reference, bool path_as_is = false);

// CURLINFO_REDIRECT_URL for a Location that is not followed (FOLLOWLOCATION off, or
// MAXREDIRS reached), as libcurl 7.88 reports it: a target that parses comes back
// normalized ("https://h" -> "https://h/", any scheme), a relative one resolved with its
// spaces and 8-bit bytes encoded, and one that does not parse (a space in an absolute
// URL, a bad host or port) exactly as the server sent it (curl tests 1270, 1518).
std::string unfollowed_redirect_url(const Url& base, std::string_view location);

// Shared with the URL API (url_handle.cpp): RFC 3986 5.2.4 dot-segment removal, and
// inet_aton's numeric IPv4 shorthands (1 to 4 parts, octal/hex) as a dotted quad.
std::string remove_dot_segments(std::string_view in);
bool normalize_ipv4(const std::string& host, std::string& out);

// Decodes %XX escapes (invalid escapes stay as they are); used for URL credentials.
std::string percent_decode(std::string_view text);

}  // namespace xfer::http
