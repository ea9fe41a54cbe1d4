// Cache file I/O: whole-file reads and libcurl 7.88's truncate, temp file and rename save.
#include "engine/cache_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <random>

namespace xfer {
namespace {

bool write_all(int fd, const std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    done += static_cast<std::size_t>(n);
  }
  return true;
}

std::string temp_name_for(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  std::string name = slash == std::string::npos ? std::string() : path.substr(0, slash + 1);
  static constexpr char kHex[] = "0123456789abcdef";
  std::random_device rd;
  for (int i = 0; i < 40; ++i) name += kHex[rd() & 0xf];
  return name + ".tmp";
}

}  // namespace

std::optional<std::string> read_cache_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  std::string text;
  char buf[8192];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      ::close(fd);
      return std::nullopt;
    }
    if (n == 0) break;
    text.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return text;
}

Status replace_cache_file(const std::string& path, const std::optional<std::string>& text) {
  const int target = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (target < 0) return Status::fail(CURLE_WRITE_ERROR, "cannot open the cache file for writing");
  struct stat st {};
  if (::fstat(target, &st) != 0 || !S_ISREG(st.st_mode)) {
    const bool ok = text && write_all(target, *text);
    ::close(target);
    return ok ? Status::ok() : Status::fail(CURLE_WRITE_ERROR, "cannot write the cache file");
  }
  ::close(target);
  if (!text) return Status::fail(CURLE_WRITE_ERROR, "a cache entry's expiry cannot be written");

  const std::string temp = temp_name_for(path);
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return Status::fail(CURLE_WRITE_ERROR, "cannot create the cache file's temporary");
  bool ok = ::fchmod(fd, st.st_mode & 07777) == 0 && write_all(fd, *text);
  ok = ::close(fd) == 0 && ok;
  if (ok && ::rename(temp.c_str(), path.c_str()) == 0) return Status::ok();
  ::unlink(temp.c_str());
  return Status::fail(CURLE_WRITE_ERROR, "cannot replace the cache file");
}

}  // namespace xfer
