// StoredOptions: values of options for protocols xfer does not speak, kept as libcurl keeps them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace xfer {

// A libcurl built with FTP, SSH or mail support stores these options on the handle, copies
// them on duphandle and drops them on reset. xfer does the same, so a program that sets
// them sees the same handle lifecycle; nothing reads them, as no URL of those schemes is
// ever fetched.
class StoredOptions {
 public:
  // A number (LONG/OFF_T range) or a pointer (callbacks and *DATA); text is a copied string
  // option. A NULL string or pointer forgets the option, as it restores libcurl's default.
  void set_number(int id, std::int64_t v) { slot(id) = Value{id, v, nullptr, {}, false}; }
  void set_pointer(int id, const void* p) {
    if (!p) return forget(id);
    slot(id) = Value{id, 0, p, {}, false};
  }
  void set_text(int id, const char* s) {
    if (!s) return forget(id);
    slot(id) = Value{id, 0, nullptr, s, true};
  }

  std::size_t size() const { return values_.size(); }
  bool has(int id) const { return find(id) != nullptr; }
  // The stored text of a string option ("" when unset or not a string).
  const char* text(int id) const {
    const Value* v = find(id);
    return v && v->is_text ? v->text.c_str() : "";
  }
  std::int64_t number(int id) const {
    const Value* v = find(id);
    return v ? v->number : 0;
  }

 private:
  struct Value {
    int id;
    std::int64_t number;
    const void* pointer;
    std::string text;
    bool is_text;
  };

  const Value* find(int id) const {
    for (const Value& v : values_) {
      if (v.id == id) return &v;
    }
    return nullptr;
  }
  Value& slot(int id) {
    for (Value& v : values_) {
      if (v.id == id) return v;
    }
    return values_.emplace_back();
  }
  void forget(int id) {
    for (auto it = values_.begin(); it != values_.end(); ++it) {
      if (it->id == id) {
        values_.erase(it);
        return;
      }
    }
  }

  std::vector<Value> values_;
};

}  // namespace xfer
