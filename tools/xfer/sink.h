// Where body bytes go: the callbacks, NAME.part, its validator and the final rename.
#pragma once

#include <curl/curl.h>

#include <string>

#include "row.h"

namespace xfer::tool {

class RateBucket;

// Run-wide state the callbacks need; each row's CURLOPT_*DATA is the Row, which points here.
struct SinkShared {
  bool fail_http = false;            // --fail
  bool retry_http = false;           // --retry: transient HTTP statuses are never saved
  RateBucket* total_rate = nullptr;  // --limit-rate-total, null: none
  bool stdout_broken = false;        // a write to stdout met EPIPE
};

// Callbacks; user data is a Row whose `shared` member is set.
size_t on_body(char* data, size_t size, size_t count, void* user);
size_t on_header(char* data, size_t size, size_t count, void* user);
int on_progress(void* user, curl_off_t dltotal, curl_off_t, curl_off_t, curl_off_t);

// Bytes already in NAME.part (0 when there is none).
curl_off_t part_size(const Row& row);
// The If-Range value saved beside the .part ("" when none): NAME.part.meta holds it alone.
std::string saved_validator(const Row& row);

// Closes the row's file; false (with row.error_text) when buffered bytes could not be written.
bool close_sink(Row& row);
// A successful transfer: checks the sha256, then renames NAME.part to NAME. Sets row.code.
void complete_sink(Row& row);
// A failed transfer: the .part stays for -C unless `remove` (then it and its .meta go).
void drop_part(Row& row);

}  // namespace xfer::tool
