// Easy: option defaults, duplication and the error buffer of one handle.
#include "engine/easy.h"

#include <cstring>

#include "engine/multi.h"
#include "engine/transfer.h"

namespace xfer {

Easy::Easy() = default;

Easy::~Easy() {
  if (multi) multi->remove(*this);
  transfer.reset();
  private_multi.reset();
  magic_ = 0;
}

void Easy::reset_options() {
  opts = EasyOptions{};
  info = TransferInfo{};
}

void Easy::copy_options_from(const Easy& other) {
  opts = other.opts;
  // POSTFIELDS borrowed from the app stay borrowed; a copied body is copied again (the
  // std::string member did that), so the pointer needs no fix-up.
}

void Easy::set_error(const char* reason) {
  if (!opts.error_buffer || !reason || error_written) return;
  std::strncpy(opts.error_buffer, reason, CURL_ERROR_SIZE - 1);
  opts.error_buffer[CURL_ERROR_SIZE - 1] = '\0';
  error_written = true;
}

void Easy::clear_error() {
  error_written = false;
  if (opts.error_buffer) opts.error_buffer[0] = '\0';
}

}  // namespace xfer
