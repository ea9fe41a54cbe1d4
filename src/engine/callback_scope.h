// CallbackScope: marks the engine as inside an application callback while it lives.
#pragma once

#include "engine/multi.h"

namespace xfer {

// The multi API refuses re-entry (CURLM_RECURSIVE_API_CALL) while any scope is open.
class CallbackScope {
 public:
  explicit CallbackScope(Multi* m) : m_(m), outer_(m && m->in_callback) {
    if (m_) m_->in_callback = true;
  }
  explicit CallbackScope(Multi& m) : CallbackScope(&m) {}
  ~CallbackScope() {
    if (m_) m_->in_callback = outer_;
  }
  CallbackScope(const CallbackScope&) = delete;
  CallbackScope& operator=(const CallbackScope&) = delete;

 private:
  Multi* m_;
  bool outer_;
};

}  // namespace xfer
