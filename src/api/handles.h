// Converting C handles to engine objects, rejecting NULL and stray pointers.
#pragma once

#include "engine/easy.h"
#include "engine/multi.h"
#include "http/url_handle.h"

// The C name is an incomplete type for applications; here it is the handle itself.
struct Curl_URL : xfer::http::UrlHandle {};

namespace xfer::api {

inline Easy* easy_of(CURL* h) {
  auto* e = static_cast<Curl_easy*>(h);
  return e && e->valid() ? e : nullptr;
}

inline Multi* multi_of(CURLM* h) {
  auto* m = static_cast<Curl_multi*>(h);
  return m && m->valid() ? m : nullptr;
}

}  // namespace xfer::api
