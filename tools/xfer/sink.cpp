// Body bytes into stdout, a device or NAME.part; NAME appears only when whole and verified.
#include "sink.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <string_view>

#include "rate_limit.h"
#include "retry.h"

namespace xfer::tool {

namespace {

std::string meta_path(const Row& row) { return row.part_path + ".meta"; }

// Saves an unlink per file: only a name that was resumed, replaced or given a validator
// can have a .meta beside it.
void remove_meta(Row& row) {
  if (!row.meta_may_exist) return;
  ::unlink(meta_path(row).c_str());
  row.meta_may_exist = false;
}

bool header_is(std::string_view line, std::string_view name) {
  if (line.size() <= name.size() || line[name.size()] != ':') return false;
  for (size_t i = 0; i < name.size(); ++i) {
    char c = line[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != name[i]) return false;
  }
  return true;
}

std::string header_value(std::string_view line, size_t name_len) {
  std::string_view v = line.substr(name_len + 1);
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == '\r' || v.back() == '\n' || v.back() == ' '))
    v.remove_suffix(1);
  return std::string(v);
}

// "bytes S-E/T" gives S; "bytes */T" gives T as the complete length (a 416's form).
void read_content_range(const std::string& value, ResponseHead& head) {
  if (!value.starts_with("bytes ")) return;
  const char* p = value.c_str() + 6;
  if (*p == '*' && p[1] == '/') {
    head.range_complete = std::strtoll(p + 2, nullptr, 10);
    return;
  }
  char* end = nullptr;
  const long long start = std::strtoll(p, &end, 10);
  if (end != p && *end == '-') head.range_start = start;
}

// A weak ETag may not be used in If-Range (RFC 9110 13.1.5), so Last-Modified is next best.
std::string validator_of(const ResponseHead& head) {
  if (!head.etag.empty() && !head.etag.starts_with("W/")) return head.etag;
  return head.last_modified;
}

void set_failure(Row& row, const std::string& why) {
  if (row.error_text.empty()) row.error_text = why;
  std::snprintf(row.error_buffer, sizeof row.error_buffer, "%s", why.c_str());
}

// Opens the destination at the first body byte, when the headers have decided how.
bool open_file_sink(Row& row) {
  if (row.sink == Sink::Direct) {
    // O_NONBLOCK only for the open: a FIFO without a reader fails (ENXIO) instead of
    // blocking every transfer; writes block as they do on stdout.
    const int fd = ::open(row.output_path.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd >= 0) {
      ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
      row.file = ::fdopen(fd, "wb");
      if (!row.file) ::close(fd);
    }
    if (!row.file) set_failure(row, "cannot open " + row.output_path + ": " + std::strerror(errno));
    return row.file != nullptr;
  }
  const bool appending = row.head.status == 206 && row.resumed_from > 0;
  if (appending) {
    if (row.head.range_start != row.resumed_from) {
      set_failure(row, "the server resumed at the wrong offset");
      return false;
    }
    row.file = std::fopen(row.part_path.c_str(), "r+b");
    if (row.file && ::fseeko(row.file, row.resumed_from, SEEK_SET) != 0) {
      std::fclose(row.file);
      row.file = nullptr;
    }
    if (row.file && row.hasher && !row.hasher->update_from_file(row.part_path, row.resumed_from)) {
      set_failure(row, "cannot re-read " + row.part_path + " for the checksum");
      return false;
    }
  } else {
    // A 200 to a Range request means the file changed (If-Range failed): start over.
    row.resumed_from = 0;
    row.file = std::fopen(row.part_path.c_str(), "wb");
    const std::string validator = validator_of(row.head);
    if (validator.empty()) {
      remove_meta(row);
    } else {
      std::ofstream meta(meta_path(row), std::ios::trunc);
      meta << validator << "\n";
      row.meta_may_exist = true;
    }
  }
  if (!row.file) set_failure(row, "cannot open " + row.part_path + ": " + std::strerror(errno));
  return row.file != nullptr;
}

bool start_body(Row& row) {
  row.body_started = true;
  const long status = row.head.status;
  // With --retry a 503's body is never the file, even after the last try; a 416 to a resume
  // says nothing about the file either, and its body must not replace the .part.
  if ((row.shared->fail_http && status >= 400) ||
      (row.shared->retry_http && transient_status(status)) ||
      (status == 416 && row.resumed_from > 0)) {
    row.discarding = true;
    return true;
  }
  if (row.sink == Sink::File || row.sink == Sink::Direct) return open_file_sink(row);
  return true;
}

}  // namespace

