// One transfer's row: what to fetch, where the body goes, live counters and the final outcome.
#pragma once

#include <curl/curl.h>

#include <cstdio>
#include <memory>
#include <string>

#include "checksum.h"
#include "util/time.h"

namespace xfer::tool {

// Waiting: between a failed try and its retry.
enum class RowState { Queued, Active, Waiting, Done };

// Where a row's body goes, decided once before any transfer starts.
enum class Sink { Discard, Stdout, File, Direct };

// What the headers of the response being received said; reset for each response.
struct ResponseHead {
  long status = 0;
  std::string etag;
  std::string last_modified;
  long long retry_after_s = -1;   // -1: no Retry-After
  long long range_start = -1;     // from "Content-Range: bytes S-E/T"
  long long range_complete = -1;  // from "Content-Range: bytes */T" (a 416)
  long long content_length = -1;  // -1: none given
};

struct SinkShared;

struct Row {
  size_t index = 0;  // 1-based, as shown in the table
  std::string url;
  std::string shown_url;  // credentials removed: the only form ever printed
  Sink sink = Sink::Discard;
  std::string output_path;      // final name (File, Direct)
  std::string part_path;        // output_path + ".part" (File)
  bool meta_may_exist = false;  // part_path + ".meta" may be there (see sink.cpp)
  std::string expected_sha256;  // lowercase hex; empty: not checked

  RowState state = RowState::Queued;
  TimePoint first_started{};  // of the first try; --retry-max-time counts from here
  TimePoint started{};        // of the current try
  TimePoint retry_at{};       // Waiting: when the next try may start
  int tries = 0;
  int retries_used = 0;
  bool resume_next = false;   // the next try asks for the rest of the .part
  bool free_restart = false;  // the .part was stale (416): one extra try from zero
  SinkShared* shared = nullptr;

  curl_off_t bytes = 0;                   // body bytes of the current (or last) response
  curl_off_t resumed_from = 0;            // where that response's body starts in the file
  curl_off_t expected_total = 0;          // from the progress callback; 0 when unknown
  CURL* easy = nullptr;                   // set while the row is in the multi handle
  curl_slist* request_headers = nullptr;  // this try's If-Range on top of -H
  int fd = -1;                            // the open .part or device (File, Direct)
  bool open_pending = false;              // the .part is made at the first write (sink.cpp)
  std::unique_ptr<char[]> buffer;         // File: bytes not yet written to fd (see sink.cpp)
  size_t buffered = 0;
  bool meta_pending = false;  // the response's validator is owed to NAME.part.meta
  bool dirty = false;         // listed in SinkShared::dirty
  std::unique_ptr<Sha256> hasher;
  ResponseHead head;
  bool body_started = false;
  bool discarding = false;    // the body is not wanted (--fail error, or a retry is coming)
  bool paused = false;        // held back by --limit-rate-total
  bool write_failed = false;  // a write into the sink failed (the reason is in error_text)

  CURLcode code = CURLE_OK;
  long status = 0;
  long long time_us = 0;
  bool interrupted = false;  // stopped by SIGINT/SIGTERM
  std::string error_text;    // empty when ok
  std::string note;          // free text for the table, e.g. the demo's expectations
  char error_buffer[CURL_ERROR_SIZE] = {};

  bool ok() const { return state == RowState::Done && code == CURLE_OK; }
  curl_off_t file_bytes() const { return resumed_from + bytes; }
};

}  // namespace xfer::tool
