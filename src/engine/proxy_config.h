// Which proxy a URL goes through: CURLOPT_PROXY or the environment, NOPROXY, the proxy URL.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "util/status.h"

namespace xfer {

// The kinds libcurl 7.88 knows (CURLPROXY_*); the proxy URL's scheme can override the
// option's kind (CURLOPT_PROXYTYPE) except for "http://", which keeps it.
enum class ProxyKind : std::uint8_t { kHttp, kHttp10, kHttps, kSocks4, kSocks4a, kSocks5, kSocks5h };

ProxyKind proxy_kind_from_option(long curlproxy_value);
bool is_http_proxy(ProxyKind k);  // HTTP, HTTP/1.0 (and HTTPS: HTTP spoken over TLS)

struct ProxyTarget {
  ProxyKind kind = ProxyKind::kHttp;
  std::string host;          // without brackets
  std::uint16_t port = 0;
  bool ipv6_literal = false;
  bool has_login = false;    // the proxy URL carried a user name and/or password
  std::string user;          // decoded
  std::string password;      // decoded ("" when only a user was given)
  // A SOCKS proxy given as "localhost/PATH" listens on the unix socket PATH (libcurl's
  // rule: the host must be "localhost" and the path more than "/").
  std::string unix_path;
};

// libcurl's NO_PROXY rule: "*" alone matches everything; otherwise a list separated by
// commas (and, deprecated, blanks) of host names, which match exactly or as a domain
// suffix at a dot (leading and trailing dots ignored, any case), and, for an IPv4 host,
// addresses with an optional /bits CIDR suffix. 7.88 passes IPv6 hosts without brackets,
// so they are compared as names.
bool noproxy_matches(std::string_view host, std::string_view list);

// The environment's proxy for a URL of `scheme` ("http" or "https"): <scheme>_proxy in
// lower case, then (not for http, which only reads http_proxy) in upper case, then
// all_proxy, ALL_PROXY. `env` is getenv, or a stand-in for tests. Empty: none.
using EnvLookup = const char* (*)(const char*);
std::string proxy_from_environment(std::string_view scheme, EnvLookup env);
// NO_PROXY's text from the environment: no_proxy, then NO_PROXY. Null when neither is set.
const char* noproxy_from_environment(EnvLookup env);

// Parses "[scheme://][user[:password]@]host[:port][/...]" as libcurl does: a missing scheme
// is guessed from the host name ("http" unless it starts "ftp.", "dict.", "ldap.",
// "imap.", "smtp." or "pop3."); "http" keeps `option_kind`; a port missing from the text is
// `option_port` when not 0, else 443 for an HTTPS proxy and 1080 otherwise. Unknown schemes
// are 7 ("Unsupported proxy scheme"), text that is no URL 5 ("Unsupported proxy syntax").
Status parse_proxy_url(std::string_view text, ProxyKind option_kind, long option_port, ProxyTarget& out);

}  // namespace xfer
