// Pending queues: host and total connection caps, FIFO wake-up, running counts and removal.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <vector>

#include "engine_harness.h"
#include "loopback_server.h"

using namespace xfer;
using namespace xfer::enginetest;
using xfer::test::LoopbackServer;

namespace {

// "/N" is answered after N * step of real time, so later transfers finish later.
void answer_in_path_order(LoopbackServer& server, Duration step) {
  server.handler([step](const test::Request& r) -> test::Reply {
    const int n = std::atoi(r.target.c_str() + 1);
    return {test::Sleep{step * n}, test::http_response(200, r.target)};
  });
}

std::vector<EasyPtr> add_many(EngineHarness& h, LoopbackServer& server, int count) {
  std::vector<EasyPtr> easies;
  for (int i = 0; i < count; ++i) {
    easies.push_back(make_easy(server.url("/" + std::to_string(i))));
    REQUIRE(h.add(easies.back().get()) == CURLM_OK);
  }
  return easies;
}

int count_pending(const std::vector<EasyPtr>& easies) {
  int n = 0;
  for (const EasyPtr& e : easies)
    if (e && is_pending(e.get())) ++n;
  return n;
}

}  // namespace

TEST_CASE("MAX_HOST_CONNECTIONS=2: six transfers over two connections in FIFO order", "[engine][pending]") {
  LoopbackServer server;
  REQUIRE(server.ok());
  answer_in_path_order(server, milliseconds(40));
  EngineHarness h;
  REQUIRE(curl_multi_setopt(h.cm(), CURLMOPT_MAX_HOST_CONNECTIONS, 2L) == CURLM_OK);
  std::vector<EasyPtr> easies = add_many(h, server, 6);

  h.perform();
  CHECK(h.running == 6);  // queued transfers count as running, as in libcurl
  CHECK(h.multi.pool().open_count() == 2);
  CHECK_FALSE(is_pending(easies[0].get()));
  CHECK_FALSE(is_pending(easies[1].get()));
  for (int i = 2; i < 6; ++i) CHECK(is_pending(easies[i].get()));

  std::size_t max_open = 0;
  std::vector<int> admitted;  // indexes in the order they left the queue
  const bool all_done = h.pump_until(
      [&] {
        max_open = std::max(max_open, h.multi.pool().open_count());
        for (int i = 2; i < 6; ++i) {
          if (!is_pending(easies[i].get()) &&
              std::find(admitted.begin(), admitted.end(), i) == admitted.end())
            admitted.push_back(i);
        }
        return h.finished.size() == 6;
      },
      milliseconds(3000));
  REQUIRE(all_done);
  CHECK(max_open <= 2);
  CHECK(server.connection_count() == 2);
  CHECK(admitted == std::vector<int>{2, 3, 4, 5});
  for (int i = 0; i < 6; ++i) {
    CHECK(h.finished[i].easy == easies[i].get());
    CHECK(h.finished[i].result == CURLE_OK);
  }
}

TEST_CASE("removing a pending transfer frees nothing and wakes nobody", "[engine][pending]") {
  LoopbackServer server;
  REQUIRE(server.ok());
  server.script({test::ReadRequest{}, test::Hang{}});
  EngineHarness h;
  REQUIRE(curl_multi_setopt(h.cm(), CURLMOPT_MAX_HOST_CONNECTIONS, 2L) == CURLM_OK);
  std::vector<EasyPtr> easies = add_many(h, server, 6);
  REQUIRE(h.pump_until([&] { return server.request_count() == 2; }));
  CHECK(h.running == 6);
  CHECK(count_pending(easies) == 4);

  CHECK(h.remove(easies[4].get()) == CURLM_OK);
  CHECK(h.multi.pool().open_count() == 2);
  CHECK(count_pending(easies) == 3);
  for (int i : {2, 3, 5}) CHECK(is_pending(easies[i].get()));
  h.pump_until([] { return false; }, milliseconds(50));
  CHECK(h.running == 5);
  CHECK(h.multi.pool().open_count() == 2);
  CHECK(server.connection_count() == 2);
  CHECK(h.finished.empty());
  easies[4].reset();

  SECTION("removing an active transfer frees its slot for exactly one pending transfer") {
    CHECK(h.remove(easies[0].get()) == CURLM_OK);
    CHECK_FALSE(is_pending(easies[2].get()));
    CHECK(is_pending(easies[3].get()));
    CHECK(is_pending(easies[5].get()));
    REQUIRE(h.pump_until([&] { return server.request_count() == 3; }));
    CHECK(h.multi.pool().open_count() == 2);
    CHECK(h.running == 4);
    CHECK(count_pending(easies) == 2);
  }
}

TEST_CASE("a connection closed by the server wakes exactly one pending transfer", "[engine][pending]") {
  LoopbackServer server;
  REQUIRE(server.ok());
  server.scripts({
      {test::ReadRequest{}, test::http_response(200, "bye", {"Connection: close"}), test::Close{}},
      {test::ReadRequest{}, test::Hang{}},
  });
  EngineHarness h;
  REQUIRE(curl_multi_setopt(h.cm(), CURLMOPT_MAX_HOST_CONNECTIONS, 2L) == CURLM_OK);
  std::vector<EasyPtr> easies = add_many(h, server, 6);
  REQUIRE(h.pump_until([&] { return h.finished.size() == 1 && server.request_count() == 3; }));
  CHECK(h.finished[0].result == CURLE_OK);
  CHECK(h.multi.pool().open_count() == 2);
  CHECK(count_pending(easies) == 3);
  // Nothing else frees a slot, so nothing else may start.
  h.pump_until([] { return false; }, milliseconds(50));
  CHECK(h.multi.pool().open_count() == 2);
  CHECK(count_pending(easies) == 3);
  CHECK(server.connection_count() == 3);
  CHECK(h.running == 5);
}

TEST_CASE("MAX_TOTAL_CONNECTIONS caps connections across two hosts", "[engine][pending]") {
  LoopbackServer a;
  LoopbackServer b;
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  answer_in_path_order(a, milliseconds(20));
  answer_in_path_order(b, milliseconds(20));
  EngineHarness h;
  REQUIRE(curl_multi_setopt(h.cm(), CURLMOPT_MAX_TOTAL_CONNECTIONS, 2L) == CURLM_OK);
  std::vector<EasyPtr> easies;
  for (int i = 0; i < 3; ++i) {
    easies.push_back(make_easy(a.url("/" + std::to_string(i))));
    REQUIRE(h.add(easies.back().get()) == CURLM_OK);
    easies.push_back(make_easy(b.url("/" + std::to_string(i))));
    REQUIRE(h.add(easies.back().get()) == CURLM_OK);
  }
  h.perform();
  CHECK(h.running == 6);
  CHECK(h.multi.pool().open_count() == 2);
  CHECK(count_pending(easies) == 4);
  for (int i = 2; i < 6; ++i) CHECK(transfer_of(easies[i].get())->pending_total_);

  std::size_t max_open = 0;
  REQUIRE(h.pump_until(
      [&] {
        max_open = std::max(max_open, h.multi.pool().open_count());
        return h.finished.size() == 6;
      },
      milliseconds(3000)));
  CHECK(max_open <= 2);
  for (const Finished& f : h.finished) CHECK(f.result == CURLE_OK);
  CHECK(a.request_count() == 3);
  CHECK(b.request_count() == 3);
}
