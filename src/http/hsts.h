// HstsCache: Strict-Transport-Security state with libcurl 7.88's parsing, matching and file text.
#pragma once

#include <cstddef>
#include <ctime>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace xfer::http {

// The expiry of an entry that never expires: written as "unlimited".
inline constexpr std::time_t kHstsUnlimited = std::numeric_limits<std::time_t>::max();

struct HstsEntry {
  std::string host;  // as first seen, less one trailing dot; no leading dot
  bool include_subdomains = false;
  std::time_t expires = 0;  // the entry is gone once now >= expires
};

// An entry as CURLOPT_HSTSWRITEFUNCTION shows it in struct curl_hstsentry.
struct HstsRecord {
  std::string host;
  bool include_subdomains = false;
  std::string expire;  // "YYYYMMDD HH:MM:SS" (UTC) or "unlimited"
};

enum class HstsHeader {
  stored,   // an entry was added or updated
  removed,  // max-age=0: the exact host's entry (if any) is gone
  ignored,  // an IP address host: 7.88 keeps no HSTS state for those
  invalid,  // no max-age, a bad max-age, or a directive given twice: nothing changed
};

// The cache keeps 7.88's list order (new entries at the end) and its habit of dropping
// expired entries only when a search walks past them; a save writes whatever is left, expired
// or not. It holds no I/O: the engine reads and writes files and runs the callbacks.
class HstsCache {
 public:
  // Host names longer than this are never matched; the name buffer HSTSREADFUNCTION fills
  // holds this many bytes plus the terminator (its namelen says 256).
  static constexpr std::size_t kMaxHostLen = 256;

  // One Strict-Transport-Security value as received (a trailing CRLF is harmless) for
  // `host`; an IP address host is ignored. The caller honours the header only on a transfer
  // made over HTTPS.
  HstsHeader parse_header(std::string_view host, std::string_view value, std::time_t now);

  // Whether a plain http:// request to `host` must become https://: an entry for the exact
  // name, or for a parent domain with includeSubDomains. Case and one trailing dot of
  // `host` do not matter. Expired entries met on the way are dropped (the walk ends early
  // only at an exact match).
  bool lookup(std::string_view host, std::time_t now) { return find(host, true, now) != nullptr; }

  // The matching entry itself, or nullptr: the exact name, else (with `subdomains`) the
  // includeSubDomains parent with the longest name. The pointer lasts until the next call
  // that changes the cache.
  const HstsEntry* find(std::string_view host, bool subdomains, std::time_t now) {
    const std::size_t i = find_index(host, subdomains, now);
    return i == kNone ? nullptr : &entries_[i];
  }

  // Adds the entries of an HSTS file ("[.]host \"YYYYMMDD HH:MM:SS\"" or "unlimited" per
  // line) as 7.88 loads one: a host already covered keeps the later of the two expiries.
  void load_text(std::string_view text, std::time_t now);

  // One entry handed over by CURLOPT_HSTSREADFUNCTION: an empty expire means forever, and
  // the name is taken as is (a leading dot is part of it). An empty name is an error,
  // CURLE_BAD_FUNCTION_ARGUMENT, which ends that transfer's reading.
  Status add_record(std::string_view name, bool include_subdomains, std::string_view expire);

  // The file 7.88 writes: two comment lines, then one line per entry in list order. Empty
  // when an expiry cannot be printed (7.88 then abandons the save).
  std::optional<std::string> write_text() const;

  // Entry `index` for CURLOPT_HSTSWRITEFUNCTION ({index, total = size()}); empty where the
  // expiry cannot be printed, where 7.88 stops calling.
  std::optional<HstsRecord> record(std::size_t index) const;

  std::size_t size() const { return entries_.size(); }
  const std::vector<HstsEntry>& entries() const { return entries_; }

 private:
  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  std::size_t find_index(std::string_view host, bool subdomains, std::time_t now);
  void append(std::string_view host, bool include_subdomains, std::time_t expires);

  std::vector<HstsEntry> entries_;
};

}  // namespace xfer::http
