// Deadlines on the fake clock: TIMEOUT, CONNECTTIMEOUT, LOW_SPEED and curl_multi_timeout.
#include <catch2/catch.hpp>

#include <memory>

#include "engine_harness.h"
#include "loopback_server.h"
#include "transport/fake_resolver.h"

using namespace xfer;
using namespace xfer::enginetest;
using xfer::test::LoopbackServer;

namespace {

// A server that takes the request and then never answers.
void script_hang(LoopbackServer& server) { server.script({test::ReadRequest{}, test::Hang{}}); }

}  // namespace

TEST_CASE("TIMEOUT_MS fires exactly when the fake clock reaches it", "[engine][timeout]") {
  LoopbackServer server;
  REQUIRE(server.ok());
  script_hang(server);
  EngineHarness h;
  EasyPtr e = make_easy(server.url("/hang"));
  curl_easy_setopt(e.get(), CURLOPT_TIMEOUT_MS, 500L);
  REQUIRE(h.add(e.get()) == CURLM_OK);
  REQUIRE(h.pump_until([&] { return server.request_count() == 1; }));
  h.perform();
  CHECK(h.running == 1);
  CHECK(h.timeout_ms() == 500);

  h.clock.advance(milliseconds(499));
  CHECK(h.timeout_ms() == 1);
  h.perform();
  CHECK(h.running == 1);
  CHECK(h.finished.empty());

  // Half a millisecond left still reports 1 ms: rounding down would make callers spin.
  h.clock.advance(microseconds(500));
  CHECK(h.timeout_ms() == 1);
  h.perform();
  CHECK(h.running == 1);
  CHECK(h.finished.empty());

  h.clock.advance(microseconds(500));
  CHECK(h.timeout_ms() == 0);
  h.perform();
  CHECK(h.running == 0);
  REQUIRE(h.finished.size() == 1);
  CHECK(h.finished[0].result == CURLE_OPERATION_TIMEDOUT);
  CHECK(h.timeout_ms() == -1);
}

TEST_CASE("a timer that is not due runs nothing however often perform is called", "[engine][timeout]") {
  LoopbackServer server;
  REQUIRE(server.ok());
  script_hang(server);
  EngineHarness h;
  EasyPtr e = make_easy(server.url("/hang"));
  curl_easy_setopt(e.get(), CURLOPT_TIMEOUT_MS, 200L);
  REQUIRE(h.add(e.get()) == CURLM_OK);
  REQUIRE(h.pump_until([&] { return server.request_count() == 1; }));
  // Real time passes while the fake clock stands still: the deadline must not move.
  for (int i = 0; i < 20; ++i) {
    h.multi.wait(nullptr, 0, 5, nullptr, true);
    h.perform();
  }
  CHECK(h.running == 1);
  CHECK(h.finished.empty());
  h.clock.advance(milliseconds(200));
  h.perform();
  REQUIRE(h.finished.size() == 1);
  CHECK(h.finished[0].result == CURLE_OPERATION_TIMEDOUT);
}

TEST_CASE("CONNECTTIMEOUT_MS covers a name lookup that never answers", "[engine][timeout]") {
  EngineHarness h;
  auto owned = std::make_unique<transport::FakeResolver>();
  transport::FakeResolver* resolver = owned.get();
  resolver->set_now(h.clock.now());
  resolver->add_answer_literals("never.test", {"127.0.0.1"}, Duration::max());
  h.multi.set_resolver(std::move(owned));

  EasyPtr e = make_easy("http://never.test:9/");
  curl_easy_setopt(e.get(), CURLOPT_CONNECTTIMEOUT_MS, 300L);
  REQUIRE(h.add(e.get()) == CURLM_OK);
  h.perform();
  CHECK(resolver->submitted() == 1);
  CHECK(resolver->pending() == 1);
  CHECK(h.running == 1);
  CHECK(h.timeout_ms() == 300);

  h.clock.advance(milliseconds(299));
  h.perform();
  CHECK(h.running == 1);
  CHECK(h.finished.empty());

  h.clock.advance(milliseconds(1));
  h.perform();
  CHECK(h.running == 0);
  REQUIRE(h.finished.size() == 1);
  CHECK(h.finished[0].result == CURLE_OPERATION_TIMEDOUT);
  // The abandoned lookup is given back to the resolver.
  CHECK(resolver->cancelled() == 1);
}

