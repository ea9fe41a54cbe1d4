// Transfer over HTTP/2: one stream on the connection's H2Link, its response fed to the same parser and events as HTTP/1.
#include <cstring>

#include "engine/easy.h"
#include "engine/h2_link.h"
#include "engine/multi.h"
#include "engine/transfer.h"
#include "engine/transfer_h2_stream.h"
#include "engine/verbose.h"
#include "http/h2_session.h"
#include "http/upload_framing.h"

namespace xfer {

void Transfer::H2StreamDelete::operator()(H2Stream* s) const { delete s; }

bool Transfer::offers_h2() const {
  if (rare_ && rare_->h1_only) return false;
  const long v = easy_.opts.http_version;
  // Cleartext h2 only by prior knowledge, and not to a proxy that gets absolute-form h1.
  if (!url_.is_https()) return v == CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE && !(via_proxy() && !needs_tunnel());
  // libcurl 7.88 with nghttp2 offers h2 by ALPN for its default and every HTTP/2 choice.
  return tls_options().enable_alpn &&
         (v == CURL_HTTP_VERSION_NONE || v == CURL_HTTP_VERSION_2_0 || v == CURL_HTTP_VERSION_2TLS ||
          v == CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE);
}

bool Transfer::may_multiplex() const {
  // libcurl 7.88 shares a connection between transfers that may all speak h2 on it, with
  // CURLPIPE_MULTIPLEX (its default); CONNECT_ONLY takes the connection for itself.
  return multi_.multiplexing && !easy_.opts.connect_only && (offers_h2() || asks_h2c_upgrade());
}

bool Transfer::asks_h2c_upgrade() const {
  if (rare_ && rare_->h1_only) return false;
  // libcurl 7.88 asks only for 2_0 itself (2TLS leaves http:// at HTTP/1.1).
  return !url_.is_https() && easy_.opts.http_version == CURL_HTTP_VERSION_2_0 && !(conn_ && conn_->h2());
}

Transfer::Step Transfer::h2c_switch(const char* rest, std::size_t n) {
  Rare& r = rare();
  r.h2c_switch = false;
  r.h2c_offered = false;
  verbose_text(easy_, "Received 101, switching to HTTP/2");
  conn_->set_h2(H2Link::make(*conn_, h2_streams_setting(), multi_.push_fn != nullptr));
  if (!conn_->h2()) return fail(Status::fail(CURLE_OUT_OF_MEMORY, "Out of memory"));
  if (!h2_) h2_.reset(new H2Stream(*this));
  H2Stream& hs = *h2_;
  hs.reset();
  H2Link& link = *conn_->h2();
  if (Status st = link.session().upgrade(h2_upgrade_settings(), head_request_, hs); !st) return fail(st);
  hs.id = 1;
  h2_join(link);
  // The preface and our SETTINGS are owed after a 101 (RFC 9113 section 3.2) even when the
  // whole answer came with it and the transfer ends at once.
  multi_.link_due(link);
  // The answer starts afresh on stream 1: the 101 was an interim block.
  const EasyOptions& o = easy_.opts;
  parser_.reset(head_request_, o.http09_allowed, o.rare_view().ignore_content_length);
  parser_.frame_by_stream();
  body_started_ = false;
  block_1xx_ = false;
  if (n > 0) {
    if (Status st = link.session().feed(rest, n); !st) {
      link.set_broken();
      return fail(st);
    }
  }
  enter(TransferState::kReceiving);
  return h2_receive();
}

Status Transfer::h2_negotiated() {
  // https: ALPN decides; http: prior knowledge, the preface goes first.
  if (conn_->tls ? !conn_->tls->alpn_h2() : !offers_h2()) return Status::ok();
  conn_->set_h2(H2Link::make(*conn_, h2_streams_setting(), multi_.push_fn != nullptr));
  if (!conn_->h2()) return Status::fail(CURLE_OUT_OF_MEMORY, "Out of memory");
  verbose_text(easy_, "Using HTTP2, server supports multiplexing");
  return Status::ok();
}

Transfer::Step Transfer::h2_start() {
  H2Link& link = *conn_->h2();
  if (!link.usable()) return retry_on_fresh_connection();
  if (!h2_) h2_.reset(new H2Stream(*this));
  H2Stream& hs = *h2_;
  hs.reset();
  parser_.frame_by_stream();
  // The translation reuses one field list per thread: no allocation per request once it
  // fits the largest head (an engine runs on one thread at a time).
  thread_local http::H2RequestFields fields;
  if (Status st = http::h2_request_fields(request_text().substr(0, head_size_), url_.is_https() ? "https" : "http", fields);
      !st)
    return fail(st);
  const bool with_body = body_len_ > 0 || (body_src_ && !body_held());
  const RareOptions& ro = easy_.opts.rare_view();
  hs.sent_depends_on = ro.stream_depends_on;
  hs.sent_weight = ro.stream_weight;
  hs.sent_exclusive = ro.stream_depends_e;
  const std::int32_t id = link.session().submit_request(fields, hs, with_body, h2_priority());
  if (id < 0) {
    // No stream id left on this connection: another one carries the request.
    if (id == NGHTTP2_ERR_STREAM_ID_NOT_AVAILABLE && !retried_) {
      link.set_broken();
      return retry_on_fresh_connection();
    }
    return fail(Status::fail(id == NGHTTP2_ERR_NOMEM ? CURLE_OUT_OF_MEMORY : CURLE_HTTP2,
                             "HTTP/2 request could not be submitted"));
  }
  hs.id = id;
  // The codec holds the request now: the transfer keeps no copy of its text.
  request_sent_ = request_text().size();
  h2_join(link);
  easy_.info().request_size += static_cast<long>(head_size_);
  enter(TransferState::kReceiving);
  return h2_receive();
}

http::H2Settings Transfer::h2_upgrade_settings() const {
  http::H2Settings s;
  s.max_concurrent_streams = h2_streams_setting();
  s.enable_push = multi_.push_fn != nullptr;
  return s;
}

std::uint32_t Transfer::h2_streams_setting() const {
  return static_cast<std::uint32_t>(std::min<long>(multi_.max_concurrent_streams, 0x7fffffffL));
}

void Transfer::h2_join(H2Link& link) {
  H2Stream& hs = *h2_;
  if (!hs.link_hook.linked()) link.attach(hs);
  conn_->user = this;
  multi_.pool().place_h2(*conn_);
}

http::H2Pull Transfer::h2_pull(char* buf, std::size_t cap) {
  using P = http::H2Pull;
  H2Stream& hs = *h2_;
  // MAX_SEND_SPEED_LARGE: nothing until the pace allows; the timer resumes the body.
  if ((body_sent_ < body_len_ || (body_src_ && !body_held() && !src_done_)) && throttled()) {
    // The transfer's timer resumes the body: it runs to set it.
    hs.deferred = true;
    hs.wake();
    return {0, P::State::kDeferred};
  }
  cap = io_cap(true, cap);
  if (body_sent_ < body_len_) {
    const std::size_t n = std::min(cap, body_len_ - body_sent_);
    std::memcpy(buf, body_ + body_sent_, n);
    verbose_data(easy_, CURLINFO_DATA_OUT, buf, n);
    body_sent_ += n;
    note_upload_progress();
    const bool last = body_sent_ == body_len_ && !(body_src_ && !body_held());
    return {n, last ? P::State::kEnd : P::State::kMore};
  }
  if (!body_src_ || body_held()) return {0, P::State::kEnd};
  if (src_done_) return {0, P::State::kEnd};
  // A known size that went out exactly ends the body without another read, as on HTTP/1.
  if (upload_size_ >= 0 && upload_bytes_ >= static_cast<std::size_t>(upload_size_)) {
    src_done_ = true;
    return {0, P::State::kEnd};
  }
  // Never fail() from here: this runs inside the codec's output, which the transfer's
  // end would re-enter. The outcome is read once the codec returns.
  const bool crlf = easy_.opts.rare_view().crlf;
  std::size_t want = cap;
  if (upload_size_ >= 0) want = std::min(want, static_cast<std::size_t>(upload_size_) - upload_bytes_);
  if (crlf) want = std::max<std::size_t>(want / 2, 1);  // converted, it may double
  char* read_at = buf;
  if (crlf) {
    if (!upbuf_) upbuf_.reset(new char[static_cast<std::size_t>(easy_.opts.upload_buffer_size)]);
    want = std::min(want, static_cast<std::size_t>(easy_.opts.upload_buffer_size));
    read_at = upbuf_.get();
  }
  body_src_used_ = true;
  const http::ReadResult rr = body_src_->read(read_at, want);
  switch (rr.status) {
    case http::ReadStatus::kData: {
      const std::size_t n = crlf ? http::lf_to_crlf(read_at, rr.n, buf) : rr.n;
      verbose_data(easy_, CURLINFO_DATA_OUT, buf, n);
      upload_bytes_ += n;
      note_upload_progress();
      return {n, P::State::kMore};
    }
    case http::ReadStatus::kEof:
      src_done_ = true;
      return {0, P::State::kEnd};
    case http::ReadStatus::kPause:
      send_paused_ = true;
      hs.deferred = true;
      return {0, P::State::kDeferred};
    case http::ReadStatus::kAbort:
    case http::ReadStatus::kError:
      hs.pull_error = rr.error;
      hs.wake();
      return {0, P::State::kFailed};
  }
  return {0, P::State::kFailed};
}

bool Transfer::h2_feed(const char* data, std::size_t len) {
  H2Stream& hs = *h2_;
  if (!got_response_byte_) {
    got_response_byte_ = true;
    easy_.info().starttransfer_us += request_us();
  }
  // The codec checks DATA against Content-Length: nothing follows a complete message.
  if (hs.parse.state == http::ParseState::kComplete) return true;
  download_at_read_ = easy_.info().size_download;
  hs.parse = parser_.feed(data, len, *this);
  return hs.parse.state == http::ParseState::kNeedMore || hs.parse.state == http::ParseState::kComplete;
}

Transfer::Step Transfer::h2_outcome(bool& decided) {
  decided = true;
  H2Stream& hs = *h2_;
  switch (hs.parse.state) {
    case http::ParseState::kAborted: return fail(result_);
    case http::ParseState::kError:
      if (parser_.status_code() > 0) easy_.info().response_code = parser_.status_code();
      return fail(hs.parse.error);
    default: break;
  }
  // A body its Content-Length says is whole ends the transfer at once, as in libcurl 7.88:
  // trailers after it are not waited for (the stream is reset if still open).
  if (hs.ended || hs.parse.state == http::ParseState::kComplete) {
    if (hs.parse.state != http::ParseState::kComplete) {
      hs.parse = parser_.finish(*this);
      if (hs.parse.state == http::ParseState::kAborted) return fail(result_);
      if (hs.parse.state != http::ParseState::kComplete) return fail(hs.parse.error);
    }
    return complete_or_hold();
  }
  if (!hs.pull_error.is_ok()) return fail(hs.pull_error);
  if (!hs.link_error.is_ok()) {
    // The connection died before this stream's answer began: a reused one may have been
    // closed by the server before it saw the request, which goes again once.
    if (!got_response_byte_ && conn_reused_ && !retried_) return retry_on_fresh_connection();
    if (hs.link_errno) easy_.info().os_errno = hs.link_errno;
    return fail(hs.link_error);
  }
  if (hs.closed) {
    if (!hs.failure.is_ok()) return fail(hs.failure);
    // REFUSED_STREAM: the server did not process it, so it may go again elsewhere.
    if (hs.close_code == NGHTTP2_REFUSED_STREAM) {
      // The server did not process it, so it may go again, on a new connection, as libcurl
      // 7.88 sends it up to five times; then its receive error stands.
      conn_->h2()->drain();
      Rare& r = rare();
      if (r.refused_retries < 5) {
        ++r.refused_retries;
        return retry_on_fresh_connection();
      }
      return fail(Status::fail(CURLE_RECV_ERROR, "The HTTP/2 stream was refused, retries exhausted"));
    }
    if (hs.close_code == NGHTTP2_HTTP_1_1_REQUIRED) {
      // The server wants this request over HTTP/1.1: 7.88 sends it again that way, and
      // the h2 connection takes no new request (it closes when its streams are done).
      downgrade_to_h1("Downgrades to HTTP/1.1", true);
      return retry_with_auth(true);
    }
    std::string& detail = rare().status_error;
    detail = "HTTP/2 stream " + std::to_string(hs.closed_id) + " was not closed cleanly: " +
             nghttp2_http2_strerror(hs.close_code) + " (err " + std::to_string(hs.close_code) + ")";
    return fail(Status::fail(CURLE_HTTP2_STREAM, detail.c_str()));
  }
  decided = false;
  return Step::kWait;
}

void Transfer::downgrade_to_h1(const char* why, bool drain) {
  verbose_text(easy_, "%s", why);
  rare().h1_only = true;
  dest_current_ = false;  // the pool key and the ALPN offer change
  // The same host under its HTTP/1.1 key: not a move to another host (credentials stay).
  if (!left_first_host_) first_dest_ = nullptr;
  if (drain && conn_ && conn_->h2()) conn_->h2()->drain();
}

Transfer::Step Transfer::h2_receive() {
  H2Link& link = *conn_->h2();
  H2Stream& hs = *h2_;
  // The connection reads for every stream (H2Link::pump, in the pass); the transfer only
  // gives back window, resumes its body and judges what its stream's events said.
  if (hs.unconsumed > 0 && !hs.holds_input() && hs.id > 0) {
    link.session().consume(hs.id, hs.unconsumed);
    hs.unconsumed = 0;
    multi_.link_due(link);
  }
  if (!link.codec_failure().is_ok() && hs.link_error.is_ok()) hs.link_error = link.codec_failure();
  bool decided = false;
  const Step s = h2_outcome(decided);
  if (decided) return s;
  if (recv_paused_ || send_paused_) return paused_wait();
  if (throttled()) return Step::kWait;
  const RareOptions& ro = easy_.opts.rare_view();
  if (hs.id > 0 && (ro.stream_depends_on != hs.sent_depends_on || ro.stream_weight != hs.sent_weight ||
                    ro.stream_depends_e != hs.sent_exclusive)) {
    // The application changed the priority options during the transfer.
    hs.sent_depends_on = ro.stream_depends_on;
    hs.sent_weight = ro.stream_weight;
    hs.sent_exclusive = ro.stream_depends_e;
    link.session().reprioritize(hs.id, h2_priority());
  }
  if (hs.deferred && hs.id > 0) {
    // The body source has data again (unpaused, or the send pace allows): the codec asks
    // for it at the next flush.
    hs.deferred = false;
    link.session().resume_body(hs.id);
  }
  // Frames this run queued (a new stream, a window update) and input a pause held back.
  multi_.link_due(link);
  return Step::kWait;
}

bool Transfer::h2_leave() {
  if (!conn_ || !conn_->h2()) return false;
  H2Link& link = *conn_->h2();
  // A transfer that took a stream slot may fail before its stream exists: the others on
  // the connection stay all the same.
  if (h2_) {
    H2Stream& hs = *h2_;
    if (hs.id > 0) {
      // Still open on our side (an answer before the whole body went, a failure): the peer
      // is told with RST_STREAM, and the codec forgets this object.
      link.session().detach(hs.id, NGHTTP2_CANCEL);
      multi_.link_due(link);
    }
    hs.id = 0;
    link.detach(hs);
  }
  if (easy_.opts.forbid_reuse) link.drain();  // it closes once its last stream ends
  if (link.streams() == 0) return false;
  // Other streams go on: the connection stays theirs.
  Connection* c = conn_;
  conn_ = nullptr;
  Transfer& other = static_cast<H2Stream*>(link.first_member())->t;
  if (c->user == this) c->user = &other;
  if (c->slot.easy == static_cast<Curl_easy*>(&easy_)) c->slot.easy = static_cast<Curl_easy*>(&other.easy_);
  easy_.last_conn_id = -1;
  multi_.pool().place_h2(*c);
  return true;
}

}  // namespace xfer
