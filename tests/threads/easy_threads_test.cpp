// Easy and multi handles of their own on 8 threads at once; duplicated and used handles passed between threads.
//
// Run under ThreadSanitizer by scripts/test.sh.
#include <catch2/catch.hpp>

#include <array>
#include <atomic>
#include <barrier>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <curl/curl.h>

#include "loopback_server.h"
#include "thread_support.h"

using xfer::test::LoopbackServer;
using namespace xfer::threadtest;

namespace {

constexpr int kThreads = 8;
constexpr int kRounds = 12;

struct Servers {
  std::uint16_t plain = 0;
  std::uint16_t tls = 0;
  std::string ca_file;
};

// What transfer r of thread t asks for, and what it must get back. The kinds cycle
// through the paths that own state per transfer: sized and chunked bodies, gzip decoding,
// a redirect, an echo of the request (the options a duplicate inherited), TLS.
struct Ask {
  std::string url;
  std::string expected;  // the exact body; empty: see echo
  bool echo = false;
};

Ask ask_for(const Servers& s, int t, int r) {
  Ask a;
  const std::size_t size = static_cast<std::size_t>(500 + t * 211 + r * 97);
  const std::string base = "http://127.0.0.1:" + std::to_string(s.plain);
  switch (r % 6) {
    case 0: a.url = base + "/e?size=" + std::to_string(size); break;
    case 1: a.url = base + "/e?chunked=1&chunk=300&size=" + std::to_string(size); break;
    case 2: a.url = base + "/e?gzip=1&size=" + std::to_string(size); break;
    case 3:
      // The Location is relative; the handle follows it to the sized body.
      a.url = base + "/e?status=302&location=/final%3Fsize%3D" + std::to_string(size);
      break;
    case 4:
      a.url = base + "/e?echo=1";
      a.echo = true;
      return a;
    default: a.url = "https://localhost:" + std::to_string(s.tls) + "/e?size=" + std::to_string(size); break;
  }
  a.expected = pattern_body(size);
  return a;
}

// The options of the handle every thread's first handle is duplicated from.
CURL* make_template(const Servers& s, curl_slist* headers) {
  CURL* e = curl_easy_init();
  if (!e) return nullptr;
  curl_easy_setopt(e, CURLOPT_USERAGENT, "xfer-threads/1");
  curl_easy_setopt(e, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(e, CURLOPT_CAINFO, s.ca_file.c_str());
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, append_body);
  curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, 20000L);
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  return e;
}

// Performs one transfer on e (whichever thread made it) and checks what came back.
bool run_one(CURL* e, const Ask& a, const std::string& who, Failures& failures) {
  std::string body;
  curl_easy_setopt(e, CURLOPT_URL, a.url.c_str());
  curl_easy_setopt(e, CURLOPT_WRITEDATA, &body);
  const CURLcode rc = curl_easy_perform(e);
  curl_easy_setopt(e, CURLOPT_WRITEDATA, nullptr);
  if (rc != CURLE_OK) {
    failures.add(describe(who + " " + a.url, rc));
    return false;
  }
  const long code = response_code(e);
  const bool body_ok = a.echo ? body.find("User-Agent: xfer-threads/1\r\n") != std::string::npos &&
                                    body.find("X-Threads-Test: yes\r\n") != std::string::npos
                              : body == a.expected;
  if (code != 200 || !body_ok) {
    failures.add(who + " " + a.url + ": code " + std::to_string(code) + ", " + std::to_string(body.size()) +
                 " bytes");
    return false;
  }
  return true;
}

