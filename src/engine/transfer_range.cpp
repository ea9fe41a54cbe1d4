// Transfer, ranges: CURLOPT_RANGE and RESUME_FROM on downloads (a Range line) and on
// uploads (a Content-Range line and a body that starts at the resume offset).
#include <cstdio>
#include <string>

#include "engine/callback_scope.h"
#include "engine/easy.h"
#include "engine/multi.h"
#include "engine/transfer.h"

namespace xfer {
namespace {

bool is_upload_method(HttpMethod m) { return m == HttpMethod::kPut || m == HttpMethod::kPost; }

}  // namespace

Status Transfer::start_range() {
  const RareOptions& ro = easy_.opts.rare_view();
  if (ro.resume_from == 0 && !ro.range.is_set()) {
    if (rare_) {
      rare_->resume_from = 0;
      rare_->range_reply = RangeReply::kNone;
      rare_->upload_range = UploadRange::kNone;
    }
    return Status::ok();
  }
  Rare& r = rare();
  r.range_reply = RangeReply::kNone;
  // Only a plain PUT or POST is ranged as an upload; a MIME or form POST carries no range
  // at all, as in libcurl, whose request kinds for them are neither a GET nor an upload.
  if (is_upload_method(easy_.opts.method)) {
    r.resume_from = 0;
    r.upload_range = UploadRange::kPending;
    return Status::ok();
  }
  r.upload_range = UploadRange::kNone;
  r.resume_from = ro.range.is_set() ? 0 : ro.resume_from;
  return Status::ok();
}

Status Transfer::skip_upload_prefix(curl_off_t offset) {
  const EasyOptions& o = easy_.opts;
  int seek_rc = CURL_SEEKFUNC_CANTSEEK;
  if (o.seek_fn) {
    CallbackScope scope(multi_);
    seek_rc = o.seek_fn(o.seek_data, offset, SEEK_SET);
  }
  if (seek_rc == CURL_SEEKFUNC_OK) return Status::ok();
  if (seek_rc != CURL_SEEKFUNC_CANTSEEK) return Status::fail(CURLE_READ_ERROR, "Could not seek stream");
  // A source that cannot seek is read and the bytes before the offset thrown away, one
  // download buffer at a time, as libcurl does.
  const std::size_t chunk = static_cast<std::size_t>(o.buffer_size);
  std::string scratch(chunk, '\0');
  curl_off_t passed = 0;
  while (passed < offset) {
    const curl_off_t left = offset - passed;
    const std::size_t want = left > static_cast<curl_off_t>(chunk) ? chunk : static_cast<std::size_t>(left);
    std::size_t got;
    {
      CallbackScope scope(multi_);
      got = o.read_fn ? o.read_fn(scratch.data(), 1, want, o.read_data)
                      : std::fread(scratch.data(), 1, want, static_cast<FILE*>(o.read_data));
    }
    // Anything above `want` (an abort or pause code too) ends the skip as a read error.
    if (got == 0 || got > want) {
      if (got <= want) passed += static_cast<curl_off_t>(got);
      char msg[96];
      std::snprintf(msg, sizeof msg, "Could only read %lld bytes from the input", static_cast<long long>(passed));
      return Status::fail(CURLE_READ_ERROR, msg);
    }
    passed += static_cast<curl_off_t>(got);
  }
  return Status::ok();
}

Status Transfer::apply_upload_range(curl_off_t& body_size) {
  Rare& r = *rare_;
  const RareOptions& ro = easy_.opts.rare_view();
  const curl_off_t set_resume = ro.resume_from;
  if (r.upload_range == UploadRange::kPending) {
    // The skip happens once, before the first request: a resend after a redirect or an
    // authentication round starts from the rewound source with the size already cut.
    r.upload_range = UploadRange::kReady;
    r.upload_size = body_size;
    if (set_resume > 0) {
      if (Status st = skip_upload_prefix(set_resume); !st) return st;
      if (r.upload_size > 0) {
        r.upload_size -= set_resume;
        if (r.upload_size <= 0) return Status::fail(CURLE_PARTIAL_FILE, "File already completely uploaded");
      }
    }
  }
  body_size = r.upload_size;
  // The Content-Range values are libcurl's, even where an unknown size (-1) makes them odd.
  char text[96];
  if (set_resume < 0) {
    // A resume "from the server's size" is not asked of the server: the whole body goes.
    std::snprintf(text, sizeof text, "0-%lld/%lld", static_cast<long long>(body_size - 1),
                  static_cast<long long>(body_size));
  } else if (set_resume > 0) {
    const curl_off_t total = set_resume + body_size;
    std::snprintf(text, sizeof text, "%lld-%lld/%lld", static_cast<long long>(set_resume),
                  static_cast<long long>(total - 1), static_cast<long long>(total));
  } else {
    std::snprintf(text, sizeof text, "%s/%lld", ro.range.c_str(), static_cast<long long>(body_size));
  }
  r.range_text = text;
  return Status::ok();
}

}  // namespace xfer
