// Reading cookie files and writing cookie jars, with libcurl's file handling.
#include "engine/cookie_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <random>
#include <string>
#include <string_view>

namespace xfer {

namespace {

std::string read_all(std::FILE* f) {
  std::string text;
  char buf[16384];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
  return text;
}

bool write_all(int fd, std::string_view text) {
  while (!text.empty()) {
    const ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    text.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

// libcurl names its temporary file after 20 random bytes, next to the target.
std::string temporary_name(std::string_view target) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::random_device random;
  const std::size_t slash = target.rfind('/');
  std::string name(slash == std::string_view::npos ? std::string_view() : target.substr(0, slash + 1));
  for (int i = 0; i < 5; ++i) {
    std::uint32_t bits = random();
    for (int j = 0; j < 8; ++j, bits >>= 4) name += kHex[bits & 0xf];
  }
  name += ".tmp";
  return name;
}

}  // namespace

void load_cookie_file(http::CookieJar& jar, const char* path, std::int64_t now, bool skip_session,
                      int* taken) {
  if (!path || !*path) return;
  if (std::string_view(path) == "-") {
    jar.load_text(read_all(stdin), now, skip_session, taken);
    return;
  }
  std::FILE* f = std::fopen(path, "rb");
  if (!f) return;
  const std::string text = read_all(f);
  std::fclose(f);
  jar.load_text(text, now, skip_session, taken);
}

bool save_cookie_jar(const http::CookieJar& jar, const char* path, std::int64_t now) {
  if (!path) return false;
  const std::string text = jar.jar_text(now);
  if (std::string_view(path) == "-") {
    // Through stdio, so the text lands in order with what the application printed.
    return std::fwrite(text.data(), 1, text.size(), stdout) == text.size();
  }
  const int target = ::open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (target < 0) return false;
  struct stat st {};
  if (::fstat(target, &st) != 0 || !S_ISREG(st.st_mode)) {
    const bool ok = write_all(target, text);
    return ::close(target) == 0 && ok;
  }
  ::close(target);

  // A regular file is replaced whole, so a reader never sees half a jar.
  const std::string temp = temporary_name(path);
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return false;
  // The new file takes the old one's permissions; a refusal only leaves it private.
  (void)::fchmod(fd, st.st_mode);
  bool ok = write_all(fd, text);
  ok = ::close(fd) == 0 && ok;
  if (!ok || ::rename(temp.c_str(), path) != 0) {
    ::unlink(temp.c_str());
    return false;
  }
  return true;
}

}  // namespace xfer
