// Turns argv and -K files into Options: short clusters, attached values, --long=value.
#include "options.h"

#include <curl/curl.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string_view>

#include "config_file.h"

namespace xfer::tool {

namespace {

enum class Arg { None, Required };

struct Spec {
  char short_name;  // 0 when there is only a long form
  std::string_view long_name;
  Arg arg;
};

constexpr Spec kSpecs[] = {
    // Output
    {'o', "output", Arg::Required},
    {'O', "remote-name", Arg::None},
    {0, "remote-name-all", Arg::None},
    {0, "output-dir", Arg::Required},
    {0, "create-dirs", Arg::None},
    {0, "stdout", Arg::None},
    {0, "discard", Arg::None},
    {0, "clobber", Arg::None},
    {0, "no-clobber", Arg::None},
    {'C', "continue-at", Arg::Required},
    {0, "continue", Arg::None},
    {0, "remove-on-error", Arg::None},
    {0, "checksum", Arg::Required},
    {0, "checksum-file", Arg::Required},
    // Transfers
    {'Z', "parallel", Arg::None},
    {0, "parallel-max", Arg::Required},
    {'m', "max-time", Arg::Required},
    {0, "timeout", Arg::Required},
    {0, "connect-timeout", Arg::Required},
    {0, "retry", Arg::Required},
    {0, "retry-delay", Arg::Required},
    {0, "retry-max-time", Arg::Required},
    {0, "limit-rate", Arg::Required},
    {0, "limit-rate-total", Arg::Required},
    {0, "max-host-conns", Arg::Required},
    // HTTP
    {'L', "location", Arg::None},
    {'H', "header", Arg::Required},
    {'A', "user-agent", Arg::Required},
    {'f', "fail", Arg::None},
    {0, "compressed", Arg::None},
    {'u', "user", Arg::Required},
    {'b', "cookie", Arg::Required},
    {'c', "cookie-jar", Arg::Required},
    {'x', "proxy", Arg::Required},
    {0, "http1.1", Arg::None},
    {0, "http2", Arg::None},
    {'4', "ipv4", Arg::None},
    {'6', "ipv6", Arg::None},
    {0, "resolve", Arg::Required},
    {0, "connect-to", Arg::Required},
    // TLS
    {'k', "insecure", Arg::None},
    {0, "cacert", Arg::Required},
    {0, "capath", Arg::Required},
    // Input
    {0, "url", Arg::Required},
    {'i', "input-file", Arg::Required},
    {'K', "config", Arg::Required},
    // Display
    {'s', "silent", Arg::None},
    {'v', "verbose", Arg::None},
    {0, "full-table", Arg::None},
    {0, "json", Arg::None},
    {'w', "write-out", Arg::Required},
    {'h', "help", Arg::None},
    {'V', "version", Arg::None},
};

// -K files may name further -K files; this bounds a file that includes itself.
constexpr int kMaxConfigDepth = 8;

const Spec* find_short(char c) {
  for (const Spec& s : kSpecs)
    if (s.short_name == c) return &s;
  return nullptr;
}

const Spec* find_long(std::string_view name) {
  for (const Spec& s : kSpecs)
    if (s.long_name == name) return &s;
  return nullptr;
}

bool parse_count(const std::string& text, long min, long& out) {
  char* end = nullptr;
  errno = 0;
  long v = std::strtol(text.c_str(), &end, 10);
  if (errno != 0 || end == text.c_str() || *end != '\0' || v < min) return false;
  out = v;
  return true;
}

bool parse_seconds(const std::string& text, double& out) {
  char* end = nullptr;
  errno = 0;
  double v = std::strtod(text.c_str(), &end);
  if (errno != 0 || end == text.c_str() || *end != '\0' || !(v >= 0) || v > 1e7) return false;
  out = v;
  return true;
}

bool is_hex_digest(const std::string& text) {
  if (text.size() != 64) return false;
  for (char c : text)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

std::string lowercase(std::string text) {
  for (char& c : text)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return text;
}

class Parser {
 public:
  explicit Parser(Options& o) : o_(o) {}
  std::string parse(const std::vector<std::string>& words, int depth);

 private:
  std::string apply(const Spec& spec, const std::string& value, int depth);
  Options& o_;
};

// Applies one recognised option; returns an error message or an empty string.
std::string Parser::apply(const Spec& spec, const std::string& value, int depth) {
  Options& o = o_;
  const std::string_view name = spec.long_name;
  if (name == "input-file") {
    std::string error;
    if (!read_url_file(value, o.urls, error)) return error;
    o.urls_given = true;
  } else if (name == "config") {
    if (depth >= kMaxConfigDepth) return "config files nested too deeply at '" + value + "'";
    std::vector<std::string> words;
    std::string error;
    if (!config_file_words(value, words, error)) return error;
    return parse(words, depth + 1);
  } else if (name == "url") {
    o.urls.push_back(value);
    o.urls_given = true;
  } else if (name == "output") {
    o.outputs.push_back(value);
  } else if (name == "remote-name" || name == "remote-name-all" || name == "parallel") {
    // Saving under the remote name and running in parallel are what xfer always does;
    // the flags are accepted so that curl command lines keep working.
  } else if (name == "output-dir") {
    o.output_dir = value;
  } else if (name == "create-dirs") {
    o.create_dirs = true;
  } else if (name == "stdout") {
    o.to_stdout = true;
  } else if (name == "discard") {
    o.discard = true;
  } else if (name == "clobber") {
    o.clobber = Clobber::Overwrite;
  } else if (name == "no-clobber") {
    o.clobber = Clobber::Refuse;
  } else if (name == "continue-at") {
    if (value != "-") return "-C only takes '-' (resume where the .part file ends)";
    o.resume = true;
  } else if (name == "continue") {
    o.resume = true;
  } else if (name == "remove-on-error") {
    o.remove_on_error = true;
  } else if (name == "checksum") {
    const auto eq = value.find('=');
    if (eq == std::string::npos || lowercase(value.substr(0, eq)) != "sha256" ||
        !is_hex_digest(lowercase(value.substr(eq + 1))))
      return "--checksum needs sha256=<64 hex digits>";
    o.checksums.push_back(lowercase(value.substr(eq + 1)));
  } else if (name == "checksum-file") {
    o.checksum_file = value;
  } else if (name == "parallel-max") {
    if (!parse_count(value, 1, o.parallel_max)) return "--parallel-max needs a number >= 1";
    o.parallel_max_given = true;
  } else if (name == "max-time" || name == "timeout") {
    if (!parse_seconds(value, o.timeout_s)) return "--max-time needs a number of seconds";
  } else if (name == "connect-timeout") {
    if (!parse_seconds(value, o.connect_timeout_s))
      return "--connect-timeout needs a number of seconds";
  } else if (name == "retry") {
    if (!parse_count(value, 0, o.retries)) return "--retry needs a number >= 0";
  } else if (name == "retry-delay") {
    if (!parse_seconds(value, o.retry_delay_s)) return "--retry-delay needs a number of seconds";
  } else if (name == "retry-max-time") {
    if (!parse_seconds(value, o.retry_max_time_s))
      return "--retry-max-time needs a number of seconds";
  } else if (name == "limit-rate") {
    if (!parse_rate(value, o.limit_rate)) return "--limit-rate needs a rate such as 200k or 1M";
  } else if (name == "limit-rate-total") {
    if (!parse_rate(value, o.limit_rate_total))
      return "--limit-rate-total needs a rate such as 200k or 1M";
  } else if (name == "max-host-conns") {
    if (!parse_count(value, 0, o.max_host_conns)) return "--max-host-conns needs a number >= 0";
  } else if (name == "location") {
    o.follow = true;
  } else if (name == "header") {
    o.headers.push_back(value);
  } else if (name == "user-agent") {
    o.user_agent = value;
  } else if (name == "fail") {
    o.fail = true;
  } else if (name == "compressed") {
    o.compressed = true;
  } else if (name == "user") {
    o.user = value;
  } else if (name == "cookie") {
    o.cookie = value;
  } else if (name == "cookie-jar") {
    o.cookie_jar = value;
  } else if (name == "proxy") {
    o.proxy = value;
    o.proxy_given = true;
  } else if (name == "http1.1") {
    o.http_version = CURL_HTTP_VERSION_1_1;
  } else if (name == "http2") {
    o.http_version = CURL_HTTP_VERSION_2TLS;
  } else if (name == "ipv4") {
    o.ip_resolve = CURL_IPRESOLVE_V4;
  } else if (name == "ipv6") {
    o.ip_resolve = CURL_IPRESOLVE_V6;
  } else if (name == "resolve") {
    o.resolve.push_back(value);
  } else if (name == "connect-to") {
    o.connect_to.push_back(value);
  } else if (name == "insecure") {
    o.insecure = true;
  } else if (name == "cacert") {
    o.cacert = value;
  } else if (name == "capath") {
    o.capath = value;
  } else if (name == "silent") {
    o.silent = true;
  } else if (name == "verbose") {
    o.verbose = true;
  } else if (name == "full-table") {
    o.full_table = true;
  } else if (name == "json") {
    o.json = true;
  } else if (name == "write-out") {
    o.write_out = value;
  } else if (name == "help") {
    o.help = true;
  } else if (name == "version") {
    o.version = true;
  }
  return {};
}

std::string Parser::parse(const std::vector<std::string>& words, int depth) {
  bool only_urls = false;
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string& arg = words[i];
    if (only_urls || arg.empty() || arg[0] != '-' || arg == "-") {
      o_.urls.push_back(arg);
      o_.urls_given = true;
      continue;
    }
    if (arg == "--") {
      only_urls = true;
      continue;
    }
    // wget's spelling; as a cluster it would read as -n -c.
    if (arg == "-nc") {
      o_.clobber = Clobber::Refuse;
      continue;
    }
    if (arg.starts_with("--")) {
      const auto eq = arg.find('=');
      const std::string name = arg.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
      const Spec* spec = find_long(name);
      if (!spec) return "unknown option '" + arg + "'";
      std::string value;
      if (spec->arg == Arg::Required) {
        if (eq != std::string::npos) {
          value = arg.substr(eq + 1);
        } else if (i + 1 < words.size()) {
          value = words[++i];
        } else {
          return "option '" + arg + "' needs a value";
        }
      } else if (eq != std::string::npos) {
        return "option '--" + name + "' takes no value";
      }
      std::string error = apply(*spec, value, depth);
      if (!error.empty()) return error;
      continue;
    }
    // A cluster of short options; one that takes a value swallows the rest or the next word.
    for (size_t k = 1; k < arg.size(); ++k) {
      const Spec* spec = find_short(arg[k]);
      if (!spec) return std::string("unknown option '-") + arg[k] + "'";
      std::string value;
      if (spec->arg == Arg::Required) {
        if (k + 1 < arg.size()) {
          value = arg.substr(k + 1);
        } else if (i + 1 < words.size()) {
          value = words[++i];
        } else {
          return std::string("option '-") + arg[k] + "' needs a value";
        }
        k = arg.size();
      }
      std::string error = apply(*spec, value, depth);
      if (!error.empty()) return error;
    }
  }
  return {};
}

}  // namespace

bool parse_rate(const std::string& text, long long& out) {
  char* end = nullptr;
  errno = 0;
  double v = std::strtod(text.c_str(), &end);
  if (errno != 0 || end == text.c_str() || !(v > 0)) return false;
  double scale = 1;
  switch (*end) {
    case '\0':
      break;
    case 'k':
    case 'K':
      scale = 1024;
      ++end;
      break;
    case 'm':
    case 'M':
      scale = 1024.0 * 1024;
      ++end;
      break;
    case 'g':
    case 'G':
      scale = 1024.0 * 1024 * 1024;
      ++end;
      break;
    default:
      return false;
  }
  if (*end == 'B' || *end == 'b') ++end;
  if (*end != '\0' || v * scale > 1e15) return false;
  out = std::max(1LL, static_cast<long long>(std::llround(v * scale)));
  return true;
}

bool read_url_file(const std::string& path, std::vector<std::string>& urls, std::string& error) {
  std::ifstream file;
  std::istream* in = &std::cin;
  if (path != "-") {
    file.open(path);
    if (!file) {
      error = "cannot read input file '" + path + "'";
      return false;
    }
    in = &file;
  }
  std::string line;
  while (std::getline(*in, line)) {
    const auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line[first] == '#') continue;
    const auto last = line.find_last_not_of(" \t\r");
    urls.push_back(line.substr(first, last - first + 1));
  }
  return true;
}

ParseResult parse_options(int argc, const char* const* argv) {
  ParseResult r;
  std::vector<std::string> words;
  for (int i = 1; i < argc; ++i) words.emplace_back(argv[i]);
  Parser parser(r.options);
  r.error = parser.parse(words, 0);
  if (r.error.empty() && r.options.to_stdout && r.options.discard)
    r.error = "--stdout and --discard cannot be combined";
  if (r.error.empty() && r.options.json && !r.options.write_out.empty())
    r.error = "--json and -w cannot be combined";
  return r;
}

}  // namespace xfer::tool
