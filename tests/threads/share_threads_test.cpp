// One CURLSH share driven from 8 threads at once: DNS, cookies, connections, TLS sessions and
// HSTS shared under the application's locks; and a share whose DNS cache the resolver pools
// of several threads fill. Built normally and under ThreadSanitizer
// (scripts/test.sh), where any data race in the shared state is a failure.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <array>
#include <atomic>
#include <barrier>
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <curl/curl.h>

#include "api/handles.h"
#include "loopback_server.h"
#include "thread_support.h"
#include "transport/resolver.h"

using xfer::test::LoopbackServer;

namespace {

constexpr int kThreads = 8;
constexpr int kTransfersPerThread = 50;
// No single transfer may hang the test: every handle has this CURLOPT_TIMEOUT, and every
// loop of the test gives up at kDeadline after the start.
constexpr long kTransferTimeoutMs = 20000;
constexpr auto kDeadline = std::chrono::seconds(25);
// The plain server is reached by a made-up name (CURLOPT_RESOLVE puts it in the shared DNS
// cache); the TLS one by "localhost", which the test certificate names.
constexpr std::string_view kPlainHost = "xfer-threads.test";
constexpr std::string_view kTlsHost = "localhost";

// One mutex per lock data kind, as CURLSHOPT_LOCKFUNC's documentation suggests, plus the
// checks the test makes of xfer's lock discipline: a kind is never locked twice by one
// thread (that would deadlock a plain mutex), and every unlock matches a lock this thread
// holds. Violations are counted, never acted on, so the test ends and reports them.
struct LockBook {
  std::array<std::mutex, CURL_LOCK_DATA_LAST> mutexes;
  std::array<std::atomic<long>, CURL_LOCK_DATA_LAST> locks{};
  std::array<std::atomic<long>, CURL_LOCK_DATA_LAST> unlocks{};
  std::atomic<long> nested{0};
  std::atomic<long> unmatched{0};
  std::atomic<long> bad_kind{0};
};

// Which kinds this thread holds right now.
thread_local std::array<bool, CURL_LOCK_DATA_LAST> held_here{};

void lock_cb(CURL*, curl_lock_data what, curl_lock_access, void* userp) {
  auto* book = static_cast<LockBook*>(userp);
  if (what < 0 || what >= CURL_LOCK_DATA_LAST) {
    ++book->bad_kind;
    return;
  }
  if (held_here[what]) {
    ++book->nested;
    return;
  }
  book->mutexes[what].lock();
  held_here[what] = true;
  ++book->locks[what];
}

void unlock_cb(CURL*, curl_lock_data what, void* userp) {
  auto* book = static_cast<LockBook*>(userp);
  if (what < 0 || what >= CURL_LOCK_DATA_LAST) {
    ++book->bad_kind;
    return;
  }
  if (!held_here[what]) {
    ++book->unmatched;
    return;
  }
  held_here[what] = false;
  ++book->unlocks[what];
  book->mutexes[what].unlock();
}

// What the threads report back; Catch2's assertions are not thread-safe, so the main
// thread checks these after the join.
struct Outcome {
  std::mutex m;
  std::vector<std::string> failures;
  std::atomic<int> succeeded{0};
  std::atomic<int> reused_by_fresh_handles{0};

