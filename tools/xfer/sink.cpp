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
#include <utility>

#include "rate_limit.h"
#include "retry.h"

namespace xfer::tool {

namespace {

// A file's bytes are gathered up to this size, or to the end of a curl_multi_perform call,
// before one write: by default the library hands the body over in pieces of at most 16 KiB
// (CURL_MAX_WRITE_SIZE), and the stdio buffer of 4 KiB the tool had before made two write
// calls of each piece. 256 KiB is what xfer's engine reads from a socket at once, and the
// CURLOPT_BUFFERSIZE easy_setup asks for, so a fast download's pieces come whole.
constexpr size_t kWriteBuffer = 256 * 1024;
// A piece this large goes to the file as it is, without a copy, when nothing waits before it.
constexpr size_t kDirectWrite = 64 * 1024;

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

// The validator goes beside the .part only once the .part holds bytes of a response that
// has not ended: a body that arrives whole within one perform call (most small files) is
// written once at its end and renamed, and never costs a .meta file's create and unlink.
void save_meta(Row& row) {
  if (!row.meta_pending) return;
  row.meta_pending = false;
  std::ofstream meta(meta_path(row), std::ios::trunc);
  meta << validator_of(row.head) << "\n";
  row.meta_may_exist = true;
}

bool write_all(int fd, const char* data, size_t len) {
  while (len > 0) {
    const ssize_t n = ::write(fd, data, len);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data += n;
    len -= static_cast<size_t>(n);
  }
  return true;
}

// open(2) flags of fopen's "wb" and "r+b", close-on-exec added.
int open_part(const std::string& path, bool append) {
  return append ? ::open(path.c_str(), O_WRONLY | O_CLOEXEC)
                : ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
}

// A fresh body's .part is created at its first write, not at its first byte: one that
// arrives whole is created, written and renamed by close_sink, which the runner calls after
// the next perform call has sent the following requests, not while they wait.
bool ensure_open(Row& row) {
  if (!row.open_pending) return true;
  row.open_pending = false;
  row.fd = open_part(row.part_path, false);
  if (row.fd >= 0) return true;
  set_failure(row, "cannot open " + row.part_path + ": " + std::strerror(errno));
  return false;
}

// Writes the row's buffered bytes; false with errno set when the file refused them.
bool flush_buffer(Row& row) {
  if (!ensure_open(row)) return false;
  if (row.buffered == 0) return true;
  const size_t len = std::exchange(row.buffered, 0);
  return write_all(row.fd, row.buffer.get(), len);
}

// Body bytes into the row's file: through the buffer (File), or straight on (Direct: a FIFO's
// reader sees each piece at once). Mid-response writes owe the .meta first.
bool put(Row& row, const char* data, size_t len) {
  if (!row.buffer) return write_all(row.fd, data, len);
  if (row.buffered == 0 && len >= kDirectWrite) {
    // Only the last piece of a body leaves the .part whole; any other needs the .meta.
    if (row.head.content_length < 0 || row.bytes != row.head.content_length)
      save_meta(row);
    return ensure_open(row) && write_all(row.fd, data, len);
  }
  if (row.buffered + len <= kWriteBuffer) {
    std::memcpy(row.buffer.get() + row.buffered, data, len);
    row.buffered += len;
    if (!row.dirty) {
      row.dirty = true;
      row.shared->dirty.push_back(&row);
    }
    return true;
  }
  save_meta(row);
  if (!flush_buffer(row)) return false;
  if (len >= kWriteBuffer) return write_all(row.fd, data, len);
  std::memcpy(row.buffer.get(), data, len);
  row.buffered = len;
  return true;
}

void take_buffer(Row& row) {
  auto& spares = row.shared->spare_buffers;
  if (spares.empty()) {
    row.buffer = std::make_unique_for_overwrite<char[]>(kWriteBuffer);
  } else {
    row.buffer = std::move(spares.back());
    spares.pop_back();
  }
  row.buffered = 0;
}

// Opens the destination at the first body byte, when the headers have decided how.
bool open_file_sink(Row& row) {
  if (row.sink == Sink::Direct) {
    // O_NONBLOCK only for the open: a FIFO without a reader fails (ENXIO) instead of
    // blocking every transfer; writes block as they do on stdout.
    row.fd = ::open(row.output_path.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    if (row.fd >= 0) ::fcntl(row.fd, F_SETFL, ::fcntl(row.fd, F_GETFL) & ~O_NONBLOCK);
    if (row.fd < 0)
      set_failure(row, "cannot open " + row.output_path + ": " + std::strerror(errno));
    return row.fd >= 0;
  }
  const bool appending = row.head.status == 206 && row.resumed_from > 0;
  if (appending) {
    if (row.head.range_start != row.resumed_from) {
      set_failure(row, "the server resumed at the wrong offset");
      return false;
    }
    row.fd = open_part(row.part_path, true);
    if (row.fd >= 0 && ::lseek(row.fd, row.resumed_from, SEEK_SET) != row.resumed_from) {
      ::close(row.fd);
      row.fd = -1;
    }
    if (row.fd >= 0 && row.hasher &&
        !row.hasher->update_from_file(row.part_path, row.resumed_from)) {
      set_failure(row, "cannot re-read " + row.part_path + " for the checksum");
      return false;
    }
  } else {
    // A 200 to a Range request means the file changed (If-Range failed): start over.
    row.resumed_from = 0;
    // An old .meta would name another response's validator; the new one is written when
    // the .part first gets bytes before the response has ended (save_meta).
    remove_meta(row);
    row.meta_pending = !validator_of(row.head).empty();
    row.open_pending = true;
    take_buffer(row);
    return true;
  }
  if (row.fd < 0) {
    set_failure(row, "cannot open " + row.part_path + ": " + std::strerror(errno));
    return false;
  }
  take_buffer(row);
  return true;
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
  // A failed write (here or in flush_pending) ends the transfer: the library says
  // CURLE_WRITE_ERROR.
  if (row->write_failed) return 0;
  RateBucket* bucket = row->shared->total_rate;
  if (bucket) {
    // Paused data comes back whole once the runner resumes the transfer.
    if (!bucket->open()) {
      row->paused = true;
      return CURL_WRITEFUNC_PAUSE;
    }
    bucket->take(static_cast<double>(len));
  }
  if (!row->body_started && !start_body(*row)) return 0;
  row->bytes += static_cast<curl_off_t>(len);
  if (row->discarding || row->sink == Sink::Discard) return len;
  if (row->hasher) row->hasher->update(data, len);
  const bool wrote = row->sink == Sink::Stdout ? std::fwrite(data, 1, len, stdout) == len
                                               : put(*row, data, len);
  if (!wrote) {
    row->write_failed = true;
    if (row->sink == Sink::Stdout && errno == EPIPE) row->shared->stdout_broken = true;
    set_failure(*row, std::string("write failed: ") + std::strerror(errno));
    return 0;
  }
  return len;
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
  } else if (header_is(line, "content-length")) {
    row->head.content_length = std::strtoll(header_value(line, 14).c_str(), nullptr, 10);
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

void flush_pending(SinkShared& shared) {
  for (Row* row : shared.dirty) {
    row->dirty = false;
    // A row out of the multi handle has a whole response or a failure that the runner
    // has not closed yet: close_sink writes its bytes, and decides about the .meta.
    if (row->buffered == 0 || !row->buffer || !row->easy) continue;
    // The response is still coming.
    save_meta(*row);
    if (!flush_buffer(*row)) {
      // The library is told at the row's next body byte; the reason is kept from here.
      row->write_failed = true;
      set_failure(*row, std::string("write failed: ") + std::strerror(errno));
    }
  }
  shared.dirty.clear();
}

bool close_sink(Row& row, bool whole) {
  bool ok = true;
  if (row.fd >= 0 || row.open_pending) {
    // A response cut short leaves its bytes for -C, with the validator that resumes them.
    if (!whole && row.buffered > 0) save_meta(row);
    bool written = flush_buffer(row);
    int error = errno;
    if (row.fd >= 0 && ::close(row.fd) != 0 && written) {
      written = false;
      error = errno;
    }
    if (!written) {
      ok = false;
      set_failure(row, "writing " + row.output_path + " failed: " + std::strerror(error));
    }
    row.fd = -1;
    row.meta_pending = false;
    if (row.buffer) row.shared->spare_buffers.push_back(std::move(row.buffer));
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
  if (!close_sink(row, true)) {
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
