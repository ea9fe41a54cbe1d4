// Request head serialization matching the header set, order and spelling of libcurl 7.88.
#include "http/request_writer.h"

#include "http/content_decoder.h"
#include "http/header_line.h"
#include "util/base64.h"

#include <cstring>
#include <vector>

namespace xfer::http {

namespace {

constexpr std::string_view kCrlf = "\r\n";

bool iequals_prefix(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char a = text[i], b = prefix[i];
    if (a >= 'A' && a <= 'Z') a = static_cast<char>(a + 32);
    if (b >= 'A' && b <= 'Z') b = static_cast<char>(b + 32);
    if (a != b) return false;
  }
  return true;
}


// The first application header that names `name`, in libcurl's sense: the entry starts with
// the name (any case) followed by ':' or ';'. Such an entry takes the default's place even
// when it is itself never sent (as "Name:" is not).
const char* find_custom(const curl_slist* list, std::string_view name) {
  for (; list; list = list->next) {
    std::string_view entry = list->data ? list->data : "";
    if (entry.size() > name.size() && iequals_prefix(entry, name) &&
        (entry[name.size()] == ':' || entry[name.size()] == ';'))
      return list->data;
  }
  return nullptr;
}

// The value of "Name: value" with surrounding blanks trimmed.
std::string_view header_value(std::string_view entry) {
  std::size_t colon = entry.find_first_of(":;");
  if (colon == std::string_view::npos) return {};
  std::string_view v = entry.substr(colon + 1);
  while (!v.empty() && is_header_space(v.front())) v.remove_prefix(1);
  while (!v.empty() && is_header_space(v.back())) v.remove_suffix(1);
  return v;
}

bool value_mentions(const char* entry, std::string_view token) {
  std::string_view v = header_value(entry ? entry : "");
  for (std::size_t i = 0; i + token.size() <= v.size(); ++i)
    if (iequals_prefix(v.substr(i), token)) return true;
  return false;
}

// What one HTTPHEADER entry puts on the wire: the text to send (without CRLF), or nothing.
// "Name: value" goes as written, "Name;" becomes "Name:", "Name:" and anything without a
// usable separator send nothing.
bool custom_wire_text(std::string_view entry, std::string& text) {
  std::size_t colon = entry.find(':');
  if (colon == std::string_view::npos) {
    std::size_t semi = entry.find(';');
    if (semi == std::string_view::npos || semi == 0) return false;
    if (semi + 1 != entry.size()) return false;
    text.assign(entry.substr(0, semi));
    text.push_back(':');
    return true;
  }
  if (colon == 0) return false;
  std::string_view rest = entry.substr(colon + 1);
  while (!rest.empty() && is_header_space(rest.front())) rest.remove_prefix(1);
  if (rest.empty()) return false;
  text.assign(entry);
  return true;
}

bool custom_host_in_effect(const RequestSpec& spec) {
  return !spec.redirected_to_other_host && find_custom(spec.headers, "Host") != nullptr;
}

void append_line(std::string& out, std::string_view a, std::string_view b = {}) {
  out.append(a);
  out.append(b);
  out.append(kCrlf);
}

}  // namespace

std::string basic_authorization(std::string_view user, std::string_view password) {
  std::string plain;
  plain.reserve(user.size() + password.size() + 1);
  plain.append(user);
  plain.push_back(':');
  plain.append(password);
  std::string out = "Basic ";
  base64_encode(plain, out);
  return out;
}

bool uses_chunked_upload(const RequestSpec& spec) {
  // HTTP/2 frames the body itself: END_STREAM ends one of unknown size.
  if (!spec.has_body || spec.http2) return false;
  if (const char* te = find_custom(spec.headers, "Transfer-Encoding"))
    return value_mentions(te, "chunked");
  return spec.body_size < 0;
}

bool expects_continue(const RequestSpec& spec) {
  // HTTP/2 waits for no 100: libcurl 7.88 adds its own Expect only below HTTP/2, and an
  // application's line goes out as written.
  if (!spec.has_body || spec.expect_disabled || spec.http2) return false;
  if (const char* expect = find_custom(spec.headers, "Expect"))
    return value_mentions(expect, "100-continue");
  if (spec.http_minor < 1) return false;
  if (spec.is_upload) return spec.body_size != 0;
  return spec.body_size < 0 || spec.body_size > kExpect100Threshold;
}

