// Status: the internal result of an operation, a CURLcode plus a static reason for ERRORBUFFER.
#pragma once

#include <curl/curl.h>

namespace xfer {

// The reason is a string literal (or other storage that outlives the status); it is what
// CURLOPT_ERRORBUFFER shows when the code reaches the application.
struct Status {
  CURLcode code = CURLE_OK;
  const char* reason = nullptr;

  static constexpr Status ok() { return {}; }
  static constexpr Status fail(CURLcode c, const char* why) { return {c, why}; }
  constexpr bool is_ok() const { return code == CURLE_OK; }
  constexpr explicit operator bool() const { return code == CURLE_OK; }
};

}  // namespace xfer
