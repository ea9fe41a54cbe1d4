// .netrc file location (option, HOME, password database) and reading the file for a lookup.
#include "engine/netrc_file.h"

#include <pwd.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <vector>

namespace xfer::engine {
namespace {

// Home directory of the effective user, which is whose home libcurl consults.
std::optional<std::string> password_db_home() {
  long hint = sysconf(_SC_GETPW_R_SIZE_MAX);
  std::vector<char> buf(hint > 0 ? static_cast<std::size_t>(hint) : 16384);
  passwd pw{};
  passwd* found = nullptr;
  if (getpwuid_r(geteuid(), &pw, buf.data(), buf.size(), &found) != 0 || found == nullptr)
    return std::nullopt;
  return std::string(pw.pw_dir ? pw.pw_dir : "");
}

}  // namespace

std::string netrc_path(const char* option_file) {
  if (option_file != nullptr) return option_file;
  const char* home = std::getenv("HOME");
  if (home != nullptr && *home != '\0') return std::string(home) + "/.netrc";
  if (auto dir = password_db_home()) return *dir + "/.netrc";
  return {};
}

http::NetrcResult netrc_lookup_file(const std::string& path, std::string_view host,
                                    std::optional<std::string_view> user,
                                    http::NetrcCredentials& out) {
  out = http::NetrcCredentials{};
  if (path.empty()) return http::NetrcResult::no_match;
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) return http::NetrcResult::no_match;
  // A read error ends the text where it happened; libcurl likewise stops at the failing read.
  std::string text;
  char chunk[4096];
  std::size_t n;
  while ((n = std::fread(chunk, 1, sizeof chunk, file)) > 0) text.append(chunk, n);
  std::fclose(file);
  return http::netrc_lookup(text, host, user, out);
}

}  // namespace xfer::engine
