// ReadCallbackSource: maps the read callback's return values onto ReadStatus.
#include "engine/read_source.h"

#include <cstdio>

#include "engine/callback_scope.h"

namespace xfer {

http::ReadResult ReadCallbackSource::read(char* buf, std::size_t cap) {
  started_ = true;
  std::size_t n;
  {
    CallbackScope scope(multi_);
    if (fn_)
      n = fn_(buf, 1, cap, data_);
    else
      n = std::fread(buf, 1, cap, static_cast<FILE*>(data_));
  }
  if (n == CURL_READFUNC_ABORT)
    return {0, http::ReadStatus::kAbort, Status::fail(CURLE_ABORTED_BY_CALLBACK, "operation aborted by callback")};
  if (n == CURL_READFUNC_PAUSE) return {0, http::ReadStatus::kPause, Status::ok()};
  if (n > cap)
    return {0, http::ReadStatus::kError, Status::fail(CURLE_READ_ERROR, "The read callback returned more bytes than asked for")};
  if (n == 0) return {0, http::ReadStatus::kEof, Status::ok()};
  return {n, http::ReadStatus::kData, Status::ok()};
}

bool ReadCallbackSource::rewind() {
  if (!started_) return true;
  if (seek_fn_) {
    int rc;
    {
      CallbackScope scope(multi_);
      rc = seek_fn_(seek_data_, 0, SEEK_SET);
    }
    if (rc == CURL_SEEKFUNC_OK) {
      started_ = false;
      return true;
    }
    return false;
  }
  // With the default read function the data is a FILE*, which can seek itself.
  if (!fn_) {
    FILE* f = static_cast<FILE*>(data_);
    if (std::fseek(f, 0, SEEK_SET) == 0) {
      started_ = false;
      return true;
    }
  }
  return false;
}

}  // namespace xfer
