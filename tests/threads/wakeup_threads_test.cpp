// curl_multi_wakeup from other threads: work handed to a polling owner, unpauses asked for by a consumer.
//
// Producers hand work to a thread that sits in curl_multi_poll; a consumer thread makes the
// owner unpause transfers its write callback paused. Run under ThreadSanitizer by
// scripts/test.sh.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <curl/curl.h>

#include "loopback_server.h"
#include "thread_support.h"

using xfer::test::LoopbackServer;
using namespace xfer::threadtest;

namespace {

constexpr auto kDeadline = std::chrono::seconds(60);

// A job a producer thread hands to the owner of the multi handle.
struct Job {
  int producer;
  int seq;
  std::size_t size;
};

struct Inbox {
  std::mutex m;
  std::deque<Job> jobs;
  bool stop = false;
};

struct Running {
  CURL* easy;
  Job job;
  std::string body;
};

}  // namespace

TEST_CASE("producers on 4 threads wake the owner out of curl_multi_poll: no request waits for the timeout",
          "[threads][wakeup]") {
  REQUIRE(curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK);
  LoopbackServer server;
  REQUIRE(server.ok());
  server.record_requests(false);

  constexpr int kProducers = 4;
  constexpr int kJobsEach = 25;
  // Long enough that a lost wake-up shows: no transfer here lasts a tenth of it.
  constexpr int kPollTimeoutMs = 4000;

  CURLM* m = curl_multi_init();
  REQUIRE(m);
  Inbox inbox;
  Failures failures;
  std::atomic<int> wakeup_errors{0};

  auto producer = [&](int p) {
    for (int i = 0; i < kJobsEach; ++i) {
      {
        std::lock_guard<std::mutex> g(inbox.m);
        inbox.jobs.push_back(Job{p, i, static_cast<std::size_t>(p * 997 + i * 131)});
      }
      if (curl_multi_wakeup(m) != CURLM_OK) ++wakeup_errors;
      std::this_thread::sleep_for(std::chrono::microseconds(500 * ((p + i) % 7)));
    }
  };
  std::vector<std::thread> producers;
  for (int p = 0; p < kProducers; ++p) producers.emplace_back(producer, p);

  std::vector<std::unique_ptr<Running>> running;
  int done = 0;
  int long_polls = 0;      // a poll that ran to its timeout while work was waiting
  int polls = 0;
  bool stopped = false;
  long longest_ms = 0;
  std::thread stopper;
  const auto deadline = Clock::now() + kDeadline;
  while (!stopped && Clock::now() < deadline) {
    std::deque<Job> taken;
    {
      std::lock_guard<std::mutex> g(inbox.m);
      taken.swap(inbox.jobs);
      stopped = inbox.stop && done == kProducers * kJobsEach;
    }
    if (stopped) break;
    for (const Job& j : taken) {
      auto r = std::make_unique<Running>(Running{curl_easy_init(), j, {}});
      // Each transfer takes a little while on the server, so several are in the multi
      // handle when wake-ups arrive and poll has sockets to watch as well.
      const std::string url =
          server.url("/w?size=" + std::to_string(j.size) + "&delay=" + std::to_string(j.seq % 5 * 4));
      curl_easy_setopt(r->easy, CURLOPT_URL, url.c_str());
      curl_easy_setopt(r->easy, CURLOPT_WRITEFUNCTION, append_body);
      curl_easy_setopt(r->easy, CURLOPT_WRITEDATA, &r->body);
      curl_easy_setopt(r->easy, CURLOPT_TIMEOUT_MS, 20000L);
      curl_easy_setopt(r->easy, CURLOPT_PRIVATE, r.get());
      curl_multi_add_handle(m, r->easy);
      running.push_back(std::move(r));
    }
    int still = 0;
    curl_multi_perform(m, &still);
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(m, &left)) {
      if (msg->msg != CURLMSG_DONE) continue;
      Running* r = nullptr;
      curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, reinterpret_cast<char**>(&r));
      const std::string what = "job " + std::to_string(r->job.producer) + "/" + std::to_string(r->job.seq);
      if (msg->data.result != CURLE_OK)
        failures.add(describe(what, msg->data.result));
      else if (response_code(r->easy) != 200 || r->body != pattern_body(r->job.size))
        failures.add(what + ": " + std::to_string(r->body.size()) + " bytes");
      curl_multi_remove_handle(m, r->easy);
      curl_easy_cleanup(r->easy);
      std::erase_if(running, [&](const std::unique_ptr<Running>& x) { return x.get() == r; });
      ++done;
    }
    if (done == kProducers * kJobsEach && !stopper.joinable()) {
      // The last wake-up tells the owner to stop, as an application shuts down its network
      // thread, from a thread that joins the producers first.
      stopper = std::thread([&] {
        for (auto& th : producers) th.join();
        {
          std::lock_guard<std::mutex> g(inbox.m);
          inbox.stop = true;
        }
        if (curl_multi_wakeup(m) != CURLM_OK) ++wakeup_errors;
      });
    }
    const auto before = Clock::now();
    curl_multi_poll(m, nullptr, 0, kPollTimeoutMs, nullptr);
    const long took = static_cast<long>(
        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - before).count());
    ++polls;
    longest_ms = std::max(longest_ms, took);
    if (took >= kPollTimeoutMs - 100) {
      std::lock_guard<std::mutex> g(inbox.m);
      if (!inbox.jobs.empty() || inbox.stop) {
        ++long_polls;
        failures.add("poll " + std::to_string(polls) + " took " + std::to_string(took) + " ms with " +
                     std::to_string(inbox.jobs.size()) + " jobs waiting, stop " + (inbox.stop ? "set" : "not set") +
                     ", " + std::to_string(done) + " transfers done, " + std::to_string(still) + " running");
      }
    }
  }
  if (stopper.joinable()) {
    stopper.join();
  } else {
    for (auto& th : producers) th.join();
  }

  INFO(done << " transfers, " << polls << " polls, longest " << longest_ms << " ms");
  CHECK(stopped);
  for (const auto& f : failures.kept()) UNSCOPED_INFO(f);
  CHECK(failures.count() == 0);
  CHECK(done == kProducers * kJobsEach);
  CHECK(long_polls == 0);
  CHECK(wakeup_errors == 0);
  for (auto& r : running) {
    curl_multi_remove_handle(m, r->easy);
    curl_easy_cleanup(r->easy);
  }
  CHECK(curl_multi_cleanup(m) == CURLM_OK);
  curl_global_cleanup();
}

