// The option and info tables from the public headers' X-macro lists, as lookups.
#pragma once

#include <curl/curl.h>

namespace xfer::api {

// Known to libcurl 7.88 (and so to xfer's headers), whether or not xfer implements it.
bool is_known_option(int option);
const char* option_name(int option);  // "URL" for CURLOPT_URL, nullptr if unknown
// A STRINGPOINT option: libcurl copies its string (other pointers are borrowed).
bool is_string_option(int option);
bool is_known_multi_option(int option);

}  // namespace xfer::api
