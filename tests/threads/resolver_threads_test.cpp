// Threaded resolver pools under load: lookups on pool threads that succeed, fail, time out or are abandoned.
//
// Several multi handles at once, each with its own pool; getaddrinfo runs on the pool
// threads. Run under ThreadSanitizer by scripts/test.sh.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <curl/curl.h>

#include "api/handles.h"
#include "loopback_server.h"
#include "thread_support.h"
#include "transport/resolver.h"

using xfer::test::LoopbackServer;
using namespace xfer::threadtest;

namespace {

constexpr int kThreads = 4;
constexpr int kTransfersPerThread = 60;
constexpr int kInFlight = 16;  // per multi handle
constexpr auto kDeadline = std::chrono::seconds(60);

// The name a transfer asks for says how its lookup goes, so the pool threads need no
// shared table: "ok-N" answers 127.0.0.1 after N % 4 ms (through a real getaddrinfo call,
// so the C library's resolver runs on several pool threads at once), "nx-N" fails, "slow-N"
// takes 1 s (far longer than that transfer's 60 ms connect timeout), "drop-N" takes 600 ms
// (the application removes the transfer 20 ms after it started). The margins are wide so
// that a loaded machine, where the loop may not run for a while, gets the same outcomes.
enum class Kind { ok, nx, slow, drop };

Kind kind_of(int i) {
  if (i % 10 == 3) return Kind::nx;
  if (i % 10 == 6) return Kind::slow;
  if (i % 10 == 8) return Kind::drop;
  return Kind::ok;
}

const char* kind_name(Kind k) {
  switch (k) {
    case Kind::ok: return "ok";
    case Kind::nx: return "nx";
    case Kind::slow: return "slow";
    case Kind::drop: return "drop";
  }
  return "?";
}

struct LookupStats {
  std::atomic<int> started{0};
  std::atomic<int> in_flight{0};
  std::atomic<int> most_in_flight{0};
};

xfer::Status scripted_lookup(LookupStats* stats, const std::string& host, std::uint16_t port, long ip_version,
                             std::vector<xfer::transport::Address>& out) {
  ++stats->started;
  const int now = ++stats->in_flight;
  int seen = stats->most_in_flight.load();
  while (now > seen && !stats->most_in_flight.compare_exchange_weak(seen, now)) {
  }
  const int n = std::atoi(host.c_str() + host.find('-') + 1);
  xfer::Status st;
  if (host.rfind("nx-", 0) == 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    st = xfer::Status::fail(CURLE_COULDNT_RESOLVE_HOST, xfer::transport::kResolveFailedReason);
  } else {
    const auto wait = host.rfind("slow-", 0) == 0   ? std::chrono::milliseconds(1000)
                      : host.rfind("drop-", 0) == 0 ? std::chrono::milliseconds(600)
                                                    : std::chrono::milliseconds(n % 4);
    std::this_thread::sleep_for(wait);
    st = xfer::transport::blocking_lookup("127.0.0.1", port, ip_version, out);
  }
  --stats->in_flight;
  return st;
}

struct Slot {
  CURL* easy = nullptr;
  std::string body;
  int index = -1;  // the transfer it runs, -1 when idle
  Kind kind = Kind::ok;
  std::size_t size = 0;
  Clock::time_point started;
};

struct Tally {
  std::atomic<int> ok{0};
  std::atomic<int> nx{0};
  std::atomic<int> slow{0};
  std::atomic<int> dropped{0};
};

std::string url_for(std::uint16_t port, Kind k, int t, int i, std::size_t size) {
  return "http://" + std::string(kind_name(k)) + "-" + std::to_string(i) + ".t" + std::to_string(t) +
         ".pool.test:" + std::to_string(port) + "/r?size=" + std::to_string(size);
}

void start(Slot& s, CURLM* m, std::uint16_t port, int t, int i) {
  s.index = i;
  s.kind = kind_of(i);
  s.size = static_cast<std::size_t>(i * 37 % 3000);
  s.started = Clock::now();
  s.body.clear();
  const std::string url = url_for(port, s.kind, t, i, s.size);
  curl_easy_setopt(s.easy, CURLOPT_URL, url.c_str());
  curl_easy_setopt(s.easy, CURLOPT_CONNECTTIMEOUT_MS, s.kind == Kind::slow ? 60L : 20000L);
  curl_multi_add_handle(m, s.easy);
}

void judge(Slot& s, CURLcode rc, int t, Failures& failures, Tally& tally) {
  const std::string what = "thread " + std::to_string(t) + " transfer " + std::to_string(s.index) + " (" +
                           kind_name(s.kind) + ")";
  switch (s.kind) {
    case Kind::ok:
    case Kind::drop:  // cannot finish before it is dropped; judged as ok if it does
      if (rc != CURLE_OK)
        failures.add(describe(what, rc));
      else if (response_code(s.easy) != 200 || s.body != pattern_body(s.size))
        failures.add(what + ": code " + std::to_string(response_code(s.easy)) + ", " +
                     std::to_string(s.body.size()) + " bytes");
      else
        ++tally.ok;
      break;
    case Kind::nx:
      if (rc != CURLE_COULDNT_RESOLVE_HOST) failures.add(describe(what, rc));
      else ++tally.nx;
      break;
    case Kind::slow:
      if (rc != CURLE_OPERATION_TIMEDOUT) failures.add(describe(what, rc));
      else ++tally.slow;
      break;
  }
}

// One thread's multi handle: kTransfersPerThread transfers, kInFlight at a time, the
// multi's resolver a pool of 3 threads whose idle timeout is 2 ms, so threads keep exiting
// and being started again while lookups are queued.
void run_thread(int t, std::uint16_t port, LookupStats* stats, Failures& failures, Tally& tally,
                Clock::time_point deadline) {
  CURLM* m = curl_multi_init();
  if (!m) {
    failures.add("no multi handle");
    return;
  }
  xfer::api::multi_of(m)->set_resolver(std::make_unique<xfer::transport::ThreadPoolResolver>(
      3, std::chrono::milliseconds(2),
      [stats](const std::string& host, std::uint16_t p, long ipv, std::vector<xfer::transport::Address>& out) {
        return scripted_lookup(stats, host, p, ipv, out);
      }));

  std::array<Slot, kInFlight> slots;
  for (Slot& s : slots) {
    s.easy = curl_easy_init();
    curl_easy_setopt(s.easy, CURLOPT_WRITEFUNCTION, append_body);
    curl_easy_setopt(s.easy, CURLOPT_WRITEDATA, &s.body);
    curl_easy_setopt(s.easy, CURLOPT_TIMEOUT_MS, 30000L);
    curl_easy_setopt(s.easy, CURLOPT_NOSIGNAL, 1L);
  }
  int next = 0;
  int finished = 0;
  for (Slot& s : slots) start(s, m, port, t, next++);

  while (finished < kTransfersPerThread && Clock::now() < deadline) {
    int running = 0;
    if (curl_multi_perform(m, &running) != CURLM_OK) {
      failures.add("curl_multi_perform failed");
      break;
    }
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(m, &left)) {
      if (msg->msg != CURLMSG_DONE) continue;
      auto it = std::find_if(slots.begin(), slots.end(), [&](const Slot& s) { return s.easy == msg->easy_handle; });
      if (it == slots.end()) continue;
      const CURLcode rc = msg->data.result;
      curl_multi_remove_handle(m, it->easy);
      judge(*it, rc, t, failures, tally);
      ++finished;
      it->index = -1;
      if (next < kTransfersPerThread) start(*it, m, port, t, next++);
    }
    // A "drop" transfer is taken out by the application 20 ms after it started, while its
    // 600 ms lookup is queued or running; the lookup is then abandoned on a pool thread.
    for (Slot& s : slots) {
      if (s.index < 0 || s.kind != Kind::drop || Clock::now() - s.started < std::chrono::milliseconds(20)) continue;
      curl_multi_remove_handle(m, s.easy);
      ++tally.dropped;
      ++finished;
      s.index = -1;
      if (next < kTransfersPerThread) start(s, m, port, t, next++);
    }
    curl_multi_poll(m, nullptr, 0, 50, nullptr);
  }
  if (finished < kTransfersPerThread)
    failures.add("thread " + std::to_string(t) + ": only " + std::to_string(finished) + " transfers finished");
  for (Slot& s : slots) {
    if (s.index >= 0) curl_multi_remove_handle(m, s.easy);
    curl_easy_cleanup(s.easy);
  }
  // The pool is destroyed here, possibly with a lookup still running on one of its
  // threads (a dropped "drop-N" transfer's); the destructor waits for it.
  curl_multi_cleanup(m);
}

