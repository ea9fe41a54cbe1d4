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
  bool ok = false;
  if (hooks_.seek_fn) {
    CallbackScope scope(multi_);
    ok = hooks_.seek_fn(hooks_.seek_data, 0, SEEK_SET) == CURL_SEEKFUNC_OK;
  } else if (hooks_.ioctl_fn) {
    // Any answer but CURLIOE_OK fails the rewind (CURLE_SEND_FAIL_REWIND), as in libcurl.
    CallbackScope scope(multi_);
    ok = hooks_.ioctl_fn(hooks_.handle, CURLIOCMD_RESTARTREAD, hooks_.ioctl_data) == CURLIOE_OK;
  } else if (!fn_) {
    // With the default read function the data is a FILE*, which can seek itself.
    ok = std::fseek(static_cast<FILE*>(data_), 0, SEEK_SET) == 0;
  }
  if (ok) started_ = false;
  return ok;
}

}  // namespace xfer
