// The curl_multi_perform/curl_multi_poll loop: tries, retries with backoff, interrupts.
#include "runner.h"

#include <curl/curl.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>
#include <utility>

#include "easy_setup.h"
#include "rate_limit.h"
#include "retry.h"
#include "signals.h"
#include "sink.h"

namespace xfer::tool {

namespace {

// How long one poll may sleep; also the progress display's redraw and signal-check tick.
constexpr int kPollTimeoutMs = 100;
// While --limit-rate-total holds transfers back, the bucket is refilled this often.
constexpr int kPausedPollMs = 20;

std::string describe_failure(CURLcode code, const std::string& detail) {
  std::string text = curl_easy_strerror(code);
  std::string d = detail;
  while (!d.empty() && (d.back() == '\n' || d.back() == '\r')) d.pop_back();
  if (!d.empty() && d != text) text += ": " + d;
  return text;
}

class Runner {
 public:
  Runner(const Options& o, std::vector<Row>& rows, Progress& progress)
      : o_(o), rows_(rows), progress_(progress), backoff_(o.retry_delay_s) {}
  ~Runner() {
    if (multi_) curl_multi_cleanup(multi_);
  }
  RunTotals run();

 private:
  bool within_retry_time(const Row& row, TimePoint when) const {
    return o_.retry_max_time_s <= 0 ||
           std::chrono::duration<double>(when - row.first_started).count() <= o_.retry_max_time_s;
  }
  void prepare_try(Row& row, TimePoint now);
  void start_try(Row& row, TimePoint now);
  void end_row(Row& row, CURLcode code, const std::string& why);
  void finish_try(Row& row, CURLcode code, TimePoint now);
  bool schedule_retry(Row& row, TimePoint now);
  void collect();
  void finish_done(TimePoint now);
  void detach(Row& row);
  void stop_all(CURLcode code, const std::string& why);
  void resume_paused();
  int poll_timeout_ms(TimePoint now) const;

