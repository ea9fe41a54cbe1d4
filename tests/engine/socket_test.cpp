// Socket-callback mode: when an idle kept-alive socket leaves the application's watch list.
#include <catch2/catch.hpp>

#include <poll.h>

#include <algorithm>
#include <string>
#include <vector>

#include "engine_harness.h"
#include "loopback_server.h"

using namespace xfer;
using namespace xfer::enginetest;
using xfer::test::LoopbackServer;

namespace {

struct Report {
  CURL* easy;
  curl_socket_t fd;
  int what;
};

// The application side: every socket callback in order, and the sockets it watches now.
struct App {
  std::vector<Report> reports;
  std::vector<std::pair<curl_socket_t, int>> watched;

  static int on_socket(CURL* easy, curl_socket_t fd, int what, void* userp, void*) {
    auto* app = static_cast<App*>(userp);
    app->reports.push_back(Report{easy, fd, what});
    auto it = std::find_if(app->watched.begin(), app->watched.end(), [&](auto& w) { return w.first == fd; });
    if (what == CURL_POLL_REMOVE) {
      if (it != app->watched.end()) app->watched.erase(it);
    } else if (it != app->watched.end()) {
      it->second = what;
    } else {
      app->watched.emplace_back(fd, what);
    }
    return 0;
  }
  static int on_timer(CURLM*, long, void*) { return 0; }