  void fail(std::string what) {
    std::lock_guard<std::mutex> g(m);
    if (failures.size() < 20) failures.push_back(std::move(what));
  }
};

std::size_t append(char* data, std::size_t size, std::size_t n, void* userp) {
  static_cast<std::string*>(userp)->append(data, size * n);
  return size * n;
}

// How a thread drives its transfers.
enum class Mode {
  reused_easy,  // one easy handle, curl_easy_perform for every transfer
  fresh_easy,   // a new easy handle for every transfer
  own_multi,    // two easy handles at a time on the thread's own multi handle
};

struct Setup {
  CURLSH* share = nullptr;
  curl_slist* resolve = nullptr;  // read by every handle, never changed while threads run
  std::string ca_file;
  std::uint16_t plain_port = 0;
  std::uint16_t tls_port = 0;
  LockBook* book = nullptr;
  Outcome* outcome = nullptr;
  std::chrono::steady_clock::time_point deadline;
};

// Transfer i of thread t: odd ones go over TLS, and every tenth TLS one asks for a new
// connection so that a handshake looks up the shared session cache. The server answers
// with a body naming the transfer and sets one cookie per thread and host (its value the
// transfer's number, so the last one is known); TLS replies also carry an HSTS header.
struct Job {
  bool tls;
  bool fresh_connection;
  std::string url;
  std::string expected_body;
};

Job job_for(const Setup& s, int t, int i) {
  Job j;
  j.tls = i % 2 == 1;
  j.fresh_connection = j.tls && i % 10 == 9;
  const std::string tag = "t" + std::to_string(t) + "-" + std::to_string(i);
  j.expected_body = tag + (j.tls ? "-tls" : "-plain");
  const std::string cookie = std::string(j.tls ? "s" : "p") + std::to_string(t) + "=" + std::to_string(i);
  j.url = std::string(j.tls ? "https://" : "http://") + std::string(j.tls ? kTlsHost : kPlainHost) + ":" +
          std::to_string(j.tls ? s.tls_port : s.plain_port) + "/" + tag + "?text=" + j.expected_body +
          "&hdr=Set-Cookie:" + cookie + ";Path=/";
  if (j.tls) j.url += "&hdr=Strict-Transport-Security:max-age=3600";
  return j;
}

// The options every handle of the test has.
bool configure(CURL* e, const Setup& s, std::string* body) {
  bool ok = curl_easy_setopt(e, CURLOPT_SHARE, s.share) == CURLE_OK;
  ok = ok && curl_easy_setopt(e, CURLOPT_COOKIEFILE, "") == CURLE_OK;  // the cookie engine on
  ok = ok && curl_easy_setopt(e, CURLOPT_RESOLVE, s.resolve) == CURLE_OK;
  ok = ok && curl_easy_setopt(e, CURLOPT_CAINFO, s.ca_file.c_str()) == CURLE_OK;
  ok = ok && curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, kTransferTimeoutMs) == CURLE_OK;
  ok = ok && curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L) == CURLE_OK;
  ok = ok && curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, append) == CURLE_OK;
  ok = ok && curl_easy_setopt(e, CURLOPT_WRITEDATA, body) == CURLE_OK;
  return ok;
}

void prepare(CURL* e, const Job& j, std::string* body) {
  body->clear();
  curl_easy_setopt(e, CURLOPT_URL, j.url.c_str());
  curl_easy_setopt(e, CURLOPT_FRESH_CONNECT, j.fresh_connection ? 1L : 0L);
}

void judge(const Setup& s, const Job& j, CURLcode rc, const std::string& body) {
  if (rc != CURLE_OK) {
    s.outcome->fail(j.url + ": " + curl_easy_strerror(rc));
  } else if (body != j.expected_body) {
    s.outcome->fail(j.url + ": body \"" + body + "\"");
  } else {
    ++s.outcome->succeeded;
  }
}

bool past_deadline(const Setup& s) {
  return std::chrono::steady_clock::now() > s.deadline;
}

void run_reused(const Setup& s, int t, CURL* e, std::string* body) {
  for (int i = 0; i < kTransfersPerThread && !past_deadline(s); ++i) {
    const Job j = job_for(s, t, i);
    prepare(e, j, body);
    judge(s, j, curl_easy_perform(e), *body);
  }
}

void run_fresh(const Setup& s, int t) {
  for (int i = 0; i < kTransfersPerThread && !past_deadline(s); ++i) {
    const Job j = job_for(s, t, i);
    std::string body;
    CURL* e = curl_easy_init();
    if (!e || !configure(e, s, &body)) {
      s.outcome->fail("thread " + std::to_string(t) + ": handle setup failed");
      if (e) curl_easy_cleanup(e);
      return;
    }
    prepare(e, j, &body);
    const CURLcode rc = curl_easy_perform(e);
    judge(s, j, rc, body);
    // A new handle has no connection of its own: having none to make means it took one
    // from the share, left there by this thread's earlier handles or by another thread.
    long connects = -1;
    if (rc == CURLE_OK && curl_easy_getinfo(e, CURLINFO_NUM_CONNECTS, &connects) == CURLE_OK && connects == 0)
      ++s.outcome->reused_by_fresh_handles;
    curl_easy_cleanup(e);
  }
}

