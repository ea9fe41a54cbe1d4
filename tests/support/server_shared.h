// State the server thread shares with test threads: counters, recorded requests, the mode.
#pragma once

#include <atomic>
#include <cstddef>
#include <mutex>
#include <string>
#include <vector>

#include "steps.h"

struct ssl_ctx_st;

namespace xfer::test {

// What one connection will do, fixed when it is accepted.
struct ConnectionPlan {
  bool use_handler = true;
  Handler handler;
  Script script;
  bool auto_continue = true;
};

struct ServerShared {
  std::atomic<std::size_t> connections{0};
  std::atomic<std::size_t> requests{0};
  std::atomic<bool> record{true};
  std::atomic<bool> stopping{false};
  std::atomic<std::size_t> tls_handshakes{0};
  std::atomic<std::size_t> tls_resumed{0};
  ssl_ctx_st* tls_ctx = nullptr;  // set before the server thread starts; null: plain TCP
  bool tls_plain_too = false;     // with tls_ctx: the first byte decides between TLS and plain
  std::string socks_armed;        // server thread only: labels for the next SOCKS handshake
  bool h2 = false;                // HTTP/2 by ALPN or prior knowledge (LoopbackServer::Options)
  std::size_t h2_max_streams = 100;

  std::mutex mutex;  // guards everything below
  std::vector<std::string> recorded;
  bool use_handler = true;
  Handler handler;
  std::vector<Script> scripts;  // by accept order; the last repeats
  bool auto_continue = true;

  void record_request(const std::string& raw) {
    if (!record.load(std::memory_order_relaxed)) return;
    std::lock_guard lock(mutex);
    recorded.push_back(raw);
  }

  // `number` is the 1-based connection number.
  ConnectionPlan plan_for(std::size_t number) {
    std::lock_guard lock(mutex);
    ConnectionPlan plan;
    plan.use_handler = use_handler;
    plan.auto_continue = auto_continue;
    if (use_handler) {
      plan.handler = handler;
    } else if (!scripts.empty()) {
      plan.script = scripts[std::min(number, scripts.size()) - 1];
    }
    return plan;
  }
};

}  // namespace xfer::test
