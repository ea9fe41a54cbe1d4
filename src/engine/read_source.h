// ReadCallbackSource: a request body pulled from CURLOPT_READFUNCTION (default: fread on stdin).
#pragma once

#include <cstdint>

#include <curl/curl.h>

#include "http/body_source.h"

namespace xfer {

class Multi;

// How a started body gets back to its first byte, tried in libcurl's order: SEEKFUNCTION,
// else the deprecated IOCTLFUNCTION (CURLIOCMD_RESTARTREAD, called with the easy handle),
// else fseek on the default read function's FILE*.
struct RewindHooks {
  curl_seek_callback seek_fn = nullptr;
  void* seek_data = nullptr;
  curl_ioctl_callback ioctl_fn = nullptr;
  void* ioctl_data = nullptr;
  CURL* handle = nullptr;
};

class ReadCallbackSource final : public http::BodySource {
 public:
  ReadCallbackSource(Multi& multi, curl_read_callback fn, void* data, const RewindHooks& hooks, std::int64_t size)
      : multi_(multi), fn_(fn), data_(data), hooks_(hooks), size_(size) {}

  http::ReadResult read(char* buf, std::size_t cap) override;
  std::int64_t size() const override { return size_; }
  bool rewind() override;

 private:
  Multi& multi_;
  curl_read_callback fn_;
  void* data_;
  RewindHooks hooks_;
  std::int64_t size_;
  bool started_ = false;
};

}  // namespace xfer
