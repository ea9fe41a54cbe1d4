// Name resolution through the engine: scripted delays and failures, the DNS cache, CURLOPT_RESOLVE.
#include <catch2/catch.hpp>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>

#include "engine_harness.h"
#include "loopback_server.h"
#include "transport/fake_resolver.h"
#include "transport/resolver.h"

using namespace xfer;
using namespace xfer::enginetest;
using xfer::test::LoopbackServer;

namespace {

// Installs a FakeResolver on h's engine; the engine owns it, the test keeps a pointer.
transport::FakeResolver& fake_resolver(EngineHarness& h) {
  auto owned = std::make_unique<transport::FakeResolver>();
  transport::FakeResolver& ref = *owned;
  ref.set_now(h.clock.now());
  h.multi.set_resolver(std::move(owned));
  return ref;
}

std::string named_url(const LoopbackServer& server, const std::string& host) {
  return "http://" + host + ":" + std::to_string(server.port()) + "/";
}

}  // namespace

TEST_CASE("a lookup answered after a delay lets the transfer proceed", "[engine][resolver]") {
  LoopbackServer server;
  REQUIRE(server.ok());
  server.handler([](const test::Request&) -> test::Reply { return {test::http_response(200, "ok")}; });
  EngineHarness h;
  transport::FakeResolver& resolver = fake_resolver(h);
  resolver.add_answer_literals("delayed.test", {"127.0.0.1"}, milliseconds(200));

  EasyPtr e = make_easy(named_url(server, "delayed.test"));
  REQUIRE(h.add(e.get()) == CURLM_OK);
  h.perform();
  CHECK(resolver.submitted() == 1);
  CHECK(transfer_of(e.get())->state() == TransferState::kResolving);

  h.clock.advance(milliseconds(199));
  CHECK(resolver.complete_due(h.clock.now()) == 0);
  h.pump_until([] { return false; }, milliseconds(20));
  CHECK(transfer_of(e.get())->state() == TransferState::kResolving);
  CHECK(server.connection_count() == 0);

  h.clock.advance(milliseconds(1));
  CHECK(resolver.complete_due(h.clock.now()) == 1);
  REQUIRE(h.pump_until_finished(1));
  CHECK(h.finished[0].result == CURLE_OK);
  CHECK(server.request_count() == 1);
  CHECK(server.requests()[0].find("Host: delayed.test:") != std::string::npos);
}

TEST_CASE("a failed lookup ends the transfer with COULDNT_RESOLVE_HOST", "[engine][resolver]") {
  EngineHarness h;
  transport::FakeResolver& resolver = fake_resolver(h);
  const bool delayed = GENERATE(false, true);
  CAPTURE(delayed);
  resolver.add_failure("nowhere.test", delayed ? milliseconds(50) : Duration::zero());
  EasyPtr e = make_easy("http://nowhere.test:9/");
  REQUIRE(h.add(e.get()) == CURLM_OK);
  h.perform();
  if (delayed) {
    h.clock.advance(milliseconds(50));
    resolver.complete_due(h.clock.now());
  }
  REQUIRE(h.pump_until_finished(1));
  CHECK(h.finished[0].result == CURLE_COULDNT_RESOLVE_HOST);
  CHECK(resolver.submitted() == 1);
}

TEST_CASE("the DNS cache answers a second lookup until DNS_CACHE_TIMEOUT passes", "[engine][resolver]") {
  LoopbackServer server;
  REQUIRE(server.ok());
  server.handler([](const test::Request&) -> test::Reply { return {test::http_response(200, "ok")}; });
  EngineHarness h;
  transport::FakeResolver& resolver = fake_resolver(h);
  resolver.add_answer_literals("cached.test", {"127.0.0.1"});
  EasyPtr e = make_easy(named_url(server, "cached.test"));
  curl_easy_setopt(e.get(), CURLOPT_DNS_CACHE_TIMEOUT, 60L);
  // No connection survives a transfer, so every transfer has to find an address again.
  curl_easy_setopt(e.get(), CURLOPT_FORBID_REUSE, 1L);

  auto run = [&] {
    const std::size_t before = h.finished.size();
    REQUIRE(h.add(e.get()) == CURLM_OK);
    REQUIRE(h.pump_until([&] { return h.finished.size() > before; }));
    CHECK(h.finished.back().result == CURLE_OK);
    CHECK(h.remove(e.get()) == CURLM_OK);
  };
  run();
  CHECK(resolver.submitted() == 1);
  h.clock.advance(std::chrono::seconds(30));
  run();
  CHECK(resolver.submitted() == 1);
  h.clock.advance(std::chrono::seconds(31));
  resolver.set_now(h.clock.now());
  run();
  CHECK(resolver.submitted() == 2);
  CHECK(server.connection_count() == 3);
}

