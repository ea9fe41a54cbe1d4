// Drives transfers with curl_multi_perform + curl_multi_poll, using only the public libcurl API.
#include "runner.h"

#include <curl/curl.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace xfer::tool {

namespace {

// How long one poll may sleep; also the progress display's redraw granularity.
constexpr int kPollTimeoutMs = 100;

struct Context {
  const Options& options;
  Progress& progress;
  curl_slist* headers = nullptr;
};

size_t on_body(char* data, size_t size, size_t count, void* user) {
  auto* row = static_cast<Row*>(user);
  const size_t len = size * count;
  row->bytes += static_cast<curl_off_t>(len);
  if (row->discarding) return len;
  if (!row->output_path.empty()) {
    if (!row->file) {
      // Opened on the first byte so a transfer that fails early leaves no empty file behind.
      row->file = std::fopen(row->output_path.c_str(), "wb");
      if (!row->file) return 0;  // the library turns this into CURLE_WRITE_ERROR
    }
    return std::fwrite(data, 1, len, row->file);
  }
  if (row->to_stdout) return std::fwrite(data, 1, len, stdout);
  return len;
}

// --fail: the status is known before the first body byte, so decide there whether to keep it.
size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto* row = static_cast<Row*>(user);
  const size_t len = size * count;
  if (len >= 5 && std::memcmp(data, "HTTP/", 5) == 0) {
    const char* space = static_cast<const char*>(std::memchr(data, ' ', len));
    long status = space ? std::strtol(space + 1, nullptr, 10) : 0;
    row->status = status;
    row->discarding = status >= 400;
  }
  return len;
}

int on_progress(void* user, curl_off_t dltotal, curl_off_t, curl_off_t, curl_off_t) {
  static_cast<Row*>(user)->expected_total = dltotal;
  return 0;
}

bool setup_easy(CURL* easy, Row& row, const Context& ctx) {
  const Options& o = ctx.options;
  bool ok = true;
  auto set = [&](CURLcode c) { ok = ok && c == CURLE_OK; };
  set(curl_easy_setopt(easy, CURLOPT_URL, row.url.c_str()));
  set(curl_easy_setopt(easy, CURLOPT_PRIVATE, static_cast<void*>(&row)));
  set(curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, row.error_buffer));
  set(curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, on_body));
  set(curl_easy_setopt(easy, CURLOPT_WRITEDATA, static_cast<void*>(&row)));
  if (o.fail) {
    set(curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, on_header));
    set(curl_easy_setopt(easy, CURLOPT_HEADERDATA, static_cast<void*>(&row)));
  }
  if (ctx.progress.wants_callbacks()) {
    set(curl_easy_setopt(easy, CURLOPT_NOPROGRESS, 0L));
    set(curl_easy_setopt(easy, CURLOPT_XFERINFOFUNCTION, on_progress));
    set(curl_easy_setopt(easy, CURLOPT_XFERINFODATA, static_cast<void*>(&row)));
  }
  if (o.timeout_s > 0)
    set(curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(o.timeout_s * 1000)));
  if (o.connect_timeout_s > 0)
    set(curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS,
                         static_cast<long>(o.connect_timeout_s * 1000)));
  if (o.follow) set(curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 1L));
  if (ctx.headers) set(curl_easy_setopt(easy, CURLOPT_HTTPHEADER, ctx.headers));
  if (!o.user_agent.empty()) set(curl_easy_setopt(easy, CURLOPT_USERAGENT, o.user_agent.c_str()));
  if (o.verbose) set(curl_easy_setopt(easy, CURLOPT_VERBOSE, 1L));
  return ok;
}

std::string describe_failure(CURLcode code, const char* detail) {
  std::string text = curl_easy_strerror(code);
  if (detail && *detail) {
    std::string d = detail;
    while (!d.empty() && (d.back() == '\n' || d.back() == '\r')) d.pop_back();
    if (d != text) text += ": " + d;
  }
  return text;
}

void finish_row(CURL* easy, Row& row, CURLcode code, const Options& o) {
  long status = 0;
  curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
  curl_off_t total_us = 0;
  curl_easy_getinfo(easy, CURLINFO_TOTAL_TIME_T, &total_us);
  row.status = status;
  row.time_us = total_us;
  row.state = RowState::Done;
  row.code = code;

  if (code == CURLE_OK && o.fail && status >= 400) {
    row.code = CURLE_HTTP_RETURNED_ERROR;
    std::snprintf(row.error_buffer, sizeof row.error_buffer,
                  "HTTP status %ld counts as a failure (--fail)", status);
  }
  if (row.file) {
    if (std::fclose(row.file) != 0 && row.code == CURLE_OK) {
      row.code = CURLE_WRITE_ERROR;
      std::snprintf(row.error_buffer, sizeof row.error_buffer, "closing %s failed",
                    row.output_path.c_str());
    }
    row.file = nullptr;
  } else if (row.code == CURLE_OK && !row.output_path.empty()) {
    // An empty body still deserves its (empty) file.
    if (std::FILE* f = std::fopen(row.output_path.c_str(), "wb"))
      std::fclose(f);
    else
      row.code = CURLE_WRITE_ERROR;
  }
  if (row.code == CURLE_WRITE_ERROR && !row.output_path.empty() && row.error_buffer[0] == '\0')
    std::snprintf(row.error_buffer, sizeof row.error_buffer, "cannot write to %s",
                  row.output_path.c_str());
  if (row.code != CURLE_OK) row.error_text = describe_failure(row.code, row.error_buffer);
}

