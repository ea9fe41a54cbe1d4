// Proxy selection: the environment's variables, NO_PROXY matching, the proxy URL's parts.
#include "engine/proxy_config.h"

#include <arpa/inet.h>
#include <curl/curl.h>

#include <cstdlib>
#include <cstring>

#include "http/url.h"
#include "http/url_escape.h"
#include "util/ascii.h"

namespace xfer {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }

// IPv4 `host` inside `network`/`bits` (0 or 32: the address itself), as libcurl compares.
bool cidr4_match(const std::string& host, const std::string& network, unsigned bits) {
  if (bits > 32) return false;
  in_addr a{}, n{};
  if (inet_pton(AF_INET, host.c_str(), &a) != 1 || inet_pton(AF_INET, network.c_str(), &n) != 1) return false;
  if (bits == 0 || bits == 32) return a.s_addr == n.s_addr;
  const std::uint32_t mask = 0xffffffffu << (32 - bits);
  return ((ntohl(a.s_addr) ^ ntohl(n.s_addr)) & mask) == 0;
}

bool name_match(std::string_view name, std::string_view token) {
  if (!token.empty() && token.back() == '.') token.remove_suffix(1);
  if (!token.empty() && token.front() == '.') token.remove_prefix(1);
  if (token.size() == name.size()) return ascii_iequals(token, name);
  if (token.size() < name.size())
    return name[name.size() - token.size() - 1] == '.' && ascii_iequals(token, name.substr(name.size() - token.size()));
  return false;
}

}  // namespace

ProxyKind proxy_kind_from_option(long v) {
  switch (v) {
    case CURLPROXY_HTTP_1_0: return ProxyKind::kHttp10;
    case CURLPROXY_HTTPS: return ProxyKind::kHttps;
    case CURLPROXY_SOCKS4: return ProxyKind::kSocks4;
    case CURLPROXY_SOCKS4A: return ProxyKind::kSocks4a;
    case CURLPROXY_SOCKS5: return ProxyKind::kSocks5;
    case CURLPROXY_SOCKS5_HOSTNAME: return ProxyKind::kSocks5h;
    default: return ProxyKind::kHttp;
  }
}

bool is_http_proxy(ProxyKind k) { return k == ProxyKind::kHttp || k == ProxyKind::kHttp10 || k == ProxyKind::kHttps; }

bool noproxy_matches(std::string_view host, std::string_view list) {
  if (host.empty() || list.empty()) return false;
  if (list == "*") return true;
  in_addr probe{};
  const std::string host_text(host);
  const bool ipv4 = inet_pton(AF_INET, host_text.c_str(), &probe) == 1;
  std::string_view name = host;
  if (!ipv4 && name.back() == '.') name.remove_suffix(1);
  std::size_t p = 0;
  while (p < list.size()) {
    while (p < list.size() && is_blank(list[p])) ++p;
    const std::size_t start = p;
    while (p < list.size() && !is_blank(list[p]) && list[p] != ',') ++p;
    const std::string_view token = list.substr(start, p - start);
    if (!token.empty()) {
      if (!ipv4) {
        if (name_match(name, token)) return true;
      } else if (token.size() < 128) {
        std::string check(token);
        unsigned bits = 0;
        if (const std::size_t slash = check.find('/'); slash != std::string::npos) {
          bits = static_cast<unsigned>(std::atoi(check.c_str() + slash + 1));
          check.resize(slash);
        }
        if (cidr4_match(host_text, check, bits)) return true;
      }
    }
    while (p < list.size() && is_blank(list[p])) ++p;
    while (p < list.size() && list[p] == ',') ++p;
  }
  return false;
}

std::string proxy_from_environment(std::string_view scheme, EnvLookup env) {
  std::string name(scheme);
  for (char& c : name) c = ascii_lower(c);
  name += "_proxy";
  const char* v = env(name.c_str());
  // HTTP_PROXY in capitals is never read: a CGI program gets it from a request's "Proxy:"
  // header (libcurl's reason too).
  if (!v && name != "http_proxy") {
    for (char& c : name) c = ascii_upper(c);
    v = env(name.c_str());
  }
  if (!v) v = env("all_proxy");
  if (!v) v = env("ALL_PROXY");
  return v ? std::string(v) : std::string();
}

const char* noproxy_from_environment(EnvLookup env) {
  const char* v = env("no_proxy");
  return v ? v : env("NO_PROXY");
}

