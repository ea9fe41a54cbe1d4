// Process-wide counters keyed by the key= query parameter; tests pick unique keys.
#include "request_counts.h"

#include <map>
#include <mutex>

namespace xfer::test {

namespace {

std::mutex g_mutex;
std::map<std::string, KeyCounts>& table() {
  static std::map<std::string, KeyCounts> counts;
  return counts;
}

}  // namespace

KeyCounts note_keyed_request(const std::string& key, bool had_range) {
  std::lock_guard lock(g_mutex);
  KeyCounts& c = table()[key];
  ++c.requests;
  if (had_range) ++c.ranges;
  return c;
}

KeyCounts keyed_counts(const std::string& key) {
  std::lock_guard lock(g_mutex);
  const auto it = table().find(key);
  return it == table().end() ? KeyCounts{} : it->second;
}

}  // namespace xfer::test
