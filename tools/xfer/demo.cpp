// Demo mode: starts the loopback server in-process, runs the mix, checks every outcome.
#include "demo.h"

#include <unistd.h>

#include <cstdio>

#include "progress.h"
#include "report.h"
#include "runner.h"

#ifdef XFER_TOOL_HAVE_DEMO_SERVER
#include "loopback_server.h"
#endif

namespace xfer::tool {

namespace {

constexpr int kDemoCount = 200;
constexpr long kDemoParallel = 20;

// A tiny deterministic generator; the mix must not change between runs.
struct Lcg {
  unsigned long long state;
  unsigned next() {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<unsigned>(state >> 33);
  }
};

long long pick_size(Lcg& rng, int index) {
  if (index % 50 == 0) return 1'000'000 + rng.next() % 3'000'000;  // a few large ones
  if (index % 4 == 0) return 16'384 + rng.next() % 250'000;
  return rng.next() % 4'096;
}

bool outcome_as_expected(const Row& row, const DemoItem& item) {
  if (row.code != item.expected_code) return false;
  return item.expected_bytes < 0 || row.bytes == item.expected_bytes;
}

std::string describe_miss(const Row& row, const DemoItem& item) {
  char text[160];
  std::snprintf(text, sizeof text, "UNEXPECTED: wanted code %d and %lld bytes, got code %d",
                static_cast<int>(item.expected_code), item.expected_bytes,
                static_cast<int>(row.code));
  return text;
}

[[maybe_unused]] int run_mix(const Options& user_options, int port) {
  Options options = user_options;
  options.fail = true;
  options.outputs.clear();
  options.to_stdout = false;
  if (!options.parallel_max_given) options.parallel_max = kDemoParallel;

  const std::vector<DemoItem> mix = demo_mix(port);
  std::vector<Row> rows(mix.size());
  for (size_t i = 0; i < mix.size(); ++i) {
    rows[i].index = i + 1;
    rows[i].url = mix[i].url;
    rows[i].shown_url = mix[i].url;
  }

  std::printf("xfer demo: %zu transfers against its own loopback server at http://127.0.0.1:%d/"
              " (parallel-max %ld, --fail on)\n",
              rows.size(), port, options.parallel_max);
  std::fflush(stdout);

  const ProgressMode mode = options.silent                ? ProgressMode::Off
                            : isatty(STDERR_FILENO) != 0 ? ProgressMode::Live
                                                          : ProgressMode::SummaryOnly;
  Progress progress(mode, stderr, STDERR_FILENO);
  const RunTotals totals = run_transfers(options, rows, progress);

  size_t misses = 0;
  size_t planned_failures = 0;
  int first_miss_code = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (outcome_as_expected(rows[i], mix[i])) {
      if (mix[i].expected_code != CURLE_OK) {
        ++planned_failures;
        rows[i].note = "expected: " + mix[i].note;
      }
      continue;
    }
    rows[i].note = describe_miss(rows[i], mix[i]);
    // A byte-count miss on a successful transfer still needs a non-zero exit.
    if (++misses == 1) first_miss_code = rows[i].code != CURLE_OK ? rows[i].code : 1;
  }

  ReportStyle style;
  style.full = options.full_table;
  print_report(stdout, rows, totals.elapsed_us, style);
  if (misses == 0) {
    std::printf("demo: all %zu transfers ended as expected (%zu failed on purpose)\n", rows.size(),
                planned_failures);
    return 0;
  }
  std::printf("demo: %zu transfers did NOT end as expected\n", misses);
  return first_miss_code;
}

}  // namespace

std::vector<DemoItem> demo_mix(int port) {
  const std::string base = "http://127.0.0.1:" + std::to_string(port) + "/demo/";
  std::vector<DemoItem> mix;
  Lcg rng{20240611};
  for (int i = 1; i <= kDemoCount; ++i) {
    DemoItem item;
    const std::string name = base + "file-" + std::to_string(i) + ".bin";
    if (i == 7) {
      item.url = name + "?status=404&size=120";
      item.expected_code = CURLE_HTTP_RETURNED_ERROR;
      item.note = "404 on purpose, counted as failure by --fail";
    } else if (i == 13) {
      item.url = name + "?nothing=1";
      item.expected_code = CURLE_GOT_NOTHING;
      item.note = "server closes without a byte on purpose";
    } else if (i % 40 == 20) {
      // Slow ones: 40 bytes, one every 25 ms, about a second each.
      item.url = name + "?size=40&drip=25";
      item.expected_bytes = 40;
    } else {
      const long long size = pick_size(rng, i);
      item.url = name + "?size=" + std::to_string(size);
      if (i % 5 == 0) item.url += "&chunked=1&chunk=" + std::to_string(512 + rng.next() % 16'000);
      item.expected_bytes = size;
    }
    mix.push_back(std::move(item));
  }
  return mix;
}

#ifdef XFER_TOOL_HAVE_DEMO_SERVER

int run_demo(const Options& user_options) {
  xfer::test::LoopbackServer server;
  if (!server.ok() || server.port() == 0) {
    std::fprintf(stderr, "xfer: could not start the loopback server\n");
    return CURLE_FAILED_INIT;
  }
  // The demo never inspects requests, so the server need not keep them.
  server.record_requests(false);
  return run_mix(user_options, static_cast<int>(server.port()));
}

#else

int run_demo(const Options&) {
  std::fprintf(stderr,
               "xfer: no URL given, and this build has no loopback server for demo mode\n"
               "Try 'xfer --help'\n");
  return CURLE_FAILED_INIT;
}

#endif

}  // namespace xfer::tool
