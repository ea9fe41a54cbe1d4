// HTTP/2 server push and stream priority: promised streams become new handles through CURLMOPT_PUSHFUNCTION.
#include <new>

#include "engine/callback_scope.h"
#include "engine/easy.h"
#include "engine/h2_link.h"
#include "engine/multi.h"
#include "engine/transfer.h"
#include "engine/transfer_h2_stream.h"
#include "http/h2_push.h"

namespace xfer {

http::H2PushVerdict Transfer::h2_push(std::int32_t promised_id, const std::vector<std::string>& fields,
                                      http::H2StreamEvents*& pushed) noexcept {
  using V = http::H2PushVerdict;
  // Without a push callback our SETTINGS forbid pushes; a connection made before the
  // application set one refuses them here.
  if (!multi_.push_fn || !conn_ || !conn_->h2()) return V::kDeny;
  Transfer* t = nullptr;
  try {
    const char* scheme = http::push_field(fields, ":scheme");
    const char* authority = http::push_field(fields, ":authority");
    const char* path = http::push_field(fields, ":path");
    if (!scheme || !authority || !path) return V::kDeny;
    // The pushed handle is the parent's duplicate with the promised URL, as in libcurl.
    auto copy = std::make_unique<Curl_easy>();
    copy->copy_options_from(easy_);
    std::string url = std::string(scheme) + "://" + authority + path;
    copy->opts.url.assign(url.c_str());
    ++copy->opts.url_stamp;
    if (copy->opts.rare_view().curlu) copy->opts.rare_set().curlu = nullptr;
    copy->url_option_changed();
    curl_pushheaders heads{&fields};
    int answer = CURL_PUSH_DENY;
    {
      CallbackScope scope(multi_);
      answer = multi_.push_fn(static_cast<Curl_easy*>(&easy_), copy.get(), fields.size(), &heads, multi_.push_data);
    }
    if (answer != CURL_PUSH_OK) return answer == CURL_PUSH_ERROROUT ? V::kFailConnection : V::kDeny;
    t = multi_.adopt(*copy);
    copy.release();  // the application's now: it gets a CURLMSG_DONE for it and cleans it up
    pushed = t->start_pushed(*conn_, promised_id);
    return pushed ? V::kAccept : V::kDeny;
  } catch (...) {
    // Out of memory: the push is refused and the parent goes on. A handle already handed
    // to the application ends with the error; left half started it would wait for ever.
    if (t && !t->done()) {
      try {
        t->fail(Status::fail(CURLE_OUT_OF_MEMORY, "Out of memory"));
      } catch (...) {
      }
    }
    return V::kDeny;
  }
}

http::H2StreamEvents* Transfer::start_pushed(Connection& c, std::int32_t promised_id) {
  // The transfer starts as any does (URL, info, deadlines), then takes the promised stream
  // instead of looking for a connection. A failure there has ended it already.
  step_init();
  if (state_ != TransferState::kAcquire) return nullptr;
  take_connection(&c);
  head_request_ = false;
  reset_exchange();
  if (!h2_) h2_.reset(new H2Stream(*this));
  H2Stream& hs = *h2_;
  hs.reset();
  hs.id = promised_id;
  parser_.frame_by_stream();
  h2_join(*c.h2());
  enter(TransferState::kReceiving);
  // Runs in this pass: its timers are set like any transfer's.
  multi_.make_ready(*this);
  return &hs;
}

http::H2Priority Transfer::h2_priority() const {
  const RareOptions& ro = easy_.opts.rare_view();
  http::H2Priority p;
  p.weight = ro.stream_weight;
  p.exclusive = ro.stream_depends_e;
  // libcurl 7.88 names the stream the other handle's transfer has open now, or none.
  if (const Easy* dep = multi_.handle_if_added(ro.stream_depends_on))
    if (dep->transfer && dep->transfer->h2_ && dep->transfer->state_ != TransferState::kDone)
      p.depends_on = dep->transfer->h2_->id;
  return p;
}

}  // namespace xfer
