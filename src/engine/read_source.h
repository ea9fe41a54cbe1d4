// ReadCallbackSource: a request body pulled from CURLOPT_READFUNCTION (default: fread on stdin).
#pragma once

#include <cstdint>

#include <curl/curl.h>

#include "http/body_source.h"

namespace xfer {

class Multi;

class ReadCallbackSource final : public http::BodySource {
 public:
  ReadCallbackSource(Multi& multi, curl_read_callback fn, void* data, curl_seek_callback seek_fn,
                     void* seek_data, std::int64_t size)
      : multi_(multi), fn_(fn), data_(data), seek_fn_(seek_fn), seek_data_(seek_data), size_(size) {}

  http::ReadResult read(char* buf, std::size_t cap) override;
  std::int64_t size() const override { return size_; }
  bool rewind() override;

 private:
  Multi& multi_;
  curl_read_callback fn_;
  void* data_;
  curl_seek_callback seek_fn_;
  void* seek_data_;
  std::int64_t size_;
  bool started_ = false;
};

}  // namespace xfer
