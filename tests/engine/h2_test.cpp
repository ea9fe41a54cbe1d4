// HTTP/2 in the engine: parked streams cost nothing per pass, a paused stream keeps its window shut, streams share a connection.
#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include "engine_harness.h"
#include "loopback_server.h"

using namespace xfer;
using namespace xfer::enginetest;
using xfer::test::LoopbackServer;

namespace {

LoopbackServer::Options h2_server() {
  LoopbackServer::Options o;
  o.h2 = true;
  return o;
}

int count_progress(void* ud, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  ++*static_cast<long*>(ud);
  return 0;
}

EasyPtr h2_easy(const LoopbackServer& server, const std::string& path, std::string* body = nullptr) {
  EasyPtr e = make_easy(server.url(path), body);
  curl_easy_setopt(e.get(), CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE));
  return e;
}

// Pauses at the first body write, then takes everything.
struct PauseOnce {
  bool paused = false;
  std::size_t bytes = 0;
};
std::size_t pause_once(char*, std::size_t size, std::size_t n, void* ud) {
  auto* p = static_cast<PauseOnce*>(ud);
  if (!p->paused) {
    p->paused = true;
    return CURL_WRITEFUNC_PAUSE;
  }
  p->bytes += size * n;
  return size * n;
}

}  // namespace

TEST_CASE("parked h2 streams: a pass with nothing ready runs none of them", "[engine][h2][cost]") {
  constexpr int kTransfers = 20;
  LoopbackServer server(h2_server());
  REQUIRE(server.ok());
  EngineHarness h;
  long runs = 0;
  std::vector<EasyPtr> easies;
  for (int i = 0; i < kTransfers; ++i) {
    easies.push_back(h2_easy(server, "/parked?hang=1"));
    CURL* e = easies.back().get();
    curl_easy_setopt(e, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(e, CURLOPT_XFERINFOFUNCTION, count_progress);
    curl_easy_setopt(e, CURLOPT_XFERINFODATA, static_cast<void*>(&runs));
    REQUIRE(h.add(e) == CURLM_OK);
  }
  REQUIRE(h.pump_until([&] { return server.request_count() == kTransfers; }, milliseconds(5000)));
  // The server's SETTINGS and its ACK of ours may still be on their way: let them land.
  for (int i = 0; i < 20; ++i) h.pump_until([] { return false; }, milliseconds(5), 1);
  CHECK(h.running == kTransfers);
  runs = 0;
  for (int i = 0; i < 100; ++i) h.perform();
  CHECK(runs == 0);
  int numfds = -1;
  CHECK(h.multi.wait(nullptr, 0, 10, &numfds, false) == CURLM_OK);
  CHECK(numfds == 0);
  CHECK(runs == 0);
}

TEST_CASE("a paused h2 stream takes one window, then resumes to the end", "[engine][h2][pause]") {
  LoopbackServer server(h2_server());
  REQUIRE(server.ok());
  EngineHarness h;
  // Larger than the 32 MiB stream window libcurl (and so xfer) announces.
  constexpr std::size_t kSize = 40u << 20;
  EasyPtr e = h2_easy(server, "/big?size=" + std::to_string(kSize));
  PauseOnce p;
  curl_easy_setopt(e.get(), CURLOPT_WRITEFUNCTION, pause_once);
  curl_easy_setopt(e.get(), CURLOPT_WRITEDATA, static_cast<void*>(&p));
  REQUIRE(h.add(e.get()) == CURLM_OK);
  REQUIRE(h.pump_until([&] { return p.paused; }, milliseconds(5000)));
  // While paused, the peer may fill the stream window and no more: what the transfer holds
  // stays below it, however long the pause lasts.
  curl_off_t seen = 0;
  for (int i = 0; i < 200; ++i) h.pump_until([] { return false; }, milliseconds(5), 1);
  curl_easy_getinfo(e.get(), CURLINFO_SIZE_DOWNLOAD_T, &seen);
  CHECK(seen <= static_cast<curl_off_t>(32u << 20));
  CHECK(seen < static_cast<curl_off_t>(kSize));
  CHECK(h.finished.empty());
  REQUIRE(curl_easy_pause(e.get(), CURLPAUSE_CONT) == CURLE_OK);
  REQUIRE(h.pump_until_finished(1, milliseconds(20000)));
  CHECK(h.finished[0].result == CURLE_OK);
  CHECK(p.bytes == kSize);
}

TEST_CASE("PIPEWAIT streams share one h2 connection; a paused one holds back none of its neighbours",
          "[engine][h2][multiplex]") {
  LoopbackServer server(h2_server());
  REQUIRE(server.ok());
  EngineHarness h;
  // A is larger than its stream window and pauses at its first write; B..F are small.
  constexpr std::size_t kBig = 40u << 20;
  EasyPtr a = h2_easy(server, "/big?size=" + std::to_string(kBig));
  PauseOnce p;
  curl_easy_setopt(a.get(), CURLOPT_WRITEFUNCTION, pause_once);
  curl_easy_setopt(a.get(), CURLOPT_WRITEDATA, static_cast<void*>(&p));
  curl_easy_setopt(a.get(), CURLOPT_PIPEWAIT, 1L);
  REQUIRE(h.add(a.get()) == CURLM_OK);
  std::vector<EasyPtr> small;
  std::vector<std::string> bodies(5);
  for (int i = 0; i < 5; ++i) {
    small.push_back(h2_easy(server, "/s?size=100000", &bodies[static_cast<std::size_t>(i)]));
    curl_easy_setopt(small.back().get(), CURLOPT_PIPEWAIT, 1L);
    REQUIRE(h.add(small.back().get()) == CURLM_OK);
  }
  REQUIRE(h.pump_until_finished(5, milliseconds(20000)));
  for (const auto& f : h.finished) CHECK(f.result == CURLE_OK);
  for (const std::string& b : bodies) CHECK(b.size() == 100000u);
  CHECK(p.paused);
  CHECK(h.running == 1);  // A, still paused
  CHECK(server.connection_count() == 1);
  REQUIRE(curl_easy_pause(a.get(), CURLPAUSE_CONT) == CURLE_OK);
  REQUIRE(h.pump_until_finished(6, milliseconds(20000)));
  CHECK(h.finished.back().result == CURLE_OK);
  CHECK(p.bytes == kBig);
  CHECK(server.connection_count() == 1);
}

namespace {

// Accepts every push; each pushed handle writes into a body of its own.
struct Pushes {
  std::vector<std::string> paths;
  std::vector<std::unique_ptr<std::string>> bodies;
  std::vector<CURL*> handles;
};
std::size_t append_body(char* p, std::size_t size, std::size_t n, void* ud) {
  static_cast<std::string*>(ud)->append(p, size * n);
  return size * n;
}
int accept_push(CURL*, CURL* easy, size_t, curl_pushheaders* h, void* ud) {
  auto* pushes = static_cast<Pushes*>(ud);
  pushes->paths.emplace_back(curl_pushheader_byname(h, ":path"));
  pushes->bodies.push_back(std::make_unique<std::string>());
  pushes->handles.push_back(easy);
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, append_body);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, static_cast<void*>(pushes->bodies.back().get()));
  return CURL_PUSH_OK;
}

}  // namespace