void fail_row_at_start(Row& row, CURLcode code, const char* why) {
  row.state = RowState::Done;
  row.code = code;
  row.error_text = describe_failure(code, why);
}

// Starts the next queued row; a row that cannot even start is finished on the spot.
bool start_row(CURLM* multi, Row& row, const Context& ctx, TimePoint now) {
  CURL* easy = curl_easy_init();
  if (!easy) {
    fail_row_at_start(row, CURLE_OUT_OF_MEMORY, "curl_easy_init failed");
    return false;
  }
  if (!setup_easy(easy, row, ctx)) {
    curl_easy_cleanup(easy);
    fail_row_at_start(row, CURLE_FAILED_INIT, "an option was refused");
    return false;
  }
  if (curl_multi_add_handle(multi, easy) != CURLM_OK) {
    curl_easy_cleanup(easy);
    fail_row_at_start(row, CURLE_FAILED_INIT, "curl_multi_add_handle failed");
    return false;
  }
  row.easy = easy;
  row.state = RowState::Active;
  row.started = now;
  return true;
}

// Collects finished transfers; returns how many handles were retired.
size_t collect_done(CURLM* multi, const Options& o) {
  size_t retired = 0;
  int queued = 0;
  while (CURLMsg* msg = curl_multi_info_read(multi, &queued)) {
    if (msg->msg != CURLMSG_DONE) continue;
    // The message is only valid until its handle leaves the multi handle: copy it first.
    CURL* easy = msg->easy_handle;
    const CURLcode code = msg->data.result;
    void* priv = nullptr;
    curl_easy_getinfo(easy, CURLINFO_PRIVATE, &priv);
    finish_row(easy, *static_cast<Row*>(priv), code, o);
    curl_multi_remove_handle(multi, easy);
    curl_easy_cleanup(easy);
    static_cast<Row*>(priv)->easy = nullptr;
    ++retired;
  }
  return retired;
}

}  // namespace

RunTotals run_transfers(const Options& options, std::vector<Row>& rows, Progress& progress) {
  RunTotals totals;
  const TimePoint begin = SteadyClock::now();
  Context ctx{options, progress};
  for (const std::string& h : options.headers)
    ctx.headers = curl_slist_append(ctx.headers, h.c_str());

  CURLM* multi = curl_multi_init();
  if (!multi) {
    for (Row& row : rows) fail_row_at_start(row, CURLE_OUT_OF_MEMORY, "curl_multi_init failed");
    totals.setup_failed = true;
    curl_slist_free_all(ctx.headers);
    return totals;
  }
  if (options.max_host_conns > 0)
    curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS, options.max_host_conns);

  progress.start(rows, begin);
  size_t next = 0;
  size_t active = 0;
  const size_t limit = static_cast<size_t>(options.parallel_max);
  while (true) {
    const TimePoint now = SteadyClock::now();
    while (active < limit && next < rows.size()) {
      if (start_row(multi, rows[next], ctx, now)) ++active;
      ++next;
    }
    if (active == 0 && next == rows.size()) break;

    int running = 0;
    CURLMcode mc = curl_multi_perform(multi, &running);
    if (mc == CURLM_OK) {
      active -= collect_done(multi, options);
      // Freed slots are refilled before sleeping so the pipeline never idles for a poll.
      if (active < limit && next < rows.size()) continue;
      if (active > 0) mc = curl_multi_poll(multi, nullptr, 0, kPollTimeoutMs, nullptr);
    }
    if (mc != CURLM_OK) {
      std::fprintf(stderr, "xfer: multi handle failed: %s\n", curl_multi_strerror(mc));
      totals.setup_failed = true;
      break;
    }
    progress.tick(rows, SteadyClock::now());
  }

  if (totals.setup_failed) {
    for (Row& row : rows) {
      if (row.easy) {
        curl_multi_remove_handle(multi, row.easy);
        curl_easy_cleanup(row.easy);
        row.easy = nullptr;
      }
      if (row.file) {
        std::fclose(row.file);
        row.file = nullptr;
      }
      if (row.state != RowState::Done)
        fail_row_at_start(row, CURLE_FAILED_INIT, "the multi handle failed");
    }
  }
  curl_multi_cleanup(multi);
  curl_slist_free_all(ctx.headers);
  const TimePoint end = SteadyClock::now();
  progress.finish(rows, end);
  totals.elapsed_us = std::chrono::duration_cast<microseconds>(end - begin).count();
  return totals;
}

int exit_code_for(const std::vector<Row>& rows) {
  for (const Row& row : rows)
    if (row.code != CURLE_OK) return static_cast<int>(row.code);
  return 0;
}

}  // namespace xfer::tool
