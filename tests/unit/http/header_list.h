// Headers: an owned curl_slist built from a list of lines, for tests that pass
// CURLOPT_HTTPHEADER-style lists.
#pragma once

#include <initializer_list>

#include <curl/curl.h>

namespace xfer::test {

class Headers {
 public:
  Headers(std::initializer_list<const char*> lines) {
    for (const char* l : lines) list_ = curl_slist_append(list_, l);
  }
  ~Headers() { curl_slist_free_all(list_); }
  Headers(const Headers&) = delete;
  Headers& operator=(const Headers&) = delete;
  const curl_slist* get() const { return list_; }

 private:
  curl_slist* list_ = nullptr;
};

}  // namespace xfer::test