// A name the system's own resolver (getaddrinfo through /etc/hosts) maps to 127.0.0.1
// alone, and that xfer does not answer itself as it does "localhost": the machine's host
// name usually is one. Empty when there is none.
std::string system_loopback_name() {
  char host[256] = {};
  std::vector<std::string> candidates;
  if (gethostname(host, sizeof host - 1) == 0 && host[0]) candidates.emplace_back(host);
  candidates.emplace_back("localhost.localdomain");
  candidates.emplace_back("ip6-localhost");
  for (const std::string& name : candidates) {
    std::vector<xfer::transport::Address> found;
    if (xfer::transport::localhost_addresses(name, 80, found)) continue;
    if (!xfer::transport::blocking_lookup(name, 80, CURL_IPRESOLVE_V4, found)) continue;
    const bool all_loopback = std::all_of(found.begin(), found.end(), [](const xfer::transport::Address& a) {
      return a.ip_string() == "127.0.0.1";
    });
    if (!found.empty() && all_loopback) return name;
  }
  return {};
}

}  // namespace

TEST_CASE("resolver pools of 4 multi handles on 4 threads: every lookup's outcome reaches its transfer",
          "[threads][resolver]") {
  REQUIRE(curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK);
  LoopbackServer server;
  REQUIRE(server.ok());
  server.record_requests(false);

  LookupStats stats;
  Failures failures;
  Tally tally;
  const auto deadline = Clock::now() + kDeadline;
  {
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
      threads.emplace_back(run_thread, t, server.port(), &stats, std::ref(failures), std::ref(tally), deadline);
    for (auto& th : threads) th.join();
  }

  for (const auto& f : failures.kept()) UNSCOPED_INFO(f);
  CHECK(failures.count() == 0);
  int ok = 0, nx = 0, slow = 0, drop = 0;
  for (int i = 0; i < kTransfersPerThread; ++i) {
    const Kind k = kind_of(i);
    ok += k == Kind::ok;
    nx += k == Kind::nx;
    slow += k == Kind::slow;
    drop += k == Kind::drop;
  }
  INFO("ok " << tally.ok << ", nx " << tally.nx << ", slow " << tally.slow << ", dropped " << tally.dropped
             << "; lookups started " << stats.started << ", at most " << stats.most_in_flight << " at once");
  CHECK(tally.ok == kThreads * ok);
  CHECK(tally.dropped == kThreads * drop);
  CHECK(tally.nx == kThreads * nx);
  CHECK(tally.slow == kThreads * slow);
  // Every transfer that got an answer had its own lookup (the names are all different),
  // and the pools ran lookups side by side.
  CHECK(stats.started >= kThreads * (ok + nx));
  CHECK(stats.most_in_flight >= 2);
  CHECK(stats.in_flight == 0);
  CHECK(server.request_count() >= static_cast<std::size_t>(tally.ok.load()));
  curl_global_cleanup();
}

