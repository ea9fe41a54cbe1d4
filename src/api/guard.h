// Boundary guard: no C++ exception crosses into C; allocation failure becomes OUT_OF_MEMORY.
#pragma once

#include <new>

#include <curl/curl.h>

namespace xfer::api {

template <class F>
CURLcode guarded(F&& f) noexcept {
  try {
    return f();
  } catch (const std::bad_alloc&) {
    return CURLE_OUT_OF_MEMORY;
  } catch (...) {
    return CURLE_FAILED_INIT;
  }
}

template <class F>
CURLMcode guarded_multi(F&& f) noexcept {
  try {
    return f();
  } catch (const std::bad_alloc&) {
    return CURLM_OUT_OF_MEMORY;
  } catch (...) {
    return CURLM_INTERNAL_ERROR;
  }
}

}  // namespace xfer::api
