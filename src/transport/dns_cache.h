// DnsCache: per-engine name → addresses cache with CURLOPT_DNS_CACHE_TIMEOUT and CURLOPT_RESOLVE semantics.
#pragma once

#include <curl/curl.h>

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "transport/address.h"
#include "util/status.h"
#include "util/time.h"

namespace xfer::transport {

// timeout_secs follows CURLOPT_DNS_CACHE_TIMEOUT: default 60, 0 = no caching (only
// permanent CURLOPT_RESOLVE entries are found), -1 = forever. Host names compare
// case-insensitively. Entries from CURLOPT_RESOLVE without "+" never expire.
class DnsCache {
 public:
  static constexpr long kDefaultTimeoutSecs = 60;

  // The pointer stays valid until the next non-const call. A stale entry found here is
  // removed.
  const std::vector<Address>* find(const std::string& host, std::uint16_t port,
                                   TimePoint now, long timeout_secs);
  // Replaces any entry for host:port, permanent ones included (libcurl does the same).
  void store(const std::string& host, std::uint16_t port, std::vector<Address> addrs,
             TimePoint now);
  // CURLOPT_RESOLVE entries: "host:port:addr[,addr]..." (permanent), "+host:port:addr..."
  // (expires like a looked-up entry, timed from now), "-host:port" removes. Addresses may
  // be IPv6 in brackets. A malformed entry stops the walk with
  // CURLE_SETOPT_OPTION_SYNTAX, as libcurl 7.88 does; entries before it stay applied.
  Status apply_resolve_list(const curl_slist* list, TimePoint now);
  Status apply_resolve_list(const curl_slist* list);  // now = SteadyClock::now()
  void prune(TimePoint now, long timeout_secs);  // drop stale entries
  void clear();
  std::size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    std::vector<Address> addrs;
    TimePoint stored;
    bool permanent = false;
  };
  static std::string key(const std::string& host, std::uint16_t port);
  static bool stale(const Entry& e, TimePoint now, long timeout_secs);

  std::unordered_map<std::string, Entry> entries_;
  TimePoint next_prune_{};
  bool wildcards_ = false;  // a "*" entry was ever added: misses look for it too
};

}  // namespace xfer::transport
