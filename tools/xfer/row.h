// One transfer's row: what to fetch, where the body goes, live counters and the final outcome.
#pragma once

#include <curl/curl.h>

#include <cstdio>
#include <string>

#include "util/time.h"

namespace xfer::tool {

enum class RowState { Queued, Active, Done };

struct Row {
  size_t index = 0;  // 1-based, as shown in the table
  std::string url;
  std::string output_path;  // empty: body goes to stdout or is only counted
  bool to_stdout = false;

  RowState state = RowState::Queued;
  TimePoint started{};
  curl_off_t bytes = 0;           // body bytes seen by the write callback
  curl_off_t expected_total = 0;  // from the progress callback; 0 when unknown
  CURL* easy = nullptr;  // set while the row is in the multi handle
  std::FILE* file = nullptr;
  bool discarding = false;  // --fail and an error status: the body is not wanted

  CURLcode code = CURLE_OK;
  long status = 0;
  long long time_us = 0;
  std::string error_text;  // empty when ok
  std::string note;        // free text for the table, e.g. the demo's expectations
  char error_buffer[CURL_ERROR_SIZE] = {};

  bool ok() const { return state == RowState::Done && code == CURLE_OK; }
};

}  // namespace xfer::tool
