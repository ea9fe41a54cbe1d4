// SetoptArg: one curl_easy_setopt argument, decoded by the option's type range.
#pragma once

#include <curl/curl.h>

namespace xfer::api {

using Fn = void (*)();

// Which member is meaningful follows from the option's number (LONG, OBJECTPOINT,
// FUNCTIONPOINT, OFF_T or BLOB range).
struct Arg {
  long l = 0;
  void* p = nullptr;
  curl_off_t off = 0;
  Fn fn = nullptr;
};

}  // namespace xfer::api
