// The cookie store: Set-Cookie and cookie-file lines in, Cookie: values and jar text out.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace xfer::http {

// libcurl 7.88's limits, observed against Debian's build.
inline constexpr std::size_t kMaxSetCookieLine = 5000;   // bytes after "Set-Cookie:"
inline constexpr std::size_t kMaxCookieNameValue = 4096; // name + value of any one pair
inline constexpr std::size_t kMaxCookieFileLine = 4999;  // a file line this long or longer
                                                         // (without its LF) is skipped
inline constexpr int kMaxSetCookiesPerRequest = 50;      // Set-Cookie-format cookies
inline constexpr std::size_t kMaxCookiesSent = 150;
inline constexpr std::size_t kMaxCookieHeader = 8190;    // the request up to the
                                                         // Cookie: line included

// Where a request goes or a response came from: cookies match on these.
struct CookieOrigin {
  std::string_view host;   // lower-case host name or IP literal, no port, no brackets
  std::string_view path;   // the request's path (no query), "/" when empty
  bool secure = false;     // libcurl's "secure context": https, and also plain http to
                           // "localhost", "127.0.0.1" or "::1" (the caller decides)
};

class CookieJar {
 public:
  // A Set-Cookie header's value from a response to `origin`. True when stored, replaced
  // or deleted; false when refused (bad syntax, public suffix domain, foreign domain,
  // too long, __Host-/__Secure- rules, Secure cookie from http overriding, etc. as libcurl).
  // libcurl measures kMaxSetCookieLine on everything after the colon, blanks and CRLF
  // included: pass that raw remainder to get the same cut-off byte for byte.
  // `taken`, when given, counts toward kMaxSetCookiesPerRequest instead of the jar's own
  // counter (see begin_request): the engine passes its easy handle's, since the limit is
  // per request and several handles may use one jar.
  bool set_cookie_header(std::string_view value, const CookieOrigin& origin, std::int64_t now,
                         int* taken = nullptr);
  // One line as in a cookie file or CURLOPT_COOKIELIST: a Netscape line (7 TAB-separated
  // fields, "#HttpOnly_" prefix kept as the HttpOnly flag), or "Set-Cookie: ..." (no origin:
  // the domain comes from the line itself, as libcurl does for such lines). Comments/blank: false.
  bool add_line(std::string_view line, std::int64_t now, int* taken = nullptr);
  // A whole cookie file's text, line by line (CRLF or LF). skip_session: COOKIESESSION
  // (session cookies in the file are not loaded).
  void load_text(std::string_view text, std::int64_t now, bool skip_session = false, int* taken = nullptr);
  // A new request starts (also each redirect hop): libcurl takes at most
  // kMaxSetCookiesPerRequest Set-Cookie-format cookies per request, counting those from
  // responses, COOKIELIST and cookie files alike. Call it after the COOKIEFILE loads.
  // This resets the jar's own counter, used by calls that pass no `taken`; the engine
  // keeps one counter per easy handle instead (HandleState::set_cookies_this_request).
  void begin_request();
  // The value of the Cookie: header for a request ("a=1; b=2"), "" when none matches; in
  // libcurl's order and under libcurl's limits (how many cookies, header length).
  std::string request_value(const CookieOrigin& req, std::int64_t now);
  // The same inside a request of which request_so_far bytes come before "Cookie: ":
  // libcurl stops adding cookies where the request would reach kMaxCookieHeader.
  // header_full tells whether a cookie was left out so, in which case libcurl does not
  // append CURLOPT_COOKIE's string either.
  std::string request_value(const CookieOrigin& req, std::int64_t now, std::size_t request_so_far,
                            bool& header_full);
  void clear_all();       // COOKIELIST "ALL"
  void clear_session();   // COOKIELIST "SESS"
  void remove_expired(std::int64_t now);
  // One Netscape line per cookie (no newline), as CURLINFO_COOKIELIST lists them (order!).
  // Cookies read from Set-Cookie lines without a domain are not listed; expired cookies
  // not yet swept out are.
  std::vector<std::string> netscape_lines() const;
  // The text libcurl writes to CURLOPT_COOKIEJAR (its header comment + lines; expired
  // cookies left out). Byte-identical to Debian's libcurl for the same cookies.
  std::string jar_text(std::int64_t now) const;
  std::size_t size() const;

 private:
  struct Cookie {
    std::string name;
    std::string value;
    std::optional<std::string> domain;  // none: a Set-Cookie line read without an origin
    std::optional<std::string> path;    // as received; none matches every path
    std::string match_path;             // path with quotes and a trailing '/' taken off
    std::int64_t expires = 0;           // 0: a session cookie
    std::uint64_t created = 0;
    bool tailmatch = false;             // Domain= given: subdomains match too
    bool secure = false;
    bool httponly = false;
    bool prefix_secure = false;         // "__Secure-" seen (libcurl looks in every pair)
    bool prefix_host = false;           // "__Host-" seen
    bool live = true;                   // from a response or COOKIELIST, not a file: a
                                        // file's cookie never replaces a live one
  };
  // How a cookie arrived: what libcurl's add function gets told besides the line.
  struct Source {
    std::int64_t now = 0;
    bool has_origin = false;            // a response: host and path below are its own
    std::string_view host;
    std::string_view path;
    bool secure = true;                 // a Secure cookie may be set (always, but from
                                        // responses outside a secure context)
    bool from_file = false;             // not "running": COOKIESESSION applies, no sweep
    bool skip_session = false;
    int* taken = nullptr;               // the per-request counter to use, else the jar's
  };
  // libcurl spreads cookies over 63 lists by the last two labels of their domain; the
  // listing order and which cookies a request even looks at follow from that.
  static constexpr std::size_t kBuckets = 63;

  static std::optional<Cookie> parse_set_cookie(std::string_view text, const Source& src);
  static void apply_attribute(Cookie& c, std::string_view name, std::string_view value,
                              const Source& src, bool& refused);
  static std::string netscape_line(const Cookie& c);
  bool add_header_format(std::string_view text, const Source& src);
  bool add_netscape(std::string_view line, const Source& src);
  bool store(Cookie c, const Source& src);

  std::array<std::vector<Cookie>, kBuckets> buckets_;
  std::uint64_t last_created_ = 0;
  int set_cookies_this_request_ = 0;
};

}  // namespace xfer::http