void run_multi(const Setup& s, int t, std::array<CURL*, 2>& easy, std::array<std::string, 2>& bodies) {
  CURLM* m = curl_multi_init();
  if (!m) {
    s.outcome->fail("thread " + std::to_string(t) + ": no multi handle");
    return;
  }
  for (int i = 0; i < kTransfersPerThread && !past_deadline(s); i += 2) {
    std::array<Job, 2> jobs{job_for(s, t, i), job_for(s, t, i + 1)};
    std::array<bool, 2> done{false, false};
    const int count = i + 1 < kTransfersPerThread ? 2 : 1;
    for (int k = 0; k < count; ++k) {
      prepare(easy[k], jobs[k], &bodies[k]);
      curl_multi_add_handle(m, easy[k]);
    }
    int running = 1;
    while (running > 0 && !past_deadline(s)) {
      if (curl_multi_perform(m, &running) != CURLM_OK) break;
      int left = 0;
      while (CURLMsg* msg = curl_multi_info_read(m, &left)) {
        if (msg->msg != CURLMSG_DONE) continue;
        const int k = msg->easy_handle == easy[0] ? 0 : 1;
        done[k] = true;
        judge(s, jobs[k], msg->data.result, bodies[k]);
      }
      if (running > 0) curl_multi_poll(m, nullptr, 0, 100, nullptr);
    }
    for (int k = 0; k < count; ++k) {
      if (!done[k]) s.outcome->fail(jobs[k].url + ": never finished");
      curl_multi_remove_handle(m, easy[k]);
    }
  }
  curl_multi_cleanup(m);
}

// The cookie jar as one handle sees it: name -> value for one host.
std::map<std::string, std::string> cookies_for(CURL* e, std::string_view host) {
  std::map<std::string, std::string> out;
  curl_slist* list = nullptr;
  if (curl_easy_getinfo(e, CURLINFO_COOKIELIST, &list) != CURLE_OK) return out;
  for (curl_slist* l = list; l; l = l->next) {
    // Netscape format: domain, subdomains flag, path, secure, expiry, name, value.
    std::vector<std::string_view> fields;
    std::string_view line = l->data;
    while (true) {
      const std::size_t tab = line.find('\t');
      fields.push_back(line.substr(0, tab));
      if (tab == std::string_view::npos) break;
      line.remove_prefix(tab + 1);
    }
    if (fields.size() == 7 && fields[0] == host) out[std::string(fields[5])] = std::string(fields[6]);
  }
  curl_slist_free_all(list);
  return out;
}

// Every thread's last cookie for both hosts must be in the jar this handle sees.
void check_cookies(const Setup& s, int t, CURL* e) {
  const auto plain = cookies_for(e, kPlainHost);
  const auto tls = cookies_for(e, kTlsHost);
  for (int other = 0; other < kThreads; ++other) {
    const std::string last_plain = std::to_string(kTransfersPerThread - 2);
    const std::string last_tls = std::to_string(kTransfersPerThread - 1);
    const auto p = plain.find("p" + std::to_string(other));
    const auto q = tls.find("s" + std::to_string(other));
    if (p == plain.end() || p->second != last_plain)
      s.outcome->fail("thread " + std::to_string(t) + " does not see p" + std::to_string(other) + "=" + last_plain);
    if (q == tls.end() || q->second != last_tls)
      s.outcome->fail("thread " + std::to_string(t) + " does not see s" + std::to_string(other) + "=" + last_tls);
  }
}

