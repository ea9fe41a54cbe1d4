// Command-line options of the xfer tool and the parser that fills them.
#pragma once

#include <string>
#include <vector>

namespace xfer::tool {

// What to do when an output name is already taken (an existing file or an earlier URL's name).
enum class Clobber { Number, Refuse, Overwrite };

struct Options {
  std::vector<std::string> urls;
  // Paired with urls by position, like curl's -o: the Nth -o names the Nth URL's file.
  std::vector<std::string> outputs;
  // Paired the same way: the Nth --checksum is the Nth URL's expected sha256 (lowercase hex).
  std::vector<std::string> checksums;
  std::string checksum_file;  // sha256sum-style lines, matched by the output's base name
  std::string output_dir;
  bool create_dirs = false;  // make missing directories of output names (curl's --create-dirs)
  bool to_stdout = false;
  bool discard = false;
  Clobber clobber = Clobber::Number;
  bool resume = false;
  bool remove_on_error = false;

  long parallel_max = 50;
  bool parallel_max_given = false;
  double timeout_s = 0;
  double connect_timeout_s = 0;
  long retries = 0;
  double retry_delay_s = 1.0;      // the first backoff step; later ones double it
  double retry_max_time_s = 0;     // 0: no limit
  long long limit_rate = 0;        // bytes/s per transfer, 0: none
  long long limit_rate_total = 0;  // bytes/s over all transfers, 0: none

  bool follow = false;
  std::vector<std::string> headers;
  std::string user_agent;
  bool fail = false;
  bool verbose = false;
  long max_host_conns = 0;
  bool insecure = false;
  std::string cacert;
  std::string capath;
  bool compressed = false;
  std::string user;        // "user:password" for CURLOPT_USERPWD
  std::string cookie;      // -b: a file to read, or "name=value" pairs
  std::string cookie_jar;  // -c
  std::string proxy;
  bool proxy_given = false;
  long http_version = 0;  // a CURL_HTTP_VERSION_* value, 0: the library's default
  long ip_resolve = 0;    // a CURL_IPRESOLVE_* value
  std::vector<std::string> resolve;
  std::vector<std::string> connect_to;

  bool silent = false;
  bool full_table = false;
  bool json = false;
  std::string write_out;  // -w: replaces the table with one formatted line per URL

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

// Appends the URLs of an input file ("-" is stdin; one per line, '#' starts a comment line).
bool read_url_file(const std::string& path, std::vector<std::string>& urls, std::string& error);

// "100k", "2M", "1.5G" or plain bytes per second; false when the text is not such a rate.
bool parse_rate(const std::string& text, long long& out);

const char* usage_text();

}  // namespace xfer::tool