// Three duplicates of the thread's handle, made on this thread, run side by side in the
// thread's own multi handle.
int run_multi(CURL* from, const Servers& s, int t, Failures& failures) {
  CURLM* m = curl_multi_init();
  if (!m) return 0;
  struct Item {
    CURL* e;
    Ask ask;
    std::string body;
  };
  std::array<Item, 3> items;
  for (int k = 0; k < 3; ++k) {
    items[k].e = curl_easy_duphandle(from);
    items[k].ask = ask_for(s, t, k == 2 ? 5 : k);  // a TLS one among them
    curl_easy_setopt(items[k].e, CURLOPT_URL, items[k].ask.url.c_str());
    curl_easy_setopt(items[k].e, CURLOPT_WRITEDATA, &items[k].body);
    curl_multi_add_handle(m, items[k].e);
  }
  int good = 0;
  int running = 1;
  const auto deadline = Clock::now() + std::chrono::seconds(30);
  while (running > 0 && Clock::now() < deadline) {
    curl_multi_perform(m, &running);
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(m, &left)) {
      if (msg->msg != CURLMSG_DONE) continue;
      for (Item& it : items) {
        if (it.e != msg->easy_handle) continue;
        const std::string who = "thread " + std::to_string(t) + " multi";
        if (msg->data.result != CURLE_OK)
          failures.add(describe(who + " " + it.ask.url, msg->data.result));
        else if (response_code(it.e) != 200 || it.body != it.ask.expected)
          failures.add(who + " " + it.ask.url + ": " + std::to_string(it.body.size()) + " bytes");
        else
          ++good;
      }
    }
    if (running > 0) curl_multi_poll(m, nullptr, 0, 100, nullptr);
  }
  for (Item& it : items) {
    curl_multi_remove_handle(m, it.e);
    curl_easy_cleanup(it.e);
  }
  curl_multi_cleanup(m);
  return good;
}

LoopbackServer::Options tls_options() {
  LoopbackServer::Options o;
  o.tls.emplace();
  o.tls->cert_file = std::string(XFER_TEST_CERTS_DIR) + "/server.pem";
  o.tls->key_file = std::string(XFER_TEST_CERTS_DIR) + "/server.key";
  return o;
}

}  // namespace

TEST_CASE("8 threads perform on handles of their own, then on handles another thread made and used",
          "[threads][easy]") {
  // Once, before any thread starts, as libcurl asks of a threaded application.
  REQUIRE(curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK);
  LoopbackServer plain;
  LoopbackServer tls(tls_options());
  REQUIRE(plain.ok());
  REQUIRE(tls.ok());
  plain.record_requests(false);
  tls.record_requests(false);
  Servers s{plain.port(), tls.port(), std::string(XFER_TEST_CERTS_DIR) + "/ca.pem"};

  curl_slist* headers = curl_slist_append(nullptr, "X-Threads-Test: yes");
  CURL* tmpl = make_template(s, headers);
  REQUIRE(tmpl);
  // Each thread's first handle is a duplicate made here, on the test's thread.
  std::array<CURL*, kThreads> firsts{};
  for (CURL*& e : firsts) {
    e = curl_easy_duphandle(tmpl);
    REQUIRE(e);
  }

  Failures failures;
  std::atomic<int> good{0};
  // Handles passed on at the barrier: thread t leaves its own used handle (its private
  // engine, connections and TLS sessions with it) and a fresh duplicate of it for thread
  // t + 1, and takes over thread t - 1's.
  std::array<CURL*, kThreads> passed_used{};
  std::array<CURL*, kThreads> passed_dup{};
  std::barrier<> handover(kThreads);

  auto worker = [&](int t) {
    CURL* mine = firsts[t];
    const std::string who = "thread " + std::to_string(t);
    for (int r = 0; r < kRounds; ++r)
      if (run_one(mine, ask_for(s, t, r), who, failures)) ++good;
    good += run_multi(mine, s, t, failures);

    passed_dup[(t + 1) % kThreads] = curl_easy_duphandle(mine);
    passed_used[(t + 1) % kThreads] = mine;
    handover.arrive_and_wait();

    for (CURL* e : {passed_used[t], passed_dup[t]}) {
      if (!e) {
        failures.add(who + ": no handle handed over");
        continue;
      }
      for (int r = 0; r < 6; ++r)
        if (run_one(e, ask_for(s, t, r + 6), who + " (handed over)", failures)) ++good;
      curl_easy_cleanup(e);
    }
  };
  const auto start = Clock::now();
  {
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) threads.emplace_back(worker, t);
    for (auto& th : threads) th.join();
  }
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();

  for (const auto& f : failures.kept()) UNSCOPED_INFO(f);
  INFO(good << " transfers good in " << ms << " ms; plain connections " << plain.connection_count()
            << ", TLS connections " << tls.connection_count());
  CHECK(failures.count() == 0);
  CHECK(good == kThreads * (kRounds + 3 + 12));
  // Handed-over handles kept their connections: far fewer connections than transfers.
  CHECK(plain.connection_count() < static_cast<std::size_t>(kThreads * (kRounds + 3 + 12)));

  curl_easy_cleanup(tmpl);
  curl_slist_free_all(headers);
  curl_global_cleanup();
}
