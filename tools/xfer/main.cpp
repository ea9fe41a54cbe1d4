// xfer: parallel downloads through the libcurl multi API; arguments in, exit code out.
#include <curl/curl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>
#include <sys/stat.h>

#include "demo.h"
#include "jobs.h"
#include "options.h"
#include "progress.h"
#include "report.h"
#include "runner.h"
#include "signals.h"
#include "write_out.h"

namespace xfer::tool {
namespace {

// curl's exit code for a command line it cannot use.
constexpr int kUsageExit = 2;
// What a shell reports for a job stopped by Ctrl-C; SIGTERM exits the same way on purpose.
constexpr int kInterruptedExit = 130;

bool ensure_output_dir(const std::string& dir) {
  if (dir.empty()) return true;
  if (::mkdir(dir.c_str(), 0777) == 0 || errno == EEXIST) return true;
  std::fprintf(stderr, "xfer: cannot create output directory '%s': %s\n", dir.c_str(),
               std::strerror(errno));
  return false;
}

int run_urls(const Options& options) {
  if (options.outputs.size() > options.urls.size())
    std::fprintf(stderr, "xfer: warning: %zu -o options but only %zu URLs\n",
                 options.outputs.size(), options.urls.size());
  if (!options.create_dirs && !ensure_output_dir(options.output_dir)) return CURLE_WRITE_ERROR;
  std::map<std::string, std::string> checksum_list;
  if (!options.checksum_file.empty()) {
    std::string error;
    if (!read_checksum_file(options.checksum_file, checksum_list, error)) {
      std::fprintf(stderr, "xfer: %s\n", error.c_str());
      return kUsageExit;
    }
  }
  std::vector<Row> rows = make_rows(options, checksum_list);

  const ProgressMode mode = options.silent                ? ProgressMode::Off
                            : isatty(STDERR_FILENO) != 0 ? ProgressMode::Live
                                                          : ProgressMode::SummaryOnly;
  Progress progress(mode, stderr, STDERR_FILENO);
  const RunTotals totals = run_transfers(options, rows, progress);

  // Bodies own stdout when they go there, so the table moves out of their way; so it does
  // when stdout is gone.
  bool bodies_on_stdout = false;
  for (const Row& row : rows) bodies_on_stdout = bodies_on_stdout || row.sink == Sink::Stdout;
  std::FILE* table = bodies_on_stdout || totals.stdout_broken ? stderr : stdout;
  std::fflush(stdout);
  if (options.json) {
    print_json_report(table, rows, totals.elapsed_us);
  } else if (!options.write_out.empty()) {
    print_write_out(table, options.write_out, rows);
  } else {
    ReportStyle style;
    style.full = options.full_table;
    print_report(table, rows, totals.elapsed_us, style);
  }
  if (std::fflush(table) != 0 && errno == EPIPE && table == stdout) {
    std::fprintf(stderr, "xfer: stdout was closed before the table was written\n");
    return CURLE_WRITE_ERROR;
  }
  if (totals.stop_signal != 0) {
    std::fprintf(stderr, "xfer: interrupted; partial files are kept as NAME.part (resume with -C -)\n");
    return kInterruptedExit;
  }
  if (totals.stdout_broken) {
    std::fprintf(stderr, "xfer: stdout was closed (broken pipe); stopped\n");
    return CURLE_WRITE_ERROR;
  }
  return exit_code_for(rows);
}

int run(int argc, char** argv) {
  const ParseResult parsed = parse_options(argc, argv);
  if (!parsed.error.empty()) {
    std::fprintf(stderr, "xfer: %s\nTry 'xfer --help'\n", parsed.error.c_str());
    return kUsageExit;
  }
  const Options& options = parsed.options;
  if (options.help) {
    std::fputs(usage_text(), stdout);
    return 0;
  }
  if (options.version) {
    std::printf("xfer tool 0.2 on %s\n", curl_version());
    return 0;
  }
  if (options.urls_given && options.urls.empty()) {
    std::fprintf(stderr, "xfer: no URLs to fetch\n");
    return kUsageExit;
  }
  if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
    std::fprintf(stderr, "xfer: library initialisation failed\n");
    return CURLE_FAILED_INIT;
  }
  install_signal_handlers();
  const int code = options.urls_given ? run_urls(options) : run_demo(options);
  curl_global_cleanup();
  return code;
}

}  // namespace
}  // namespace xfer::tool

int main(int argc, char** argv) { return xfer::tool::run(argc, argv); }
