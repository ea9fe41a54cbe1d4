// Tests for the thread-pool resolver and the scripted FakeResolver (names from /etc/hosts and literals only).
#include <catch2/catch.hpp>

#include <poll.h>

#include <atomic>
#include <condition_variable>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include "transport/fake_resolver.h"
#include "transport/resolver.h"

using namespace xfer;
using namespace xfer::transport;
using namespace std::chrono_literals;

namespace {

// Waits on the notify fd and collects until `want` results arrived or ~5 s passed.
std::vector<ResolveResult> wait_results(Resolver& r, std::size_t want) {
  std::vector<ResolveResult> out;
  auto give_up = std::chrono::steady_clock::now() + 5s;
  for (int round = 0; round < 500 && out.size() < want; ++round) {
    if (std::chrono::steady_clock::now() > give_up) break;
    pollfd p{r.notify_fd(), POLLIN, 0};
    if (::poll(&p, 1, 10) > 0) r.collect(out);
  }
  return out;
}

// A lookup that blocks until released, so tests can see threads and queue at rest.
struct Gate {
  std::mutex mu;
  std::condition_variable cv;
  bool open = false;
  int inside = 0;
  int most_inside = 0;
  int calls = 0;

  LookupFunction fn() {
    return [this](const std::string& host, std::uint16_t port, long,
                  std::vector<Address>& out) -> Status {
      std::unique_lock lock(mu);
      ++calls;
      ++inside;
      most_inside = std::max(most_inside, inside);
      cv.notify_all();
      cv.wait_for(lock, 5s, [&] { return open; });
      --inside;
      if (host == "bad") return Status::fail(CURLE_COULDNT_RESOLVE_HOST, kResolveFailedReason);
      Address a;
      Address::from_literal("127.0.0.1", port, a);
      out.push_back(a);
      return Status::ok();
    };
  }
  bool wait_inside(int n) {
    std::unique_lock lock(mu);
    return cv.wait_for(lock, 5s, [&] { return inside >= n; });
  }
  void release() {
    std::lock_guard lock(mu);
    open = true;
    cv.notify_all();
  }
};

}  // namespace

TEST_CASE("pool resolves localhost from /etc/hosts and literals", "[transport][resolver]") {
  auto r = make_thread_pool_resolver(2);
  REQUIRE(r->notify_fd() >= 0);
  std::uint64_t t1 = r->submit("localhost", 8080, CURL_IPRESOLVE_V4);
  std::uint64_t t2 = r->submit("127.0.0.1", 81, CURL_IPRESOLVE_WHATEVER);
  std::uint64_t t3 = r->submit("::1", 82, CURL_IPRESOLVE_V4);
  CHECK(t1 != 0);
  CHECK(t1 != t2);

  auto results = wait_results(*r, 3);
  REQUIRE(results.size() == 3);
  for (const auto& res : results) {
    if (res.ticket == t1) {
      REQUIRE(res.status.is_ok());
      REQUIRE_FALSE(res.addresses.empty());
      CHECK(res.addresses[0].ip_string() == "127.0.0.1");
      CHECK(res.addresses[0].port() == 8080);
    } else if (res.ticket == t2) {
      REQUIRE(res.status.is_ok());
      CHECK(res.addresses.size() == 1);
      CHECK(res.addresses[0].port() == 81);
    } else {
      CHECK(res.ticket == t3);
      CHECK(res.status.code == CURLE_COULDNT_RESOLVE_HOST);
      CHECK(res.addresses.empty());
    }
  }
}

TEST_CASE("pool literal answers need no thread", "[transport][resolver]") {
  ThreadPoolResolver r(4);
  r.submit("10.1.2.3", 1, CURL_IPRESOLVE_WHATEVER);
  CHECK(r.thread_count() == 0);
  auto results = wait_results(r, 1);
  REQUIRE(results.size() == 1);
  CHECK(results[0].addresses[0].ip_string() == "10.1.2.3");
}

