// HTTP/2 request fields from an HTTP/1.1 request head, response lines, and our SETTINGS.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nghttp2/nghttp2.h>

#include "util/status.h"

namespace xfer::http {

// The storage of one request's field list, reused from request to request: once its
// capacity has grown to the largest head seen, a translation allocates nothing. Every nv
// points into text (or at string literals), so the list stays valid until the next
// h2_request_fields on the same object; nghttp2_submit_request copies what it keeps.
struct H2RequestFields {
  std::string text;              // a copy of the h1 head, names lower-cased in place
  std::vector<nghttp2_nv> nv;

  const nghttp2_nv* data() const { return nv.data(); }
  std::size_t size() const { return nv.size(); }
};

// Translates head (request line, header lines, blank line, each ending in CRLF, as
// write_request_head writes it) into out the way libcurl 7.88 does: :method and :path from
// the request line, :scheme = scheme, the Host line becomes :authority (fourth, its value
// as written), the other names lower-cased and in their order; Connection, Keep-Alive,
// Proxy-Connection, Transfer-Encoding and Upgrade are dropped, TE too unless it lists
// "trailers" (then "te: trailers"). Values run from the first non-blank after the colon
// to the CR. CURLE_HTTP2 for a head that does not have that shape (no request line, a
// line without a colon).
Status h2_request_fields(std::string_view head, std::string_view scheme, H2RequestFields& out);

// "HTTP/2 NNN \r\n": the status line libcurl 7.88 shows for a :status (trailing blank included).
std::string_view h2_status_line(int code, char (&buf)[16]);

// Lower-cases, in place, the field names of an h1 request head (every line after the
// request line up to the blank one) except the field named `keep` (lower case).
void lowercase_field_names(std::string& head, std::string_view keep);
// "name: value\r\n" appended to out (out is cleared first).
void h2_field_line(std::string_view name, std::string_view value, std::string& out);

// The SETTINGS a client sends first. The defaults are libcurl 7.88's with no push callback.
struct H2Settings {
  std::uint32_t max_concurrent_streams = 100;        // CURLMOPT_MAX_CONCURRENT_STREAMS
  std::uint32_t initial_window_size = 32u << 20;     // each stream's receive window
  bool enable_push = false;                          // a CURLMOPT_PUSHFUNCTION is set
};
inline constexpr std::uint32_t kH2ConnectionWindow = 32u << 20;  // raised right after SETTINGS

// The entries in the order libcurl sends them: MAX_CONCURRENT_STREAMS, INITIAL_WINDOW_SIZE,
// ENABLE_PUSH. Returns how many (always 3).
std::size_t h2_settings_entries(const H2Settings& s, nghttp2_settings_entry (&iv)[3]);

// The SETTINGS payload in base64url without padding, the value of an HTTP2-Settings
// request header: "AAMAAABkAAQCAAAAAAIAAAAA" for the defaults (curl test 1800).
std::string h2_settings_base64url(const H2Settings& s);

}  // namespace xfer::http
