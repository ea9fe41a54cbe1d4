// The CURLU model: parsing into parts, reassembling, part edits and relative resolution.
#include "http/url_handle.h"
#include "http/url.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "http/url_escape.h"

namespace xfer::http {

namespace {

constexpr std::size_t kMaxInput = 8000000;  // libcurl's CURL_MAX_INPUT_LENGTH
constexpr std::size_t kMaxSchemeLength = 40;

struct SchemeInfo {
  const char* name;
  unsigned port;
  bool url_options;  // ";options" after the user name means something for this scheme
};

// The schemes Debian's 7.88 build knows; anything else needs CURLU_NON_SUPPORT_SCHEME.
constexpr SchemeInfo kSchemes[] = {
    {"dict", 2628, false},  {"file", 0, false},     {"ftp", 21, false},
    {"ftps", 990, false},   {"gopher", 70, false},  {"gophers", 70, false},
    {"http", 80, false},    {"https", 443, false},  {"imap", 143, true},
    {"imaps", 993, true},   {"ldap", 389, false},   {"ldaps", 636, false},
    {"mqtt", 1883, false},  {"pop3", 110, true},    {"pop3s", 995, true},
    {"rtmp", 1935, false},  {"rtmpe", 1935, false}, {"rtmps", 443, false},
    {"rtmpt", 80, false},   {"rtmpte", 80, false},  {"rtmpts", 443, false},
    {"rtsp", 554, false},   {"scp", 22, false},     {"sftp", 22, false},
    {"smb", 445, false},    {"smbs", 445, false},   {"smtp", 25, true},
    {"smtps", 465, true},   {"telnet", 23, false},  {"tftp", 69, false},
};

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

bool equal_ci(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && equal_ci(s.substr(0, prefix.size()), prefix);
}

const SchemeInfo* find_scheme(std::string_view name) {
  for (const SchemeInfo& s : kSchemes)
    if (equal_ci(name, s.name)) return &s;
  return nullptr;
}

// Length of the scheme when text is absolute. Without guessing, "name:" alone is a
// scheme; with guessing it needs "name:/" so that "host:port" stays a host.
std::size_t absolute_scheme(std::string_view text, bool guessing, std::string& scheme) {
  std::size_t i = 0;
  while (i < text.size() && i < kMaxSchemeLength &&
         (is_alpha(text[i]) || is_digit(text[i]) || text[i] == '+' || text[i] == '-' ||
          text[i] == '.'))
    ++i;
  if (i == 0 || i >= text.size() || text[i] != ':') return 0;
  if (guessing && (i + 1 >= text.size() || text[i + 1] != '/')) return 0;
  scheme.clear();
  for (std::size_t k = 0; k < i; ++k) scheme.push_back(lower(text[k]));
  return i;
}

// Control bytes never, spaces only when the application allowed them.
bool junk_free(std::string_view part, unsigned int flags) {
  for (unsigned char c : part) {
    if (c < 0x20 || c == 0x7f) return false;
    if (c == ' ' && !(flags & CURLU_ALLOW_SPACE)) return false;
  }
  return true;
}

// Where the host ends in an absolute URL text: encoding starts only after it.
std::size_t host_end(std::string_view url) {
  std::size_t start = url.find("//");
  start = start == std::string_view::npos ? 0 : start + 2;
  std::size_t slash = url.find('/', start);
  std::size_t query = url.find('?', start);
  std::size_t end = std::min(slash, query);
  return end == std::string_view::npos ? url.size() : end;
}

// Spaces become %20 (or '+' inside a query) and bytes >= 0x80 become %xx; everything
// else, reserved characters included, passes.
std::string encode_loose(std::string_view text, bool relative, bool query) {
  std::string out;
  bool before_query = !query;
  std::size_t skip = relative ? 0 : host_end(text);
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (i < skip) {
      out.push_back(static_cast<char>(c));
      continue;
    }
    if (c == ' ') {
      out += before_query ? "%20" : "+";
      continue;
    }
    if (c == '?') before_query = false;
    if (c >= 0x80) {
      append_percent(out, c);
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}


// Validates a host name or bracketed IPv6 literal; the literal is shortened to its
// canonical text and a zone id moves out into `zoneid`.
CURLUcode check_host(std::string& host, std::optional<std::string>& zoneid, bool allow_percent) {
  if (host.empty()) return CURLUE_NO_HOST;
  if (host[0] != '[') {
    static constexpr std::string_view kBad = " \r\n\t/:#?!@{}[]\\$'\"^`*<>=;,+&()%";
    for (char c : host)
      if (kBad.find(c) != std::string_view::npos && !(c == '%' && allow_percent))
        return CURLUE_BAD_HOSTNAME;
    return CURLUE_OK;
  }
  if (host.size() < 4) return CURLUE_BAD_IPV6;
  std::string_view inner(host);
  inner.remove_prefix(1);
  std::size_t len = inner.find_first_not_of("0123456789abcdefABCDEF:.");
  if (len == std::string_view::npos) return CURLUE_BAD_IPV6;
  std::string address(inner.substr(0, len));
  if (inner[len] == '%') {
    std::string_view z = inner.substr(len + 1);
    if (z.size() > 2 && z.substr(0, 2) == "25" && z[2] != ']') z.remove_prefix(2);
    std::size_t i = 0;
    while (i < z.size() && z[i] != ']' && i < 15) ++i;
    if (i == 0 || i >= z.size() || z[i] != ']') return CURLUE_BAD_IPV6;
    zoneid = std::string(z.substr(0, i));
  } else if (inner[len] != ']' || len + 1 != inner.size()) {
    return CURLUE_BAD_IPV6;
  }
  unsigned char bin[16];
  if (inet_pton(AF_INET6, address.c_str(), bin) != 1) return CURLUE_BAD_IPV6;
  char norm[INET6_ADDRSTRLEN];
  // The canonical text replaces what was written only when it is shorter.
  if (inet_ntop(AF_INET6, bin, norm, sizeof norm) && std::strlen(norm) < address.size())
    address = norm;
  host = "[" + address + "]";
  return CURLUE_OK;
}

bool drive_prefix(std::string_view s, std::size_t at) {
  if (at + 1 >= s.size() + 0 || !is_alpha(s[at])) return false;
  if (s[at + 1] != ':' && s[at + 1] != '|') return false;
  return at + 2 >= s.size() || s[at + 2] == '/' || s[at + 2] == '\\';
}

// Joins a relative reference onto an absolute URL the way libcurl follows redirects:
// plain string surgery on the old URL, then loose encoding of the new piece.
std::string concat_url(const std::string& base, std::string_view rel) {
  std::string url = base;
  std::size_t protsep = url.find("//");
  protsep = protsep == std::string::npos ? 0 : protsep + 2;
  bool host_changed = false;
  std::string_view use = rel;
  bool have_path_start = false;  // protsep below points at a path, which may be empty
  if (rel.empty() || rel[0] != '/') {
    std::size_t q = url.find('?', protsep);
    if (q != std::string::npos) url.resize(q);
    if (use.empty() || use[0] != '?') {
      std::size_t last = url.rfind('/');
      if (last != std::string::npos && last >= protsep) url.resize(last);
    }
    std::size_t first = url.find('/', protsep);
    if (first != std::string::npos) {
      protsep = first + 1;
      have_path_start = true;
    }
    if (use.substr(0, 2) == "./") use.remove_prefix(2);
    int level = 0;
    while (use.substr(0, 3) == "../") {
      ++level;
      use.remove_prefix(3);
    }
    if (have_path_start) {
      while (level-- > 0) {
        std::size_t cut = url.rfind('/');
        if (cut != std::string::npos && cut >= protsep) {
          url.resize(cut);
        } else {
          url.resize(protsep);
          break;
        }
      }
    }
  } else if (rel.size() > 1 && rel[1] == '/') {
    url.resize(protsep);
    use = rel.substr(2);
    host_changed = true;
  } else {
    std::size_t slash = url.find('/', protsep);
    std::size_t q = url.find('?', protsep);
    if (slash != std::string::npos) {
      if (q != std::string::npos && q < slash) slash = q;
      url.resize(slash);
    } else if (q != std::string::npos) {
      url.resize(q);
    }
  }
  bool path_empty = have_path_start && url.size() == protsep;
  if (!(!use.empty() && (use[0] == '/' || use[0] == '?')) && !path_empty) url.push_back('/');
  url += encode_loose(use, !host_changed, false);
  return url;
}

// curl_url_set's encoding of a single part: everything but unreserved bytes.
std::string encode_part(std::string_view part, bool plus_for_space, bool keep_slash,
                        bool keep_first_equals, bool leading_slash) {
  std::string out;
  if (leading_slash && (part.empty() || part[0] != '/')) out.push_back('/');
  for (unsigned char c : part) {
    if (c == ' ' && plus_for_space) {
      out.push_back('+');
    } else if (is_unreserved(c) || (c == '/' && keep_slash) || (c == '=' && keep_first_equals)) {
      if (c == '=') keep_first_equals = false;
      out.push_back(static_cast<char>(c));
    } else {
      append_percent(out, c);
    }
  }
  return out;
}

}  // namespace

const std::optional<std::string>* UrlHandle::field(CURLUPart part) const {
  return const_cast<UrlHandle*>(this)->field(part);
}

std::optional<std::string>* UrlHandle::field(CURLUPart part) {
  switch (part) {
    case CURLUPART_SCHEME: return &scheme_;
    case CURLUPART_USER: return &user_;
    case CURLUPART_PASSWORD: return &password_;
    case CURLUPART_OPTIONS: return &options_;
    case CURLUPART_HOST: return &host_;
    case CURLUPART_ZONEID: return &zoneid_;
    case CURLUPART_PORT: return &port_;
    case CURLUPART_PATH: return &path_;
    case CURLUPART_QUERY: return &query_;
    case CURLUPART_FRAGMENT: return &fragment_;
    default: return nullptr;
  }
}

CURLUcode UrlHandle::split_login(std::string& host, unsigned int flags) {
  std::size_t at = host.find('@');
  if (at == std::string::npos) return CURLUE_OK;
  std::string_view login(host.data(), at);
  const SchemeInfo* info = scheme_ ? find_scheme(*scheme_) : nullptr;
  bool want_options = info && info->url_options;
  std::size_t psep = login.find(':');
  std::size_t osep = want_options ? login.find(';') : std::string_view::npos;
  std::size_t user_end = std::min({psep, osep, login.size()});
  if (flags & CURLU_DISALLOW_USER) return CURLUE_USER_NOT_ALLOWED;
  user_ = std::string(login.substr(0, user_end));
  if (psep != std::string_view::npos) {
    std::size_t end = (osep != std::string_view::npos && osep > psep) ? osep : login.size();
    password_ = std::string(login.substr(psep + 1, end - psep - 1));
  }
  if (osep != std::string_view::npos) {
    std::size_t end = (psep != std::string_view::npos && psep > osep) ? psep : login.size();
    if (end - osep > 1) options_ = std::string(login.substr(osep + 1, end - osep - 1));
  }
  host.erase(0, at + 1);
  return CURLUE_OK;
}

CURLUcode UrlHandle::split_port(std::string& host, bool has_scheme) {
  std::size_t colon;
  if (!host.empty() && host[0] == '[') {
    std::size_t close = host.find(']');
    if (close == std::string::npos) return CURLUE_BAD_IPV6;
    colon = close + 1;
    if (colon == host.size()) return CURLUE_OK;
    if (host[colon] != ':') return CURLUE_BAD_PORT_NUMBER;
  } else {
    colon = host.find(':');
    if (colon == std::string::npos) return CURLUE_OK;
  }
  std::string digits = host.substr(colon + 1);
  host.resize(colon);
  // Browsers treat "host:" as the default port; without a scheme it smells like one.
  if (digits.empty()) return has_scheme ? CURLUE_OK : CURLUE_BAD_PORT_NUMBER;
  if (!is_digit(digits[0])) return CURLUE_BAD_PORT_NUMBER;
  char* rest = nullptr;
  long port = std::strtol(digits.c_str(), &rest, 10);
  if (port > 0xffff || *rest) return CURLUE_BAD_PORT_NUMBER;
  port_number_ = port;
  port_ = std::to_string(port);
  return CURLUE_OK;
}

CURLUcode UrlHandle::parse_authority(std::string host, bool has_scheme, unsigned int flags) {
  if (CURLUcode rc = split_login(host, flags)) return rc;
  if (CURLUcode rc = split_port(host, has_scheme)) return rc;
  if (!junk_free(host, flags)) return CURLUE_BAD_HOSTNAME;
  std::string v4;
  if (normalize_ipv4(host, v4)) {
    host = v4;
  } else {
    if (host[0] != '[' && host.find('%') != std::string::npos) {
      std::string decoded;
      if (!unescape_no_controls(host, decoded)) return CURLUE_BAD_HOSTNAME;
      host = decoded;
    }
    if (CURLUcode rc = check_host(host, zoneid_, false)) return rc;
  }
  if ((flags & CURLU_GUESS_SCHEME) && !scheme_) {
    static constexpr const char* kGuesses[] = {"ftp", "dict", "ldap", "imap", "smtp", "pop3"};
    scheme_ = "http";
    for (const char* g : kGuesses)
      if (starts_with_ci(host, std::string(g) + ".")) {
        scheme_ = g;
        break;
      }
  }
  host_ = host;
  return CURLUE_OK;
}

CURLUcode UrlHandle::parse(const std::string& url, unsigned int flags) {
  if (url.size() > kMaxInput) return CURLUE_MALFORMED_INPUT;
  std::string scheme;
  std::size_t slen =
      absolute_scheme(url, flags & (CURLU_GUESS_SCHEME | CURLU_DEFAULT_SCHEME), scheme);
  std::size_t path_start = 0;
  std::optional<std::string> authority;
  if (slen && scheme == "file") {
    if (url.size() <= 6) return CURLUE_BAD_FILE_URL;
    scheme_ = "file";
    std::size_t p = 5;
    if (url[p] == '/' && url[p + 1] == '/') {
      p += 2;
      // Only the local machine may be named in a file: URL.
      if (p < url.size() && url[p] != '/' && !drive_prefix(url, p)) {
        std::string_view after = std::string_view(url).substr(p);
        if (!starts_with_ci(after, "localhost/") && !starts_with_ci(after, "127.0.0.1/"))
          return CURLUE_BAD_FILE_URL;
        p += 9;
      }
    }
    if ((p < url.size() && url[p] == '/' && drive_prefix(url, p + 1)) || drive_prefix(url, p))
      return CURLUE_BAD_FILE_URL;
    path_start = p;
  } else {
    std::size_t p = 0;
    if (slen) {
      p = slen + 1;
      int slashes = 0;
      while (p < url.size() && url[p] == '/' && slashes < 4) {
        ++p;
        ++slashes;
      }
      if (!find_scheme(scheme) && !(flags & CURLU_NON_SUPPORT_SCHEME))
        return CURLUE_UNSUPPORTED_SCHEME;
      if (slashes < 1 || slashes > 3) return CURLUE_BAD_SLASHES;
      if (!junk_free(scheme, flags)) return CURLUE_BAD_SCHEME;
      scheme_ = scheme;
    } else {
      if (!(flags & (CURLU_DEFAULT_SCHEME | CURLU_GUESS_SCHEME))) return CURLUE_BAD_SCHEME;
      if (flags & CURLU_DEFAULT_SCHEME) scheme_ = "https";
    }
    std::size_t len = url.find_first_of("/?#", p);
    if (len == std::string::npos) len = url.size();
    authority = url.substr(p, len - p);
    if (authority->empty() && !(flags & CURLU_NO_AUTHORITY)) return CURLUE_NO_HOST;
    path_start = len;
  }

  std::string_view rest = std::string_view(url).substr(path_start);
  std::size_t hash = rest.find('#');
  if (hash != std::string_view::npos) {
    if (rest.size() - hash > 1) {
      fragment_ = std::string(rest.substr(hash + 1));
      if (!junk_free(*fragment_, flags)) return CURLUE_BAD_FRAGMENT;
    }
    rest = rest.substr(0, hash);
  }
  std::size_t qmark = rest.find('?');
  if (qmark != std::string_view::npos) {
    std::string_view q = rest.substr(qmark + 1);
    query_ = (flags & CURLU_URLENCODE) ? encode_loose(q, true, true) : std::string(q);
    if (!junk_free(*query_, flags)) return CURLUE_BAD_QUERY;
    rest = rest.substr(0, qmark);
  }
  if (!rest.empty()) {
    std::string path = (flags & CURLU_URLENCODE) ? encode_loose(rest, true, false) : std::string(rest);
    if (!(flags & CURLU_PATH_AS_IS)) path = remove_dot_segments(path);
    if (!junk_free(path, flags)) return CURLUE_BAD_PATH;
    path_ = path;
  }

  if (authority && !authority->empty()) return parse_authority(*authority, slen > 0, flags);
  if (authority) host_ = "";
  return CURLUE_OK;
}

CURLUcode UrlHandle::set_url(const char* text, unsigned int flags) {
  std::string scratch;
  std::string old;
  std::string target = text;
  bool absolute = absolute_scheme(target, flags & (CURLU_GUESS_SCHEME | CURLU_DEFAULT_SCHEME),
                                  scratch) > 0;
  if (!absolute && get_url(flags, old) == CURLUE_OK) target = concat_url(old, text);
  UrlHandle fresh;
  CURLUcode rc = fresh.parse(target, flags);
  if (rc == CURLUE_OK) *this = std::move(fresh);
  return rc;
}

CURLUcode UrlHandle::clear_part(CURLUPart part) {
  if (part == CURLUPART_URL) {
    *this = UrlHandle{};
    return CURLUE_OK;
  }
  std::optional<std::string>* f = field(part);
  if (!f) return CURLUE_UNKNOWN_PART;
  if (part == CURLUPART_PORT) port_number_ = 0;
  f->reset();
  return CURLUE_OK;
}

CURLUcode UrlHandle::set_part(CURLUPart part, const char* value, unsigned int flags) {
  if (part == CURLUPART_URL) return set_url(value, flags);
  std::optional<std::string>* f = field(part);
  if (!f) return CURLUE_UNKNOWN_PART;
  std::string_view v(value);
  bool encode = flags & CURLU_URLENCODE;
  bool plus_for_space = false, keep_slash = false, leading_slash = false;
  bool append = false;
  long port = 0;
  switch (part) {
    case CURLUPART_SCHEME:
      if (v.size() > kMaxSchemeLength) return CURLUE_BAD_SCHEME;
      if (!(flags & CURLU_NON_SUPPORT_SCHEME) && !find_scheme(v)) return CURLUE_UNSUPPORTED_SCHEME;
      encode = false;
      break;
    case CURLUPART_HOST:
      if (v.find_first_of(" \r\n") != std::string_view::npos) return CURLUE_BAD_HOSTNAME;
      zoneid_.reset();
      break;
    case CURLUPART_PORT: {
      encode = false;
      char* end = nullptr;
      port = std::strtol(value, &end, 10);
      if (port <= 0 || port > 0xffff || *end) return CURLUE_BAD_PORT_NUMBER;
      break;
    }
    case CURLUPART_PATH:
      keep_slash = true;
      leading_slash = true;
      break;
    case CURLUPART_QUERY:
      plus_for_space = encode;
      append = flags & CURLU_APPENDQUERY;
      break;
    default:
      break;
  }
  if (v.size() > kMaxInput) return CURLUE_MALFORMED_INPUT;
  std::string text = encode ? encode_part(v, plus_for_space, keep_slash, append, leading_slash)
                            : std::string(v);
  // A part taken as it is gets its %XX escapes in lower case, as libcurl 7.88 stores them:
  // the curl tool's -T file name and --url-query, escaped upper case, are sent lower case
  // (curl tests 58, 1221).
  if (!encode) {
    for (std::size_t i = 0; i + 2 < text.size(); ++i) {
      if (text[i] != '%' || hex_digit_value(text[i + 1]) < 0 || hex_digit_value(text[i + 2]) < 0) continue;
      text[i + 1] = lower(text[i + 1]);
      text[i + 2] = lower(text[i + 2]);
      i += 2;
    }
  }
  if (append && query_ && !query_->empty()) {
    if (query_->back() != '&') query_->push_back('&');
    *query_ += text;
    return CURLUE_OK;
  }
  // libcurl 7.88 trusts an encoded host as it is, and lets '%' through in a plain one.
  if (part == CURLUPART_HOST && !encode && !(text.empty() && (flags & CURLU_NO_AUTHORITY))) {
    std::optional<std::string> zone;
    if (check_host(text, zone, true) != CURLUE_OK) return CURLUE_BAD_HOSTNAME;
    if (zone) zoneid_ = zone;
  }
  *f = std::move(text);
  if (port) port_number_ = port;
  return CURLUE_OK;
}

CURLUcode UrlHandle::get_url(unsigned int flags, std::string& out) const {
  if (scheme_ && equal_ci(*scheme_, "file")) {
    out = "file://" + path_.value_or("");
    if (fragment_) out += "#" + *fragment_;
    return CURLUE_OK;
  }
  if (!host_) return CURLUE_NO_HOST;
  std::string scheme;
  if (scheme_) scheme = *scheme_;
  else if (flags & CURLU_DEFAULT_SCHEME) scheme = "https";
  else return CURLUE_NO_SCHEME;
  const SchemeInfo* info = find_scheme(scheme);
  std::optional<std::string> port = port_;
  if (!port && (flags & CURLU_DEFAULT_PORT)) {
    if (info) port = std::to_string(info->port);
  } else if (port && info && info->port == static_cast<unsigned long>(port_number_) &&
             (flags & CURLU_NO_DEFAULT_PORT)) {
    port.reset();
  }
  bool show_options = options_ && info && info->url_options;
  std::string host;
  if (!host_->empty() && (*host_)[0] == '[') {
    host = *host_;
    if (zoneid_) host = host.substr(0, host.size() - 1) + "%25" + *zoneid_ + "]";
  } else if (flags & CURLU_URLENCODE) {
    host = escape_unreserved(*host_);
  } else {
    for (char c : *host_) {
      if (c == '%') host += "%25";
      else host.push_back(c);
    }
    // libcurl 7.88 keeps the escaped form as the stored host once a URL was produced;
    // later reads (and URLs) see the escaping applied again.
    if (host != *host_) host_ = host;
  }
  out = scheme + "://";
  if (user_) out += *user_;
  if (password_) out += ":" + *password_;
  if (show_options) out += ";" + *options_;
  if (user_ || password_ || show_options) out += "@";
  out += host;
  if (port) out += ":" + *port;
  if (path_ && (path_->empty() || (*path_)[0] != '/')) out += "/";
  out += path_ ? *path_ : "/";
  if (query_ && !query_->empty()) out += "?" + *query_;
  if (fragment_) out += "#" + *fragment_;
  return CURLUE_OK;
}

CURLUcode UrlHandle::get_part(CURLUPart part, unsigned int flags, std::string& out) const {
  if (part == CURLUPART_URL) return get_url(flags, out);
  const std::optional<std::string>* f = field(part);
  if (!f) return CURLUE_UNKNOWN_PART;
  bool decode = flags & CURLU_URLDECODE;
  bool encode = flags & CURLU_URLENCODE;
  std::optional<std::string> value = *f;
  CURLUcode missing = CURLUE_UNKNOWN_PART;
  switch (part) {
    case CURLUPART_SCHEME: missing = CURLUE_NO_SCHEME; decode = false; break;
    case CURLUPART_USER: missing = CURLUE_NO_USER; break;
    case CURLUPART_PASSWORD: missing = CURLUE_NO_PASSWORD; break;
    case CURLUPART_OPTIONS: missing = CURLUE_NO_OPTIONS; break;
    case CURLUPART_HOST: missing = CURLUE_NO_HOST; break;
    case CURLUPART_ZONEID: missing = CURLUE_NO_ZONEID; break;
    case CURLUPART_PORT: {
      missing = CURLUE_NO_PORT;
      decode = false;
      const SchemeInfo* info = scheme_ ? find_scheme(*scheme_) : nullptr;
      if (!value && (flags & CURLU_DEFAULT_PORT) && info) {
        value = std::to_string(info->port);
      } else if (value && info && info->port == static_cast<unsigned long>(port_number_) &&
                 (flags & CURLU_NO_DEFAULT_PORT)) {
        value.reset();
      }
      break;
    }
    case CURLUPART_PATH:
      if (!value) value = "/";
      break;
    case CURLUPART_QUERY: missing = CURLUE_NO_QUERY; break;
    case CURLUPART_FRAGMENT: missing = CURLUE_NO_FRAGMENT; break;
    default: break;
  }
  if (!value) return missing;
  std::string text = *value;
  if (decode) {
    // Query strings carry form data, where '+' stands for a space.
    if (part == CURLUPART_QUERY)
      for (char& c : text)
        if (c == '+') c = ' ';
    std::string decoded;
    if (!unescape_no_controls(text, decoded)) return CURLUE_URLDECODE;
    text = decoded;
  }
  if (encode) text = encode_loose(text, true, part == CURLUPART_QUERY);
  out = std::move(text);
  return CURLUE_OK;
}

}  // namespace xfer::http