TEST_CASE("pool never runs more than max_threads lookups", "[transport][resolver]") {
  Gate gate;
  ThreadPoolResolver r(3, 30s, gate.fn());
  CHECK(r.thread_count() == 0);  // lazily started
  for (int i = 0; i < 10; ++i) r.submit("host" + std::to_string(i), 80, 0);
  REQUIRE(gate.wait_inside(3));
  std::this_thread::sleep_for(50ms);  // give a fourth thread the chance to misbehave
  CHECK(r.thread_count() == 3);
  CHECK(r.queued() == 7);
  gate.release();
  auto results = wait_results(r, 10);
  CHECK(results.size() == 10);
  CHECK(gate.most_inside == 3);
  CHECK(r.thread_count() <= 3);
}

TEST_CASE("pool cancel drops queued, running and finished results", "[transport][resolver]") {
  Gate gate;
  ThreadPoolResolver r(1, 30s, gate.fn());
  std::uint64_t running = r.submit("a", 80, 0);
  std::uint64_t queued = r.submit("b", 80, 0);
  std::uint64_t kept = r.submit("c", 80, 0);
  REQUIRE(gate.wait_inside(1));
  r.cancel(running);
  r.cancel(queued);
  std::uint64_t literal = r.submit("127.0.0.1", 80, 0);
  r.cancel(literal);  // already finished, not yet collected
  gate.release();
  auto results = wait_results(r, 1);
  std::this_thread::sleep_for(50ms);
  r.collect(results);
  REQUIRE(results.size() == 1);
  CHECK(results[0].ticket == kept);
  CHECK(gate.calls == 2);  // the queued lookup never ran
}

TEST_CASE("pool reports failed lookups as COULDNT_RESOLVE_HOST", "[transport][resolver]") {
  Gate gate;
  gate.release();
  ThreadPoolResolver r(2, 30s, gate.fn());
  r.submit("bad", 80, 0);
  auto results = wait_results(r, 1);
  REQUIRE(results.size() == 1);
  CHECK(results[0].status.code == CURLE_COULDNT_RESOLVE_HOST);
  CHECK(std::string(results[0].status.reason) == kResolveFailedReason);
}

TEST_CASE("idle pool threads exit and the pool restarts them", "[transport][resolver]") {
  Gate gate;
  gate.release();
  ThreadPoolResolver r(2, 50ms, gate.fn());
  r.submit("x", 80, 0);
  r.submit("y", 80, 0);
  CHECK(wait_results(r, 2).size() == 2);
  for (int i = 0; i < 200 && r.thread_count() > 0; ++i) std::this_thread::sleep_for(10ms);
  CHECK(r.thread_count() == 0);
  r.submit("z", 80, 0);
  CHECK(wait_results(r, 1).size() == 1);
}

TEST_CASE("pool destruction joins threads blocked in a lookup", "[transport][resolver]") {
  Gate gate;
  std::thread opener;
  {
    ThreadPoolResolver r(2, 30s, gate.fn());
    r.submit("a", 80, 0);
    r.submit("b", 80, 0);
    r.submit("c", 80, 0);
    REQUIRE(gate.wait_inside(2));
    opener = std::thread([&] {
      std::this_thread::sleep_for(50ms);
      gate.release();
    });
  }  // returns once both lookups finished; the queued one is dropped
  opener.join();
  std::lock_guard lock(gate.mu);
  CHECK(gate.inside == 0);
  CHECK(gate.calls == 2);
}

TEST_CASE("pool destruction does not wait for a lookup marked dont_wait_for", "[transport][resolver]") {
  // CURLOPT_QUICK_EXIT: the lookup stays blocked until after the pool is gone. Static, as
  // the detached thread still leaves the gate after the destructor returned.
  static Gate gate;
  {
    ThreadPoolResolver r(2, 30s, gate.fn());
    const std::uint64_t t = r.submit("slow", 80, 0);
    REQUIRE(gate.wait_inside(1));
    r.dont_wait_for(t);
  }  // would block for the gate's 5 s without dont_wait_for
  {
    std::lock_guard lock(gate.mu);
    CHECK(gate.inside == 1);
  }
  gate.release();
  std::unique_lock lock(gate.mu);
  CHECK(gate.cv.wait_for(lock, 5s, [&] { return gate.inside == 0; }));
}

