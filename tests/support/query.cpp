// Query-string splitting and percent-decoding.
#include "query.h"

#include <charconv>

namespace xfer::test {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The origin-form part of an absolute-form target: "scheme://authority/p?q" gives "/p?q",
// "scheme://authority?q" gives "/?q", "scheme://authority" gives "/". Other targets are
// returned unchanged.
std::string origin_part(std::string_view target) {
  if (target.empty() || target.front() == '/') return std::string(target);
  auto sep = target.find("://");
  if (sep == std::string_view::npos || target.find_first_of("/?") < sep) return std::string(target);
  std::string_view rest = target.substr(sep + 3);
  auto end = rest.find_first_of("/?#");
  if (end == std::string_view::npos) return "/";
  rest.remove_prefix(end);
  return rest.front() == '/' ? std::string(rest) : "/" + std::string(rest);
}

}  // namespace

std::string url_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out.push_back(' ');
    } else if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 &&
               hex_value(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

Query::Query(std::string_view request_target) {
  const std::string origin = origin_part(request_target);
  std::string_view target = origin;
  auto qmark = target.find('?');
  path_ = target.substr(0, qmark);
  if (qmark == std::string_view::npos) return;
  std::string_view rest = target.substr(qmark + 1);
  auto hash = rest.find('#');
  if (hash != std::string_view::npos) rest = rest.substr(0, hash);
  while (!rest.empty()) {
    auto amp = rest.find('&');
    std::string_view item = rest.substr(0, amp);
    if (!item.empty()) {
      auto eq = item.find('=');
      std::string_view name = item.substr(0, eq);
      std::string_view value = eq == std::string_view::npos ? "" : item.substr(eq + 1);
      params_.emplace_back(url_decode(name), url_decode(value));
    }
    if (amp == std::string_view::npos) break;
    rest.remove_prefix(amp + 1);
  }
}

bool Query::has(std::string_view name) const {
  for (const auto& p : params_)
    if (p.first == name) return true;
  return false;
}

std::optional<std::string> Query::get(std::string_view name) const {
  std::optional<std::string> found;
  for (const auto& p : params_)
    if (p.first == name) found = p.second;
  return found;
}

std::vector<std::string> Query::all(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& p : params_)
    if (p.first == name) out.push_back(p.second);
  return out;
}

std::size_t Query::number(std::string_view name, std::size_t fallback) const {
  auto value = get(name);
  if (!value || value->empty()) return fallback;
  std::size_t n = 0;
  auto [end, ec] = std::from_chars(value->data(), value->data() + value->size(), n);
  if (ec != std::errc() || end != value->data() + value->size()) return fallback;
  return n;
}

bool Query::flag(std::string_view name) const {
  auto value = get(name);
  return value && !value->empty() && *value != "0";
}

}  // namespace xfer::test
