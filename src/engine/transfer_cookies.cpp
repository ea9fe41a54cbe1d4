// Transfer, cookies: what the jar adds to a request and takes from a response.
#include <ctime>

#include "engine/easy.h"
#include "engine/transfer.h"
#include "http/request_writer.h"
#include "util/ascii.h"

namespace xfer {
namespace {

// The origin cookies are matched against: the host in lower case, the path sent.
struct OriginText {
  std::string host;
  http::CookieOrigin origin;
};

// The application's own Host: header names the host cookies belong to, as in libcurl;
// its port (and an IPv6 literal's brackets) are not part of it.
bool custom_host(const curl_slist* headers, std::string& out) {
  for (const curl_slist* h = headers; h; h = h->next) {
    std::string_view e = h->data ? h->data : "";
    if (e.size() < 5 || !ascii_iequals(e.substr(0, 5), "Host:")) continue;
    e.remove_prefix(5);
    while (!e.empty() && (e.front() == ' ' || e.front() == '\t')) e.remove_prefix(1);
    while (!e.empty() && (e.back() == ' ' || e.back() == '\t')) e.remove_suffix(1);
    if (e.empty()) return false;
    if (e.front() == '[') {
      const std::size_t close = e.find(']');
      e = e.substr(1, close == std::string_view::npos ? e.size() - 1 : close - 1);
    } else {
      e = e.substr(0, e.find(':'));
    }
    out.assign(e);
    return true;
  }
  return false;
}

void make_origin(const http::Url& url, const curl_slist* headers, OriginText& o) {
  if (!custom_host(headers, o.host)) o.host = url.host;
  for (char& c : o.host) c = ascii_lower(c);
  o.origin.host = o.host;
  o.origin.path = url.path();
  if (o.origin.path.empty()) o.origin.path = "/";
  // libcurl's secure context: https, or plain http to this machine itself.
  o.origin.secure = url.is_https() || o.host == "localhost" || o.host == "127.0.0.1" || o.host == "::1";
}

}  // namespace

bool Transfer::cookie_value(std::size_t request_so_far, bool app_cookie_header, std::string& out) {
  out.clear();
  bool any = false;
  bool header_full = false;
  if (easy_.cookie_engine_on()) {
    OriginText o;
    make_origin(url_, easy_.opts.http_headers, o);
    const std::int64_t now = std::time(nullptr);
    easy_.with_cookies([&](http::CookieJar& jar) { out = jar.request_value(o.origin, now, request_so_far, header_full); });
    any = !out.empty();
  }
  // CURLOPT_COOKIE follows the jar's cookies, unless the application sends a Cookie:
  // header of its own or the jar already filled the line. "" still makes a line.
  const StrOpt& own = easy_.opts.rare_view().cookie;
  if (own.is_set() && !app_cookie_header && !header_full) {
    if (any) out.append("; ");
    out.append(own.view());
    any = true;
  }
  return any;
}

void Transfer::store_cookie(std::string_view raw_line) {
  if (!easy_.cookie_engine_on()) return;
  // libcurl measures a Set-Cookie line on everything after its colon, CRLF included.
  const std::size_t colon = raw_line.find(':');
  if (colon == std::string_view::npos) return;
  OriginText o;
  make_origin(url_, easy_.opts.http_headers, o);
  const std::int64_t now = std::time(nullptr);
  int* taken = &easy_.state().set_cookies_this_request;
  easy_.with_cookies(
      [&](http::CookieJar& jar) { jar.set_cookie_header(raw_line.substr(colon + 1), o.origin, now, taken); });
}

}  // namespace xfer
