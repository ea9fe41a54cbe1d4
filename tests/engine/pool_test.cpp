// Connection pool: keep-alive reuse, MAXCONNECTS eviction, dead idle connections, silent retry, TLS buffers.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "engine_harness.h"
#include "loopback_server.h"

using namespace xfer;
using namespace xfer::enginetest;
using xfer::test::LoopbackServer;

namespace {

void answer_ok(LoopbackServer& server) {
  server.handler([](const test::Request&) -> test::Reply { return {test::http_response(200, "ok")}; });
}

// Adds e, pumps until it finishes, removes it; returns its result.
CURLcode run_one(EngineHarness& h, CURL* e) {
  const std::size_t before = h.finished.size();
  if (h.add(e) != CURLM_OK) return CURL_LAST;
  const bool done = h.pump_until([&] { return h.finished.size() > before; });
  const CURLcode rc = done ? h.finished.back().result : CURL_LAST;
  h.remove(e);
  return rc;
}

long connects_of(CURL* e) {
  long n = -1;
  curl_easy_getinfo(e, CURLINFO_NUM_CONNECTS, &n);
  return n;
}

}  // namespace

TEST_CASE("keep-alive: five sequential transfers on one easy share one connection", "[engine][pool]") {
  LoopbackServer server;
  REQUIRE(server.ok());
  answer_ok(server);
  EngineHarness h;
  EasyPtr e = make_easy(server.url("/again"));
  for (int i = 0; i < 5; ++i) {
    CHECK(run_one(h, e.get()) == CURLE_OK);
    CHECK(connects_of(e.get()) == (i == 0 ? 1 : 0));
    CHECK(h.multi.pool().idle_count() == 1);
  }
  CHECK(server.connection_count() == 1);
  CHECK(server.request_count() == 5);
}

TEST_CASE("keep-alive: five different easies share one connection", "[engine][pool]") {
  LoopbackServer server;
  REQUIRE(server.ok());
  answer_ok(server);
  EngineHarness h;
  std::vector<EasyPtr> easies;
  for (int i = 0; i < 5; ++i) {
    easies.push_back(make_easy(server.url("/e" + std::to_string(i))));
    CHECK(run_one(h, easies.back().get()) == CURLE_OK);
    CHECK(connects_of(easies.back().get()) == (i == 0 ? 1 : 0));
  }
  CHECK(server.connection_count() == 1);
  CHECK(server.request_count() == 5);
  CHECK(h.multi.pool().open_count() == 1);
}

TEST_CASE("MAXCONNECTS evicts the longest-idle connection", "[engine][pool]") {
  LoopbackServer a;
  LoopbackServer b;
  LoopbackServer c;
  REQUIRE((a.ok() && b.ok() && c.ok()));
  answer_ok(a);
  answer_ok(b);
  answer_ok(c);
  EngineHarness h;
  REQUIRE(curl_multi_setopt(h.cm(), CURLMOPT_MAXCONNECTS, 2L) == CURLM_OK);
  EasyPtr ea = make_easy(a.url("/"));
  EasyPtr eb = make_easy(b.url("/"));
  EasyPtr ec = make_easy(c.url("/"));
  CHECK(run_one(h, ea.get()) == CURLE_OK);
  h.clock.advance(milliseconds(10));
  CHECK(run_one(h, eb.get()) == CURLE_OK);
  CHECK(h.multi.pool().idle_count() == 2);
  h.clock.advance(milliseconds(10));
  CHECK(run_one(h, ec.get()) == CURLE_OK);
  // Three idle connections do not fit in two: a's, idle longest, goes.
  CHECK(h.multi.pool().idle_count() == 2);
  CHECK(h.multi.pool().open_count() == 2);

  CHECK(run_one(h, eb.get()) == CURLE_OK);
  CHECK(b.connection_count() == 1);
  CHECK(run_one(h, ea.get()) == CURLE_OK);
  CHECK(a.connection_count() == 2);
  CHECK(connects_of(ea.get()) == 1);
}

