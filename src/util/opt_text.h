// OptText: an optional string one pointer wide, for the option blocks every handle carries.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

namespace xfer {

// Most of a handle's TLS strings are never set, and the ones with a built-in default (the CA
// bundle and directory) share one copy that lives as long as the program: such a value costs
// the handle a pointer and no allocation (parked-transfer memory is a benchmark target). A
// value the application set is a string of its own, deep-copied with the handle.
// The interface is std::optional<std::string>'s, as far as the option code uses it.
class OptText {
 public:
  OptText() = default;
  OptText(std::nullopt_t) {}  // NOLINT: `x = std::nullopt` reads as with std::optional
  OptText(std::string s) : bits_(own(std::move(s))) {}  // NOLINT: implicit, as optional's
  OptText(const char* s) : bits_(own(std::string(s))) {}  // NOLINT

  // A value that outlives every handle (a built-in default): shared, never freed.
  static OptText fixed(const std::string& forever) {
    OptText t;
    t.bits_ = reinterpret_cast<std::uintptr_t>(&forever) | kFixed;
    return t;
  }

  ~OptText() { release(); }
  OptText(const OptText& o) : bits_(o.is_fixed() || !o.bits_ ? o.bits_ : own(*o)) {}
  OptText(OptText&& o) noexcept : bits_(std::exchange(o.bits_, 0)) {}
  OptText& operator=(const OptText& o) {
    if (this != &o) *this = OptText(o);
    return *this;
  }
  OptText& operator=(OptText&& o) noexcept {
    if (this != &o) {
      release();
      bits_ = std::exchange(o.bits_, 0);
    }
    return *this;
  }

  bool has_value() const { return bits_ != 0; }
  explicit operator bool() const { return bits_ != 0; }
  const std::string& operator*() const { return *ptr(); }
  const std::string* operator->() const { return ptr(); }
  std::string value_or(const char* fallback) const { return bits_ ? *ptr() : std::string(fallback); }
  void reset() {
    release();
    bits_ = 0;
  }

  friend bool operator==(const OptText& a, const OptText& b) {
    if (!a.bits_ || !b.bits_) return a.bits_ == b.bits_;
    return *a == *b;
  }

 private:
  // std::string is at least 8-byte aligned, so the low bit is free to say "not ours".
  static constexpr std::uintptr_t kFixed = 1;
  static std::uintptr_t own(std::string s) { return reinterpret_cast<std::uintptr_t>(new std::string(std::move(s))); }
  bool is_fixed() const { return (bits_ & kFixed) != 0; }
  const std::string* ptr() const { return reinterpret_cast<const std::string*>(bits_ & ~kFixed); }
  void release() {
    if (bits_ && !is_fixed()) delete ptr();
  }

  std::uintptr_t bits_ = 0;
};

}  // namespace xfer
