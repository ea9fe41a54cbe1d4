// Small C entry points without state: case-insensitive compares and the HTTP/2 push headers.
#include <cstddef>

#include <curl/curl.h>

namespace {

// ASCII only, independent of the locale, as libcurl compares protocol tokens.
char ascii_upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c; }

}  // namespace

extern "C" CURL_EXTERN int curl_strequal(const char* s1, const char* s2) {
  if (!s1 || !s2) return s1 == s2;
  while (*s1 && *s2) {
    if (ascii_upper(*s1) != ascii_upper(*s2)) return 0;
    ++s1;
    ++s2;
  }
  return *s1 == *s2;
}

// Two NULLs are equal only when at least one byte was to be compared.
extern "C" CURL_EXTERN int curl_strnequal(const char* s1, const char* s2, size_t n) {
  if (!s1 || !s2) return !s1 && !s2 && n > 0;
  for (; n > 0; --n, ++s1, ++s2) {
    if (ascii_upper(*s1) != ascii_upper(*s2)) return 0;
    if (!*s1) return 1;
  }
  return 1;
}

// xfer speaks no HTTP/2, so there is never a pushed request whose headers could be read.
extern "C" CURL_EXTERN char* curl_pushheader_bynum(struct curl_pushheaders*, size_t) {
  return nullptr;
}

extern "C" CURL_EXTERN char* curl_pushheader_byname(struct curl_pushheaders*, const char*) {
  return nullptr;
}