  int count(curl_socket_t fd, int what) const {
    return static_cast<int>(std::count_if(reports.begin(), reports.end(),
                                          [&](const Report& r) { return r.fd == fd && r.what == what; }));
  }
  // The socket the callback first named for this handle.
  curl_socket_t socket_of(CURL* easy) const {
    for (const Report& r : reports)
      if (r.easy == easy) return r.fd;
    return CURL_SOCKET_BAD;
  }
  bool watches(curl_socket_t fd) const {
    return std::any_of(watched.begin(), watched.end(), [&](auto& w) { return w.first == fd; });
  }
};

// An event loop over App's sockets: poll, socket_action per ready socket, then a timeout
// call; completions go to h.finished. Bounded in rounds and wall time.
bool drive_until(EngineHarness& h, App& app, const std::function<bool()>& done) {
  const TimePoint wall_end = SteadyClock::now() + milliseconds(3000);
  for (int round = 0; round < 5000 && SteadyClock::now() < wall_end; ++round) {
    std::vector<pollfd> fds;
    for (auto& [fd, what] : app.watched) {
      short ev = 0;
      if (what & CURL_POLL_IN) ev |= POLLIN;
      if (what & CURL_POLL_OUT) ev |= POLLOUT;
      fds.push_back(pollfd{fd, ev, 0});
    }
    ::poll(fds.data(), fds.size(), 5);
    for (const pollfd& p : fds) {
      if (!p.revents) continue;
      int mask = 0;
      if (p.revents & (POLLIN | POLLHUP)) mask |= CURL_CSELECT_IN;
      if (p.revents & POLLOUT) mask |= CURL_CSELECT_OUT;
      curl_multi_socket_action(h.cm(), p.fd, mask, &h.running);
    }
    curl_multi_socket_action(h.cm(), CURL_SOCKET_TIMEOUT, 0, &h.running);
    int left = 0;
    while (CURLMsg* m = curl_multi_info_read(h.cm(), &left))
      if (m->msg == CURLMSG_DONE) h.finished.push_back(Finished{m->easy_handle, m->data.result});
    if (done()) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("socket callback: an idle connection is reused with no callback while others run", "[engine][events]") {
  LoopbackServer server;
  REQUIRE(server.ok());
  EngineHarness h;
  App app;
  curl_multi_setopt(h.cm(), CURLMOPT_SOCKETFUNCTION, App::on_socket);
  curl_multi_setopt(h.cm(), CURLMOPT_SOCKETDATA, &app);
  curl_multi_setopt(h.cm(), CURLMOPT_TIMERFUNCTION, App::on_timer);

  EasyPtr slow = make_easy(server.url("/slow?delay=400"));
  EasyPtr fast = make_easy(server.url("/fast"));
  REQUIRE(h.add(slow.get()) == CURLM_OK);
  REQUIRE(h.add(fast.get()) == CURLM_OK);
  REQUIRE(drive_until(h, app, [&] { return h.has_finished(fast.get()); }));
  CHECK(h.result_of(fast.get()) == CURLE_OK);
  REQUIRE_FALSE(h.has_finished(slow.get()));

  // The fast transfer is over but the slow one runs: its socket stays on the watch list.
  const curl_socket_t fd = app.socket_of(fast.get());
  REQUIRE(fd != CURL_SOCKET_BAD);
  CHECK(app.watches(fd));
  CHECK(app.count(fd, CURL_POLL_REMOVE) == 0);
  const std::size_t reports_before = app.reports.size();

  // Run the fast handle again: it reuses the connection and nobody is told anything.
  h.remove(fast.get());
  h.finished.clear();
  REQUIRE(h.add(fast.get()) == CURLM_OK);
  REQUIRE(drive_until(h, app, [&] { return h.has_finished(fast.get()); }));
  CHECK(h.result_of(fast.get()) == CURLE_OK);
  long connects = -1;
  curl_easy_getinfo(fast.get(), CURLINFO_NUM_CONNECTS, &connects);
  CHECK(connects == 0);
  for (std::size_t i = reports_before; i < app.reports.size(); ++i) CHECK(app.reports[i].fd != fd);

  // Once nothing runs, every idle socket is removed, as libcurl reports them.
  REQUIRE(drive_until(h, app, [&] { return h.has_finished(slow.get()); }));
  CHECK(h.running == 0);
  CHECK(app.count(fd, CURL_POLL_REMOVE) == 1);
  CHECK(app.watched.empty());
  CHECK(h.multi.pool().idle_count() == 2);
  h.remove(slow.get());
  h.remove(fast.get());
}

TEST_CASE("socket callback: a lingering idle socket is removed after the grace period", "[engine][events]") {
  LoopbackServer server;
  REQUIRE(server.ok());
  EngineHarness h;
  App app;
  curl_multi_setopt(h.cm(), CURLMOPT_SOCKETFUNCTION, App::on_socket);
  curl_multi_setopt(h.cm(), CURLMOPT_SOCKETDATA, &app);
  curl_multi_setopt(h.cm(), CURLMOPT_TIMERFUNCTION, App::on_timer);

  EasyPtr slow = make_easy(server.url("/slow?delay=2000"));
  EasyPtr fast = make_easy(server.url("/fast"));
  REQUIRE(h.add(slow.get()) == CURLM_OK);
  REQUIRE(h.add(fast.get()) == CURLM_OK);
  REQUIRE(drive_until(h, app, [&] { return h.has_finished(fast.get()); }));
  const curl_socket_t fd = app.socket_of(fast.get());
  CHECK(app.watches(fd));

  h.clock.advance(Pool::kLingerGrace + milliseconds(1));
  curl_multi_socket_action(h.cm(), CURL_SOCKET_TIMEOUT, 0, &h.running);
  CHECK(h.running == 1);
  CHECK(app.count(fd, CURL_POLL_REMOVE) == 1);
  CHECK_FALSE(app.watches(fd));
  CHECK(h.multi.pool().idle_count() == 1);  // removed from the app's list, still reusable
  h.remove(slow.get());
  h.remove(fast.get());
}

TEST_CASE("socket callback: a peer hang-up on a lingering socket closes it with a REMOVE", "[engine][events]") {
  LoopbackServer server;
  REQUIRE(server.ok());
  EngineHarness h;
  App app;
  curl_multi_setopt(h.cm(), CURLMOPT_SOCKETFUNCTION, App::on_socket);
  curl_multi_setopt(h.cm(), CURLMOPT_SOCKETDATA, &app);
  curl_multi_setopt(h.cm(), CURLMOPT_TIMERFUNCTION, App::on_timer);

  EasyPtr slow = make_easy(server.url("/slow?delay=1500"));
  EasyPtr fast = make_easy(server.url("/fast?idleclose=150"));
  REQUIRE(h.add(slow.get()) == CURLM_OK);
  REQUIRE(h.add(fast.get()) == CURLM_OK);
  REQUIRE(drive_until(h, app, [&] { return h.has_finished(fast.get()); }));
  const curl_socket_t fd = app.socket_of(fast.get());
  REQUIRE(app.watches(fd));

  // A guessed readiness with nothing to read leaves the connection alone.
  curl_multi_socket_action(h.cm(), fd, 0, &h.running);
  CHECK(app.watches(fd));
  CHECK(h.multi.pool().idle_count() == 1);

  // The server hangs up once idle: the app's loop sees it, and the engine drops the connection.
  REQUIRE(drive_until(h, app, [&] { return !app.watches(fd); }));
  CHECK(app.count(fd, CURL_POLL_REMOVE) == 1);
  CHECK(h.multi.pool().idle_count() == 0);
  h.remove(slow.get());
  h.remove(fast.get());
}
