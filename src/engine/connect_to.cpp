// CURLOPT_CONNECT_TO entries, matched the way libcurl 7.88 matches them.
#include "engine/connect_to.h"

#include <cerrno>
#include <cstdlib>

namespace xfer {
namespace {

bool same_host(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// strtol's reading of a whole field: optional blanks and sign, then digits to the end.
bool parse_long(std::string_view field, long& out) {
  std::string text(field);
  char* end = nullptr;
  errno = 0;
  out = std::strtol(text.c_str(), &end, 10);
  return end == text.c_str() + text.size() && end != text.c_str();
}

// "CONNECT-TO-HOST:CONNECT-TO-PORT", either part empty.
Status parse_target(std::string_view rest, ConnectTo& out) {
  out = ConnectTo{};
  if (rest.empty()) return Status::ok();
  std::string_view host = rest;
  std::string_view after = rest;
  if (rest.front() == '[') {
    // An IPv6 literal: hex digits, ':' and '.', then maybe a zone, then ']'.
    std::size_t i = 1;
    while (i < rest.size() && (is_hex(rest[i]) || rest[i] == ':' || rest[i] == '.')) ++i;
    if (i < rest.size() && rest[i] == '%') {
      ++i;
      while (i < rest.size() && (is_hex(rest[i]) || (rest[i] >= 'a' && rest[i] <= 'z') ||
                                 (rest[i] >= 'A' && rest[i] <= 'Z') || rest[i] == '-' || rest[i] == '.' ||
                                 rest[i] == '_' || rest[i] == '~'))
        ++i;
    }
    host = rest.substr(1, i - 1);
    if (i < rest.size() && rest[i] == ']') ++i;
    after = rest.substr(i);
    const std::size_t colon = after.find(':');
    if (colon != std::string_view::npos) after = after.substr(colon);
    else after = std::string_view();
  } else {
    const std::size_t colon = rest.find(':');
    host = rest.substr(0, colon);
    after = colon == std::string_view::npos ? std::string_view() : rest.substr(colon);
  }
  if (!after.empty()) {
    const std::string_view digits = after.substr(1);
    if (!digits.empty()) {
      long port = 0;
      if (!parse_long(digits, port) || port < 0 || port > 65535)
        return Status::fail(CURLE_SETOPT_OPTION_SYNTAX, "No valid port number in connect to host string");
      out.port = static_cast<int>(port);
    }
  }
  out.host.assign(host);
  return Status::ok();
}

}  // namespace

Status match_connect_to(const curl_slist* list, std::string_view url_host, bool url_ipv6,
                        std::uint16_t url_port, ConnectTo& out) {
  out = ConnectTo{};
  const std::string_view plain_host = url_host;
  std::string bracketed;
  if (url_ipv6) {
    bracketed.reserve(url_host.size() + 2);
    bracketed += '[';
    bracketed += url_host;
    bracketed += ']';
    url_host = bracketed;
  }
  for (; list && !out.routed(); list = list->next) {
    if (!list->data) continue;
    std::string_view entry(list->data);
    // HOST, then ':' (an empty HOST matches any).
    if (entry.empty()) continue;
    if (entry.front() == ':') {
      entry.remove_prefix(1);
    } else {
      if (entry.size() <= url_host.size() || !same_host(entry.substr(0, url_host.size()), url_host) ||
          entry[url_host.size()] != ':')
        continue;
      entry.remove_prefix(url_host.size() + 1);
    }
    // PORT, then ':' (an empty PORT matches any).
    if (!entry.empty() && entry.front() == ':') {
      entry.remove_prefix(1);
    } else {
      const std::size_t colon = entry.find(':');
      long port = 0;
      if (colon == std::string_view::npos || !parse_long(entry.substr(0, colon), port) || port != url_port) continue;
      entry.remove_prefix(colon + 1);
    }
    if (Status st = parse_target(entry, out); !st) return st;
  }
  // The URL's own host or port as a target is no redirection at all.
  if (!out.host.empty() && same_host(out.host, plain_host)) out.host.clear();
  if (out.port == url_port) out.port = -1;
  return Status::ok();
}

}  // namespace xfer
