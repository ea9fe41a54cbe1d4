// Where body bytes go: the callbacks, NAME.part, its validator and the final rename.
#pragma once

#include <curl/curl.h>

#include <memory>
#include <string>
#include <vector>

#include "row.h"

namespace xfer::tool {

class RateBucket;

// Run-wide state the callbacks need; each row's CURLOPT_*DATA is the Row, which points here.
struct SinkShared {
  bool fail_http = false;            // --fail
  bool retry_http = false;           // --retry: transient HTTP statuses are never saved
  RateBucket* total_rate = nullptr;  // --limit-rate-total, null: none
  bool stdout_broken = false;        // a write to stdout met EPIPE
  // Rows with bytes in their write buffer; flush_pending() writes them out.
  std::vector<Row*> dirty;
  // Write buffers of closed files, handed to the next file opened.
  std::vector<std::unique_ptr<char[]>> spare_buffers;
};

// Callbacks; user data is a Row whose `shared` member is set.
size_t on_body(char* data, size_t size, size_t count, void* user);
size_t on_header(char* data, size_t size, size_t count, void* user);
int on_progress(void* user, curl_off_t dltotal, curl_off_t, curl_off_t, curl_off_t);

// Bytes already in NAME.part (0 when there is none).
curl_off_t part_size(const Row& row);
// The If-Range value saved beside the .part ("" when none): NAME.part.meta holds it alone.
std::string saved_validator(const Row& row);

// Writes out what the callbacks of one curl_multi_perform call buffered, one write per file.
// The runner calls it after every perform call, so a slow transfer's bytes reach its .part
// as soon as they arrive, and a fast one's are written in large blocks.
void flush_pending(SinkShared& shared);
// Closes the row's file; false (with row.error_text) when buffered bytes could not be written.
// `whole`: the response ended normally, so the .part needs no validator beside it for -C.
bool close_sink(Row& row, bool whole);
// A successful transfer: checks the sha256, then renames NAME.part to NAME. Sets row.code.
void complete_sink(Row& row);
// A failed transfer: the .part stays for -C unless `remove` (then it and its .meta go).
void drop_part(Row& row);

}  // namespace xfer::tool
