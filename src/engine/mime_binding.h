// MimeBinding: CURLOPT_MIMEPOST's hold on the application's mime, as libcurl binds it.
#pragma once

#include <memory>

#include "http/mime.h"

namespace xfer {

// libcurl attaches the mime given to CURLOPT_MIMEPOST to a part of the handle's own, so
// that curl_mime_free of that mime detaches it (the handle then posts nothing) instead of
// leaving the handle pointing at freed parts, and so that one mime serves one handle. The
// root part is made on first use: handles that never post a mime pay one null pointer.
//
// Copying (curl_easy_duphandle) copies the tree deeply: the duplicate owns its copy, which
// the original's curl_mime_free does not touch (libcurl does the same; curl test 654).
class MimeBinding {
 public:
  MimeBinding() = default;
  ~MimeBinding() = default;  // the root part's destructor unbinds (or frees an owned copy)
  MimeBinding(const MimeBinding& o) { copy_from(o); }
  MimeBinding& operator=(const MimeBinding& o) {
    if (this != &o) {
      root_.reset();
      copy_from(o);
    }
    return *this;
  }
  MimeBinding(MimeBinding&&) noexcept = default;
  MimeBinding& operator=(MimeBinding&&) noexcept = default;

  // CURLOPT_MIMEPOST: binds `mime` (nullptr unbinds). BAD_FUNCTION_ARGUMENT when the mime
  // is already attached elsewhere (another handle, or a part of another mime); the handle
  // holds no mime afterwards, as with libcurl.
  Status bind(curl_mime* mime) {
    if (!mime && !root_) return Status::ok();
    if (!root_) root_ = std::make_unique<curl_mimepart>();
    return http::set_subparts(root_.get(), mime, false);
  }
  // The bound mime, or nullptr when none is (never set, set to NULL, or freed since).
  curl_mime* get() const {
    return root_ && root_->kind_ == http::PartKind::kMultipart ? root_->subparts_ : nullptr;
  }

 private:
  void copy_from(const MimeBinding& o) {
    if (!o.get()) return;
    auto root = std::make_unique<curl_mimepart>();
    http::duplicate_part(*root, *o.root_);
    root_ = std::move(root);
  }

  std::unique_ptr<curl_mimepart> root_;
};

}  // namespace xfer