Status parse_proxy_url(std::string_view text, ProxyKind option_kind, long option_port, ProxyTarget& out) {
  out = ProxyTarget{};
  const Status bad_syntax = Status::fail(CURLE_COULDNT_RESOLVE_PROXY, "Unsupported proxy syntax");
  std::string_view rest = text;
  std::string_view scheme;
  if (const std::size_t sep = rest.find("://"); sep != std::string_view::npos) {
    scheme = rest.substr(0, sep);
    rest.remove_prefix(sep + 3);
  }
  // The authority ends at the first '/', '?' or '#'.
  const std::size_t end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, end);
  std::string_view userinfo;
  if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) {
    userinfo = authority.substr(0, at);
    authority.remove_prefix(at + 1);
    out.has_login = true;
  }
  std::string_view host = authority;
  std::string_view port_text;
  if (!host.empty() && host.front() == '[') {
    const std::size_t close = host.find(']');
    if (close == std::string_view::npos) return bad_syntax;
    port_text = host.substr(close + 1);
    host = host.substr(1, close - 1);
    if (const std::size_t zone = host.find('%'); zone != std::string_view::npos) host = host.substr(0, zone);
    out.ipv6_literal = true;
    if (!port_text.empty()) {
      if (port_text.front() != ':') return bad_syntax;
      port_text.remove_prefix(1);
    }
  } else if (const std::size_t colon = host.rfind(':'); colon != std::string_view::npos) {
    port_text = host.substr(colon + 1);
    host = host.substr(0, colon);
  }
  if (host.empty()) return bad_syntax;
  if (scheme.empty()) {
    // CURLU_GUESS_SCHEME's guesses, so "ftp.example:21" is an FTP proxy and refused.
    static constexpr std::string_view kGuesses[] = {"ftp", "dict", "ldap", "imap", "smtp", "pop3"};
    scheme = "http";
    for (std::string_view g : kGuesses)
      if (host.size() > g.size() && ascii_iequals(host.substr(0, g.size()), g) && host[g.size()] == '.') scheme = g;
  }
  if (ascii_iequals(scheme, "https")) out.kind = ProxyKind::kHttps;
  else if (ascii_iequals(scheme, "socks5h")) out.kind = ProxyKind::kSocks5h;
  else if (ascii_iequals(scheme, "socks5")) out.kind = ProxyKind::kSocks5;
  else if (ascii_iequals(scheme, "socks4a")) out.kind = ProxyKind::kSocks4a;
  else if (ascii_iequals(scheme, "socks4") || ascii_iequals(scheme, "socks")) out.kind = ProxyKind::kSocks4;
  else if (ascii_iequals(scheme, "http")) out.kind = option_kind;
  else return Status::fail(CURLE_COULDNT_CONNECT, "Unsupported proxy scheme");
  long port = -1;
  if (!port_text.empty()) {
    long v = 0;
    for (char c : port_text) {
      if (c < '0' || c > '9') return bad_syntax;
      v = v * 10 + (c - '0');
      if (v > 65535) return bad_syntax;
    }
    port = v;
  }
  if (port < 0) port = option_port ? option_port : (out.kind == ProxyKind::kHttps ? 443 : 1080);
  out.port = static_cast<std::uint16_t>(port);
  out.host = std::string(host);
  const bool socks = out.kind == ProxyKind::kSocks4 || out.kind == ProxyKind::kSocks4a ||
                     out.kind == ProxyKind::kSocks5 || out.kind == ProxyKind::kSocks5h;
  if (socks && end != std::string_view::npos && rest[end] == '/' && ascii_iequals(host, "localhost")) {
    std::string_view path = rest.substr(end);
    path = path.substr(0, path.find_first_of("?#"));
    if (path != "/") out.unix_path = http::percent_decode(path);
  }
  if (out.has_login) {
    const std::size_t colon = userinfo.find(':');
    const std::string_view user = userinfo.substr(0, colon);
    const std::string_view pass = colon == std::string_view::npos ? std::string_view() : userinfo.substr(colon + 1);
    // A name that decodes to control bytes ends libcurl's parse early, without a login.
    if (!http::unescape_no_controls(user, out.user) || !http::unescape_no_controls(pass, out.password)) {
      out.has_login = false;
      out.user.clear();
      out.password.clear();
    }
  }
  return Status::ok();
}

}  // namespace xfer
