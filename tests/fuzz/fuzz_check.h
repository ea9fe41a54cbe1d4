// FUZZ_CHECK: a harness's invariant; a broken one aborts, which libFuzzer and the replay driver both report.
#pragma once

#include <cstdio>
#include <cstdlib>

// Not assert(): release builds must keep the check, and the message names the harness line.
#define FUZZ_CHECK(cond)                                                          \
  do {                                                                            \
    if (!(cond)) {                                                                \
      std::fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                               \
    }                                                                             \
  } while (0)

// Pulls a few option bits or a number off the front of the input, so one byte string
// carries both the choices a harness makes and the bytes it feeds.
class FuzzInput {
 public:
  FuzzInput(const unsigned char* data, unsigned long size) : data_(data), size_(size) {}
  unsigned char byte() {
    if (size_ == 0) return 0;
    --size_;
    return *data_++;
  }
  const char* rest() const { return reinterpret_cast<const char*>(data_); }
  unsigned long rest_size() const { return size_; }

 private:
  const unsigned char* data_;
  unsigned long size_;
};