TEST_CASE("an idle connection the server closes leaves the pool at the next perform", "[engine][pool]") {
  LoopbackServer server;
  REQUIRE(server.ok());
  // The reply promises keep-alive; the server closes anyway once it is sent.
  server.scripts({
      {test::ReadRequest{}, test::http_response(200, "first"), test::Close{}},
      {test::ReadRequest{}, test::http_response(200, "second")},
  });
  EngineHarness h;
  EasyPtr e = make_easy(server.url("/"));
  CHECK(run_one(h, e.get()) == CURLE_OK);
  REQUIRE(h.pump_until([&] { return h.multi.pool().idle_count() == 0; }));
  CHECK(h.multi.pool().open_count() == 0);

  std::string body;
  curl_easy_setopt(e.get(), CURLOPT_WRITEDATA, static_cast<void*>(&body));
  CHECK(run_one(h, e.get()) == CURLE_OK);
  CHECK(body == "second");
  CHECK(connects_of(e.get()) == 1);
  CHECK(server.connection_count() == 2);
}

TEST_CASE("a reused connection that dies before the response is retried once", "[engine][pool]") {
  LoopbackServer server;
  REQUIRE(server.ok());
  const test::Script serve_then_drop = {test::ReadRequest{}, test::http_response(200, "one"),
                                        test::ReadRequest{}, test::Close{}};
  std::string body;
  EngineHarness h;
  EasyPtr e = make_easy(server.url("/"), &body);

  SECTION("the retry on a fresh connection succeeds silently") {
    server.scripts({serve_then_drop, {test::ReadRequest{}, test::http_response(200, "two")}});
    CHECK(run_one(h, e.get()) == CURLE_OK);
    body.clear();
    CHECK(run_one(h, e.get()) == CURLE_OK);
    CHECK(body == "two");
    CHECK(server.connection_count() == 2);
    CHECK(server.request_count() == 3);
  }
  SECTION("a second failure is reported") {
    server.scripts({serve_then_drop, {test::ReadRequest{}, test::Close{}}});
    CHECK(run_one(h, e.get()) == CURLE_OK);
    CHECK(run_one(h, e.get()) == CURLE_GOT_NOTHING);
    CHECK(server.connection_count() == 2);
    CHECK(server.request_count() == 3);
  }
  SECTION("a fresh connection that dies is not retried") {
    server.scripts({{test::ReadRequest{}, test::Close{}}});
    CHECK(run_one(h, e.get()) == CURLE_GOT_NOTHING);
    CHECK(server.connection_count() == 1);
  }
}

TEST_CASE("a TLS connection gives its record buffers back after a quiet second, and is reused after", "[engine][pool][tls]") {
  LoopbackServer::Options o;
  o.tls.emplace();
  o.tls->cert_file = std::string(XFER_TEST_CERTS_DIR) + "/server.pem";
  o.tls->key_file = std::string(XFER_TEST_CERTS_DIR) + "/server.key";
  LoopbackServer server(o);
  REQUIRE(server.ok());
  answer_ok(server);
  EngineHarness h;
  std::string body;
  EasyPtr e = make_easy(server.url("/"), &body);
  const std::string ca = std::string(XFER_TEST_CERTS_DIR) + "/ca.pem";
  REQUIRE(curl_easy_setopt(e.get(), CURLOPT_CAINFO, ca.c_str()) == CURLE_OK);

  CHECK(run_one(h, e.get()) == CURLE_OK);
  CHECK(body == "ok");
  // The idle connection keeps its buffers through a short pause...
  CHECK(h.multi.pool().tls_buffered_count() == 1);
  h.clock.advance(milliseconds(999));
  h.perform();
  CHECK(h.multi.pool().tls_buffered_count() == 1);
  // ...and frees them once it has been quiet for the grace period, staying in the pool.
  h.clock.advance(milliseconds(2));
  h.perform();
  CHECK(h.multi.pool().tls_buffered_count() == 0);
  CHECK(h.multi.pool().idle_count() == 1);

  // The next transfer reuses the connection; OpenSSL makes the buffers again.
  body.clear();
  CHECK(run_one(h, e.get()) == CURLE_OK);
  CHECK(body == "ok");
  CHECK(connects_of(e.get()) == 0);
  CHECK(server.connection_count() == 1);
  CHECK(h.multi.pool().tls_buffered_count() == 1);
}

