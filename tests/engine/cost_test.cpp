// The cost invariant, checked functionally: a pass with nothing ready runs no transfer at all.
#include <catch2/catch.hpp>

#include <vector>

#include "engine_harness.h"
#include "loopback_server.h"

using namespace xfer;
using namespace xfer::enginetest;
using xfer::test::LoopbackServer;

namespace {

// Every run of a transfer with NOPROGRESS 0 ends in one progress call, so this counts runs.
int count_progress(void* ud, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  ++*static_cast<long*>(ud);
  return 0;
}

}  // namespace

TEST_CASE("1000 parked transfers: a pass with nothing ready runs none of them", "[engine][cost]") {
  constexpr int kTransfers = 1000;
  LoopbackServer server;
  REQUIRE(server.ok());
  server.script({test::ReadRequest{}, test::Hang{}});
  EngineHarness h;
  long runs = 0;
  std::vector<EasyPtr> easies;
  easies.reserve(kTransfers);
  for (int i = 0; i < kTransfers; ++i) {
    easies.push_back(make_easy(server.url("/parked")));
    CURL* e = easies.back().get();
    curl_easy_setopt(e, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(e, CURLOPT_XFERINFOFUNCTION, count_progress);
    curl_easy_setopt(e, CURLOPT_XFERINFODATA, static_cast<void*>(&runs));
    REQUIRE(h.add(e) == CURLM_OK);
  }
  // Setting up a thousand loopback connections takes longer than the other tests' 2 s.
  REQUIRE(h.pump_until([&] { return server.request_count() == kTransfers; }, milliseconds(10000)));
  CHECK(h.running == kTransfers);
  CHECK(h.finished.empty());
  CHECK(runs > 0);

  runs = 0;
  for (int i = 0; i < 100; ++i) h.perform();
  CHECK(runs == 0);
  int numfds = -1;
  CHECK(h.multi.wait(nullptr, 0, 10, &numfds, false) == CURLM_OK);
  CHECK(numfds == 0);
  h.perform();
  CHECK(runs == 0);

  // Less than the 1 s progress interval: still no timer is due.
  h.clock.advance(milliseconds(999));
  h.perform();
  CHECK(runs == 0);

  // Positive control: once the progress timers are due, every transfer runs exactly once.
  h.clock.advance(milliseconds(2));
  h.perform();
  CHECK(runs == kTransfers);
  runs = 0;
  h.perform();
  CHECK(runs == 0);
  CHECK(h.running == kTransfers);
}
