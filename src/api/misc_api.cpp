// Small C entry points without state: case-insensitive compares and the HTTP/2 push headers.
#include <cstddef>

#include <curl/curl.h>

#include "http/h2_push.h"

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

// Valid only inside the push callback, which is handed the PUSH_PROMISE's fields.
extern "C" CURL_EXTERN char* curl_pushheader_bynum(struct curl_pushheaders* h, size_t num) {
  if (!h || !h->fields || num >= h->fields->size()) return nullptr;
  return const_cast<char*>((*h->fields)[num].c_str());
}

extern "C" CURL_EXTERN char* curl_pushheader_byname(struct curl_pushheaders* h, const char* name) {
  if (!h || !h->fields) return nullptr;
  return const_cast<char*>(xfer::http::push_field(*h->fields, name));
}