TEST_CASE("curl_easy_perform on 4 threads with names getaddrinfo resolves, literals and localhost",
          "[threads][resolver]") {
  REQUIRE(curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK);
  const std::string name = system_loopback_name();
  if (name.empty()) {
    WARN("no host name on this machine resolves to 127.0.0.1 alone; only literals and localhost are used");
  }
  LoopbackServer server;
  REQUIRE(server.ok());
  server.record_requests(false);

  Failures failures;
  std::atomic<int> succeeded{0};
  std::atomic<int> by_name{0};
  constexpr int kPerThread = 24;
  const auto deadline = Clock::now() + kDeadline;
  auto worker = [&](int t) {
    // Even threads keep one handle (its private multi and resolver pool live across
    // performs); odd ones make a new handle, and so a new pool, for every transfer.
    CURL* kept = t % 2 == 0 ? curl_easy_init() : nullptr;
    for (int i = 0; i < kPerThread && Clock::now() < deadline; ++i) {
      CURL* e = kept ? kept : curl_easy_init();
      std::string body;
      // Host names in turn: the system name (a pool thread runs getaddrinfo), the IPv4
      // literal (answered on the caller's thread), localhost (answered by xfer itself).
      const int which = i % 3;
      const std::string host = which == 0 && !name.empty() ? name : which == 2 ? "localhost" : "127.0.0.1";
      const std::size_t size = static_cast<std::size_t>(100 + t * 1000 + i);
      const std::string url =
          "http://" + host + ":" + std::to_string(server.port()) + "/n?size=" + std::to_string(size);
      curl_easy_setopt(e, CURLOPT_URL, url.c_str());
      curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, append_body);
      curl_easy_setopt(e, CURLOPT_WRITEDATA, &body);
      curl_easy_setopt(e, CURLOPT_IPRESOLVE, static_cast<long>(CURL_IPRESOLVE_V4));
      // No DNS cache: every transfer to the name asks the pool again.
      curl_easy_setopt(e, CURLOPT_DNS_CACHE_TIMEOUT, 0L);
      curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, 20000L);
      curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
      const CURLcode rc = curl_easy_perform(e);
      if (rc != CURLE_OK) {
        failures.add(describe(url, rc));
      } else if (response_code(e) != 200 || body != pattern_body(size)) {
        failures.add(url + ": code " + std::to_string(response_code(e)) + ", " + std::to_string(body.size()) +
                     " bytes");
      } else {
        ++succeeded;
        if (host == name) ++by_name;
      }
      if (!kept) curl_easy_cleanup(e);
    }
    if (kept) curl_easy_cleanup(kept);
  };
  {
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) threads.emplace_back(worker, t);
    for (auto& th : threads) th.join();
  }
  for (const auto& f : failures.kept()) UNSCOPED_INFO(f);
  INFO("system name \"" << name << "\": " << by_name << " transfers");
  CHECK(failures.count() == 0);
  CHECK(succeeded == kThreads * kPerThread);
  if (!name.empty()) CHECK(by_name == kThreads * kPerThread / 3);
  curl_global_cleanup();
}

