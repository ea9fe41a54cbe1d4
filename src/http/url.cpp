// URL parsing and Location resolution with the tolerances and normalizations of libcurl 7.88.
#include "http/url_escape.h"
#include "http/url.h"
#include "http/url_handle.h"

#include <cstdio>

#include <arpa/inet.h>

#include <cstring>

namespace xfer::http {

namespace {

constexpr Status kMalformed = Status::fail(CURLE_URL_MALFORMAT, "URL using bad/illegal format or missing URL");
constexpr Status kUnsupported = Status::fail(CURLE_UNSUPPORTED_PROTOCOL, "This URL scheme is not supported");

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
char to_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

int hex_value(char c) {
  if (is_digit(c)) return c - '0';
  c = to_lower(c);
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

std::string lowercase(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = to_lower(c);
  return out;
}

// Length of a scheme prefix ("http") when text starts with one that ends in ":/"; libcurl
// only believes in a scheme there when it is also allowed to guess one.
std::size_t scheme_length(std::string_view text) {
  if (text.empty() || !is_alpha(text[0])) return 0;
  std::size_t i = 1;
  while (i < text.size() && (is_alpha(text[i]) || is_digit(text[i]) || text[i] == '+' ||
                             text[i] == '-' || text[i] == '.'))
    ++i;
  if (i + 1 < text.size() && text[i] == ':' && text[i + 1] == '/') return i;
  return 0;
}

// Without a scheme libcurl guesses from the host's first label, defaulting to http.
std::string guess_scheme(std::string_view rest) {
  static constexpr const char* kPrefixes[][2] = {
      {"ftp.", "ftp"}, {"dict.", "dict"}, {"ldap.", "ldap"},
      {"imap.", "imap"}, {"smtp.", "smtp"}, {"pop3.", "pop3"}};
  for (const auto& p : kPrefixes) {
    std::size_t n = std::strlen(p[0]);
    if (rest.size() >= n && lowercase(rest.substr(0, n)) == p[0]) return p[1];
  }
  return "http";
}

bool parse_ipv6(std::string_view inside, Url& out) {
  std::string addr(inside);
  std::size_t pct = addr.find('%');
  if (pct != std::string::npos) {
    std::string zone = addr.substr(pct + 1);
    if (zone.size() >= 2 && zone[0] == '2' && zone[1] == '5') zone.erase(0, 2);
    if (zone.empty()) return false;
    for (char c : zone)
      if (!(is_alpha(c) || is_digit(c) || c == '-' || c == '.' || c == '_' || c == '~'))
        return false;
    out.extra_parts().zone_id = zone;
    addr.resize(pct);
  }
  for (char c : addr)
    if (!(hex_value(c) >= 0 || c == ':' || c == '.')) return false;
  unsigned char bin[16];
  if (inet_pton(AF_INET6, addr.c_str(), bin) != 1) return false;
  char norm[INET6_ADDRSTRLEN];
  // libcurl only adopts the canonical text when it is shorter than what was written.
  if (inet_ntop(AF_INET6, bin, norm, sizeof norm) && std::strlen(norm) < addr.size()) addr = norm;
  out.host = addr;
  out.ipv6_literal = true;
  return true;
}

bool parse_port(std::string_view text, Url& out) {
  if (text.empty()) return true;  // "host:" means the default port
  unsigned long v = 0;
  for (char c : text) {
    if (!is_digit(c)) return false;
    v = v * 10 + static_cast<unsigned long>(c - '0');
    if (v > 65535) return false;
  }
  out.port = static_cast<std::uint16_t>(v);
  out.port_explicit = true;
  return true;
}

bool parse_host(std::string_view text, Url& out) {
  if (text.empty()) return false;
  if (text[0] == '[') {
    std::size_t close = text.find(']');
    if (close == std::string_view::npos) return false;
    if (!parse_ipv6(text.substr(1, close - 1), out)) return false;
    std::string_view rest = text.substr(close + 1);
    if (rest.empty()) return true;
    if (rest[0] != ':') return false;
    return parse_port(rest.substr(1), out);
  }
  std::size_t colon = text.find(':');
  std::string_view name = text.substr(0, colon);
  if (colon != std::string_view::npos && !parse_port(text.substr(colon + 1), out)) return false;
  std::string decoded = percent_decode(name);
  if (decoded.empty()) return false;
  static constexpr std::string_view kBad = " \r\n\t/:#?!@{}[]\\$'\"^`*<>=;,+&()%";
  for (unsigned char c : decoded)
    if (c < 0x20 || c == 0x7f || kBad.find(static_cast<char>(c)) != std::string_view::npos)
      return false;
  std::string v4;
  out.host = normalize_ipv4(decoded, v4) ? v4 : decoded;
  return true;
}

void append_encoded_path(std::string_view path, std::string& out) {
  for (unsigned char c : path) {
    if (c >= 0x80) {
      append_percent(out, c);
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
}

// Location values may carry spaces and raw 8-bit bytes; libcurl escapes them while
// following: a space is "%20" before the first '?' and "+" after it (curl test 40).
std::string escape_reference(std::string_view ref) {
  std::string out;
  bool in_query = false;
  for (unsigned char c : ref) {
    if (c == ' ') {
      if (in_query) {
        out.push_back('+');
      } else {
        out += "%20";
      }
    } else if (c >= 0x80) {
      append_percent(out, c);
    } else {
      if (c == '?') in_query = true;
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

std::string authority_text(const Url& u) {
  std::string out;
  if (u.has_user) {
    out += u.user();
    if (u.has_password) {
      out += ':';
      out += u.password();
    }
    out += "@";
  }
  if (u.ipv6_literal) {
    out += "[" + u.host;
    if (!u.zone_id().empty()) {
      out += "%25";
      out += u.zone_id();
    }
    out += "]";
  } else {
    out += u.host;
  }
  if (u.port_explicit) out += ":" + std::to_string(u.port);
  return out;
}

}  // namespace

// RFC 3986 5.2.4, which libcurl applies to every path it parses.
std::string remove_dot_segments(std::string_view in) {
  std::string out;
  while (!in.empty()) {
    if (in.substr(0, 3) == "../") {
      in.remove_prefix(3);
    } else if (in.substr(0, 2) == "./") {
      in.remove_prefix(2);
    } else if (in.substr(0, 3) == "/./") {
      in.remove_prefix(2);
    } else if (in == "/.") {
      in = "/";
    } else if (in.substr(0, 4) == "/../" || in == "/..") {
      in = in.size() == 3 ? std::string_view("/") : in.substr(3);
      std::size_t cut = out.rfind('/');
      out.resize(cut == std::string::npos ? 0 : cut);
    } else if (in == "." || in == "..") {
      in = {};
    } else {
      std::size_t start = in[0] == '/' ? 1 : 0;
      std::size_t next = in.find('/', start);
      if (next == std::string_view::npos) next = in.size();
      out.append(in.substr(0, next));
      in.remove_prefix(next);
    }
  }
  return out;
}

// Numeric IPv4 shorthand as inet_aton reads it (1 to 4 parts, octal/hex allowed); returns
// false when the name is not such a number, in which case it stays a name.
bool normalize_ipv4(const std::string& host, std::string& out) {
  unsigned long long parts[4];
  int n = 0;
  std::size_t i = 0;
  while (true) {
    if (n == 4 || i >= host.size()) return false;
    int base = 10;
    if (host[i] == '0' && i + 1 < host.size() && to_lower(host[i + 1]) == 'x') {
      base = 16;
      i += 2;
    } else if (host[i] == '0') {
      base = 8;
    }
    std::size_t start = i;
    unsigned long long v = 0;
    while (i < host.size() && host[i] != '.') {
      int d = hex_value(host[i]);
      if (d < 0 || d >= base) return false;
      v = v * base + d;
      if (v > 0xffffffffULL) return false;
      ++i;
    }
    if (i == start && base != 8) return false;
    parts[n++] = v;
    if (i == host.size()) break;
    ++i;  // the dot
  }
  unsigned long long addr = 0;
  for (int k = 0; k < n - 1; ++k) {
    if (parts[k] > 255) return false;
    addr |= parts[k] << (8 * (3 - k));
  }
  unsigned long long last_max = n == 1 ? 0xffffffffULL : (1ULL << (8 * (5 - n))) - 1;
  if (parts[n - 1] > last_max) return false;
  addr |= parts[n - 1];
  out = std::to_string((addr >> 24) & 255) + "." + std::to_string((addr >> 16) & 255) + "." +
        std::to_string((addr >> 8) & 255) + "." + std::to_string(addr & 255);
  return true;
}


std::string percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() + 0 && hex_value(text[i + 1]) >= 0 &&
        hex_value(text[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2])));
      i += 2;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

Url::Extra& Url::extra_parts() {
  if (!extra) extra.get() = std::make_unique<Extra>();
  return *extra.get();
}

std::string_view Url::path() const {
  if (extra && extra.ptr()->has_raw_path) return extra.ptr()->raw_path;
  const std::string_view t = target;
  return t.substr(0, t.find('?'));
}

std::string_view Url::query() const {
  const std::size_t q = target.find('?');
  return q == std::string::npos ? std::string_view() : std::string_view(target).substr(q + 1);
}

std::string Url::authority_for_host_header() const {
  std::string out;
  append_authority_for_host_header(out);
  return out;
}

void Url::append_authority_for_host_header(std::string& out) const {
  if (ipv6_literal) out += '[';
  out += host;
  if (ipv6_literal) out += ']';
  if (port == default_port()) return;
  char text[6];  // ":" and a 16-bit port, written from the end
  std::size_t at = sizeof text;
  unsigned v = port;
  do {
    text[--at] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  text[--at] = ':';
  out.append(text + at, sizeof text - at);
}

std::string Url::destination_key() const {
  std::string out;
  append_destination_key(out);
  return out;
}

void Url::append_destination_key(std::string& out) const {
  out += scheme();
  out += "://";
  for (char c : host) out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  if (!zone_id().empty()) {
    out += '%';
    out += zone_id();
  }
  out += ':';
  char digits[8];
  const int n = std::snprintf(digits, sizeof digits, "%u", static_cast<unsigned>(port));
  out.append(digits, static_cast<std::size_t>(n));
}

std::string Url::to_string() const {
  std::string out;
  append_string(out);
  return out;
}

void Url::append_string(std::string& out) const {
  // One allocation at most: the pieces are known, so reserve their total first.
  out.reserve(out.size() + 3 + 5 + host.size() + target.size() + 16 +
              (extra ? extra.ptr()->user.size() + extra.ptr()->password.size() + extra.ptr()->fragment.size() +
                           extra.ptr()->zone_id.size() + extra.ptr()->raw_path.size()
                     : 0));
  out += scheme();
  out += "://";
  out += authority_text(*this);
  out += path();
  if (has_query && !query().empty()) {
    out += '?';
    out += query();
  }
  if (!fragment().empty()) {
    out += '#';
    out += fragment();
  }
}

void Url::append_proxy_form(std::string& out) const {
  out += scheme();
  out += "://";
  if (ipv6_literal) {
    out += '[';
    out += host;
    if (!zone_id().empty()) {
      out += "%25";
      out += zone_id();
    }
    out += ']';
  } else {
    out += host;
  }
  if (port != default_port()) {
    out += ':';
    out += std::to_string(port);
  }
  out += target;
}

std::string Url::referer_string() const {
  Url bare = *this;
  bare.has_user = false;
  bare.has_password = false;
  if (bare.extra) bare.extra.get()->fragment.clear();
  return bare.to_string();
}

Status parse_url(std::string_view text, Url& out, const UrlParseOptions& opts) {
  out = Url{};
  for (unsigned char c : text)
    if (c <= 0x20 || c == 0x7f) return kMalformed;
  std::string_view rest = text;
  std::string scheme;
  std::size_t slen = scheme_length(text);
  if (slen > 0) {
    scheme = lowercase(text.substr(0, slen));
    rest.remove_prefix(slen + 1);
    std::size_t slashes = 0;
    while (slashes < rest.size() && rest[slashes] == '/') ++slashes;
    if (slashes > 3) return kMalformed;
    rest.remove_prefix(slashes);
  } else {
    if (rest.empty() || rest[0] == '/') return kMalformed;
    scheme = opts.default_scheme.empty() ? guess_scheme(rest) : lowercase(opts.default_scheme);
  }
  out.https = scheme == "https";

  std::size_t auth_end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, auth_end);
  rest = auth_end == std::string_view::npos ? std::string_view() : rest.substr(auth_end);

  std::size_t at = authority.find('@');
  if (at != std::string_view::npos) {
    std::string_view info = authority.substr(0, at);
    std::size_t colon = info.find(':');
    out.has_user = true;
    out.extra_parts().user = std::string(info.substr(0, colon));
    if (colon != std::string_view::npos) {
      out.has_password = true;
      out.extra_parts().password = std::string(info.substr(colon + 1));
    }
    authority.remove_prefix(at + 1);
  }
  if (!parse_host(authority, out)) return kMalformed;

  std::size_t hash = rest.find('#');
  if (hash != std::string_view::npos) {
    if (hash + 1 < rest.size()) out.extra_parts().fragment = std::string(rest.substr(hash + 1));
    rest = rest.substr(0, hash);
  }
  std::string_view query;
  std::size_t qmark = rest.find('?');
  if (qmark != std::string_view::npos) {
    out.has_query = true;
    query = rest.substr(qmark + 1);
    rest = rest.substr(0, qmark);
  }
  std::string path = opts.path_as_is ? std::string(rest) : remove_dot_segments(rest);
  if (path.empty() || path[0] != '/') path.insert(0, "/");

  // The scheme is judged last, as libcurl does: a malformed URL wins over an unknown scheme.
  if (scheme != "http" && scheme != "https") return kUnsupported;
  if (!out.port_explicit) out.port = out.default_port();

  append_encoded_path(path, out.target);
  if (out.target.size() != path.size()) {
    Url::Extra& x = out.extra_parts();
    x.raw_path = std::move(path);
    x.has_raw_path = true;
  }
  if (out.has_query) {
    out.target += '?';
    out.target += query;
  }
  return Status::ok();
}

std::string resolve_reference(const Url& base, std::string_view reference, bool path_as_is) {
  std::string ref = escape_reference(reference);
  std::string_view r = ref;
  if (scheme_length(r) > 0) return ref;  // absolute

  std::string prefix = std::string(base.scheme()) + ":";
  if (r.substr(0, 2) == "//") return prefix + ref;  // scheme-relative

  std::string out = prefix + "//" + authority_text(base);
  std::string_view fragment;
  std::size_t hash = r.find('#');
  if (hash != std::string_view::npos) {
    fragment = r.substr(hash);
    r = r.substr(0, hash);
  }
  std::string_view query;
  std::size_t qmark = r.find('?');
  bool ref_has_query = qmark != std::string_view::npos;
  if (ref_has_query) {
    query = r.substr(qmark);
    r = r.substr(0, qmark);
  }

  if (r.empty()) {
    out += base.path();
    if (ref_has_query) {
      out += query;
    } else if (base.has_query) {
      out += '?';
      out += base.query();
    }
  } else if (r[0] == '/') {
    out += path_as_is ? std::string(r) : remove_dot_segments(r);
    out += query;
  } else if (path_as_is) {
    const std::string_view base_path = base.path();
    std::string dir(base_path.substr(0, base_path.rfind('/') + 1));
    dir.pop_back();  // without its trailing '/'
    std::string_view rel = r;
    if (rel.substr(0, 2) == "./") rel.remove_prefix(2);
    while (rel.substr(0, 3) == "../") {
      rel.remove_prefix(3);
      const std::size_t slash = dir.rfind('/');
      dir.resize(slash == std::string::npos ? 0 : slash);
    }
    out += dir;
    out += '/';
    out += rel;
    out += query;
  } else {
    const std::string_view base_path = base.path();
    std::string merged(base_path.substr(0, base_path.rfind('/') + 1));
    merged += r;
    out += remove_dot_segments(merged);
    out += query;
  }
  out += fragment;
  return out;
}

std::string unfollowed_redirect_url(const Url& base, std::string_view location) {
  // libcurl resolves the value with its URL API against the current URL, unknown schemes
  // allowed but spaces not; what does not parse is reported exactly as the server sent it.
  UrlHandle handle;
  std::string out = base.to_string();
  if (handle.set_url(out.c_str(), CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK) return std::string(location);
  const std::string value(location);
  if (handle.set_url(value.c_str(), CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK) return value;
  if (handle.get_part(CURLUPART_URL, 0, out) != CURLUE_OK) return value;
  return out;
}

}  // namespace xfer::http
