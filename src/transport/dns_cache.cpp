// DnsCache: lookup results keyed by "host:port" with libcurl's expiry rules and CURLOPT_RESOLVE parsing.
#include "transport/dns_cache.h"

#include <algorithm>
#include <cctype>
#include <string_view>

namespace xfer::transport {

namespace {

constexpr const char* kBadResolveEntry = "Malformed CURLOPT_RESOLVE entry";

bool parse_port(std::string_view s, std::uint16_t& out) {
  if (s.empty() || s.size() > 5) return false;
  unsigned v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<unsigned>(c - '0');
  }
  if (v > 65535) return false;
  out = static_cast<std::uint16_t>(v);
  return true;
}

// "host:port" with the host taken up to the first colon, as libcurl does; IPv6 hosts are
// therefore not supported as names here (libcurl has the same limit).
bool split_host_port(std::string_view s, std::string_view& host, std::uint16_t& port,
                     std::string_view& rest) {
  auto c1 = s.find(':');
  if (c1 == std::string_view::npos || c1 == 0) return false;
  host = s.substr(0, c1);
  std::string_view after = s.substr(c1 + 1);
  auto c2 = after.find(':');
  std::string_view port_text = after.substr(0, c2);
  // A null rest (no second colon) differs from an empty address list ("host:80:").
  rest = c2 == std::string_view::npos ? std::string_view{} : after.substr(c2 + 1);
  return parse_port(port_text, port);
}

bool parse_addresses(std::string_view list, std::uint16_t port, std::vector<Address>& out) {
  while (!list.empty()) {
    std::string_view item;
    if (list.front() == '[') {
      auto close = list.find(']');
      if (close == std::string_view::npos) return false;
      item = list.substr(0, close + 1);
      list.remove_prefix(close + 1);
      if (!list.empty()) {
        if (list.front() != ',') return false;
        list.remove_prefix(1);
      }
    } else {
      auto comma = list.find(',');
      item = list.substr(0, comma);
      list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
    }
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (item.empty()) continue;
    Address a;
    if (!Address::from_literal(item, port, a)) return false;
    out.push_back(a);
  }
  return !out.empty();
}

}  // namespace

std::string DnsCache::key(const std::string& host, std::uint16_t port) {
  std::string k;
  k.reserve(host.size() + 6);
  for (char c : host) k.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  // A trailing dot names the same host; libcurl strips it before caching too.
  if (k.size() > 1 && k.back() == '.') k.pop_back();
  k.push_back(':');
  k += std::to_string(port);
  return k;
}

bool DnsCache::stale(const Entry& e, TimePoint now, long timeout_secs) {
  if (e.permanent || timeout_secs < 0) return false;
  if (timeout_secs == 0) return true;
  return now - e.stored >= std::chrono::seconds(timeout_secs);
}

const std::vector<Address>* DnsCache::find(const std::string& host, std::uint16_t port,
                                           TimePoint now, long timeout_secs) {
  // libcurl prunes its cache with the asking handle's timeout each time it resolves; a
  // walk at most once a second keeps a lookup O(1) amortised, and a program that visits
  // many hosts keeps only the entries of the last timeout's worth.
  if (timeout_secs >= 0 && now >= next_prune_) {
    prune(now, timeout_secs);
    next_prune_ = now + std::chrono::seconds(1);
  }
  auto it = entries_.find(key(host, port));
  // A CURLOPT_RESOLVE entry for host "*" answers every name at its port that has none
  // of its own (libcurl's wildcard entry, curl test 1458).
  if (it == entries_.end() && wildcards_) it = entries_.find(key("*", port));
  if (it == entries_.end()) return nullptr;
  if (stale(it->second, now, timeout_secs)) {
    entries_.erase(it);
    return nullptr;
  }
  return &it->second.addrs;
}

void DnsCache::store(const std::string& host, std::uint16_t port, std::vector<Address> addrs,
                     TimePoint now) {
  entries_[key(host, port)] = Entry{std::move(addrs), now, false};
}

Status DnsCache::apply_resolve_list(const curl_slist* list) {
  return apply_resolve_list(list, SteadyClock::now());
}

Status DnsCache::apply_resolve_list(const curl_slist* list, TimePoint now) {
  for (; list; list = list->next) {
    if (!list->data || !*list->data) continue;
    std::string_view entry = list->data;
    std::string_view host;
    std::uint16_t port = 0;
    std::string_view rest;

    if (entry.front() == '-') {
      entry.remove_prefix(1);
      if (!split_host_port(entry, host, port, rest)) {
        return Status::fail(CURLE_SETOPT_OPTION_SYNTAX, kBadResolveEntry);
      }
      entries_.erase(key(std::string(host), port));
      continue;
    }

    bool expires = false;
    if (entry.front() == '+') {
      expires = true;
      entry.remove_prefix(1);
    }
    if (!split_host_port(entry, host, port, rest) || rest.data() == nullptr) {
      return Status::fail(CURLE_SETOPT_OPTION_SYNTAX, kBadResolveEntry);
    }
    std::vector<Address> addrs;
    if (!parse_addresses(rest, port, addrs)) {
      return Status::fail(CURLE_SETOPT_OPTION_SYNTAX, kBadResolveEntry);
    }
    if (host == "*") wildcards_ = true;
    entries_[key(std::string(host), port)] = Entry{std::move(addrs), now, !expires};
  }
  return Status::ok();
}

void DnsCache::prune(TimePoint now, long timeout_secs) {
  std::erase_if(entries_, [&](const auto& kv) { return stale(kv.second, now, timeout_secs); });
}

void DnsCache::clear() {
  entries_.clear();
  wildcards_ = false;
}

}  // namespace xfer::transport
