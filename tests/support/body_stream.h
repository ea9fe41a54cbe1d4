// Produces a Body step's wire bytes lazily, so a gigabyte body costs no gigabyte of memory.
#pragma once

#include <cstddef>
#include <string>

#include "steps.h"

namespace xfer::test {

class BodyStream {
 public:
  explicit BodyStream(Body body);

  // Appends up to about `max` more wire bytes (a chunk header may overshoot slightly).
  void produce(std::string& out, std::size_t max);
  bool done() const { return done_; }

 private:
  void append_body(std::string& out, std::size_t n);

  Body body_;
  std::size_t total_;
  std::size_t offset_ = 0;  // body bytes produced so far
  std::size_t chunk_left_ = 0;
  bool done_ = false;
};

}  // namespace xfer::test
