// SharedConnections: idle connections a share holds for its easy handles (CURL_LOCK_DATA_CONNECT).
#pragma once

#include <cstddef>
#include <deque>
#include <memory>
#include <string>

#include "engine/connection.h"

namespace xfer {

// A connection released by a transfer whose handle shares connections leaves its engine's
// pool and waits here; the next transfer to the same destination, on any engine that
// uses the share, adopts it. The share's lock guards every call.
class SharedConnections {
 public:
  SharedConnections() = default;
  ~SharedConnections() = default;
  SharedConnections(const SharedConnections&) = delete;
  SharedConnections& operator=(const SharedConnections&) = delete;

  // Keeps c (idle, registered nowhere) for transfers to `key`; the oldest connection goes
  // when more than `limit` wait.
  void put(const std::string& key, std::unique_ptr<Connection> c, std::size_t limit);
  // The longest-idle connection to `key` still fit for a request, or null. Connections the
  // peer closed (or that have unasked input) while nobody watched them are closed here.
  // Only connections `fits` accepts are considered (nullptr: any).
  // A connection `stale` rules out (too old for the asker) is closed on the way.
  using Check = bool (*)(const Connection&, const void*);
  std::unique_ptr<Connection> take(const std::string& key, Check fits = nullptr, const void* arg = nullptr,
                                   Check stale = nullptr);
  // libcurl numbers connections per cache: with a shared cache, the share counts them.
  long next_id() { return next_id_++; }
  std::size_t size() const { return idle_.size(); }

 private:
  struct Entry {
    std::string key;
    std::unique_ptr<Connection> conn;
  };
  std::deque<Entry> idle_;  // oldest first
  long next_id_ = 0;
};

}  // namespace xfer