TEST_CASE("a pushed stream becomes a handle of the multi, on the parent's connection", "[engine][h2][push]") {
  LoopbackServer server(h2_server());
  REQUIRE(server.ok());
  EngineHarness h;
  Pushes pushes;
  REQUIRE(curl_multi_setopt(h.cm(), CURLMOPT_PUSHFUNCTION, accept_push) == CURLM_OK);
  REQUIRE(curl_multi_setopt(h.cm(), CURLMOPT_PUSHDATA, static_cast<void*>(&pushes)) == CURLM_OK);
  std::string page;
  EasyPtr parent = h2_easy(server, "/page?text=page&h2push=%2Fa%3Fsize%3D70000&h2push=%2Fb%3Ftext%3Dbee", &page);
  REQUIRE(h.add(parent.get()) == CURLM_OK);
  REQUIRE(h.pump_until_finished(3, milliseconds(20000)));
  for (const auto& f : h.finished) CHECK(f.result == CURLE_OK);
  CHECK(page == "page");
  REQUIRE(pushes.paths == std::vector<std::string>{"/a?size=70000", "/b?text=bee"});
  CHECK(pushes.bodies[0]->size() == 70000u);
  CHECK(*pushes.bodies[1] == "bee");
  CHECK(server.connection_count() == 1);
  for (std::size_t i = 0; i < pushes.handles.size(); ++i) {
    CURL* e = pushes.handles[i];
    CHECK(h.has_finished(e));
    char* url = nullptr;
    curl_easy_getinfo(e, CURLINFO_EFFECTIVE_URL, &url);
    CHECK(std::string(url) == server.url(pushes.paths[i]));
    h.remove(e);
    curl_easy_cleanup(e);
  }
}
