// Verbose and debug output: CURLOPT_VERBOSE lines to CURLOPT_DEBUGFUNCTION or the stderr stream.
#pragma once

#include <cstddef>
#include <string_view>

#include <curl/curl.h>

namespace xfer {

class Easy;

// Text lines ("* ..."), headers in ("< ") and out ("> "), as libcurl's default debug output.
void verbose_text(Easy& e, const char* fmt, ...) __attribute__((format(printf, 2, 3)));
void verbose_data(Easy& e, curl_infotype type, const char* data, std::size_t len);

}  // namespace xfer
