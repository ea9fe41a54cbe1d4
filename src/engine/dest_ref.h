// DestRef: a transfer's counted hold on a pool destination, which outlives every hold.
#pragma once

namespace xfer {

struct Destination;

// A transfer's hold on a destination (where its request goes, where its first one went):
// the destination outlives every hold. Released holds queue it for the pool's sweep.
class DestRef {
 public:
  DestRef() = default;
  DestRef(const DestRef& o) : DestRef() { *this = o; }
  DestRef& operator=(const DestRef& o) {
    reset(o.d_);
    return *this;
  }
  DestRef& operator=(Destination* d) {
    reset(d);
    return *this;
  }
  ~DestRef() { reset(nullptr); }
  Destination* get() const { return d_; }
  Destination& operator*() const { return *d_; }
  Destination* operator->() const { return d_; }
  explicit operator bool() const { return d_ != nullptr; }
  bool operator==(const DestRef& o) const { return d_ == o.d_; }

 private:
  void reset(Destination* d);
  Destination* d_ = nullptr;
};

}  // namespace xfer