TEST_CASE("per-host state goes with the host: destinations, DNS entries", "[engine][pool][hosts]") {
  // A program that visits many hosts once each must not keep something per host for the
  // engine's life (issue 20 finding 8: about 480 bytes a host did).
  LoopbackServer server;
  REQUIRE(server.ok());
  answer_ok(server);
  EngineHarness h;
  REQUIRE(curl_multi_setopt(h.cm(), CURLMOPT_MAXCONNECTS, 3L) == CURLM_OK);
  const std::string port = std::to_string(server.port());
  constexpr int kHosts = 40;
  for (int i = 0; i < kHosts; ++i) {
    const std::string host = "h" + std::to_string(i) + ".test";
    EasyPtr e = make_easy("http://" + host + ":" + port + "/");
    // "+": an entry that expires like a looked-up one (CURLOPT_DNS_CACHE_TIMEOUT, 60 s).
    curl_slist* resolve = curl_slist_append(nullptr, ("+" + host + ":" + port + ":127.0.0.1").c_str());
    curl_easy_setopt(e.get(), CURLOPT_RESOLVE, resolve);
    CHECK(run_one(h, e.get()) == CURLE_OK);
    e.reset();
    curl_slist_free_all(resolve);
    // What stays is what the connection cache holds: at most MAXCONNECTS destinations.
    CHECK(h.multi.pool().destination_count() <= 3);
  }
  CHECK(h.multi.dns().size() == static_cast<std::size_t>(kHosts));
  // Past the DNS cache timeout, the next lookup drops every stale entry, not only its own.
  h.clock.advance(std::chrono::seconds(61));
  EasyPtr last = make_easy("http://last.test:" + port + "/");
  curl_slist* resolve = curl_slist_append(nullptr, ("+last.test:" + port + ":127.0.0.1").c_str());
  curl_easy_setopt(last.get(), CURLOPT_RESOLVE, resolve);
  CHECK(run_one(h, last.get()) == CURLE_OK);
  curl_slist_free_all(resolve);
  CHECK(h.multi.dns().size() <= 1);
  // A handle that stays (kept for another run) holds its destination; once it goes, only
  // the idle connections' destinations remain.
  CHECK(h.multi.pool().destination_count() <= 3);
  last.reset();
  h.perform();
  CHECK(h.multi.pool().destination_count() <= 3);
}

TEST_CASE("a handle removed before its engine died gets a new transfer object in the next one", "[engine][pool]") {
  // The next engine often lives at the freed one's address: identity is a serial number.
  LoopbackServer server;
  REQUIRE(server.ok());
  answer_ok(server);
  EasyPtr e = make_easy(server.url("/"));
  const void* first_transfer = nullptr;
  for (int round = 0; round < 3; ++round) {
    CURLM* m = curl_multi_init();
    REQUIRE(m);
    REQUIRE(curl_multi_add_handle(m, e.get()) == CURLM_OK);
    int running = 1;
    for (int i = 0; i < 2000 && running; ++i) {
      curl_multi_perform(m, &running);
      if (running) curl_multi_poll(m, nullptr, 0, 5, nullptr);
    }
    CHECK(running == 0);
    int left = 0;
    CURLMsg* msg = curl_multi_info_read(m, &left);
    REQUIRE(msg);
    CHECK(msg->data.result == CURLE_OK);
    const void* now = transfer_of(e.get());
    if (round > 0) CHECK(now != first_transfer);
    first_transfer = now;
    CHECK(curl_multi_remove_handle(m, e.get()) == CURLM_OK);
    CHECK(curl_multi_cleanup(m) == CURLM_OK);
  }
  CHECK(curl_easy_perform(e.get()) == CURLE_OK);
}