size_t on_body(char* data, size_t size, size_t count, void* user) {
  auto* row = static_cast<Row*>(user);
  const size_t len = size * count;
  RateBucket* bucket = row->shared->total_rate;
  if (bucket) {
    // Paused data comes back whole once the runner resumes the transfer.
    if (!bucket->open()) {
      row->paused = true;
      return CURL_WRITEFUNC_PAUSE;
    }
    bucket->take(static_cast<double>(len));
  }
  if (!row->body_started && !start_body(*row)) return 0;  // the library says CURLE_WRITE_ERROR
  row->bytes += static_cast<curl_off_t>(len);
  if (row->discarding || row->sink == Sink::Discard) return len;
  if (row->hasher) row->hasher->update(data, len);
  std::FILE* out = row->sink == Sink::Stdout ? stdout : row->file;
  const size_t wrote = std::fwrite(data, 1, len, out);
  if (wrote != len) {
    row->write_failed = true;
    if (row->sink == Sink::Stdout && errno == EPIPE) row->shared->stdout_broken = true;
    set_failure(*row, std::string("write failed: ") + std::strerror(errno));
  }
  return wrote;
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto* row = static_cast<Row*>(user);
  const size_t len = size * count;
  const std::string_view line(data, len);
  if (line.starts_with("HTTP/")) {
    // Every response (a redirect, a 401 before the retry with credentials) starts afresh.
    row->head = ResponseHead{};
    const auto space = line.find(' ');
    if (space != std::string_view::npos)
      row->head.status = std::strtol(data + space + 1, nullptr, 10);
    row->status = row->head.status;
  } else if (header_is(line, "etag")) {
    row->head.etag = header_value(line, 4);
  } else if (header_is(line, "last-modified")) {
    row->head.last_modified = header_value(line, 13);
  } else if (header_is(line, "retry-after")) {
    row->head.retry_after_s = parse_retry_after(header_value(line, 11).c_str(),
                                                static_cast<long long>(std::time(nullptr)));
  } else if (header_is(line, "content-range")) {
    read_content_range(header_value(line, 13), row->head);
  }
  return len;
}

int on_progress(void* user, curl_off_t dltotal, curl_off_t, curl_off_t, curl_off_t) {
  static_cast<Row*>(user)->expected_total = dltotal;
  return 0;
}

curl_off_t part_size(const Row& row) {
  struct stat st;
  if (row.part_path.empty() || ::stat(row.part_path.c_str(), &st) != 0) return 0;
  return static_cast<curl_off_t>(st.st_size);
}

std::string saved_validator(const Row& row) {
  if (!row.meta_may_exist) return {};
  std::ifstream meta(meta_path(row));
  std::string line;
  if (!meta || !std::getline(meta, line)) return {};
  return line;
}

bool close_sink(Row& row) {
  bool ok = true;
  if (row.file) {
    if (std::fclose(row.file) != 0) {
      ok = false;
      set_failure(row, "writing " + row.output_path + " failed: " + std::strerror(errno));
    }
    row.file = nullptr;
  }
  if (row.sink == Sink::Stdout && std::fflush(stdout) != 0) {
    ok = false;
    if (errno == EPIPE) row.shared->stdout_broken = true;
    set_failure(row, std::string("writing to stdout failed: ") + std::strerror(errno));
  }
  return ok;
}

void complete_sink(Row& row) {
  if (row.head.status == 416 && row.resumed_from > 0) {
    // The server says the .part already holds the whole file (see finish_try).
    if (row.hasher) {
      row.hasher = std::make_unique<Sha256>();
      row.hasher->update_from_file(row.part_path, row.resumed_from);
    }
  } else if (!row.body_started && !start_body(row)) {
    // An empty body never reached on_body; its empty file is made by start_body.
    row.code = CURLE_WRITE_ERROR;
    return;
  }
  if (!close_sink(row)) {
    row.code = CURLE_WRITE_ERROR;
    return;
  }
  if (row.hasher) {
    const std::string got = row.hasher->finish_hex();
    row.hasher.reset();
    if (got != row.expected_sha256) {
      row.code = CURLE_WRITE_ERROR;
      set_failure(row, "sha256 mismatch: got " + got.substr(0, 16) + "..., want " +
                           row.expected_sha256.substr(0, 16) + "...");
      if (row.sink == Sink::File) {
        // Bytes that hash wrong would only be resumed into another wrong file.
        ::unlink(row.part_path.c_str());
        remove_meta(row);
      }
      return;
    }
  }
  if (row.sink != Sink::File) return;
  if (std::rename(row.part_path.c_str(), row.output_path.c_str()) != 0) {
    row.code = CURLE_WRITE_ERROR;
    set_failure(row, "cannot rename " + row.part_path + ": " + std::strerror(errno));
    return;
  }
  remove_meta(row);
}

void drop_part(Row& row) {
  if (row.sink != Sink::File) return;
  ::unlink(row.part_path.c_str());
  remove_meta(row);
}

}  // namespace xfer::tool
