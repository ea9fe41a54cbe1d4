// curl_global_*: reference-counted process setup, implicit when an application skips it.
#include <cstdlib>
#include <mutex>

#include <curl/curl.h>

#include "api/global_state.h"

namespace xfer::api {
namespace {

std::mutex g_mutex;
long g_init_count = 0;

}  // namespace

bool ensure_global_init() {
  std::lock_guard<std::mutex> lock(g_mutex);
  if (g_init_count == 0) g_init_count = 1;
  return true;
}

}  // namespace xfer::api

extern "C" CURL_EXTERN CURLcode curl_global_init(long flags) {
  (void)flags;  // nothing in xfer depends on SSL/WIN32 setup: OpenSSL 3 initialises itself
  std::lock_guard<std::mutex> lock(xfer::api::g_mutex);
  ++xfer::api::g_init_count;
  return CURLE_OK;
}

extern "C" CURL_EXTERN CURLcode curl_global_init_mem(long flags, curl_malloc_callback m, curl_free_callback f,
                                                     curl_realloc_callback r, curl_strdup_callback s,
                                                     curl_calloc_callback c) {
  if (!m || !f || !r || !s || !c) return CURLE_FAILED_INIT;
  // xfer allocates through C++'s allocator; replacing it per library is not supported, but
  // the call still initialises as libcurl's does.
  return curl_global_init(flags);
}

extern "C" CURL_EXTERN void curl_global_cleanup(void) {
  std::lock_guard<std::mutex> lock(xfer::api::g_mutex);
  if (xfer::api::g_init_count > 0) --xfer::api::g_init_count;
}

extern "C" CURL_EXTERN void curl_free(void* p) { std::free(p); }
