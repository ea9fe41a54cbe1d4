// curl_easy_escape, curl_easy_unescape and their old handle-less forms.
#include <climits>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>

#include <curl/curl.h>

#include "http/url_escape.h"

namespace {

char* malloc_copy(const std::string& s) {
  char* out = static_cast<char*>(std::malloc(s.size() + 1));
  if (!out) return nullptr;
  std::memcpy(out, s.data(), s.size());
  out[s.size()] = '\0';
  return out;
}

}  // namespace

extern "C" CURL_EXTERN char* curl_easy_escape(CURL*, const char* string, int length) {
  if (!string || length < 0) return nullptr;
  try {
    std::size_t n = length ? static_cast<std::size_t>(length) : std::strlen(string);
    return malloc_copy(xfer::http::escape_unreserved({string, n}));
  } catch (...) {
    return nullptr;
  }
}

extern "C" CURL_EXTERN char* curl_easy_unescape(CURL*, const char* string, int length,
                                                 int* outlength) {
  if (!string || length < 0) return nullptr;
  try {
    std::size_t n = length ? static_cast<std::size_t>(length) : std::strlen(string);
    std::string out = xfer::http::unescape_all({string, n});
    // The length travels back as an int; a longer result cannot be reported.
    if (out.size() > static_cast<std::size_t>(INT_MAX)) return nullptr;
    char* copy = malloc_copy(out);
    if (copy && outlength) *outlength = static_cast<int>(out.size());
    return copy;
  } catch (...) {
    return nullptr;
  }
}

extern "C" CURL_EXTERN char* curl_escape(const char* string, int length) {
  return curl_easy_escape(nullptr, string, length);
}

extern "C" CURL_EXTERN char* curl_unescape(const char* string, int length) {
  return curl_easy_unescape(nullptr, string, length, nullptr);
}
