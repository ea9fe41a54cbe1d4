// Command-line options of the xfer tool and the parser that fills them.
#pragma once

#include <string>
#include <vector>

namespace xfer::tool {

struct Options {
  std::vector<std::string> urls;
  // Paired with urls by position, like curl's -o: the Nth -o names the Nth URL's file.
  std::vector<std::string> outputs;
  bool remote_name = false;
  std::string output_dir;
  bool to_stdout = false;

  long parallel_max = 50;
  bool parallel_max_given = false;
  double timeout_s = 0;
  double connect_timeout_s = 0;
  bool follow = false;
  std::vector<std::string> headers;
  std::string user_agent;
  bool fail = false;
  bool verbose = false;
  long max_host_conns = 0;
  bool silent = false;
  bool full_table = false;

  bool help = false;
  bool version = false;
  // Demo mode starts only when no URL came from anywhere, not when an input file was empty.
  bool urls_given = false;
};

struct ParseResult {
  Options options;
  std::string error;  // empty on success
};

ParseResult parse_options(int argc, const char* const* argv);

// Appends the URLs of an input file (one per line, '#' starts a comment line).
bool read_url_file(const std::string& path, std::vector<std::string>& urls, std::string& error);

const char* usage_text();

}  // namespace xfer::tool