  const Options& o_;
  std::vector<Row>& rows_;
  Progress& progress_;
  CURLM* multi_ = nullptr;
  EasyCommon common_;
  SinkShared shared_;
  std::optional<RateBucket> bucket_;
  Backoff backoff_;
  size_t next_ = 0;
  size_t active_ = 0;
  size_t waiting_ = 0;
  // Tries whose transfer has ended and left the multi handle, and their results; their
  // files are closed and renamed by finish_done (see run()).
  std::vector<std::pair<Row*, CURLcode>> done_;
};

void Runner::prepare_try(Row& row, TimePoint now) {
  if (row.tries == 0) row.first_started = now;
  ++row.tries;
  row.started = now;
  row.bytes = 0;
  row.expected_total = 0;
  row.head = ResponseHead{};
  row.status = 0;
  row.body_started = false;
  row.discarding = false;
  row.paused = false;
  row.write_failed = false;
  row.error_buffer[0] = '\0';
  row.error_text.clear();
  row.resumed_from = 0;
  row.shared = &shared_;
  curl_slist_free_all(row.request_headers);
  row.request_headers = nullptr;
  if (row.sink == Sink::File) {
    // The first try resumes only on -C; a retry resumes what this run saved, when the
    // server gave a validator that proves the rest belongs to the same file.
    const bool first = row.tries == 1;
    const std::string validator = saved_validator(row);
    const bool resume = first ? o_.resume : (row.resume_next && !validator.empty());
    const curl_off_t have = resume ? part_size(row) : 0;
    if (have > 0) {
      row.resumed_from = have;
      if (!validator.empty()) {
        for (const std::string& h : o_.headers)
          row.request_headers = curl_slist_append(row.request_headers, h.c_str());
        row.request_headers =
            curl_slist_append(row.request_headers, ("If-Range: " + validator).c_str());
      }
    }
  }
  row.hasher.reset();
  if (!row.expected_sha256.empty()) row.hasher = std::make_unique<Sha256>();
}

void Runner::end_row(Row& row, CURLcode code, const std::string& why) {
  row.state = RowState::Done;
  row.code = code;
  if (code != CURLE_OK) row.error_text = describe_failure(code, why);
}

void Runner::start_try(Row& row, TimePoint now) {
  prepare_try(row, now);
  CURL* easy = curl_easy_init();
  if (!easy) return end_row(row, CURLE_OUT_OF_MEMORY, "curl_easy_init failed");
  std::string refused;
  const CURLcode rc = setup_easy(easy, row, o_, common_, refused);
  if (rc != CURLE_OK) {
    curl_easy_cleanup(easy);
    return end_row(row, rc, "the library refused " + refused);
  }
  if (curl_multi_add_handle(multi_, easy) != CURLM_OK) {
    curl_easy_cleanup(easy);
    return end_row(row, CURLE_FAILED_INIT, "curl_multi_add_handle failed");
  }
  row.easy = easy;
  row.state = RowState::Active;
  ++active_;
}

bool Runner::schedule_retry(Row& row, TimePoint now) {
  if (row.retries_used >= o_.retries || !within_retry_time(row, now)) return false;
  const Duration wait = backoff_.delay(row.retries_used + 2, row.head.retry_after_s);
  if (!within_retry_time(row, now + wait)) return false;
  ++row.retries_used;
  row.state = RowState::Waiting;
  row.retry_at = now + wait;
  row.resume_next = row.sink == Sink::File;
  ++waiting_;
  return true;
}

void Runner::finish_try(Row& row, CURLcode code, TimePoint now) {
  const long status = row.status;
  if (row.write_failed) code = CURLE_WRITE_ERROR;
  if (!close_sink(row, code == CURLE_OK) && code == CURLE_OK) code = CURLE_WRITE_ERROR;

  if (code == CURLE_OK && status == 416 && row.resumed_from > 0 &&
      row.head.range_complete != row.resumed_from) {
    // The .part does not fit the file the server has now: one more try from zero.
    drop_part(row);
    if (!row.free_restart) {
      row.free_restart = true;
      row.resume_next = false;
      row.state = RowState::Waiting;
      row.retry_at = now;
      ++waiting_;
      return;
    }
  }
  // A 416 whose Content-Range length is the .part's size: the file was already whole.
  const bool already_whole =
      status == 416 && row.resumed_from > 0 && row.head.range_complete == row.resumed_from;
  const bool bad_status =
      !already_whole && (transient_status(status) || (o_.fail && status >= 400));
  // Bytes already on stdout or a device cannot be taken back, so such a try is final.
  const bool redoable =
      row.sink == Sink::File || row.sink == Sink::Discard || !row.body_started || row.discarding;
  const bool transient =
      redoable && ((code != CURLE_OK && transient_code(code)) ||
                   (code == CURLE_OK && !already_whole && transient_status(status)));
  if (transient && schedule_retry(row, now)) return;

  std::string detail = row.error_text.empty() ? std::string(row.error_buffer) : row.error_text;
  if (code == CURLE_OK && !already_whole && o_.fail && status >= 400) {
    code = CURLE_HTTP_RETURNED_ERROR;
    detail = "HTTP status " + std::to_string(status) + " counts as a failure (--fail)";
  } else if (code == CURLE_OK && row.discarding && bad_status) {
    // With --retry a transient status is a failure once the retries are used up; its
    // body was not saved.
    code = CURLE_HTTP_RETURNED_ERROR;
    detail = "HTTP status " + std::to_string(status) + ", no retry left";
  }
  if (code == CURLE_OK) {
    row.code = CURLE_OK;
    complete_sink(row);
    code = row.code;
    detail = row.error_text;
  }
  if (code != CURLE_OK && o_.remove_on_error) drop_part(row);
  end_row(row, code, detail);
}

void Runner::detach(Row& row) {
  if (!row.easy) return;
  curl_multi_remove_handle(multi_, row.easy);
  curl_easy_cleanup(row.easy);
  row.easy = nullptr;
  curl_slist_free_all(row.request_headers);
  row.request_headers = nullptr;
}

void Runner::collect() {
  int left = 0;
  while (CURLMsg* msg = curl_multi_info_read(multi_, &left)) {
    if (msg->msg != CURLMSG_DONE) continue;
    // The message is only valid until its handle leaves the multi handle: copy it first.
    CURL* easy = msg->easy_handle;
    const CURLcode code = msg->data.result;
    void* priv = nullptr;
    curl_easy_getinfo(easy, CURLINFO_PRIVATE, &priv);
    Row& row = *static_cast<Row*>(priv);
    long status = 0;
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
    curl_off_t total_us = 0;
    curl_easy_getinfo(easy, CURLINFO_TOTAL_TIME_T, &total_us);
    row.status = status;
    row.time_us = total_us;
    detach(row);
    --active_;
    done_.emplace_back(&row, code);
  }
}

void Runner::finish_done(TimePoint now) {
  for (const auto& [row, code] : done_) finish_try(*row, code, now);
  done_.clear();
}

// Ends every unfinished row; partial data stays in NAME.part for a later -C.
void Runner::stop_all(CURLcode code, const std::string& why) {
  for (Row& row : rows_) {
    if (row.state == RowState::Done) continue;
    const bool begun = row.state != RowState::Queued;
    if (row.easy) {
      detach(row);
      close_sink(row, false);
    }
    row.interrupted = true;
    std::string text = begun ? why : "not started";
    if (begun && row.sink == Sink::File && part_size(row) > 0)
      text += "; partial data kept in " + row.part_path;
    row.state = RowState::Done;
    row.code = code;
    // An interruption is the user's doing, not the library's: no curl error text in front.
    row.error_text = code == CURLE_ABORTED_BY_CALLBACK ? text : describe_failure(code, text);
  }
  active_ = 0;
  waiting_ = 0;
}

void Runner::resume_paused() {
  for (Row& row : rows_) {
    if (!row.paused || !row.easy) continue;
    if (!bucket_->open()) return;
    row.paused = false;
    // May call on_body at once, which may pause the transfer again.
    curl_easy_pause(row.easy, CURLPAUSE_CONT);
  }
}

int Runner::poll_timeout_ms(TimePoint now) const {
  int ms = bucket_ ? kPausedPollMs : kPollTimeoutMs;
  if (waiting_ == 0) return ms;
  for (const Row& row : rows_) {
    if (row.state != RowState::Waiting) continue;
    const auto due = std::chrono::duration_cast<milliseconds>(row.retry_at - now).count();
    ms = static_cast<int>(std::clamp<long long>(due, 0, ms));
  }
  return ms;
}

RunTotals Runner::run() {
  RunTotals totals;
  const TimePoint begin = SteadyClock::now();
  multi_ = curl_multi_init();
  if (!multi_) {
    for (Row& row : rows_)
      if (row.state != RowState::Done) end_row(row, CURLE_OUT_OF_MEMORY, "curl_multi_init failed");
    totals.setup_failed = true;
    return totals;
  }
  if (o_.max_host_conns > 0)
    curl_multi_setopt(multi_, CURLMOPT_MAX_HOST_CONNECTIONS, o_.max_host_conns);
  common_.progress_callbacks = progress_.wants_callbacks();
  init_easy_common(common_, o_);
  shared_.fail_http = o_.fail;
  shared_.retry_http = o_.retries > 0;
  if (o_.limit_rate_total > 0) {
    bucket_.emplace(o_.limit_rate_total, begin);
    shared_.total_rate = &*bucket_;
  }

  progress_.start(rows_, begin);
  const size_t limit = static_cast<size_t>(o_.parallel_max);
  while (true) {
    TimePoint now = SteadyClock::now();
    if (const int sig = stop_signal()) {
      finish_done(now);
      stop_all(CURLE_ABORTED_BY_CALLBACK,
               sig == SIGINT ? "interrupted (SIGINT)" : "interrupted (SIGTERM)");
      totals.stop_signal = sig;
      break;
    }
    if (shared_.stdout_broken) {
      finish_done(now);
      stop_all(CURLE_WRITE_ERROR, "stdout was closed");
      totals.stdout_broken = true;
      break;
    }
    if (waiting_ > 0) {
      for (Row& row : rows_) {
        if (active_ >= limit) break;
        if (row.state != RowState::Waiting || row.retry_at > now) continue;
        --waiting_;
        start_try(row, now);
      }
    }
    while (active_ < limit && next_ < rows_.size()) {
      Row& row = rows_[next_++];
      if (row.state == RowState::Queued) start_try(row, now);
    }
    if (done_.empty() && active_ == 0 && waiting_ == 0 && next_ == rows_.size()) break;

    int running = 0;
    CURLMcode mc = curl_multi_perform(multi_, &running);
    if (mc == CURLM_OK) {
      now = SteadyClock::now();
      // Tries that ended in the previous call are closed and renamed only now, once this
      // call has sent the requests of the transfers started in their place: the server
      // works on those meanwhile instead of waiting for this file system work.
      finish_done(now);
      collect();
      flush_pending(shared_);
      if (bucket_) {
        bucket_->refill(now);
        resume_paused();
      }
      // Freed slots are refilled before sleeping so the pipeline never idles for a poll,
      // and the last transfer's end is not followed by one either.
      if (active_ < limit && next_ < rows_.size()) continue;
      finish_done(now);
      if (active_ == 0 && waiting_ == 0 && next_ == rows_.size()) continue;
      mc = curl_multi_poll(multi_, nullptr, 0, poll_timeout_ms(now), nullptr);
    }
    if (mc != CURLM_OK) {
      finish_done(SteadyClock::now());
      std::fprintf(stderr, "xfer: multi handle failed: %s\n", curl_multi_strerror(mc));
      totals.setup_failed = true;
      stop_all(CURLE_FAILED_INIT, "the multi handle failed");
      break;
    }
    progress_.tick(rows_, SteadyClock::now());
  }
  for (Row& row : rows_) curl_slist_free_all(std::exchange(row.request_headers, nullptr));
  totals.stdout_broken = totals.stdout_broken || shared_.stdout_broken;
  const TimePoint end = SteadyClock::now();
  progress_.finish(rows_, end);
  totals.elapsed_us = std::chrono::duration_cast<microseconds>(end - begin).count();
  return totals;
}

}  // namespace

RunTotals run_transfers(const Options& options, std::vector<Row>& rows, Progress& progress) {
  Runner runner(options, rows, progress);
  return runner.run();
}

int exit_code_for(const std::vector<Row>& rows) {
  for (const Row& row : rows)
    if (row.code != CURLE_OK) return static_cast<int>(row.code);
  return 0;
}

}  // namespace xfer::tool