void worker(const Setup& s, int t, Mode mode, std::barrier<>& all_done) {
  std::array<std::string, 2> bodies;
  std::array<CURL*, 2> easy{curl_easy_init(), curl_easy_init()};
  const bool ready = easy[0] && easy[1] && configure(easy[0], s, &bodies[0]) && configure(easy[1], s, &bodies[1]);
  if (!ready) {
    s.outcome->fail("thread " + std::to_string(t) + ": handle setup failed");
  } else if (mode == Mode::reused_easy) {
    run_reused(s, t, easy[0], &bodies[0]);
  } else if (mode == Mode::fresh_easy) {
    run_fresh(s, t);
  } else {
    run_multi(s, t, easy, bodies);
  }
  // Once every thread is done, each reads the jar through a handle of its own, while the
  // others do the same.
  all_done.arrive_and_wait();
  if (ready) check_cookies(s, t, easy[1]);
  for (CURL* e : easy)
    if (e) curl_easy_cleanup(e);
}

LoopbackServer::Options tls_server_options() {
  LoopbackServer::Options o;
  o.tls.emplace();
  o.tls->cert_file = std::string(XFER_TEST_CERTS_DIR) + "/server.pem";
  o.tls->key_file = std::string(XFER_TEST_CERTS_DIR) + "/server.key";
  return o;
}

}  // namespace

TEST_CASE("one share driven from 8 threads: every transfer succeeds, locks balance, cookies cross threads",
          "[threads][share]") {
  REQUIRE(curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK);
  LoopbackServer plain;
  LoopbackServer tls(tls_server_options());
  REQUIRE(plain.ok());
  INFO("TLS server: " << tls.tls_error());
  REQUIRE(tls.ok());

  LockBook book;
  Outcome outcome;
  Setup s;
  s.book = &book;
  s.outcome = &outcome;
  s.plain_port = plain.port();
  s.tls_port = tls.port();
  s.ca_file = std::string(XFER_TEST_CERTS_DIR) + "/ca.pem";
  const std::string plain_entry = std::string(kPlainHost) + ":" + std::to_string(s.plain_port) + ":127.0.0.1";
  const std::string tls_entry = std::string(kTlsHost) + ":" + std::to_string(s.tls_port) + ":127.0.0.1";
  s.resolve = curl_slist_append(nullptr, plain_entry.c_str());
  s.resolve = curl_slist_append(s.resolve, tls_entry.c_str());
  REQUIRE(s.resolve);

  s.share = curl_share_init();
  REQUIRE(s.share);
  for (curl_lock_data kind : {CURL_LOCK_DATA_DNS, CURL_LOCK_DATA_COOKIE, CURL_LOCK_DATA_CONNECT,
                              CURL_LOCK_DATA_SSL_SESSION, CURL_LOCK_DATA_HSTS, CURL_LOCK_DATA_PSL})
    REQUIRE(curl_share_setopt(s.share, CURLSHOPT_SHARE, kind) == CURLSHE_OK);
  REQUIRE(curl_share_setopt(s.share, CURLSHOPT_LOCKFUNC, lock_cb) == CURLSHE_OK);
  REQUIRE(curl_share_setopt(s.share, CURLSHOPT_UNLOCKFUNC, unlock_cb) == CURLSHE_OK);
  REQUIRE(curl_share_setopt(s.share, CURLSHOPT_USERDATA, &book) == CURLSHE_OK);

  // A share with a handle in it cannot go.
  {
    CURL* e = curl_easy_init();
    REQUIRE(e);
    REQUIRE(curl_easy_setopt(e, CURLOPT_SHARE, s.share) == CURLE_OK);
    CHECK(curl_share_cleanup(s.share) == CURLSHE_IN_USE);
    curl_easy_cleanup(e);
  }

  const auto start = std::chrono::steady_clock::now();
  s.deadline = start + kDeadline;
  {
    std::barrier<> all_done(kThreads);
    std::vector<std::thread> threads;
    const Mode modes[] = {Mode::reused_easy, Mode::fresh_easy, Mode::own_multi};
    for (int t = 0; t < kThreads; ++t)
      threads.emplace_back(worker, std::cref(s), t, modes[t % 3], std::ref(all_done));
    for (auto& th : threads) th.join();
  }
  const auto took = std::chrono::steady_clock::now() - start;
  INFO("threads ran for " << std::chrono::duration_cast<std::chrono::milliseconds>(took).count() << " ms");

  for (const auto& f : outcome.failures) UNSCOPED_INFO(f);
  CHECK(outcome.failures.empty());
  CHECK(outcome.succeeded == kThreads * kTransfersPerThread);
  // Connections went from handle to handle through the share: far fewer than transfers,
  // and handles that never had one of their own found one there.
  INFO("plain connections " << plain.connection_count() << ", TLS connections " << tls.connection_count()
                            << ", TLS resumed " << tls.tls_resumed_count() << ", fresh handles reusing "
                            << outcome.reused_by_fresh_handles.load());
  CHECK(plain.connection_count() + tls.connection_count() < kThreads * kTransfersPerThread / 2);
  CHECK(outcome.reused_by_fresh_handles > 0);
  // A new TLS connection resumed a session some earlier handshake left in the share.
  CHECK(tls.tls_resumed_count() > 0);

  CHECK(book.nested == 0);
  CHECK(book.unmatched == 0);
  CHECK(book.bad_kind == 0);
  for (int k = 0; k < CURL_LOCK_DATA_LAST; ++k) {
    INFO("lock data kind " << k << ": " << book.locks[k].load() << " locks, " << book.unlocks[k].load()
                           << " unlocks");
    CHECK(book.locks[k].load() == book.unlocks[k].load());
  }
  // Every kind of shared data was used under its lock.
  for (curl_lock_data kind : {CURL_LOCK_DATA_SHARE, CURL_LOCK_DATA_DNS, CURL_LOCK_DATA_COOKIE,
                              CURL_LOCK_DATA_CONNECT, CURL_LOCK_DATA_SSL_SESSION, CURL_LOCK_DATA_HSTS}) {
    INFO("lock data kind " << kind);
    CHECK(book.locks[kind] > 0);
  }

  CHECK(curl_share_cleanup(s.share) == CURLSHE_OK);
  curl_slist_free_all(s.resolve);
  curl_global_cleanup();
}