TEST_CASE("CONNECTTIMEOUT does not limit a transfer that is already connected", "[engine][timeout]") {
  LoopbackServer server;
  REQUIRE(server.ok());
  script_hang(server);
  EngineHarness h;
  EasyPtr e = make_easy(server.url("/hang"));
  curl_easy_setopt(e.get(), CURLOPT_CONNECTTIMEOUT_MS, 100L);
  REQUIRE(h.add(e.get()) == CURLM_OK);
  REQUIRE(h.pump_until([&] { return server.request_count() == 1; }));
  h.clock.advance(milliseconds(1000));
  h.perform();
  CHECK(h.running == 1);
  CHECK(h.finished.empty());
}

TEST_CASE("LOW_SPEED_LIMIT/TIME end a transfer that drips", "[engine][timeout]") {
  LoopbackServer server;
  REQUIRE(server.ok());
  test::Body drip;
  drip.use_pattern = true;
  drip.pattern_size = 100000;
  drip.drip = milliseconds(10);
  drip.drip_size = 1;
  server.script({test::ReadRequest{},
                 test::Send{"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n"}, drip});
  EngineHarness h;
  std::string body;
  EasyPtr e = make_easy(server.url("/drip"), &body);
  curl_easy_setopt(e.get(), CURLOPT_LOW_SPEED_LIMIT, 1000L);
  curl_easy_setopt(e.get(), CURLOPT_LOW_SPEED_TIME, 3L);
  REQUIRE(h.add(e.get()) == CURLM_OK);
  REQUIRE(h.pump_until([&] { return !body.empty(); }));

  // One fake second per round, with some real time for a few dripped bytes between.
  int seconds_survived = 0;
  for (int s = 1; s <= 6 && h.finished.empty(); ++s) {
    h.pump_until([] { return false; }, milliseconds(30));
    h.clock.advance(milliseconds(1000));
    h.perform();
    if (h.finished.empty()) seconds_survived = s;
  }
  REQUIRE(h.finished.size() == 1);
  CHECK(h.finished[0].result == CURLE_OPERATION_TIMEDOUT);
  // Below the limit for LOW_SPEED_TIME seconds, not earlier, and not much later.
  CHECK(seconds_survived >= 2);
  CHECK(seconds_survived <= 4);
  CHECK(body.size() < 100000);
}

TEST_CASE("LOW_SPEED_LIMIT leaves a fast transfer alone", "[engine][timeout]") {
  LoopbackServer server;
  REQUIRE(server.ok());
  server.script({test::ReadRequest{}, test::http_response(200, std::string(50000, 'x'))});
  EngineHarness h;
  std::string body;
  EasyPtr e = make_easy(server.url("/fast"), &body);
  curl_easy_setopt(e.get(), CURLOPT_LOW_SPEED_LIMIT, 1000L);
  curl_easy_setopt(e.get(), CURLOPT_LOW_SPEED_TIME, 1L);
  REQUIRE(h.add(e.get()) == CURLM_OK);
  REQUIRE(h.pump_until_finished(1));
  CHECK(h.finished[0].result == CURLE_OK);
  CHECK(body.size() == 50000);
}

TEST_CASE("curl_multi_timeout is -1 when idle and 0 after an add and then the next deadline", "[engine][timeout]") {
  EngineHarness h;
  CHECK(h.timeout_ms() == -1);

  auto owned = std::make_unique<transport::FakeResolver>();
  transport::FakeResolver* resolver = owned.get();
  resolver->set_now(h.clock.now());
  resolver->add_answer_literals("slow.test", {"127.0.0.1"}, Duration::max());
  h.multi.set_resolver(std::move(owned));

  EasyPtr e = make_easy("http://slow.test:9/");
  curl_easy_setopt(e.get(), CURLOPT_TIMEOUT_MS, 2500L);
  REQUIRE(h.add(e.get()) == CURLM_OK);
  CHECK(h.timeout_ms() == 0);
  h.perform();
  // The nearest of TIMEOUT (2.5 s) and the default connect timeout (300 s).
  CHECK(h.timeout_ms() == 2500);
  h.clock.advance(microseconds(1));
  CHECK(h.timeout_ms() == 2500);  // 2499.999 ms, rounded up
  h.clock.advance(milliseconds(1500));
  CHECK(h.timeout_ms() == 1000);

  CHECK(h.remove(e.get()) == CURLM_OK);
  CHECK(h.timeout_ms() == -1);
}