TEST_CASE("CURLOPT_RESOLVE entries skip the resolver", "[engine][resolver]") {
  LoopbackServer server;
  REQUIRE(server.ok());
  server.handler([](const test::Request&) -> test::Reply { return {test::http_response(200, "ok")}; });
  EngineHarness h;
  transport::FakeResolver& resolver = fake_resolver(h);
  EasyPtr e = make_easy(named_url(server, "pinned.test"));
  const std::string entry = "pinned.test:" + std::to_string(server.port()) + ":127.0.0.1";
  curl_slist* list = curl_slist_append(nullptr, entry.c_str());
  curl_easy_setopt(e.get(), CURLOPT_RESOLVE, list);
  REQUIRE(h.add(e.get()) == CURLM_OK);
  REQUIRE(h.pump_until_finished(1));
  CHECK(h.finished[0].result == CURLE_OK);
  CHECK(resolver.submitted() == 0);
  CHECK(server.request_count() == 1);
  curl_easy_setopt(e.get(), CURLOPT_RESOLVE, static_cast<curl_slist*>(nullptr));
  curl_slist_free_all(list);
}

TEST_CASE("IP literals skip the resolver", "[engine][resolver]") {
  LoopbackServer server;
  REQUIRE(server.ok());
  server.handler([](const test::Request&) -> test::Reply { return {test::http_response(200, "ok")}; });
  EngineHarness h;
  transport::FakeResolver& resolver = fake_resolver(h);
  EasyPtr e = make_easy(server.url("/"));
  REQUIRE(h.add(e.get()) == CURLM_OK);
  REQUIRE(h.pump_until_finished(1));
  CHECK(h.finished[0].result == CURLE_OK);
  CHECK(resolver.submitted() == 0);
}

namespace {

// A lookup held until the test lets it go (CURLOPT_QUICK_EXIT's case: a slow DNS server).
struct HeldLookup {
  std::mutex mu;
  std::condition_variable cv;
  bool released = false;
  int inside = 0;

  transport::LookupFunction fn() {
    return [this](const std::string&, std::uint16_t, long, std::vector<transport::Address>&) {
      std::unique_lock lock(mu);
      ++inside;
      cv.notify_all();
      cv.wait_for(lock, std::chrono::seconds(5), [&] { return released; });
      --inside;
      cv.notify_all();
      return Status::fail(CURLE_COULDNT_RESOLVE_HOST, transport::kResolveFailedReason);
    };
  }
};

}  // namespace

TEST_CASE("QUICK_EXIT: multi cleanup does not wait for a lookup in progress", "[engine][resolver]") {
  static HeldLookup held;  // outlives the detached pool thread
  CURLM* cm = curl_multi_init();
  static_cast<Curl_multi*>(cm)->set_resolver(
      std::make_unique<transport::ThreadPoolResolver>(1, std::chrono::seconds(30), held.fn()));
  CURL* e = curl_easy_init();
  curl_easy_setopt(e, CURLOPT_URL, "http://held.test:9/");
  curl_easy_setopt(e, CURLOPT_QUICK_EXIT, 1L);
  REQUIRE(curl_multi_add_handle(cm, e) == CURLM_OK);
  int running = 0;
  curl_multi_perform(cm, &running);
  {
    std::unique_lock lock(held.mu);
    REQUIRE(held.cv.wait_for(lock, std::chrono::seconds(5), [] { return held.inside == 1; }));
  }
  curl_multi_remove_handle(cm, e);
  curl_multi_cleanup(cm);  // would wait out the held lookup (5 s) without QUICK_EXIT
  curl_easy_cleanup(e);
  std::unique_lock lock(held.mu);
  CHECK(held.inside == 1);
  held.released = true;
  held.cv.notify_all();
  CHECK(held.cv.wait_for(lock, std::chrono::seconds(5), [] { return held.inside == 0; }));
}
