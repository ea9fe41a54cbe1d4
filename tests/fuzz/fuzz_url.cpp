// Fuzz target: parse_url, reference resolution and the URL's printed forms, which must parse back to themselves.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "http/url.h"

namespace {

using xfer::http::Url;

// The request target a parsed URL sends: an origin-form with no fragment, no blank and no
// control byte, and no raw 8-bit byte in its path (libcurl 7.88 sends a query's as they are).
void check_target(const Url& u) {
  FUZZ_CHECK(!u.target.empty() && u.target[0] == '/');
  bool query = false;
  for (const char c : u.target) {
    const unsigned char b = static_cast<unsigned char>(c);
    query = query || c == '?';
    FUZZ_CHECK(b > 0x20 && b != 0x7f && c != '#');
    FUZZ_CHECK(b < 0x80 || query);
  }
  FUZZ_CHECK(u.port != 0 || u.port_explicit);
  FUZZ_CHECK(u.port_explicit || u.port == u.default_port());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzInput in(data, size);
  const unsigned char flags = in.byte();
  const std::string_view rest(in.rest(), in.rest_size());
  // The first line is the URL, the rest a reference to resolve against it.
  const std::size_t nl = rest.find('\n');
  const std::string_view text = rest.substr(0, nl);
  const std::string_view reference = nl == std::string_view::npos ? rest : rest.substr(nl + 1);

  static constexpr std::string_view kSchemes[] = {"", "http", "https", "ftp"};
  xfer::http::UrlParseOptions opts;
  opts.default_scheme = kSchemes[flags & 3];
  opts.path_as_is = flags & 4;
  Url u;
  const xfer::Status st = xfer::http::parse_url(text, u, opts);
  if (!st.is_ok()) {
    FUZZ_CHECK(st.code == CURLE_URL_MALFORMAT || st.code == CURLE_UNSUPPORTED_PROTOCOL);
    return 0;
  }
  check_target(u);

  // The effective URL is a URL that reads back as itself, to the same destination.
  const std::string printed = u.to_string();
  Url again;
  FUZZ_CHECK(xfer::http::parse_url(printed, again, opts).is_ok());
  FUZZ_CHECK(again.to_string() == printed);
  FUZZ_CHECK(again.destination_key() == u.destination_key());
  // Except for an empty query: "/p?" is sent as such, and printed as "/p" (libcurl's way).
  std::string_view t1 = again.target, t2 = u.target;
  if (!t1.empty() && t1.back() == '?') t1.remove_suffix(1);
  if (!t2.empty() && t2.back() == '?') t2.remove_suffix(1);
  FUZZ_CHECK(t1 == t2);

  std::string key;
  u.append_destination_key(key);
  FUZZ_CHECK(key == u.destination_key());
  std::string host = "Host: ";
  u.append_authority_for_host_header(host);
  FUZZ_CHECK(host.substr(6) == u.authority_for_host_header());
  for (const char c : host) FUZZ_CHECK(c != '\r' && c != '\n');
  std::string proxy_form;
  u.append_proxy_form(proxy_form);
  (void)u.referer_string();
  Url copy = u;  // the out-of-line parts copy with it
  FUZZ_CHECK(copy.to_string() == printed);

  const std::string resolved = xfer::http::resolve_reference(u, reference, flags & 8);
  Url next;
  if (xfer::http::parse_url(resolved, next, opts).is_ok()) check_target(next);
  (void)xfer::http::unfollowed_redirect_url(u, reference);
  (void)xfer::http::percent_decode(reference);
  (void)xfer::http::remove_dot_segments(reference);
  std::string quad;
  (void)xfer::http::normalize_ipv4(std::string(reference), quad);
  return 0;
}
