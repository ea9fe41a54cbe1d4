// Re-entrancy: multi calls from inside callbacks are refused; easy_cleanup there is harmless.
#include <catch2/catch.hpp>

#include <sys/select.h>

#include <vector>

#include "engine_harness.h"
#include "loopback_server.h"

using namespace xfer;
using namespace xfer::enginetest;
using xfer::test::LoopbackServer;

namespace {

struct Probe {
  CURLM* multi = nullptr;
  CURL* self = nullptr;
  CURL* stranger = nullptr;  // a handle never added anywhere
  bool ran = false;
  std::vector<CURLMcode> codes;
  bool info_read_null = false;
  bool cleanup_self = false;
  std::string body;
};

// Every multi entry point that libcurl 7.88 guards against re-entry.
void probe(Probe& p) {
  if (p.ran) return;
  p.ran = true;
  if (p.cleanup_self) {
    curl_easy_cleanup(p.self);
    return;
  }
  int running = 0;
  long ms = 0;
  int numfds = 0;
  fd_set r, w, x;
  FD_ZERO(&r);
  FD_ZERO(&w);
  FD_ZERO(&x);
  int max_fd = 0;
  p.codes = {
      curl_multi_perform(p.multi, &running),
      curl_multi_add_handle(p.multi, p.stranger),
      curl_multi_remove_handle(p.multi, p.self),
      curl_multi_timeout(p.multi, &ms),
      curl_multi_wait(p.multi, nullptr, 0, 0, &numfds),
      curl_multi_poll(p.multi, nullptr, 0, 0, &numfds),
      curl_multi_fdset(p.multi, &r, &w, &x, &max_fd),
      curl_multi_setopt(p.multi, CURLMOPT_MAXCONNECTS, 5L),
      curl_multi_cleanup(p.multi),
  };
  int left = -1;
  p.info_read_null = curl_multi_info_read(p.multi, &left) == nullptr;
}

std::size_t probing_write(char* data, std::size_t size, std::size_t n, void* ud) {
  auto* p = static_cast<Probe*>(ud);
  p->body.append(data, size * n);
  probe(*p);
  return size * n;
}

std::size_t probing_header(char*, std::size_t size, std::size_t n, void* ud) {
  probe(*static_cast<Probe*>(ud));
  return size * n;
}

int probing_progress(void* ud, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  probe(*static_cast<Probe*>(ud));
  return 0;
}

enum class Where { kWrite, kHeader, kProgress };

void install(CURL* e, Probe& p, Where where) {
  switch (where) {
    case Where::kWrite:
      curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, probing_write);
      curl_easy_setopt(e, CURLOPT_WRITEDATA, static_cast<void*>(&p));
      break;
    case Where::kHeader:
      curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, probing_header);
      curl_easy_setopt(e, CURLOPT_HEADERDATA, static_cast<void*>(&p));
      break;
    case Where::kProgress:
      curl_easy_setopt(e, CURLOPT_NOPROGRESS, 0L);
      curl_easy_setopt(e, CURLOPT_XFERINFOFUNCTION, probing_progress);
      curl_easy_setopt(e, CURLOPT_XFERINFODATA, static_cast<void*>(&p));
      break;
  }
}

}  // namespace

TEST_CASE("multi calls from inside a callback return CURLM_RECURSIVE_API_CALL", "[engine][reentrancy]") {
  LoopbackServer server;
  REQUIRE(server.ok());
  server.handler([](const test::Request&) -> test::Reply { return {test::http_response(200, "payload")}; });
  const Where where = GENERATE(Where::kWrite, Where::kHeader, Where::kProgress);
  CAPTURE(static_cast<int>(where));

  EngineHarness h;
  EasyPtr e = make_easy(server.url("/"));
  EasyPtr stranger = make_easy(server.url("/never"));
  Probe p;
  p.multi = h.cm();
  p.self = e.get();
  p.stranger = stranger.get();
  install(e.get(), p, where);
  REQUIRE(h.add(e.get()) == CURLM_OK);
  REQUIRE(h.pump_until_finished(1));

  REQUIRE(p.ran);
  REQUIRE(p.codes.size() == 9);
  for (std::size_t i = 0; i < p.codes.size(); ++i) {
    CAPTURE(i);
    CHECK(p.codes[i] == CURLM_RECURSIVE_API_CALL);
  }
  CHECK(p.info_read_null);
  // None of the refused calls changed anything: the transfer ran to the end normally.
  CHECK(h.finished[0].easy == e.get());
  CHECK(h.finished[0].result == CURLE_OK);
  CHECK(server.connection_count() == 1);
  CHECK(h.multi.handle_count() == 1);
  CHECK(static_cast<Curl_easy*>(stranger.get())->multi == nullptr);
  // Outside the callback the same calls work again.
  CHECK(h.remove(e.get()) == CURLM_OK);
  CHECK(curl_multi_setopt(h.cm(), CURLMOPT_MAXCONNECTS, 5L) == CURLM_OK);
}

TEST_CASE("curl_easy_cleanup from inside a callback does nothing harmful", "[engine][reentrancy]") {
  LoopbackServer server;
  REQUIRE(server.ok());
  server.handler([](const test::Request&) -> test::Reply { return {test::http_response(200, "payload")}; });
  const Where where = GENERATE(Where::kWrite, Where::kHeader, Where::kProgress);
  CAPTURE(static_cast<int>(where));

  EngineHarness h;
  EasyPtr e = make_easy(server.url("/"));
  Probe p;
  p.multi = h.cm();
  p.self = e.get();
  p.cleanup_self = true;
  install(e.get(), p, where);
  REQUIRE(h.add(e.get()) == CURLM_OK);
  REQUIRE(h.pump_until_finished(1));
  REQUIRE(p.ran);
  CHECK(h.finished[0].result == CURLE_OK);
  // The handle is still alive and usable.
  long code = 0;
  CHECK(curl_easy_getinfo(e.get(), CURLINFO_RESPONSE_CODE, &code) == CURLE_OK);
  CHECK(code == 200);
  CHECK(h.remove(e.get()) == CURLM_OK);
  CHECK(h.add(e.get()) == CURLM_OK);
  REQUIRE(h.pump_until_finished(2));
  CHECK(h.finished[1].result == CURLE_OK);
}