namespace {

// A transfer whose write callback hands the body to a consumer thread through a small
// buffer and pauses the transfer when the buffer is full; the consumer empties it and asks
// for an unpause, which only the owner thread may do.
struct Piped {
  CURL* easy = nullptr;
  std::size_t size = 0;
  bool unpause_in_progress_callback = false;  // else the owner's loop unpauses it
  std::mutex m;
  std::string buffer;    // written by the callback, emptied by the consumer
  std::string consumed;  // the consumer's
  std::atomic<bool> paused{false};
  std::atomic<bool> unpause_wanted{false};
  std::atomic<int> pauses{0};
  std::atomic<int> unpauses{0};
  CURLcode result = CURLE_OK;
  bool finished = false;
};

constexpr std::size_t kPipeLimit = 8 * 1024;

std::size_t piped_write(char* data, std::size_t size, std::size_t n, void* userp) {
  auto* p = static_cast<Piped*>(userp);
  std::lock_guard<std::mutex> g(p->m);
  if (p->buffer.size() >= kPipeLimit) {
    ++p->pauses;
    p->paused = true;
    return CURL_WRITEFUNC_PAUSE;
  }
  p->buffer.append(data, size * n);
  return size * n;
}

// libcurl's documented place to unpause a transfer from inside: its progress callback,
// which keeps being called while the transfer is paused.
int piped_progress(void* userp, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  auto* p = static_cast<Piped*>(userp);
  if (p->unpause_wanted.exchange(false)) {
    ++p->unpauses;
    if (curl_easy_pause(p->easy, CURLPAUSE_CONT) != CURLE_OK) return 1;  // aborts the transfer: a failure
  }
  return 0;
}

}  // namespace

