// HstsCache: the STS header grammar, entry matching and the HSTS file text of libcurl 7.88.
#include "http/hsts.h"

#include <arpa/inet.h>

#include <cstdint>

#include "http/cache_text.h"
#include "util/ascii.h"
#include "util/http_date.h"

namespace xfer::http {
namespace {

constexpr bool is_blank(char c) { return c == ' ' || c == '\t'; }

bool starts_with_nocase(std::string_view text, std::string_view lower) {
  return text.size() >= lower.size() && ascii_iequals(text.substr(0, lower.size()), lower);
}

std::string_view without_trailing_dot(std::string_view host) {
  if (!host.empty() && host.back() == '.') host.remove_suffix(1);
  return host;
}

bool is_ip_literal(std::string_view host) {
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  const std::string name(host);
  unsigned char addr[16];
  return inet_pton(AF_INET, name.c_str(), addr) == 1 ||
         inet_pton(AF_INET6, name.c_str(), addr) == 1;
}

enum class Seconds { ok, overflow, invalid };

// max-age's number as 7.88 reads it: white space, no '-', an optional '+', decimal digits;
// `at` moves past the digits.
Seconds read_seconds(std::string_view s, std::size_t& at, long long& out) {
  while (at < s.size() && is_c_space(s[at])) ++at;
  if (at < s.size() && s[at] == '+') ++at;
  if (at >= s.size() || s[at] < '0' || s[at] > '9') return Seconds::invalid;
  bool overflow = false;
  long long v = 0;
  for (; at < s.size() && s[at] >= '0' && s[at] <= '9'; ++at) {
    const int d = s[at] - '0';
    if (v > (INT64_MAX - d) / 10)
      overflow = true;
    else
      v = v * 10 + d;
  }
  out = v;
  return overflow ? Seconds::overflow : Seconds::ok;
}

bool stamp_for(std::time_t expires, std::string& out) {
  if (expires == kHstsUnlimited) {
    out = "unlimited";
    return true;
  }
  return format_expiry_stamp(expires, out);
}

}  // namespace

HstsHeader HstsCache::parse_header(std::string_view host, std::string_view value, std::time_t now) {
  if (is_ip_literal(host)) return HstsHeader::ignored;
  const std::string_view v = value.substr(0, value.find('\0'));
  bool have_max_age = false;
  bool have_subdomains = false;
  long long max_age = 0;
  std::size_t at = 0;
  // Directives are separated by ';', but 7.88 also starts a new one after blanks that end a
  // known directive ("max-age=1 max-age=2" is a duplicate) and skips an unknown one to the
  // next ';' without regard to quotes.
  do {
    while (at < v.size() && is_blank(v[at])) ++at;
    const std::string_view rest = v.substr(at);
    if (starts_with_nocase(rest, "max-age=")) {
      if (have_max_age) return HstsHeader::invalid;
      at += 8;
      while (at < v.size() && is_blank(v[at])) ++at;
      const bool quoted = at < v.size() && v[at] == '"';
      if (quoted) ++at;
      switch (read_seconds(v, at, max_age)) {
        case Seconds::invalid: return HstsHeader::invalid;
        case Seconds::overflow: max_age = INT64_MAX; break;
        case Seconds::ok: break;
      }
      if (quoted) {
        if (at >= v.size() || v[at] != '"') return HstsHeader::invalid;
        ++at;
      }
      have_max_age = true;
    } else if (starts_with_nocase(rest, "includesubdomains")) {
      // A prefix match: "includeSubDomainsX" counts, its tail is then an unknown directive.
      if (have_subdomains) return HstsHeader::invalid;
      have_subdomains = true;
      at += 17;
    } else {
      while (at < v.size() && v[at] != ';') ++at;
    }
    while (at < v.size() && is_blank(v[at])) ++at;
    if (at < v.size() && v[at] == ';') ++at;
  } while (at < v.size());
  if (!have_max_age) return HstsHeader::invalid;

  if (max_age == 0) {
    // Only the exact name goes; a parent's includeSubDomains entry stays.
    const std::size_t i = find_index(host, false, now);
    if (i != kNone) entries_.erase(entries_.begin() + static_cast<std::ptrdiff_t>(i));
    return HstsHeader::removed;
  }
  const std::time_t expires = kHstsUnlimited - now < max_age ? kHstsUnlimited : now + max_age;
  // An update touches the exact name only, so a parent's entry never changes for a child.
  const std::size_t i = find_index(host, false, now);
  if (i != kNone) {
    entries_[i].expires = expires;
    entries_[i].include_subdomains = have_subdomains;
  } else {
    append(host, have_subdomains, expires);
  }
  return HstsHeader::stored;
}

std::size_t HstsCache::find_index(std::string_view host, bool subdomains, std::time_t now) {
  if (host.empty() || host.size() > kMaxHostLen) return kNone;
  host = without_trailing_dot(host);
  // The exact name wins at once; otherwise the includeSubDomains entry with the longest
  // matching tail (the first of equals), found after walking the whole list. An empty name
  // (a "." file line) is never a tail. This is Debian's 7.88 with its CVE-2024-9681 fix.
  std::size_t best = kNone;
  std::size_t best_len = 0;
  for (std::size_t i = 0; i < entries_.size();) {
    const HstsEntry& e = entries_[i];
    if (e.expires <= now) {
      entries_.erase(entries_.begin() + static_cast<std::ptrdiff_t>(i));
      continue;
    }
    if (ascii_iequals(host, e.host)) return i;
    if (subdomains && e.include_subdomains && e.host.size() < host.size() &&
        e.host.size() > best_len) {
      const std::size_t offs = host.size() - e.host.size();
      if (host[offs - 1] == '.' && ascii_iequals(host.substr(offs), e.host)) {
        best = i;
        best_len = e.host.size();
      }
    }
    ++i;
  }
  return best;
}

void HstsCache::append(std::string_view host, bool include_subdomains, std::time_t expires) {
  entries_.push_back({std::string(without_trailing_dot(host)), include_subdomains, expires});
}

void HstsCache::load_text(std::string_view text, std::time_t now) {
  each_cache_line(text, [&](std::string_view line) {
    // 7.88's sscanf format: "%256s \"%64[^\"]\"" (the closing quote is not checked).
    FieldScanner scan(line);
    std::string name;
    std::string date;
    if (!scan.word(kMaxHostLen, name)) return;
    scan.spaces();
    if (!scan.literal('"') || !scan.until_quote(64, date)) return;
    std::string_view host = name;
    const bool subdomains = host.front() == '.';
    if (subdomains) host.remove_prefix(1);
    const std::time_t expires = date == "unlimited" ? kHstsUnlimited : getdate_value(date);
    // A name some entry already covers adds nothing; the same name written the same way
    // (trailing dot included) keeps the later expiry, and its includeSubDomains stays.
    const std::size_t i = find_index(host, subdomains, now);
    if (i == kNone) {
      append(host, subdomains, expires);
    } else if (ascii_iequals(host, entries_[i].host) && expires > entries_[i].expires) {
      entries_[i].expires = expires;
    }
  });
}

Status HstsCache::add_record(std::string_view name, bool include_subdomains,
                             std::string_view expire) {
  name = name.substr(0, name.find('\0'));
  if (name.empty())
    return Status::fail(CURLE_BAD_FUNCTION_ARGUMENT, "HSTS read callback returned no host name");
  expire = expire.substr(0, expire.find('\0'));
  append(name, include_subdomains, expire.empty() ? kHstsUnlimited : getdate_value(expire));
  return Status::ok();
}

std::optional<std::string> HstsCache::write_text() const {
  std::string out =
      "# Your HSTS cache. https://curl.se/docs/hsts.html\n"
      "# This file was generated by libcurl! Edit at your own risk.\n";
  std::string stamp;
  for (const HstsEntry& e : entries_) {
    if (!stamp_for(e.expires, stamp)) return std::nullopt;
    if (e.include_subdomains) out += '.';
    out += e.host;
    out += " \"";
    out += stamp;
    out += "\"\n";
  }
  return out;
}

std::optional<HstsRecord> HstsCache::record(std::size_t index) const {
  if (index >= entries_.size()) return std::nullopt;
  const HstsEntry& e = entries_[index];
  HstsRecord r;
  if (!stamp_for(e.expires, r.expire)) return std::nullopt;
  r.host = e.host;
  r.include_subdomains = e.include_subdomains;
  return r;
}

}  // namespace xfer::http
