// curl_getenv: a caller-owned copy of an environment variable.
#include <cstdlib>
#include <cstring>

#include <curl/curl.h>

// An empty value counts as unset, as it does for libcurl on Unix. The copy is released
// with curl_free, which is free().
extern "C" CURL_EXTERN char* curl_getenv(const char* name) {
  if (!name) return nullptr;
  const char* value = std::getenv(name);
  if (!value || !*value) return nullptr;
  return strdup(value);
}