namespace {

// The second share test: names that need looking up, answered by each thread's own
// resolver pool, stored in the share's DNS cache for the other threads.
constexpr int kDnsThreads = 6;
constexpr int kDnsRounds = 24;
constexpr int kNames = 5;

struct DnsCounts {
  std::array<std::atomic<int>, kNames> lookups{};
};

struct DnsSetup {
  CURLSH* share = nullptr;
  std::uint16_t plain_port = 0;
  std::uint16_t tls_port = 0;
  std::string ca_file;
  std::string jar_dir;  // thread t's handle 1 writes the shared jar to jar_dir/t
  DnsCounts* counts = nullptr;
  xfer::threadtest::Failures* failures = nullptr;
  std::atomic<int>* good = nullptr;
};

std::string shared_name(int n) { return "s" + std::to_string(n) + ".share.test"; }

xfer::Status counted_lookup(DnsCounts* counts, const std::string& host, std::uint16_t port, long ipv,
                            std::vector<xfer::transport::Address>& out) {
  for (int n = 0; n < kNames; ++n)
    if (host == shared_name(n)) ++counts->lookups[n];
  std::this_thread::sleep_for(std::chrono::milliseconds(2));
  return xfer::transport::blocking_lookup("127.0.0.1", port, ipv, out);
}

// Round r of thread t: handle 0 fetches from one of the shared names (leaving the share
// for every fourth round and coming back after it, while the other threads go on using
// it), handle 1 fetches over TLS from localhost and gets the thread's cookie set to r.
// Handle 1 writes the shared jar to its own file every eighth round (CURLOPT_COOKIELIST
// "FLUSH") and at its cleanup, while the other threads keep changing the jar.
void dns_worker(const DnsSetup& s, int t) {
  using xfer::threadtest::append_body;
  using xfer::threadtest::pattern_body;
  CURLM* m = curl_multi_init();
  if (!m) {
    s.failures->add("no multi handle");
    return;
  }
  DnsCounts* counts = s.counts;
  xfer::api::multi_of(m)->set_resolver(std::make_unique<xfer::transport::ThreadPoolResolver>(
      2, std::chrono::milliseconds(5),
      [counts](const std::string& host, std::uint16_t p, long ipv, std::vector<xfer::transport::Address>& out) {
        return counted_lookup(counts, host, p, ipv, out);
      }));
  std::array<CURL*, 2> easy{curl_easy_init(), curl_easy_init()};
  std::array<std::string, 2> bodies;
  for (int k = 0; k < 2; ++k) {
    curl_easy_setopt(easy[k], CURLOPT_SHARE, s.share);
    curl_easy_setopt(easy[k], CURLOPT_COOKIEFILE, "");
    curl_easy_setopt(easy[k], CURLOPT_CAINFO, s.ca_file.c_str());
    curl_easy_setopt(easy[k], CURLOPT_WRITEFUNCTION, append_body);
    curl_easy_setopt(easy[k], CURLOPT_WRITEDATA, &bodies[k]);
    curl_easy_setopt(easy[k], CURLOPT_TIMEOUT_MS, kTransferTimeoutMs);
  }
  const std::string jar = s.jar_dir + "/" + std::to_string(t);
  curl_easy_setopt(easy[1], CURLOPT_COOKIEJAR, jar.c_str());
  const auto deadline = std::chrono::steady_clock::now() + kDeadline;
  for (int r = 0; r < kDnsRounds && std::chrono::steady_clock::now() < deadline; ++r) {
    const bool away = r % 4 == 2;
    if (away) curl_easy_setopt(easy[0], CURLOPT_SHARE, nullptr);
    const std::size_t size = static_cast<std::size_t>(t * 100 + r * 7 + 1);
    const std::array<std::string, 2> urls{
        "http://" + shared_name((t + r) % kNames) + ":" + std::to_string(s.plain_port) +
            "/d?size=" + std::to_string(size),
        "https://localhost:" + std::to_string(s.tls_port) + "/d?size=" + std::to_string(size) +
            "&hdr=Set-Cookie:d" + std::to_string(t) + "=" + std::to_string(r) + ";Path=/"};
    for (int k = 0; k < 2; ++k) {
      bodies[k].clear();
      curl_easy_setopt(easy[k], CURLOPT_URL, urls[k].c_str());
      curl_multi_add_handle(m, easy[k]);
    }
    std::array<bool, 2> done{false, false};
    int running = 1;
    while (running > 0 && std::chrono::steady_clock::now() < deadline) {
      curl_multi_perform(m, &running);
      int left = 0;
      while (CURLMsg* msg = curl_multi_info_read(m, &left)) {
        if (msg->msg != CURLMSG_DONE) continue;
        const int k = msg->easy_handle == easy[0] ? 0 : 1;
        done[k] = true;
        if (msg->data.result != CURLE_OK)
          s.failures->add(xfer::threadtest::describe(urls[k], msg->data.result));
        else if (bodies[k] != pattern_body(size))
          s.failures->add(urls[k] + ": " + std::to_string(bodies[k].size()) + " bytes");
        else
          ++*s.good;
      }
      if (running > 0) curl_multi_poll(m, nullptr, 0, 100, nullptr);
    }
    for (int k = 0; k < 2; ++k) {
      if (!done[k]) s.failures->add(urls[k] + ": never finished");
      curl_multi_remove_handle(m, easy[k]);
    }
    if (away) curl_easy_setopt(easy[0], CURLOPT_SHARE, s.share);
    if (r % 8 == 7) curl_easy_setopt(easy[1], CURLOPT_COOKIELIST, "FLUSH");
  }
  for (CURL* e : easy) curl_easy_cleanup(e);
  curl_multi_cleanup(m);
}

}  // namespace