// Runs only where every nameserver is 127.0.0.1 (e.g. under unshare with a bind-mounted
// resolv.conf, see run_netns.sh), so the failing lookup can never leave the machine.
TEST_CASE("pool fails a name nobody knows", "[transport][resolver][netns]") {
  std::ifstream rc("/etc/resolv.conf");
  std::string line;
  bool local_only = true;
  bool any = false;
  while (std::getline(rc, line)) {
    std::istringstream words(line);
    std::string key, value;
    words >> key >> value;
    if (key != "nameserver") continue;
    any = true;
    if (value != "127.0.0.1") local_only = false;
  }
  if (!any || !local_only) {
    WARN("skipped: /etc/resolv.conf points beyond 127.0.0.1");
    return;
  }
  auto r = make_thread_pool_resolver(1);
  std::uint64_t t = r->submit("no-such-host.invalid", 80, CURL_IPRESOLVE_WHATEVER);
  auto results = wait_results(*r, 1);
  REQUIRE(results.size() == 1);
  CHECK(results[0].ticket == t);
  CHECK(results[0].status.code == CURLE_COULDNT_RESOLVE_HOST);
}

TEST_CASE("fake resolver scripts answers, failures and delays", "[transport][resolver][fake]") {
  FakeResolver f;
  TimePoint t0{};
  f.set_now(t0);
  f.add_answer_literals("both.test", {"::1", "127.0.0.1"});
  f.add_answer_literals("slow.test", {"127.0.0.1"}, 100ms);
  f.add_answer_literals("held.test", {"127.0.0.1"}, Duration::max());
  f.add_failure("bad.test");

  std::uint64_t both = f.submit("both.test", 443, CURL_IPRESOLVE_WHATEVER);
  std::uint64_t v4 = f.submit("both.test", 443, CURL_IPRESOLVE_V4);
  std::uint64_t bad = f.submit("bad.test", 80, 0);
  std::uint64_t unknown = f.submit("unknown.test", 80, 0);
  std::uint64_t slow = f.submit("slow.test", 80, 0);
  std::uint64_t held = f.submit("held.test", 80, 0);
  CHECK(f.pending() == 2);
  CHECK(f.ready() == 4);

  pollfd p{f.notify_fd(), POLLIN, 0};
  CHECK(::poll(&p, 1, 0) == 1);
  std::vector<ResolveResult> out;
  f.collect(out);
  CHECK(::poll(&p, 1, 0) == 0);  // drained
  REQUIRE(out.size() == 4);
  CHECK(out[0].ticket == both);
  REQUIRE(out[0].addresses.size() == 2);
  CHECK(out[0].addresses[0].ip_string() == "::1");
  CHECK(out[0].addresses[0].port() == 443);
  CHECK(out[1].ticket == v4);
  REQUIRE(out[1].addresses.size() == 1);
  CHECK(out[1].addresses[0].ip_string() == "127.0.0.1");
  CHECK(out[2].ticket == bad);
  CHECK(out[2].status.code == CURLE_COULDNT_RESOLVE_HOST);
  CHECK(out[3].ticket == unknown);
  CHECK(out[3].status.code == CURLE_COULDNT_RESOLVE_HOST);

  CHECK(f.next_due() == t0 + 100ms);
  CHECK(f.complete_due(t0 + 99ms) == 0);
  CHECK(f.complete_due(t0 + 100ms) == 1);
  out.clear();
  f.collect(out);
  REQUIRE(out.size() == 1);
  CHECK(out[0].ticket == slow);

  CHECK(f.complete_due(t0 + 1000s) == 0);
  CHECK(f.complete(held));
  f.cancel(f.submit("held.test", 80, 0));
  CHECK(f.cancelled() == 1);
  out.clear();
  f.collect(out);
  REQUIRE(out.size() == 1);
  CHECK(out[0].ticket == held);
  CHECK(f.submitted() == 7);
}
