// HeaderStore: the response headers of one transfer, kept for curl_easy_header/nextheader.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <curl/curl.h>

#include "http/header_line.h"

namespace xfer {

// All names and values live NUL-terminated in one buffer that is reused from transfer to
// transfer, so a handle doing many transfers stops allocating once the buffer has grown.
class HeaderStore {
 public:
  // A transfer starts: forget everything but keep the capacity.
  void clear();
  // A new request of the same transfer starts (a redirect, an auth retry). Calling it
  // before the first response of a transfer is harmless: the index only grows once the
  // current request has seen a response line, so callers may or may not call it for the
  // first request.
  void begin_request();
  // One raw response line as received, CRLF included. Status lines and the blank line
  // are noted but not stored; a line starting with a blank continues the previous value.
  // origin: CURLH_HEADER, CURLH_TRAILER, CURLH_1XX or CURLH_CONNECT.
  void add(std::string_view raw_line, unsigned origin) { add(http::split_header_line(raw_line), origin); }
  // The same for a line the response parser has already split.
  void add(const http::HeaderLine& line, unsigned origin);
  // curl_easy_header: request -1 means the latest request. *out points into this store
  // and stays valid until the next get()/next() or the next transfer: both share one
  // struct, as libcurl 7.88's do.
  CURLHcode get(const char* name, std::size_t index, unsigned origin, int request,
                curl_header** out);
  // curl_easy_nextheader: prev nullptr starts the walk; same lifetime as get()'s result.
  curl_header* next(unsigned origin, int request, curl_header* prev);

  std::size_t size() const { return entries_.size(); }
  int request_count() const { return request_ + 1; }

 private:
  struct Entry {
    std::uint32_t name_off;
    std::uint32_t value_off;
    std::uint32_t origin;
    std::int32_t request;
  };

  const char* name_of(const Entry& e) const { return buf_.data() + e.name_off; }
  char* value_of(const Entry& e) { return buf_.data() + e.value_off; }
  bool matches(const Entry& e, unsigned origin, int request) const {
    return (e.origin & origin) != 0 && e.request == request;
  }
  void unfold(std::string_view line);
  void fill(curl_header* h, std::size_t entry, std::size_t index, std::size_t amount);

  std::string buf_;  // a string for its append: one capacity check and one copy
  std::vector<Entry> entries_;
  int request_ = 0;
  bool request_has_response_ = false;  // a line arrived since the last begin_request
  bool last_stored_ = false;           // the previous line was a stored header (unfoldable)
  curl_header out_{};
};

}  // namespace xfer