TEST_CASE("a share's DNS cache filled by the resolver pools of 6 threads; handles leave and rejoin it meanwhile",
          "[threads][share][dns]") {
  REQUIRE(curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK);
  LoopbackServer plain;
  LoopbackServer tls(tls_server_options());
  REQUIRE(plain.ok());
  REQUIRE(tls.ok());
  plain.record_requests(false);
  tls.record_requests(false);

  LockBook book;
  DnsCounts counts;
  xfer::threadtest::Failures failures;
  std::atomic<int> good{0};
  DnsSetup s;
  s.plain_port = plain.port();
  s.tls_port = tls.port();
  s.ca_file = std::string(XFER_TEST_CERTS_DIR) + "/ca.pem";
  char jar_dir[] = "/tmp/xfer-share-jars-XXXXXX";
  REQUIRE(mkdtemp(jar_dir));
  s.jar_dir = jar_dir;
  s.counts = &counts;
  s.failures = &failures;
  s.good = &good;
  s.share = curl_share_init();
  REQUIRE(s.share);
  for (curl_lock_data kind :
       {CURL_LOCK_DATA_DNS, CURL_LOCK_DATA_COOKIE, CURL_LOCK_DATA_CONNECT, CURL_LOCK_DATA_SSL_SESSION})
    REQUIRE(curl_share_setopt(s.share, CURLSHOPT_SHARE, kind) == CURLSHE_OK);
  REQUIRE(curl_share_setopt(s.share, CURLSHOPT_LOCKFUNC, lock_cb) == CURLSHE_OK);
  REQUIRE(curl_share_setopt(s.share, CURLSHOPT_UNLOCKFUNC, unlock_cb) == CURLSHE_OK);
  REQUIRE(curl_share_setopt(s.share, CURLSHOPT_USERDATA, &book) == CURLSHE_OK);

  {
    std::vector<std::thread> threads;
    for (int t = 0; t < kDnsThreads; ++t) threads.emplace_back(dns_worker, std::cref(s), t);
    for (auto& th : threads) th.join();
  }

  for (const auto& f : failures.kept()) UNSCOPED_INFO(f);
  CHECK(failures.count() == 0);
  CHECK(good == kDnsThreads * kDnsRounds * 2);
  // Name transfers: kDnsThreads * kDnsRounds. With the share, a name is looked up about once
  // in all (threads that miss at the same moment each look it up); each thread's own cache,
  // used while its handle is away from the share, adds at most one per name.
  int lookups = 0;
  for (auto& n : counts.lookups) lookups += n.load();
  INFO(lookups << " lookups for " << kDnsThreads * kDnsRounds << " transfers to " << kNames << " names");
  CHECK(lookups >= kNames);
  CHECK(lookups <= 2 * kDnsThreads * kNames);

  // Every thread's last cookie is in the jar, whichever thread stored it.
  {
    CURL* e = curl_easy_init();
    REQUIRE(e);
    REQUIRE(curl_easy_setopt(e, CURLOPT_SHARE, s.share) == CURLE_OK);
    const auto jar = cookies_for(e, kTlsHost);
    for (int t = 0; t < kDnsThreads; ++t) {
      const auto c = jar.find("d" + std::to_string(t));
      INFO("cookie d" << t);
      REQUIRE(c != jar.end());
      CHECK(c->second == std::to_string(kDnsRounds - 1));
    }
    curl_easy_cleanup(e);
  }

  CHECK(book.nested == 0);
  CHECK(book.unmatched == 0);
  CHECK(book.bad_kind == 0);
  for (int k = 0; k < CURL_LOCK_DATA_LAST; ++k) CHECK(book.locks[k].load() == book.unlocks[k].load());
  CHECK(book.locks[CURL_LOCK_DATA_DNS] > 0);

  // Each file is a whole jar, written under the cookie lock: the Netscape header, then
  // lines for localhost that hold at least the writer's own last cookie.
  for (int t = 0; t < kDnsThreads; ++t) {
    const std::string path = s.jar_dir + "/" + std::to_string(t);
    std::ifstream in(path);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    INFO("jar " << path);
    CHECK(text.rfind("# Netscape HTTP Cookie File", 0) == 0);
    CHECK(text.find("\td" + std::to_string(t) + "\t" + std::to_string(kDnsRounds - 1) + "\n") != std::string::npos);
    std::remove(path.c_str());
  }
  rmdir(s.jar_dir.c_str());
  CHECK(curl_share_cleanup(s.share) == CURLSHE_OK);
  curl_global_cleanup();
}
