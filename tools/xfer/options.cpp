// Turns argv into Options: short clusters (-LO), separate or attached values, --long=value.
#include "options.h"

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <string_view>

namespace xfer::tool {

namespace {

enum class Arg { None, Required };

struct Spec {
  char short_name;  // 0 when there is only a long form
  std::string_view long_name;
  Arg arg;
};

constexpr Spec kSpecs[] = {
    {'i', "input-file", Arg::Required},
    {'o', "output", Arg::Required},
    {'O', "remote-name", Arg::None},
    {0, "output-dir", Arg::Required},
    {0, "stdout", Arg::None},
    {'Z', "parallel-max", Arg::Required},
    {'m', "timeout", Arg::Required},
    {0, "connect-timeout", Arg::Required},
    {'L', "location", Arg::None},
    {'H', "header", Arg::Required},
    {'A', "user-agent", Arg::Required},
    {'f', "fail", Arg::None},
    {'v', "verbose", Arg::None},
    {0, "max-host-conns", Arg::Required},
    {'s', "silent", Arg::None},
    {0, "full-table", Arg::None},
    {'h', "help", Arg::None},
    {'V', "version", Arg::None},
};

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

// Applies one recognised option; returns an error message or an empty string.
std::string apply(const Spec& spec, const std::string& value, Options& o) {
  const std::string_view name = spec.long_name;
  if (name == "input-file") {
    std::string error;
    if (!read_url_file(value, o.urls, error)) return error;
    o.urls_given = true;
  } else if (name == "output") {
    o.outputs.push_back(value);
  } else if (name == "remote-name") {
    o.remote_name = true;
  } else if (name == "output-dir") {
    o.output_dir = value;
  } else if (name == "stdout") {
    o.to_stdout = true;
  } else if (name == "parallel-max") {
    if (!parse_count(value, 1, o.parallel_max)) return "--parallel-max needs a number >= 1";
    o.parallel_max_given = true;
  } else if (name == "timeout") {
    if (!parse_seconds(value, o.timeout_s)) return "--timeout needs a number of seconds";
  } else if (name == "connect-timeout") {
    if (!parse_seconds(value, o.connect_timeout_s))
      return "--connect-timeout needs a number of seconds";
  } else if (name == "location") {
    o.follow = true;
  } else if (name == "header") {
    o.headers.push_back(value);
  } else if (name == "user-agent") {
    o.user_agent = value;
  } else if (name == "fail") {
    o.fail = true;
  } else if (name == "verbose") {
    o.verbose = true;
  } else if (name == "max-host-conns") {
    if (!parse_count(value, 0, o.max_host_conns)) return "--max-host-conns needs a number >= 0";
  } else if (name == "silent") {
    o.silent = true;
  } else if (name == "full-table") {
    o.full_table = true;
  } else if (name == "help") {
    o.help = true;
  } else if (name == "version") {
    o.version = true;
  }
  return {};
}

}  // namespace

bool read_url_file(const std::string& path, std::vector<std::string>& urls, std::string& error) {
  std::ifstream in(path);
  if (!in) {
    error = "cannot read input file '" + path + "'";
    return false;
  }
  std::string line;
  while (std::getline(in, line)) {
    const auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line[first] == '#') continue;
    const auto last = line.find_last_not_of(" \t\r");
    urls.push_back(line.substr(first, last - first + 1));
  }
  return true;
}

ParseResult parse_options(int argc, const char* const* argv) {
  ParseResult r;
  Options& o = r.options;
  bool only_urls = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (only_urls || arg.empty() || arg[0] != '-' || arg == "-") {
      o.urls.push_back(arg);
      o.urls_given = true;
      continue;
    }
    if (arg == "--") {
      only_urls = true;
      continue;
    }
    if (arg.starts_with("--")) {
      const auto eq = arg.find('=');
      const std::string name = arg.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
      const Spec* spec = find_long(name);
      if (!spec) {
        r.error = "unknown option '" + arg + "'";
        return r;
      }
      std::string value;
      if (spec->arg == Arg::Required) {
        if (eq != std::string::npos) {
          value = arg.substr(eq + 1);
        } else if (i + 1 < argc) {
          value = argv[++i];
        } else {
          r.error = "option '" + arg + "' needs a value";
          return r;
        }
      } else if (eq != std::string::npos) {
        r.error = "option '--" + name + "' takes no value";
        return r;
      }
      r.error = apply(*spec, value, o);
      if (!r.error.empty()) return r;
      continue;
    }
    // A cluster of short options; one that takes a value swallows the rest or the next word.
    for (size_t k = 1; k < arg.size(); ++k) {
      const Spec* spec = find_short(arg[k]);
      if (!spec) {
        r.error = std::string("unknown option '-") + arg[k] + "'";
        return r;
      }
      std::string value;
      if (spec->arg == Arg::Required) {
        if (k + 1 < arg.size()) {
          value = arg.substr(k + 1);
        } else if (i + 1 < argc) {
          value = argv[++i];
        } else {
          r.error = std::string("option '-") + arg[k] + "' needs a value";
          return r;
        }
        k = arg.size();
      }
      r.error = apply(*spec, value, o);
      if (!r.error.empty()) return r;
    }
  }
  return r;
}

const char* usage_text() {
  return "Usage: xfer [options] URL...\n"
         "Downloads all URLs in parallel through the libcurl multi API.\n"
         "With no URL at all, runs a demo against its own loopback server.\n"
         "\n"
         "  -i, --input-file FILE     read URLs from FILE, one per line ('#' comments)\n"
         "  -o, --output FILE         write the next URL's body to FILE (one -o per URL)\n"
         "  -O, --remote-name         name files after the URL's last path segment\n"
         "      --output-dir DIR      put output files in DIR\n"
         "      --stdout              write bodies without -o/-O to stdout (default: discard)\n"
         "  -Z, --parallel-max N      at most N transfers at once (default 50)\n"
         "  -m, --timeout SEC         limit each transfer to SEC seconds\n"
         "      --connect-timeout SEC limit each connect to SEC seconds\n"
         "  -L, --location            follow redirects\n"
         "  -H, --header 'Name: v'    add a request header (repeatable)\n"
         "  -A, --user-agent TEXT     set the User-Agent header\n"
         "  -f, --fail                count HTTP status >= 400 as failure (exit 22)\n"
         "  -v, --verbose             let the library trace each transfer to stderr\n"
         "      --max-host-conns N    at most N connections per host (0 = no limit)\n"
         "  -s, --silent              no progress display\n"
         "      --full-table          print every row of the final table\n"
         "  -h, --help                show this text\n"
         "  -V, --version             show the library version\n";
}

}  // namespace xfer::tool
