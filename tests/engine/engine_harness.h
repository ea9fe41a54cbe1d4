// EngineHarness: a fake-clock engine plus easy handles and a pump bounded in rounds and wall time.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <curl/curl.h>

#include "engine/clock.h"
#include "engine/easy.h"
#include "engine/multi.h"
#include "engine/transfer.h"
#include "util/time.h"

namespace xfer::enginetest {

struct EasyCleanup {
  void operator()(CURL* h) const { curl_easy_cleanup(h); }
};
using EasyPtr = std::unique_ptr<CURL, EasyCleanup>;

// A write callback that keeps stdout clean; userdata is make_easy's discard tag or a std::string.
std::size_t collect_body(char* data, std::size_t size, std::size_t n, void* userdata);

// An easy handle for url whose body goes to collect_body (into `body` when given).
EasyPtr make_easy(const std::string& url, std::string* body = nullptr);

// The engine's view of a handle, for state checks no C API exposes.
inline Transfer* transfer_of(CURL* h) { return static_cast<Curl_easy*>(h)->transfer.get(); }
inline bool is_pending(CURL* h) {
  const Transfer* t = transfer_of(h);
  return t && (t->pending_in_ != nullptr || t->pending_total_);
}

struct Finished {
  CURL* easy;
  CURLcode result;
};

class EngineHarness {
 public:
  EngineHarness() = default;
  EngineHarness(const EngineHarness&) = delete;
  EngineHarness& operator=(const EngineHarness&) = delete;

  CURLM* cm() { return &multi; }
  CURLMcode add(CURL* h) { return curl_multi_add_handle(&multi, h); }
  CURLMcode remove(CURL* h) { return curl_multi_remove_handle(&multi, h); }

  // One perform pass; every CURLMsg it produced is moved to finished. Returns running.
  int perform();
  // perform, then a real poll of at most 5 ms on the engine's sockets, until done() holds.
  // Never advances the fake clock. False when the round or wall-time bound ran out.
  bool pump_until(const std::function<bool()>& done, Duration wall = milliseconds(2000),
                  int max_rounds = 20000);
  bool pump_until_finished(std::size_t count, Duration wall = milliseconds(2000));

  bool has_finished(CURL* h) const;
  // The transfer's result, or CURL_LAST while it has none.
  CURLcode result_of(CURL* h) const;
  long timeout_ms();

  FakeClock clock;
  Curl_multi multi{clock};  // declared after clock: it reads the clock while constructed
  std::vector<Finished> finished;
  int running = 0;
};

}  // namespace xfer::enginetest
