// ClonePtr: a unique_ptr that copies its object on copy (for optional option blocks).
#pragma once

#include <memory>

namespace xfer {

// Handles that never set an option group pay one null pointer; curl_easy_duphandle still
// copies whatever was set.
template <class T>
class ClonePtr {
 public:
  ClonePtr() = default;
  ClonePtr(const ClonePtr& o) : p_(o.p_ ? std::make_unique<T>(*o.p_) : nullptr) {}
  ClonePtr(ClonePtr&&) noexcept = default;
  ClonePtr& operator=(const ClonePtr& o) {
    if (this != &o) p_ = o.p_ ? std::make_unique<T>(*o.p_) : nullptr;
    return *this;
  }
  ClonePtr& operator=(ClonePtr&&) noexcept = default;

  std::unique_ptr<T>& get() { return p_; }
  const T* ptr() const { return p_.get(); }
  explicit operator bool() const { return p_ != nullptr; }

 private:
  std::unique_ptr<T> p_;
};

}  // namespace xfer
