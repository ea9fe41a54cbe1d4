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

// A socket-callback engine with two transfers to one server: `slow` keeps the engine
// busy while `fast` finishes and leaves its connection idle.
struct SlowAndFast {
  LoopbackServer server;
  App app;  // before the engine: its cleanup still reports REMOVEs to the app
  EngineHarness h;
  EasyPtr slow, fast;

  // True once both are added and `fast` has finished (its socket is then fast_fd).
  bool start(const std::string& slow_path, const std::string& fast_path) {
    if (!server.ok()) return false;
    curl_multi_setopt(h.cm(), CURLMOPT_SOCKETFUNCTION, App::on_socket);
    curl_multi_setopt(h.cm(), CURLMOPT_SOCKETDATA, &app);
    curl_multi_setopt(h.cm(), CURLMOPT_TIMERFUNCTION, App::on_timer);
    slow = make_easy(server.url(slow_path));
    fast = make_easy(server.url(fast_path));
    if (h.add(slow.get()) != CURLM_OK || h.add(fast.get()) != CURLM_OK) return false;
    if (!drive_until(h, app, [&] { return h.has_finished(fast.get()); })) return false;
    fast_fd = app.socket_of(fast.get());
    return fast_fd != CURL_SOCKET_BAD;
  }
  ~SlowAndFast() {
    if (slow) h.remove(slow.get());
    if (fast) h.remove(fast.get());
  }

  curl_socket_t fast_fd = CURL_SOCKET_BAD;
};

}  // namespace

TEST_CASE("socket callback: an idle connection is reused with no callback while others run", "[engine][events]") {
  SlowAndFast t;
  REQUIRE(t.start("/slow?delay=400", "/fast"));
  EngineHarness& h = t.h;
  App& app = t.app;
  CHECK(h.result_of(t.fast.get()) == CURLE_OK);
  REQUIRE_FALSE(h.has_finished(t.slow.get()));

  // The fast transfer is over but the slow one runs: its socket stays on the watch list.
  const curl_socket_t fd = t.fast_fd;
  CHECK(app.watches(fd));
  CHECK(app.count(fd, CURL_POLL_REMOVE) == 0);
  const std::size_t reports_before = app.reports.size();

  // Run the fast handle again: it reuses the connection and nobody is told anything.
  h.remove(t.fast.get());
  h.finished.clear();
  REQUIRE(h.add(t.fast.get()) == CURLM_OK);
  REQUIRE(drive_until(h, app, [&] { return h.has_finished(t.fast.get()); }));
  CHECK(h.result_of(t.fast.get()) == CURLE_OK);
  long connects = -1;
  curl_easy_getinfo(t.fast.get(), CURLINFO_NUM_CONNECTS, &connects);
  CHECK(connects == 0);
  for (std::size_t i = reports_before; i < app.reports.size(); ++i) CHECK(app.reports[i].fd != fd);

  // Once nothing runs, every idle socket is removed, as libcurl reports them.
  REQUIRE(drive_until(h, app, [&] { return h.has_finished(t.slow.get()); }));
  CHECK(h.running == 0);
  CHECK(app.count(fd, CURL_POLL_REMOVE) == 1);
  CHECK(app.watched.empty());
  CHECK(h.multi.pool().idle_count() == 2);
}

TEST_CASE("socket callback: a lingering idle socket is removed after the grace period", "[engine][events]") {
  SlowAndFast t;
  REQUIRE(t.start("/slow?delay=2000", "/fast"));
  CHECK(t.app.watches(t.fast_fd));

  t.h.clock.advance(Pool::kLingerGrace + milliseconds(1));
  curl_multi_socket_action(t.h.cm(), CURL_SOCKET_TIMEOUT, 0, &t.h.running);
  CHECK(t.h.running == 1);
  CHECK(t.app.count(t.fast_fd, CURL_POLL_REMOVE) == 1);
  CHECK_FALSE(t.app.watches(t.fast_fd));
  CHECK(t.h.multi.pool().idle_count() == 1);  // removed from the app's list, still reusable
}

TEST_CASE("socket callback: a peer hang-up on a lingering socket closes it with a REMOVE", "[engine][events]") {
  SlowAndFast t;
  REQUIRE(t.start("/slow?delay=1500", "/fast?idleclose=150"));
  const curl_socket_t fd = t.fast_fd;
  REQUIRE(t.app.watches(fd));

  // A guessed readiness with nothing to read leaves the connection alone.
  curl_multi_socket_action(t.h.cm(), fd, 0, &t.h.running);
  CHECK(t.app.watches(fd));
  CHECK(t.h.multi.pool().idle_count() == 1);

  // The server hangs up once idle: the app's loop sees it, and the engine drops the connection.
  REQUIRE(drive_until(t.h, t.app, [&] { return !t.app.watches(fd); }));
  CHECK(t.app.count(fd, CURL_POLL_REMOVE) == 1);
  CHECK(t.h.multi.pool().idle_count() == 0);
}