namespace {

// Outlives the test: the lookup below may still be running on a detached pool thread when
// the test case returns.
struct QuickExitLookups {
  std::atomic<int> started{0};
  std::atomic<int> finished{0};
};

QuickExitLookups& quick_exit_lookups() {
  static QuickExitLookups lookups;
  return lookups;
}

}  // namespace

TEST_CASE("CURLOPT_QUICK_EXIT: the multi handle goes while a pool thread is inside the lookup, which ends on its own",
          "[threads][resolver]") {
  REQUIRE(curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK);
  QuickExitLookups& lookups = quick_exit_lookups();
  CURLM* m = curl_multi_init();
  REQUIRE(m);
  xfer::api::multi_of(m)->set_resolver(std::make_unique<xfer::transport::ThreadPoolResolver>(
      2, std::chrono::seconds(30),
      [](const std::string&, std::uint16_t, long, std::vector<xfer::transport::Address>&) {
        QuickExitLookups& l = quick_exit_lookups();
        ++l.started;
        std::this_thread::sleep_for(std::chrono::milliseconds(1500));
        ++l.finished;
        return xfer::Status::fail(CURLE_COULDNT_RESOLVE_HOST, xfer::transport::kResolveFailedReason);
      }));
  CURL* e = curl_easy_init();
  REQUIRE(e);
  // Nothing listens there: the name is never answered anyway.
  curl_easy_setopt(e, CURLOPT_URL, "http://quick.pool.test:9/");
  curl_easy_setopt(e, CURLOPT_QUICK_EXIT, 1L);
  REQUIRE(curl_multi_add_handle(m, e) == CURLM_OK);
  const auto give_up = Clock::now() + std::chrono::seconds(10);
  int running = 1;
  while (lookups.started == 0 && Clock::now() < give_up) {
    curl_multi_perform(m, &running);
    curl_multi_poll(m, nullptr, 0, 10, nullptr);
  }
  REQUIRE(lookups.started == 1);
  CHECK(lookups.finished == 0);
  CHECK(curl_multi_remove_handle(m, e) == CURLM_OK);
  curl_easy_cleanup(e);
  const auto before = Clock::now();
  CHECK(curl_multi_cleanup(m) == CURLM_OK);
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - before).count();
  INFO("curl_multi_cleanup took " << took << " ms");
  // Without QUICK_EXIT the cleanup would wait for the rest of the 1.5 s lookup.
  CHECK(took < 1000);
  while (lookups.finished == 0 && Clock::now() < give_up) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  CHECK(lookups.finished == 1);
  curl_global_cleanup();
}
