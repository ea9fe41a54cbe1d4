// HTTP/2 request fields from an HTTP/1.1 request head, response lines, and our SETTINGS.
#include "http/h2_headers.h"

#include "http/header_line.h"
#include "util/base64.h"

namespace xfer::http {

namespace {

constexpr std::size_t kAuthorityPlace = 3;  // after :method, :path, :scheme

nghttp2_nv make_nv(std::string_view name, std::string_view value) {
  // nghttp2 never writes through these pointers; its API is just not const-correct.
  nghttp2_nv nv;
  nv.name = reinterpret_cast<std::uint8_t*>(const_cast<char*>(name.data()));
  nv.namelen = name.size();
  nv.value = reinterpret_cast<std::uint8_t*>(const_cast<char*>(value.data()));
  nv.valuelen = value.size();
  nv.flags = NGHTTP2_NV_FLAG_NONE;
  return nv;
}

// Hop-by-hop fields an HTTP/2 request must not carry (RFC 9113 8.2.2), as libcurl drops them.
bool is_dropped(std::string_view lower) {
  return lower == "connection" || lower == "keep-alive" || lower == "proxy-connection" ||
         lower == "transfer-encoding" || lower == "upgrade";
}

bool lists_trailers(std::string_view value) {
  return !each_list_item(value, [](std::string_view item) { return !is_lowercase_name(item, "trailers"); });
}

// The line starting at pos, without its CRLF; npos in next when there is no CRLF.
std::string_view line_at(std::string_view text, std::size_t pos, std::size_t& next) {
  const std::size_t end = text.find("\r\n", pos);
  if (end == std::string_view::npos) {
    next = std::string_view::npos;
    return {};
  }
  next = end + 2;
  return text.substr(pos, end - pos);
}

}  // namespace

Status h2_request_fields(std::string_view head, std::string_view scheme, H2RequestFields& out) {
  static constexpr Status kBadHead = Status::fail(CURLE_HTTP2, "request head cannot be sent over HTTP/2");
  out.text.assign(head);
  out.nv.clear();
  char* const base = out.text.data();
  const std::string_view text(base, out.text.size());

  std::size_t pos = 0;
  const std::string_view request_line = line_at(text, 0, pos);
  if (pos == std::string_view::npos) return kBadHead;
  const std::size_t method_end = request_line.find(' ');
  const std::size_t version_start = request_line.rfind(' ');
  // A path may hold blanks: it runs from the first blank to the last.
  if (method_end == 0 || method_end == std::string_view::npos || version_start <= method_end + 1)
    return kBadHead;
  out.nv.push_back(make_nv(":method", request_line.substr(0, method_end)));
  out.nv.push_back(make_nv(":path", request_line.substr(method_end + 1, version_start - method_end - 1)));
  out.nv.push_back(make_nv(":scheme", scheme));

  std::size_t authority = 0;
  while (pos < text.size()) {
    std::size_t next = 0;
    const std::string_view line = line_at(text, pos, next);
    if (next == std::string_view::npos) return kBadHead;
    const std::size_t line_pos = pos;
    pos = next;
    if (line.empty()) break;  // the blank line ends the head
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) return kBadHead;
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    char* const name_ptr = base + line_pos;
    for (std::size_t i = 0; i < colon; ++i)
      if (name_ptr[i] >= 'A' && name_ptr[i] <= 'Z') name_ptr[i] = static_cast<char>(name_ptr[i] + 32);
    const std::string_view name(name_ptr, colon);
    if (name == "host") {
      authority = out.nv.size();  // the last Host line is the one moved forward
      out.nv.push_back(make_nv(":authority", value));
    } else if (name == "te") {
      if (lists_trailers(value)) out.nv.push_back(make_nv("te", "trailers"));
    } else if (!is_dropped(name)) {
      out.nv.push_back(make_nv(name, value));
    }
  }
  if (authority > kAuthorityPlace) {
    const nghttp2_nv moved = out.nv[authority];
    for (std::size_t i = authority; i > kAuthorityPlace; --i) out.nv[i] = out.nv[i - 1];
    out.nv[kAuthorityPlace] = moved;
  }
  return Status::ok();
}

std::string_view h2_status_line(int code, char (&buf)[16]) {
  // :status is three digits (nghttp2's HTTP messaging checks refuse anything else).
  if (code < 0) code = 0;
  if (code > 999) code = 999;
  static constexpr char kPrefix[] = "HTTP/2 ";
  std::size_t n = 0;
  for (const char c : std::string_view(kPrefix)) buf[n++] = c;
  buf[n++] = static_cast<char>('0' + code / 100);
  buf[n++] = static_cast<char>('0' + code / 10 % 10);
  buf[n++] = static_cast<char>('0' + code % 10);
  buf[n++] = ' ';
  buf[n++] = '\r';
  buf[n++] = '\n';
  return {buf, n};
}

void h2_field_line(std::string_view name, std::string_view value, std::string& out) {
  out.clear();
  out.reserve(name.size() + value.size() + 4);
  out.append(name);
  out.append(": ");
  out.append(value);
  out.append("\r\n");
}

std::size_t h2_settings_entries(const H2Settings& s, nghttp2_settings_entry (&iv)[3]) {
  iv[0] = {NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, s.max_concurrent_streams};
  iv[1] = {NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, s.initial_window_size};
  iv[2] = {NGHTTP2_SETTINGS_ENABLE_PUSH, s.enable_push ? 1u : 0u};
  return 3;
}

std::string h2_settings_base64url(const H2Settings& s) {
  nghttp2_settings_entry iv[3];
  const std::size_t n = h2_settings_entries(s, iv);
  std::uint8_t payload[3 * 6];
  const ssize_t len = nghttp2_pack_settings_payload(payload, sizeof payload, iv, n);
  std::string out;
  if (len <= 0) return out;
  base64_encode(std::string_view(reinterpret_cast<const char*>(payload), static_cast<std::size_t>(len)), out);
  while (!out.empty() && out.back() == '=') out.pop_back();
  for (char& c : out) {
    if (c == '+') c = '-';
    else if (c == '/') c = '_';
  }
  return out;
}

void lowercase_field_names(std::string& head, std::string_view keep) {
  std::size_t pos = head.find('\n');
  while (pos != std::string::npos && pos + 1 < head.size()) {
    const std::size_t start = pos + 1;
    const std::size_t end = head.find('\n', start);
    const std::size_t colon = head.find(':', start);
    if (colon == std::string::npos || (end != std::string::npos && colon > end)) break;  // the blank line
    if (!is_lowercase_name(std::string_view(head).substr(start, colon - start), keep))
      for (std::size_t i = start; i < colon; ++i)
        if (head[i] >= 'A' && head[i] <= 'Z') head[i] = static_cast<char>(head[i] + 32);
    pos = end;
  }
}

}  // namespace xfer::http