Status validate_request(const RequestSpec& spec) {
  if (spec.http_minor < 1 && uses_chunked_upload(spec))
    return Status::fail(CURLE_UPLOAD_FAILED, "A body of unknown size cannot be sent over HTTP/1.0");
  return Status::ok();
}

void write_request_head(const RequestSpec& spec, std::string& out) {
  const curl_slist* custom = spec.headers;
  const Url& url = *spec.url;

  out.append(spec.method);
  out.push_back(' ');
  if (spec.request_target)
    out.append(spec.request_target);
  else if (spec.proxy_form)
    url.append_proxy_form(out);
  else
    out.append(url.target);
  out.append(spec.http2 ? " HTTP/2" : spec.http_minor >= 1 ? " HTTP/1.1" : " HTTP/1.0");
  out.append(kCrlf);

  // Host keeps the application's exact spelling after "Host:"; a bare "Host:" drops it.
  bool own_host = custom_host_in_effect(spec);
  if (own_host) {
    std::string_view entry = find_custom(custom, "Host");
    if (entry != "Host:") append_line(out, "Host:", entry.substr(5));
  } else {
    out.append("Host: ");
    url.append_authority_for_host_header(out);
    out.append(kCrlf);
  }

  // Which list can replace a proxy line: HTTPHEADER unified, PROXYHEADER separate.
  const curl_slist* proxy_list = spec.proxy_headers_unified ? custom : spec.proxy_headers;
  if (spec.proxy_authorization && !find_custom(proxy_list, "Proxy-Authorization"))
    append_line(out, "Proxy-Authorization: ", spec.proxy_authorization);
  if (spec.authorization && !find_custom(custom, "Authorization")) {
    append_line(out, "Authorization: ", spec.authorization);
    if (spec.authorization_extra) append_line(out, spec.authorization_extra);
  }
  if (spec.range && !find_custom(custom, "Range")) append_line(out, "Range: bytes=", spec.range);
  if (spec.content_range && !find_custom(custom, "Content-Range"))
    append_line(out, "Content-Range: bytes ", spec.content_range);
  if (spec.user_agent && *spec.user_agent && !find_custom(custom, "User-Agent"))
    append_line(out, "User-Agent: ", spec.user_agent);
  if (!find_custom(custom, "Accept")) append_line(out, "Accept: */*");
  // An application that sends its own TE: handles it all, as in libcurl.
  const bool te_line = spec.transfer_encoding && !find_custom(custom, "TE");
  if (te_line) {
    out.append("Connection: ");
    const char* app_connection = find_custom(custom, "Connection");
    const std::string_view app_value = header_value(app_connection ? app_connection : "");
    if (!app_value.empty()) {
      out.append(app_value);
      out.append(", ");
    }
    out.append("TE");
    out.append(kCrlf);
    append_line(out, "TE: gzip");
  }
  // An empty CURLOPT_ACCEPT_ENCODING means "everything built in", as the decoder lists it.
  if (spec.accept_encoding && !find_custom(custom, "Accept-Encoding"))
    append_line(out, "Accept-Encoding: ",
                *spec.accept_encoding ? spec.accept_encoding
                                      : ContentDecoder::built_in_codings());
  if (spec.referer && !find_custom(custom, "Referer"))
    append_line(out, "Referer: ", spec.referer);
  if (spec.proxy_form && !find_custom(custom, "Proxy-Connection") && !find_custom(proxy_list, "Proxy-Connection"))
    append_line(out, "Proxy-Connection: Keep-Alive");

  bool chunked = uses_chunked_upload(spec);
  // The application's "Transfer-Encoding: chunked" means "length unknown" to libcurl 7.88 on
  // HTTP/2 as well: no content-length goes out, the body's END_STREAM ends it.
  const char* app_te = find_custom(custom, "Transfer-Encoding");
  const bool no_length = chunked || (spec.http2 && spec.has_body && app_te && value_mentions(app_te, "chunked"));
  if (chunked && !app_te)
    append_line(out, "Transfer-Encoding: chunked");
  // libcurl 7.88 writes the upgrade request after its own lines, before the cookies.
  if (spec.h2c_upgrade) {
    append_line(out, "Connection: Upgrade, HTTP2-Settings");
    append_line(out, "Upgrade: h2c");
    append_line(out, "HTTP2-Settings: ", spec.h2c_upgrade);
  }
  if (spec.cookies) {
    std::string value;
    if (spec.cookies->cookie_value(out.size(), find_custom(custom, "Cookie") != nullptr, value))
      append_line(out, "Cookie: ", value);
  }
  if (spec.condition_name && spec.condition_date && !find_custom(custom, spec.condition_name)) {
    out += spec.condition_name;
    append_line(out, ": ", spec.condition_date);
  }

  std::string text;
  // Through a proxy with HEADEROPT separate, PROXYHEADER's lines follow the app's own.
  const curl_slist* lists[2] = {custom, spec.proxy_form && !spec.proxy_headers_unified ? spec.proxy_headers : nullptr};
  for (const curl_slist* list : lists)
  for (const curl_slist* item = list; item; item = item->next) {
    if (!item->data || !custom_wire_text(item->data, text)) continue;
    if (iequals_prefix(text, "Host:") && (own_host || spec.redirected_to_other_host)) continue;
    if (spec.content_type_overrides && iequals_prefix(text, "Content-Type:")) continue;
    if (spec.auth_negotiation && iequals_prefix(text, "Content-Length:")) continue;
    if (te_line && iequals_prefix(text, "Connection:")) continue;
    // HTTP/2 has no chunked framing: libcurl leaves the application's line out of the head
    // it logs and counts (the other connection fields only fall at the h2 translation).
    if (spec.http2 && iequals_prefix(text, "Transfer-Encoding:")) continue;
    if (spec.redirected_to_other_host &&
        ((iequals_prefix(text, "Authorization:") && !spec.unrestricted_auth) || iequals_prefix(text, "Cookie:")))
      continue;
    append_line(out, text);
  }

  // A MIME body held back for a handshake leaves no line of its own: libcurl sends
  // "Content-Length: 0" alone, without the multipart Content-Type (curl test 170).
  if (spec.has_body && spec.auth_negotiation && spec.content_type_overrides) {
    if (!no_length) append_line(out, "Content-Length: 0");
  } else if (spec.has_body) {
    if (spec.auth_negotiation) {
      if (!no_length) append_line(out, "Content-Length: 0");
    }
    else if (!no_length && spec.body_size >= 0 && !find_custom(custom, "Content-Length"))
      append_line(out, "Content-Length: ", std::to_string(spec.body_size));
    if (spec.content_type && (spec.content_type_overrides || !find_custom(custom, "Content-Type")))
      append_line(out, "Content-Type: ", spec.content_type);
    else if (spec.body_is_postfields && !spec.is_upload && !find_custom(custom, "Content-Type"))
      append_line(out, "Content-Type: application/x-www-form-urlencoded");
    if (!find_custom(custom, "Expect") && expects_continue(spec))
      append_line(out, "Expect: 100-continue");
  }
  out.append(kCrlf);
}

void write_connect_request(const ConnectSpec& spec, std::string& out) {
  out.append("CONNECT ");
  out.append(spec.authority);
  out.append(spec.http10 ? " HTTP/1.0" : " HTTP/1.1");
  out.append(kCrlf);
  if (!find_custom(spec.headers, "Host")) append_line(out, "Host: ", spec.authority);
  if (spec.proxy_authorization && !find_custom(spec.headers, "Proxy-Authorization"))
    append_line(out, "Proxy-Authorization: ", spec.proxy_authorization);
  if (spec.user_agent && *spec.user_agent && !find_custom(spec.headers, "User-Agent"))
    append_line(out, "User-Agent: ", spec.user_agent);
  if (!find_custom(spec.headers, "Proxy-Connection")) append_line(out, "Proxy-Connection: Keep-Alive");
  std::string text;
  for (const curl_slist* item = spec.headers; item; item = item->next)
    if (item->data && custom_wire_text(item->data, text)) append_line(out, text);
  out.append(kCrlf);
}

}  // namespace xfer::http
