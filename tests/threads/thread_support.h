// What the threads tests share: failures collected across threads, body writers, the server's pattern body.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <curl/curl.h>

namespace xfer::threadtest {

// Catch2's assertions are not thread-safe: worker threads record what went wrong here and
// the test's own thread asserts on it after the join.
class Failures {
 public:
  void add(std::string what) {
    std::lock_guard<std::mutex> g(m_);
    ++count_;
    if (kept_.size() < 20) kept_.push_back(std::move(what));
  }
  std::size_t count() const {
    std::lock_guard<std::mutex> g(m_);
    return count_;
  }
  std::vector<std::string> kept() const {
    std::lock_guard<std::mutex> g(m_);
    return kept_;
  }

 private:
  mutable std::mutex m_;
  std::vector<std::string> kept_;
  std::size_t count_ = 0;
};

inline std::size_t append_body(char* data, std::size_t size, std::size_t n, void* userp) {
  static_cast<std::string*>(userp)->append(data, size * n);
  return size * n;
}

// The body the URL-driven server sends for "size=N" without other body knobs.
inline std::string pattern_body(std::size_t n) {
  std::string s(n, '\0');
  for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>('a' + i % 26);
  return s;
}

inline long response_code(CURL* e) {
  long code = 0;
  curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &code);
  return code;
}

// Every loop of a threads test gives up at a deadline, so a lost wake-up or a hung
// transfer shows as a failed check instead of a test that never ends.
using Clock = std::chrono::steady_clock;

inline std::string describe(std::string_view what, CURLcode rc) {
  return std::string(what) + ": " + curl_easy_strerror(rc) + " (" + std::to_string(rc) + ")";
}

}  // namespace xfer::threadtest
