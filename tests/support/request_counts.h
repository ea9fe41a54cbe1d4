// Per-key request counters for the URL protocol's failfirst= and /__seen (keys come from key=).
#pragma once

#include <cstddef>
#include <string>

namespace xfer::test {

struct KeyCounts {
  std::size_t requests = 0;
  std::size_t ranges = 0;  // requests that carried a Range header
};

// Counts one request under `key` and returns the counts including it.
KeyCounts note_keyed_request(const std::string& key, bool had_range);
KeyCounts keyed_counts(const std::string& key);

}  // namespace xfer::test
