// Callback userdata as the application set it: a NULL WRITEDATA reaches the write callback as NULL.
#include <catch2/catch.hpp>

#include "engine_harness.h"
#include "loopback_server.h"

using namespace xfer;
using namespace xfer::enginetest;
using xfer::test::LoopbackServer;

namespace {

struct Seen {
  void* write_ud = reinterpret_cast<void*>(1);
  int calls = 0;
};
Seen seen;

std::size_t remember_userdata(char*, std::size_t size, std::size_t n, void* ud) {
  seen.write_ud = ud;
  ++seen.calls;
  return size * n;
}

}  // namespace

// ENGINE BUG (reported to the lead): Transfer::deliver_body substitutes stdout when
// WRITEDATA is NULL. libcurl 7.88 only defaults WRITEDATA to stdout; an explicit NULL is
// passed through unchanged (checked against Debian's libcurl).
TEST_CASE("an explicit NULL WRITEDATA reaches the write callback as NULL", "[engine][userdata]") {
  LoopbackServer server;
  REQUIRE(server.ok());
  server.handler([](const test::Request&) -> test::Reply { return {test::http_response(200, "body")}; });
  EngineHarness h;
  EasyPtr e = make_easy(server.url("/"));
  curl_easy_setopt(e.get(), CURLOPT_WRITEFUNCTION, remember_userdata);
  curl_easy_setopt(e.get(), CURLOPT_WRITEDATA, static_cast<void*>(nullptr));
  seen = Seen{};
  REQUIRE(h.add(e.get()) == CURLM_OK);
  REQUIRE(h.pump_until_finished(1));
  CHECK(h.finished[0].result == CURLE_OK);
  REQUIRE(seen.calls > 0);
  CHECK(seen.write_ud == nullptr);
}
