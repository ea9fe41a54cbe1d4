// The soak: 200 transfers at a time against xfer-testserver, good and hostile replies, checked for results, RSS, fds.
//
// Usage: soak PORT   (or $XFER_TEST_PORT; tests/support/with_server.py starts the server)
// $XFER_SOAK_SECONDS: how long new transfers are started (default 60); $XFER_SOAK_CONCURRENCY:
// transfers kept running at once (default 200). Only libcurl's public API is used, so the
// same program builds against Debian's libcurl to confirm what each kind of reply yields.
#include <dirent.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include <curl/curl.h>

namespace {

using Clock = std::chrono::steady_clock;

// What each kind of transfer asks the server for (tests/support/url_responder.cpp and
// URL-PROTOCOL.md) and which results are right for it.
enum Kind {
  kSized,          // Content-Length body
  kChunked,        // chunked body, random chunk sizes
  kGzip,           // gzip-coded body, decoded by the client
  kCloseBody,      // body delimited by the server's close
  kNotFound,       // a 404 with a body: still CURLE_OK
  kRedirect,       // 302 to a sized body, followed
  kRedirectLimit,  // two redirects with MAXREDIRS 1
  kMalformed,      // "HTTP/1.1 abc Broken": no status line libcurl knows, so HTTP/0.9, refused
  kGarbage,        // no HTTP at all ("hello world"): HTTP/0.9 as well
  kBadLength,      // "Content-Length: abc"
  kBadChunk,       // chunk size that is not hex
  kHugeHeaders,    // 400 KiB of header lines
  kNothing,        // connection closed without a reply
  kCutBody,        // close in the middle of a Content-Length body
  kReset,          // connection reset before a reply
  kSlowBody,       // a body that drips in slower than the transfer's timeout allows
  kHang,           // no reply at all within the timeout
  kKinds
};

struct KindInfo {
  const char* name;
  int weight;                    // share of new transfers, out of the sum of weights
  std::vector<CURLcode> expect;  // any of these is right
};

// The results are libcurl 7.88's (the program built against Debian's libcurl gets exactly
// these). Weights: about 60% good replies, 40% hostile ones; the two kinds that end in a timeout
// hold a slot for kShortTimeoutMs each and are kept rarer.
const std::array<KindInfo, kKinds> kInfo = {{
    {"sized", 20, {CURLE_OK}},
    {"chunked", 12, {CURLE_OK}},
    {"gzip", 8, {CURLE_OK}},
    {"close-delimited", 6, {CURLE_OK}},
    {"404", 4, {CURLE_OK}},
    {"redirect", 8, {CURLE_OK}},
    {"redirect-limit", 4, {CURLE_TOO_MANY_REDIRECTS}},
    {"malformed-status", 4, {CURLE_UNSUPPORTED_PROTOCOL}},
    {"garbage", 4, {CURLE_UNSUPPORTED_PROTOCOL}},
    {"bad-length", 4, {CURLE_WEIRD_SERVER_REPLY}},
    {"bad-chunk", 5, {CURLE_RECV_ERROR}},
    {"huge-headers", 2, {CURLE_RECV_ERROR}},
    {"nothing", 5, {CURLE_GOT_NOTHING}},
    {"cut-body", 5, {CURLE_PARTIAL_FILE}},
    {"reset", 5, {CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_GOT_NOTHING}},
    {"slow-timeout", 2, {CURLE_OPERATION_TIMEDOUT}},
    {"hang-timeout", 2, {CURLE_OPERATION_TIMEDOUT}},
}};

constexpr long kShortTimeoutMs = 300;
// CURLMOPT_MAXCONNECTS: how many idle connections the multi handle may keep.
constexpr long kMaxConnects = 32;
// Any other transfer that takes this long is stuck: a failure, not a test that never ends.
constexpr long kLongTimeoutMs = 15000;

struct Transfer {
  CURL* easy = nullptr;
  Kind kind = kSized;
  std::size_t size = 0;      // body bytes a good reply carries (after decoding)
  std::size_t received = 0;  // body bytes the write callback saw
  bool pattern_ok = true;    // every byte was the server's 'a' + offset % 26
  std::string url;
  int uses = 0;  // transfers this easy handle has run
};

std::size_t on_body(char* data, std::size_t size, std::size_t n, void* userp) {
  auto* t = static_cast<Transfer*>(userp);
  const std::size_t len = size * n;
  for (std::size_t i = 0; i < len && t->pattern_ok; ++i)
    t->pattern_ok = data[i] == static_cast<char>('a' + (t->received + i) % 26);
  t->received += len;
  return len;
}

long rss_kib() {
  FILE* f = std::fopen("/proc/self/statm", "r");
  if (!f) return -1;
  long size = 0, resident = 0;
  const int got = std::fscanf(f, "%ld %ld", &size, &resident);
  std::fclose(f);
  if (got != 2) return -1;
  return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

struct FdCount {
  int all = 0;
  int sockets = 0;
};

FdCount open_fds() {
  FdCount c;
  DIR* d = opendir("/proc/self/fd");
  if (!d) return {-1, -1};
  const int own = dirfd(d);
  while (dirent* e = readdir(d)) {
    if (e->d_name[0] == '.' || std::atoi(e->d_name) == own) continue;
    ++c.all;
    char target[64] = {};
    const std::string path = std::string("/proc/self/fd/") + e->d_name;
    if (readlink(path.c_str(), target, sizeof target - 1) > 0 && std::strncmp(target, "socket:", 7) == 0) ++c.sockets;
  }
  closedir(d);
  return c;
}

long env_number(const char* name, long fallback) {
  const char* v = std::getenv(name);
  if (!v || !*v) return fallback;
  char* end = nullptr;
  const long n = std::strtol(v, &end, 10);
  return end && *end == '\0' && n > 0 ? n : fallback;
}

class Soak {
 public:
  Soak(int port, long seconds, int concurrency)
      : port_(port), seconds_(seconds), concurrency_(concurrency), rng_(20261207) {
    for (const KindInfo& k : kInfo) weight_sum_ += k.weight;
  }

  int run();

 private:
  Kind pick_kind() {
    int r = static_cast<int>(rng_() % static_cast<unsigned>(weight_sum_));
    for (int k = 0; k < kKinds; ++k) {
      if (r < kInfo[k].weight) return static_cast<Kind>(k);
      r -= kInfo[k].weight;
    }
    return kSized;
  }
  // Mostly small bodies, now and then a large one.
  std::size_t pick_size() {
    const unsigned r = rng_() % 100;
    if (r < 60) return rng_() % 2048;
    if (r < 95) return rng_() % 32768;
    return 65536 + rng_() % 200000;
  }
  void prepare(Transfer& t);
  void start_one();
  void finish(Transfer* t, CURLcode rc);
  void sample(const char* label);

  int port_;
  long seconds_;
  int concurrency_;
  std::mt19937 rng_;
  int weight_sum_ = 0;
  CURLM* multi_ = nullptr;
  int active_ = 0;
  bool stopping_ = false;  // the time is up: no new transfers
  bool draining_ = false;  // the warm-up just ended: no new transfers until none runs

  std::array<long, kKinds> done_{};
  std::array<long, kKinds> wrong_{};
  std::array<std::array<long, CURL_LAST>, kKinds> codes_{};
  long reused_handles_ = 0;
  long new_handles_ = 0;
  int wrong_printed_ = 0;
};

void Soak::prepare(Transfer& t) {
  t.kind = pick_kind();
  t.size = pick_size();
  t.received = 0;
  t.pattern_ok = true;
  const std::string base = "http://127.0.0.1:" + std::to_string(port_);
  const std::string n = std::to_string(t.size);
  long timeout = kLongTimeoutMs;
  long follow = 0;
  long maxredirs = -1;
  const char* encoding = nullptr;
  switch (t.kind) {
    case kSized: t.url = base + "/sized?size=" + n; break;
    case kChunked: t.url = base + "/chunked?chunked=1&chunk=" + std::to_string(1 + rng_() % 4096) + "&size=" + n; break;
    case kGzip:
      t.url = base + "/gzip?gzip=1&size=" + n;
      encoding = "";
      break;
    case kCloseBody: t.url = base + "/close?close=1&size=" + n; break;
    case kNotFound: t.url = base + "/missing?status=404&size=" + n; break;
    case kRedirect:
      t.url = base + "/redirect?status=302&location=%2Fsized%3Fsize%3D" + n;
      follow = 1;
      break;
    case kRedirectLimit:
      t.url = base + "/redirect?status=302&location=%2Fagain%3Fstatus%3D302%26location%3D%252Fsized";
      follow = 1;
      maxredirs = 1;
      break;
    case kMalformed: t.url = base + "/malformed?malformed=1"; break;
    case kGarbage: t.url = base + "/garbage?garbage=1"; break;
    case kBadLength:
      t.url = base + "/badlength?raw=HTTP/1.1%20200%20OK%0D%0AContent-Length:%20abc%0D%0A%0D%0Ahello";
      break;
    case kBadChunk:
      t.url = base +
              "/badchunk?raw=HTTP/1.1%20200%20OK%0D%0ATransfer-Encoding:%20chunked%0D%0A%0D%0A"
              "5%0D%0Ahello%0D%0Azz%0D%0Aworld%0D%0A0%0D%0A%0D%0A";
      break;
    case kHugeHeaders:
      t.url = base + "/huge?raw=HTTP/1.1%20200%20OK%0D%0A&flood=X-Flood:%20" + std::string(60, 'y') +
              "%0D%0A&floodn=6800&rawtail=Content-Length:%200%0D%0A%0D%0A";
      break;
    case kNothing: t.url = base + "/nothing?nothing=1"; break;
    case kCutBody:
      // Past the head (well under 200 bytes), short of the body's end.
      t.size = 2000 + t.size;
      t.url = base + "/cut?size=" + std::to_string(t.size) + "&cut=" + std::to_string(200 + t.size / 2);
      break;
    case kReset: t.url = base + "/reset?rst=1"; break;
    case kSlowBody:
      t.url = base + "/slow?size=20000&drip=20&dripsize=50";
      timeout = kShortTimeoutMs;
      break;
    case kHang:
      t.url = base + "/hang?hang=1";
      timeout = kShortTimeoutMs;
      break;
    case kKinds: break;
  }
  curl_easy_setopt(t.easy, CURLOPT_URL, t.url.c_str());
  curl_easy_setopt(t.easy, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(t.easy, CURLOPT_WRITEDATA, &t);
  curl_easy_setopt(t.easy, CURLOPT_PRIVATE, &t);
  curl_easy_setopt(t.easy, CURLOPT_TIMEOUT_MS, timeout);
  curl_easy_setopt(t.easy, CURLOPT_FOLLOWLOCATION, follow);
  curl_easy_setopt(t.easy, CURLOPT_MAXREDIRS, maxredirs);
  curl_easy_setopt(t.easy, CURLOPT_ACCEPT_ENCODING, encoding);
  curl_easy_setopt(t.easy, CURLOPT_NOSIGNAL, 1L);
}

void Soak::start_one() {
  auto* t = new Transfer;
  t->easy = curl_easy_init();
  if (!t->easy) {
    delete t;
    return;
  }
  ++new_handles_;
  prepare(*t);
  if (curl_multi_add_handle(multi_, t->easy) != CURLM_OK) {
    curl_easy_cleanup(t->easy);
    delete t;
    return;
  }
  ++active_;
}

void Soak::finish(Transfer* t, CURLcode rc) {
  ++done_[t->kind];
  if (rc >= 0 && rc < CURL_LAST) ++codes_[t->kind][rc];
  const KindInfo& info = kInfo[t->kind];
  bool right = std::find(info.expect.begin(), info.expect.end(), rc) != info.expect.end();
  if (right && rc == CURLE_OK) {
    long code = 0;
    curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &code);
    long redirects = 0;
    curl_easy_getinfo(t->easy, CURLINFO_REDIRECT_COUNT, &redirects);
    right = code == (t->kind == kNotFound ? 404 : 200) && t->received == t->size && t->pattern_ok &&
            redirects == (t->kind == kRedirect ? 1 : 0);
  }
  if (!right) {
    ++wrong_[t->kind];
    if (wrong_printed_++ < 20)
      std::fprintf(stderr, "WRONG %s: %s (%d), %zu of %zu bytes%s: %s\n", info.name, curl_easy_strerror(rc),
                   static_cast<int>(rc), t->received, t->size, t->pattern_ok ? "" : ", bad bytes", t->url.c_str());
  }

  curl_multi_remove_handle(multi_, t->easy);
  --active_;
  ++t->uses;
  // A third of the handles run another transfer after curl_multi_remove_handle; the rest
  // go, and start_one makes new ones.
  if (!stopping_ && !draining_ && rng_() % 3 == 0) {
    prepare(*t);
    if (curl_multi_add_handle(multi_, t->easy) == CURLM_OK) {
      ++active_;
      ++reused_handles_;
      return;
    }
  }
  curl_easy_cleanup(t->easy);
  delete t;
}

int Soak::run() {
  const FdCount fds_before = open_fds();
  multi_ = curl_multi_init();
  if (!multi_) {
    std::fprintf(stderr, "soak: no multi handle\n");
    return 1;
  }
  // A bounded connection cache keeps the fd count of a healthy run within a known band.
  curl_multi_setopt(multi_, CURLMOPT_MAXCONNECTS, kMaxConnects);

  const auto start = Clock::now();
  const auto end = start + std::chrono::seconds(seconds_);
  // The warm-up is the first 20%. It ends with a drain: no new transfers until the running
  // ones are done, when the fds open (the connection cache's, the multi handle's own) are
  // counted; the end of the run is drained the same way and counted again.
  const auto warm = start + std::chrono::milliseconds(seconds_ * 200);
  bool warmed = false;
  FdCount fds_warm{-1, -1};
  long done_at_warm = 0;
  // Loaded samples start after the warm-up, once a second or 50 in all.
  const auto sample_every = std::chrono::milliseconds(std::max<long>(1000, seconds_ * 1000 / 50));
  struct Sample {
    double t;
    long rss;
    FdCount fds;
    long done;
  };
  std::vector<Sample> samples;
  auto next_sample = warm;
  auto total_done = [&] {
    long n = 0;
    for (long d : done_) n += d;
    return n;
  };

  while (true) {
    const auto now = Clock::now();
    if (!stopping_ && now >= end) stopping_ = true;
    if (!warmed && !draining_ && now >= warm) draining_ = true;
    if (draining_ && active_ == 0) {
      fds_warm = open_fds();
      done_at_warm = total_done();
      draining_ = false;
      warmed = true;
      next_sample = Clock::now() + sample_every;
    }
    while (!stopping_ && !draining_ && active_ < concurrency_) start_one();
    if (stopping_ && active_ == 0) break;
    int running = 0;
    if (curl_multi_perform(multi_, &running) != CURLM_OK) {
      std::fprintf(stderr, "soak: curl_multi_perform failed\n");
      return 1;
    }
    // Sampled after a perform, while every running transfer has had the chance to open
    // its socket.
    if (warmed && !stopping_ && now >= next_sample) {
      samples.push_back({std::chrono::duration<double>(now - start).count(), rss_kib(), open_fds(), total_done()});
      next_sample = now + sample_every;
    }
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi_, &left)) {
      if (msg->msg != CURLMSG_DONE) continue;
      Transfer* t = nullptr;
      curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, reinterpret_cast<char**>(&t));
      finish(t, msg->data.result);
    }
    if ((stopping_ || draining_) && now > std::max(end, warm) + std::chrono::milliseconds(2 * kLongTimeoutMs)) {
      std::fprintf(stderr, "soak: %d transfers still running long after the last was started\n", active_);
      return 1;
    }
    curl_multi_poll(multi_, nullptr, 0, 100, nullptr);
  }
  const auto stopped = Clock::now();
  const FdCount fds_drained = open_fds();
  curl_multi_cleanup(multi_);
  const FdCount fds_after = open_fds();

  const double secs = std::chrono::duration<double>(stopped - start).count();
  const long total = total_done();
  long wrong = 0;
  std::printf("soak: %ld s, %d at a time, %ld transfers in %.1f s (%.0f/s), %ld on new handles, %ld on reused ones\n",
              seconds_, concurrency_, total, secs, total / secs, new_handles_, reused_handles_);
  std::printf("%-18s %8s %6s  results\n", "kind", "done", "wrong");
  for (int k = 0; k < kKinds; ++k) {
    std::string results;
    for (int c = 0; c < CURL_LAST; ++c)
      if (codes_[k][c]) results += " " + std::to_string(c) + "x" + std::to_string(codes_[k][c]);
    std::printf("%-18s %8ld %6ld %s\n", kInfo[k].name, done_[k], wrong_[k], results.c_str());
    wrong += wrong_[k];
  }
  std::printf("samples after warm-up (every %lld ms):\n", static_cast<long long>(sample_every.count()));
  for (const Sample& x : samples)
    std::printf("  t=%5.1fs rss=%ld KiB fds=%d (%d sockets) done=%ld\n", x.t, x.rss, x.fds.all, x.fds.sockets,
                x.done);

  // RSS after warm-up and at the end: the highest sample in the first and in the last
  // tenth of the run (at least one sample each), so one sample does not decide.
  long rss_warm = 0, rss_end = 0;
  int fds_loaded_max = 0;
  const double tenth = static_cast<double>(seconds_) / 10;
  for (const Sample& x : samples) {
    if (x.t < samples.front().t + tenth) rss_warm = std::max(rss_warm, x.rss);
    if (x.t >= samples.back().t - tenth) rss_end = std::max(rss_end, x.rss);
    fds_loaded_max = std::max(fds_loaded_max, x.fds.all);
  }
  // RSS: the allocator keeps what 200 transfers at a time need once the mix has been
  // through every kind (the warm-up), so a healthy run stays near the post-warm-up level;
  // a leak grows with the transfer count. Healthy runs swing by up to 3.5 MiB (400 KiB
  // header floods and 250 KiB bodies come and go) with no trend, so the bound is 4 MiB, or
  // a third of the post-warm-up RSS when more transfers at a time make that larger: about
  // 40 bytes per transfer over the 100,000 or so a default run makes after its warm-up
  // (tests/soak/README.md has the measurements).
  const long rss_growth = rss_end - rss_warm;
  const long rss_bound = std::max<long>(4 * 1024, rss_warm / 3);
  // fds, drained (no transfer running): the multi handle's own fds (epoll, eventfds) are
  // the same at the end as after warm-up, and the sockets are the connection cache's, so
  // the end exceeds the warm-up by at most the cache's size (how full it is depends on
  // which kinds ran last). Under load each running transfer adds at most one socket.
  // After curl_multi_cleanup, exactly the fds open before curl_multi_init are left.
  const int fds_drained_bound = fds_warm.all + static_cast<int>(kMaxConnects);
  const int fds_loaded_bound = fds_warm.all - fds_warm.sockets + static_cast<int>(kMaxConnects) + concurrency_;
  std::printf("RSS: %ld KiB after warm-up (%ld transfers done), %ld KiB at the end: growth %ld KiB (bound %ld KiB)\n",
              rss_warm, done_at_warm, rss_end, rss_growth, rss_bound);
  std::printf("fds: %d before the multi handle; drained after warm-up %d (%d sockets), drained at the end %d "
              "(%d sockets, bound %d); %d after cleanup; under load at most %d (bound %d)\n",
              fds_before.all, fds_warm.all, fds_warm.sockets, fds_drained.all, fds_drained.sockets, fds_drained_bound,
              fds_after.all, fds_loaded_max, fds_loaded_bound);

  bool ok = true;
  if (wrong > 0) {
    std::printf("FAIL: %ld transfers ended with a result their kind does not allow\n", wrong);
    ok = false;
  }
  for (int k = 0; k < kKinds; ++k) {
    if (done_[k] == 0) {
      std::printf("FAIL: no %s transfer ran\n", kInfo[k].name);
      ok = false;
    }
  }
  if (samples.empty() || rss_warm <= 0 || rss_end <= 0) {
    std::printf("FAIL: no RSS samples\n");
    ok = false;
  } else if (rss_growth > rss_bound) {
    std::printf("FAIL: RSS grew by %ld KiB after warm-up (bound %ld KiB)\n", rss_growth, rss_bound);
    ok = false;
  }
  if (fds_warm.all < 0 || fds_drained.all > fds_drained_bound ||
      fds_drained.all - fds_drained.sockets != fds_warm.all - fds_warm.sockets) {
    std::printf("FAIL: drained, %d fds (%d sockets) at the end, %d (%d sockets) after warm-up\n", fds_drained.all,
                fds_drained.sockets, fds_warm.all, fds_warm.sockets);
    ok = false;
  }
  if (fds_loaded_max > fds_loaded_bound) {
    std::printf("FAIL: %d fds under load (bound %d)\n", fds_loaded_max, fds_loaded_bound);
    ok = false;
  }
  if (fds_after.all != fds_before.all) {
    std::printf("FAIL: %d fds after cleanup, %d before the multi handle\n", fds_after.all, fds_before.all);
    ok = false;
  }
  std::printf(ok ? "PASS\n" : "FAILED\n");
  return ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  const char* port_text = argc > 1 ? argv[1] : std::getenv("XFER_TEST_PORT");
  const int port = port_text ? std::atoi(port_text) : 0;
  if (port <= 0 || port > 65535) {
    std::fprintf(stderr, "usage: soak PORT (or $XFER_TEST_PORT)\n");
    return 2;
  }
  if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) return 1;
  Soak soak(port, env_number("XFER_SOAK_SECONDS", 60), static_cast<int>(env_number("XFER_SOAK_CONCURRENCY", 200)));
  const int rc = soak.run();
  curl_global_cleanup();
  return rc;
}