TEST_CASE("a write callback pauses, a consumer thread drains and wakes the owner, who unpauses",
          "[threads][wakeup][pause]") {
  REQUIRE(curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK);
  LoopbackServer server;
  REQUIRE(server.ok());
  server.record_requests(false);

  CURLM* m = curl_multi_init();
  REQUIRE(m);
  // Six transfers unpaused by the owner's loop, one (the last, smallest) from its own
  // progress callback, whose calls come about once a second while it is paused.
  constexpr int kTransfers = 7;
  std::vector<std::unique_ptr<Piped>> pipes;
  for (int i = 0; i < kTransfers; ++i) {
    auto p = std::make_unique<Piped>();
    p->easy = curl_easy_init();
    p->unpause_in_progress_callback = i == kTransfers - 1;
    p->size = p->unpause_in_progress_callback ? 40000 : 150000 + static_cast<std::size_t>(i) * 7001;
    // Half chunked, half sized, so both framings resume from held data.
    const std::string url =
        server.url("/p?size=" + std::to_string(p->size) + (i % 2 ? "&chunked=1&chunk=3000" : ""));
    curl_easy_setopt(p->easy, CURLOPT_URL, url.c_str());
    curl_easy_setopt(p->easy, CURLOPT_WRITEFUNCTION, piped_write);
    curl_easy_setopt(p->easy, CURLOPT_WRITEDATA, p.get());
    curl_easy_setopt(p->easy, CURLOPT_PRIVATE, p.get());
    curl_easy_setopt(p->easy, CURLOPT_TIMEOUT_MS, 50000L);
    if (p->unpause_in_progress_callback) {
      curl_easy_setopt(p->easy, CURLOPT_XFERINFOFUNCTION, piped_progress);
      curl_easy_setopt(p->easy, CURLOPT_XFERINFODATA, p.get());
      curl_easy_setopt(p->easy, CURLOPT_NOPROGRESS, 0L);
    }
    curl_multi_add_handle(m, p->easy);
    pipes.push_back(std::move(p));
  }

  std::atomic<bool> all_done{false};
  std::atomic<int> wakeup_errors{0};
  std::thread consumer([&] {
    while (!all_done) {
      bool idle = true;
      for (auto& p : pipes) {
        std::string got;
        {
          std::lock_guard<std::mutex> g(p->m);
          got.swap(p->buffer);
        }
        if (!got.empty()) idle = false;
        p->consumed += got;
        if (p->paused.exchange(false)) {
          p->unpause_wanted = true;
          if (curl_multi_wakeup(m) != CURLM_OK) ++wakeup_errors;
        }
      }
      if (idle) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  });

  const auto deadline = Clock::now() + kDeadline;
  int finished = 0;
  int owner_unpause_errors = 0;
  while (finished < kTransfers && Clock::now() < deadline) {
    for (auto& p : pipes) {
      if (p->finished || p->unpause_in_progress_callback || !p->unpause_wanted.exchange(false)) continue;
      ++p->unpauses;
      if (curl_easy_pause(p->easy, CURLPAUSE_CONT) != CURLE_OK) ++owner_unpause_errors;
    }
    int still = 0;
    curl_multi_perform(m, &still);
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(m, &left)) {
      if (msg->msg != CURLMSG_DONE) continue;
      Piped* p = nullptr;
      curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, reinterpret_cast<char**>(&p));
      p->result = msg->data.result;
      p->finished = true;
      ++finished;
    }
    // Nothing but the consumer's wake-up ends this wait early when every transfer is
    // paused.
    curl_multi_poll(m, nullptr, 0, 1000, nullptr);
  }
  // Whatever the last write left in a buffer is the consumer's; it stops after one more round.
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  all_done = true;
  consumer.join();

  CHECK(wakeup_errors == 0);
  CHECK(owner_unpause_errors == 0);
  CHECK(finished == kTransfers);
  for (auto& p : pipes) {
    std::string rest;
    {
      std::lock_guard<std::mutex> g(p->m);
      rest.swap(p->buffer);
    }
    p->consumed += rest;
    INFO("transfer of " << p->size << " bytes: " << curl_easy_strerror(p->result) << ", " << p->pauses
                        << " pauses, " << p->unpauses << " unpauses, " << p->consumed.size() << " bytes consumed");
    CHECK(p->result == CURLE_OK);
    CHECK(response_code(p->easy) == 200);
    CHECK(p->consumed == pattern_body(p->size));
    CHECK(p->pauses > 0);
    CHECK(p->unpauses > 0);
    curl_multi_remove_handle(m, p->easy);
    curl_easy_cleanup(p->easy);
  }
  CHECK(curl_multi_cleanup(m) == CURLM_OK);
  curl_global_cleanup();
}
