// Request head serialization: the exact request line and header block libcurl 7.88 sends.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <curl/curl.h>

#include "http/url.h"
#include "util/status.h"

namespace xfer::http {

// Supplies the Cookie: value when the request reaches that line: libcurl caps the jar's
// cookies by the length of the request written up to there.
class CookieSource {
 public:
  virtual ~CookieSource() = default;
  // request_so_far: bytes of the request before "Cookie: "; app_cookie_header: the
  // application's own HTTPHEADER names Cookie. False: no Cookie: line at all.
  virtual bool cookie_value(std::size_t request_so_far, bool app_cookie_header, std::string& out) = 0;
};

struct RequestSpec {
  std::string_view method;               // "GET", "HEAD", "POST" or CURLOPT_CUSTOMREQUEST
  const Url* url = nullptr;
  int http_minor = 1;                    // 0 -> "HTTP/1.0", 1 -> "HTTP/1.1"
  const char* h2c_upgrade = nullptr;     // HTTP2-Settings value: ask to switch to h2c
                                         // (Connection/Upgrade/HTTP2-Settings lines)
  bool http2 = false;                    // "HTTP/2": the head is translated into an h2
                                         // HEADERS frame; no chunked framing, no Expect
  bool expect_disabled = false;          // a 417 answered an Expect: no "Expect: 100-continue"
                                         // is added and none is waited for (an app's own line
                                         // still goes)
  const curl_slist* headers = nullptr;   // CURLOPT_HTTPHEADER as the app gave it
  const char* user_agent = nullptr;      // CURLOPT_USERAGENT or null (then no header)
  const char* referer = nullptr;         // CURLOPT_REFERER or null
  const char* accept_encoding = nullptr; // CURLOPT_ACCEPT_ENCODING or null
  bool has_body = false;                 // a POST body follows
  bool auth_negotiation = false;         // the body is held back for an auth handshake:
                                         // "Content-Length: 0", even over the app's own
  std::int64_t body_size = -1;           // its size (-1 = unknown -> chunked upload)
  bool body_is_postfields = false;       // POSTFIELDS style -> default Content-Type
                                         // application/x-www-form-urlencoded. libcurl
                                         // sends it for every CURLOPT_POST body, also one
                                         // coming from a READFUNCTION.
  // Additions beyond the first sketch:
  const char* content_type = nullptr;    // the body's own type (a MIME POST's
                                         // "multipart/form-data; boundary=..."); replaces
                                         // the form-urlencoded default
  bool content_type_overrides = false;   // content_type replaces even the app's own
                                         // Content-Type line (a MIME POST: the app's
                                         // value is already folded into content_type)
  bool is_upload = false;                // CURLOPT_UPLOAD (PUT-style): no default
                                         // Content-Type; Expect for any non-empty body
  const char* authorization = nullptr;   // full value ("Basic dTpw") or null; see
                                         // basic_authorization()
  const char* authorization_extra = nullptr;  // a whole line sent right after it (SigV4's
                                              // X-Amz-Date), or null
  bool redirected_to_other_host = false; // a followed redirect left the first host: the
                                         // app's Host:, Authorization: and Cookie: are
                                         // not sent (Authorization: is with
                                         // unrestricted_auth, CURLOPT_UNRESTRICTED_AUTH)
  bool unrestricted_auth = false;
  const char* request_target = nullptr;  // CURLOPT_REQUEST_TARGET: replaces the URL's
                                         // path and query in the request line
  class CookieSource* cookies = nullptr;  // fills the Cookie: line, or null for none
  const char* range = nullptr;           // "Range: bytes=<range>" unless the app sends
                                         // its own Range (CURLOPT_RANGE / RESUME_FROM)
  const char* content_range = nullptr;   // "Content-Range: bytes <value>" of a ranged
                                         // upload, unless the app sends its own
  // A request to an HTTP proxy (no tunnel): the absolute form in the request line,
  // "Proxy-Connection: Keep-Alive" and the proxy's credentials, unless the app sends its
  // own lines of those names.
  bool proxy_form = false;
  const char* proxy_authorization = nullptr;  // "Basic ..." for Proxy-Authorization
  const curl_slist* proxy_headers = nullptr;  // CURLOPT_PROXYHEADER
  bool proxy_headers_unified = false;         // CURLOPT_HEADEROPT unified: HTTPHEADER serves both
  bool transfer_encoding = false;        // CURLOPT_TRANSFER_ENCODING: "TE: gzip", with TE
                                         // added to the app's Connection: value (its own
                                         // Connection: line is then not sent)
  // CURLOPT_TIMECONDITION: "If-Modified-Since", "If-Unmodified-Since" or "Last-Modified"
  // and its date, sent after the cookies unless the app sends a header of that name.
  const char* condition_name = nullptr;
  const char* condition_date = nullptr;
};

// libcurl 7.88 asks for a 100 response first when a POST body exceeds this (1 MiB) or has
// an unknown size; a PUT upload asks for any non-empty body.
inline constexpr std::int64_t kExpect100Threshold = 1024 * 1024;

// "Basic " + base64(user ":" password), the value libcurl sends for CURLOPT_USERPWD or URL
// credentials (already %-decoded).
std::string basic_authorization(std::string_view user, std::string_view password);

// Appends the complete request head (request line ... blank line) to out.
void write_request_head(const RequestSpec& spec, std::string& out);

// A CONNECT request opening a tunnel through an HTTP proxy, as libcurl 7.88 writes it:
// "CONNECT host:port HTTP/1.x", Host (the same authority), Proxy-Authorization,
// User-Agent, "Proxy-Connection: Keep-Alive", then the custom lines (PROXYHEADER with
// HEADEROPT separate, HTTPHEADER unified); a line of the same name in that list replaces
// Host, User-Agent and Proxy-Connection, and Proxy-Authorization too.
struct ConnectSpec {
  std::string_view authority;            // "host:port", an IPv6 host in brackets
  bool http10 = false;                   // CURLPROXY_HTTP_1_0: "HTTP/1.0"
  const char* proxy_authorization = nullptr;
  const char* user_agent = nullptr;
  const curl_slist* headers = nullptr;   // the list that speaks to the proxy
};
void write_connect_request(const ConnectSpec& spec, std::string& out);

// True when the head written for spec carries "Expect: 100-continue", i.e. the body must
// wait for a 100 response (or libcurl's 1 s expect timeout) before it is sent.
bool expects_continue(const RequestSpec& spec);

// True when the body goes out with Transfer-Encoding: chunked (unknown size, HTTP/1.1, or
// the application asked for it in its headers).
bool uses_chunked_upload(const RequestSpec& spec);

// CURLE_UPLOAD_FAILED when the body would need chunked encoding over HTTP/1.0 (libcurl
// refuses that before sending anything); OK otherwise.
Status validate_request(const RequestSpec& spec);

}  // namespace xfer::http
