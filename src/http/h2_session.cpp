// H2Session: an HTTP/2 client codec over nghttp2, bytes in and bytes out, no socket.
#include "http/h2_session.h"

#include <cstdlib>
#include <new>

#include "http/header_line.h"

namespace xfer::http {

namespace {

constexpr Status kNoMemory = Status::fail(CURLE_OUT_OF_MEMORY, "out of memory in an HTTP/2 stream event");
constexpr Status kThrew = Status::fail(CURLE_HTTP2_STREAM, "HTTP/2 stream event failed");

Status session_error(long rv) {
  const CURLcode code = rv == NGHTTP2_ERR_NOMEM ? CURLE_OUT_OF_MEMORY : CURLE_HTTP2;
  return Status::fail(code, nghttp2_strerror(static_cast<int>(rv)));
}

H2Session& self(void* user_data) { return *static_cast<H2Session*>(user_data); }

// nghttp2's allocations go through these functions of the library, so the allocation-failure
// sweep (tests/torture), which fails only allocations called from libcurl.so.4, reaches
// them. The empty asm after each call keeps it from becoming a tail call, whose return
// address would be nghttp2's.
// The unit tests' own sweep (h2_fail_allocation): the countdown of this thread.
thread_local std::size_t fail_countdown = 0;
thread_local bool fail_hit = false;

bool injected_failure() {
  if (fail_countdown == 0 || --fail_countdown != 0) return false;
  fail_hit = true;
  return true;
}

void* h2_malloc(std::size_t n, void*) {
  if (injected_failure()) return nullptr;
  void* p = std::malloc(n);
  asm volatile("" : : "r"(p) : "memory");
  return p;
}
void h2_free(void* p, void*) {
  std::free(p);
  asm volatile("" : : : "memory");
}
void* h2_calloc(std::size_t n, std::size_t size, void*) {
  if (injected_failure()) return nullptr;
  void* p = std::calloc(n, size);
  asm volatile("" : : "r"(p) : "memory");
  return p;
}
void* h2_realloc(void* p, std::size_t n, void*) {
  if (injected_failure()) return nullptr;
  void* q = std::realloc(p, n);
  asm volatile("" : : "r"(q) : "memory");
  return q;
}
nghttp2_mem h2_mem = {nullptr, &h2_malloc, &h2_free, &h2_calloc, &h2_realloc};

}  // namespace

void h2_fail_allocation(std::size_t nth) {
  fail_countdown = nth;
  fail_hit = false;
}

bool h2_allocation_failure_hit() { return fail_hit; }

H2Session::H2Session(H2SessionEvents& events, const H2SessionOptions& opts) : events_(events) {
  nghttp2_session_callbacks* cbs = nullptr;
  nghttp2_option* opt = nullptr;
  if (nghttp2_session_callbacks_new(&cbs) != 0) return;
  if (nghttp2_option_new(&opt) != 0) {
    nghttp2_session_callbacks_del(cbs);
    return;
  }
  nghttp2_session_callbacks_set_on_begin_headers_callback(cbs, &H2Session::on_begin_headers);
  nghttp2_session_callbacks_set_on_header_callback(cbs, &H2Session::on_header);
  nghttp2_session_callbacks_set_on_frame_recv_callback(cbs, &H2Session::on_frame_recv);
  nghttp2_session_callbacks_set_on_data_chunk_recv_callback(cbs, &H2Session::on_data_chunk);
  nghttp2_session_callbacks_set_on_stream_close_callback(cbs, &H2Session::on_stream_close);
  // The engine reopens stream windows itself (consume) when the application took the bytes.
  nghttp2_option_set_no_auto_window_update(opt, 1);
  nghttp2_option_set_peer_max_concurrent_streams(opt, opts.peer_max_concurrent_streams);
  const int rv = nghttp2_session_client_new3(&session_, cbs, this, opt, &h2_mem);
  nghttp2_option_del(opt);
  nghttp2_session_callbacks_del(cbs);
  if (rv != 0) {
    session_ = nullptr;
    return;
  }
  nghttp2_settings_entry iv[3];
  const std::size_t n = h2_settings_entries(opts.settings, iv);
  if (nghttp2_submit_settings(session_, NGHTTP2_FLAG_NONE, iv, n) != 0 ||
      nghttp2_session_set_local_window_size(session_, NGHTTP2_FLAG_NONE, 0,
                                            static_cast<std::int32_t>(opts.connection_window)) != 0) {
    nghttp2_session_del(session_);
    session_ = nullptr;
  }
}

Status H2Session::upgrade(const H2Settings& settings, bool head_request, H2StreamEvents& events) {
  if (!session_) return session_error(NGHTTP2_ERR_NOMEM);
  nghttp2_settings_entry iv[3];
  const std::size_t n = h2_settings_entries(settings, iv);
  std::uint8_t payload[3 * 6];
  const ssize_t len = nghttp2_pack_settings_payload(payload, sizeof payload, iv, n);
  if (len <= 0) return session_error(static_cast<int>(len));
  // The events may have served a stream before (the handle's previous transfer).
  events.begin_stream();
  const int rv = nghttp2_session_upgrade2(session_, payload, static_cast<std::size_t>(len), head_request ? 1 : 0,
                                          &events);
  if (rv != 0) return session_error(rv);
  return Status::ok();
}

H2Session::~H2Session() {
  if (session_) nghttp2_session_del(session_);
}

Status H2Session::feed(const char* data, std::size_t len) {
  if (!session_) return session_error(NGHTTP2_ERR_NOMEM);
  const ssize_t rv = nghttp2_session_mem_recv(session_, reinterpret_cast<const std::uint8_t*>(data), len);
  // 7.88 reports every failure of mem_recv (a push callback's ERROROUT among them) as a
  // receive error.
  if (rv < 0)
    return rv == NGHTTP2_ERR_NOMEM ? session_error(rv)
                                   : Status::fail(CURLE_RECV_ERROR, nghttp2_strerror(static_cast<int>(rv)));
  // A connection error in the input (a bad frame, an HPACK error, a flood) is not returned
  // by mem_recv: nghttp2 queues GOAWAY and takes no new stream. Unless a GOAWAY came in or
  // we asked for one, or the stream ids are spent, that is what a refused request means.
  if (!goaway_in_ && !shutdown_ && nghttp2_session_check_request_allowed(session_) == 0 &&
      nghttp2_session_get_next_stream_id(session_) <= 0x7fffffffu)
    return Status::fail(CURLE_HTTP2, "HTTP/2 protocol error from the server");
  return Status::ok();
}

Status H2Session::next_output(std::string_view& chunk) {
  chunk = {};
  if (!session_) return session_error(NGHTTP2_ERR_NOMEM);
  const std::uint8_t* p = nullptr;
  const ssize_t rv = nghttp2_session_mem_send(session_, &p);
  if (rv < 0) return session_error(rv);
  if (rv > 0) chunk = std::string_view(reinterpret_cast<const char*>(p), static_cast<std::size_t>(rv));
  return Status::ok();
}

Status H2Session::drain_output(std::string& out) {
  for (;;) {
    std::string_view chunk;
    const Status st = next_output(chunk);
    if (!st) return st;
    if (chunk.empty()) return st;
    out.append(chunk);
  }
}

bool H2Session::want_read() const { return session_ && nghttp2_session_want_read(session_) != 0; }
bool H2Session::want_write() const { return session_ && nghttp2_session_want_write(session_) != 0; }

std::int32_t H2Session::submit_request(const H2RequestFields& fields, H2StreamEvents& events, bool with_body,
                                       const H2Priority& prio) {
  return submit_request(fields.data(), fields.size(), events, with_body, prio);
}

std::int32_t H2Session::submit_request(const nghttp2_nv* nv, std::size_t n, H2StreamEvents& events,
                                       bool with_body, const H2Priority& prio) {
  if (!session_) return NGHTTP2_ERR_NOMEM;
  events.begin_stream();
  nghttp2_data_provider body;
  body.source.ptr = nullptr;  // the body source is found through the stream's user data
  body.read_callback = &H2Session::read_body;
  // nghttp2 leaves the PRIORITY flag off for the default spec, as 7.88's requests have it.
  nghttp2_priority_spec spec;
  nghttp2_priority_spec_init(&spec, prio.depends_on, prio.weight, prio.exclusive ? 1 : 0);
  return nghttp2_submit_request(session_, &spec, nv, n, with_body ? &body : nullptr, &events);
}

void H2Session::reprioritize(std::int32_t stream_id, const H2Priority& prio) {
  if (!session_) return;
  nghttp2_priority_spec spec;
  nghttp2_priority_spec_init(&spec, prio.depends_on, prio.weight, prio.exclusive ? 1 : 0);
  // Refused only for a stream depending on itself or out of memory: the old priority stays.
  nghttp2_submit_priority(session_, NGHTTP2_FLAG_NONE, stream_id, &spec);
}

void H2Session::consume(std::int32_t stream_id, std::size_t n) {
  if (session_ && n > 0) nghttp2_session_consume_stream(session_, stream_id, n);
}

void H2Session::resume_body(std::int32_t stream_id) {
  if (session_) nghttp2_session_resume_data(session_, stream_id);
}

void H2Session::detach(std::int32_t stream_id, std::uint32_t code) {
  if (!session_) return;
  nghttp2_session_set_stream_user_data(session_, stream_id, nullptr);
  if (nghttp2_session_find_stream(session_, stream_id))
    nghttp2_submit_rst_stream(session_, NGHTTP2_FLAG_NONE, stream_id, code);
}

void H2Session::shutdown() {
  if (!session_) return;
  shutdown_ = true;
  // Not terminate_session: that stops reading once the GOAWAY is out.
  nghttp2_submit_goaway(session_, NGHTTP2_FLAG_NONE, nghttp2_session_get_last_proc_stream_id(session_),
                        NGHTTP2_NO_ERROR, nullptr, 0);
}

std::uint32_t H2Session::peer_max_concurrent_streams() const {
  if (!session_) return 0;
  return nghttp2_session_get_remote_settings(session_, NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS);
}

H2StreamEvents* H2Session::stream(std::int32_t id) const {
  auto* ev = static_cast<H2StreamEvents*>(nghttp2_session_get_stream_user_data(session_, id));
  if (ev && ev->h2_failed_) return nullptr;
  return ev;
}

void H2Session::fail_stream(std::int32_t id, H2StreamEvents& ev, Status why, std::uint32_t code) noexcept {
  ev.h2_failed_ = true;
  // A RST_STREAM that cannot be queued (no memory) leaves the stream to the peer; its
  // events stay stopped either way.
  nghttp2_submit_rst_stream(session_, NGHTTP2_FLAG_NONE, id, code);
  if (!why) ev.on_failed(why);
}

bool H2StreamEvents::on_header_block(std::string_view lines) {
  while (!lines.empty()) {
    const std::size_t nl = lines.find('\n');
    const std::size_t n = nl == std::string_view::npos ? lines.size() : nl + 1;
    if (!on_header_line(split_header_line(lines.substr(0, n)))) return false;
    lines.remove_prefix(n);
  }
  return true;
}

bool H2Session::deliver_line(std::int32_t id, H2StreamEvents& ev, std::string_view raw) {
  if (ev.on_header_line(split_header_line(raw))) return true;
  fail_stream(id, ev, Status::ok(), NGHTTP2_CANCEL);
  return false;
}

int H2Session::on_begin_headers(nghttp2_session*, const nghttp2_frame* frame, void* user_data) noexcept {
  if (frame->hd.type == NGHTTP2_PUSH_PROMISE) {
    H2Session& s = self(user_data);
    s.push_fields_.clear();
    s.push_fields_lost_ = false;
    return 0;
  }
  if (frame->hd.type != NGHTTP2_HEADERS) return 0;
  self(user_data).block_.clear();
  H2StreamEvents* ev = self(user_data).stream(frame->hd.stream_id);
  if (!ev) return 0;
  // A block after the final response's is trailers (nghttp2 insists they end the stream).
  ev->h2_in_trailers_ = ev->h2_status_ != 0;
  ev->h2_block_final_ = false;
  return 0;
}

int H2Session::on_header(nghttp2_session*, const nghttp2_frame* frame, const std::uint8_t* name,
                         std::size_t namelen, const std::uint8_t* value, std::size_t valuelen, std::uint8_t,
                         void* user_data) noexcept {
  H2Session& s = self(user_data);
  if (frame->hd.type == NGHTTP2_PUSH_PROMISE) {
    try {
      std::string& f = s.push_fields_.emplace_back(reinterpret_cast<const char*>(name), namelen);
      f += ':';
      f.append(reinterpret_cast<const char*>(value), valuelen);
    } catch (...) {
      s.push_fields_lost_ = true;
    }
    return 0;
  }
  if (frame->hd.type != NGHTTP2_HEADERS) return 0;
  const std::int32_t id = frame->hd.stream_id;
  H2StreamEvents* ev = s.stream(id);
  if (!ev) return 0;
  const std::string_view n(reinterpret_cast<const char*>(name), namelen);
  const std::string_view v(reinterpret_cast<const char*>(value), valuelen);
  try {
    if (n == ":status") {
      // nghttp2's messaging checks passed it: three digits.
      int code = 0;
      for (const char c : v) code = code * 10 + (c - '0');
      // Only 1xx is interim (nghttp2 lets DATA follow any other code, 0xx included).
      if (code / 100 != 1) {
        ev->h2_status_ = static_cast<std::uint16_t>(code);
        ev->h2_block_final_ = true;
      }
      char buf[16];
      s.block_.append(h2_status_line(code, buf));
    } else if (ev->h2_in_trailers_) {
      h2_field_line(n, v, s.line_);
      s.deliver_line(id, *ev, s.line_);
    } else {
      s.block_.append(n).append(": ").append(v).append("\r\n");
    }
  } catch (const std::bad_alloc&) {
    s.fail_stream(id, *ev, kNoMemory, NGHTTP2_INTERNAL_ERROR);
  } catch (...) {
    s.fail_stream(id, *ev, kThrew, NGHTTP2_INTERNAL_ERROR);
  }
  return 0;
}

int H2Session::on_frame_recv(nghttp2_session* session, const nghttp2_frame* frame, void* user_data) noexcept {
  H2Session& s = self(user_data);
  switch (frame->hd.type) {
    case NGHTTP2_SETTINGS:
      if (!(frame->hd.flags & NGHTTP2_FLAG_ACK))
        s.events_.on_settings(
            nghttp2_session_get_remote_settings(session, NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS));
      return 0;
    case NGHTTP2_GOAWAY:
      s.goaway_in_ = true;
      s.events_.on_goaway(frame->goaway.last_stream_id, frame->goaway.error_code);
      return 0;
    case NGHTTP2_PUSH_PROMISE:
      return s.promised(frame->hd.stream_id, frame->push_promise.promised_stream_id);
    case NGHTTP2_HEADERS:
    case NGHTTP2_DATA:
      break;
    default:
      return 0;
  }
  const std::int32_t id = frame->hd.stream_id;
  H2StreamEvents* ev = s.stream(id);
  if (!ev) return 0;
  try {
    if (frame->hd.type == NGHTTP2_HEADERS && !ev->h2_in_trailers_) {
      s.block_.append("\r\n");
      if (!ev->on_header_block(s.block_)) {
        s.fail_stream(id, *ev, Status::ok(), NGHTTP2_CANCEL);
        return 0;
      }
      if (ev->h2_block_final_ && !ev->on_headers_complete()) {
        s.fail_stream(id, *ev, Status::ok(), NGHTTP2_CANCEL);
        return 0;
      }
    }
    if (frame->hd.flags & NGHTTP2_FLAG_END_STREAM) ev->on_end();
  } catch (const std::bad_alloc&) {
    s.fail_stream(id, *ev, kNoMemory, NGHTTP2_INTERNAL_ERROR);
  } catch (...) {
    s.fail_stream(id, *ev, kThrew, NGHTTP2_INTERNAL_ERROR);
  }
  return 0;
}

int H2Session::promised(std::int32_t parent_id, std::int32_t promised_id) noexcept {
  H2StreamEvents* parent = stream(parent_id);
  H2StreamEvents* pushed = nullptr;
  const H2PushVerdict verdict =
      parent && !push_fields_lost_ ? parent->on_push(promised_id, push_fields_, pushed) : H2PushVerdict::kDeny;
  push_fields_.clear();
  if (verdict == H2PushVerdict::kAccept && pushed) {
    pushed->begin_stream();
    nghttp2_session_set_stream_user_data(session_, promised_id, pushed);
    return 0;
  }
  // A refused push costs one RST_STREAM.
  nghttp2_submit_rst_stream(session_, NGHTTP2_FLAG_NONE, promised_id, NGHTTP2_CANCEL);
  // CURL_PUSH_ERROROUT: libcurl 7.88 fails the session, and with it every stream on it.
  return verdict == H2PushVerdict::kFailConnection ? NGHTTP2_ERR_CALLBACK_FAILURE : 0;
}

int H2Session::on_data_chunk(nghttp2_session* session, std::uint8_t, std::int32_t id, const std::uint8_t* data,
                             std::size_t len, void* user_data) noexcept {
  // The connection window reopens at once: a stream's own window is what holds a peer back.
  nghttp2_session_consume_connection(session, len);
  H2Session& s = self(user_data);
  H2StreamEvents* ev = s.stream(id);
  if (!ev) return 0;
  try {
    if (!ev->on_body(reinterpret_cast<const char*>(data), len)) s.fail_stream(id, *ev, Status::ok(), NGHTTP2_CANCEL);
  } catch (const std::bad_alloc&) {
    s.fail_stream(id, *ev, kNoMemory, NGHTTP2_INTERNAL_ERROR);
  } catch (...) {
    s.fail_stream(id, *ev, kThrew, NGHTTP2_INTERNAL_ERROR);
  }
  return 0;
}

int H2Session::on_stream_close(nghttp2_session* session, std::int32_t id, std::uint32_t error_code,
                               void*) noexcept {
  // A failed stream still hears of its close; a detached one does not.
  auto* ev = static_cast<H2StreamEvents*>(nghttp2_session_get_stream_user_data(session, id));
  if (ev) ev->on_closed(error_code);
  return 0;
}

ssize_t H2Session::read_body(nghttp2_session*, std::int32_t id, std::uint8_t* buf, std::size_t length,
                             std::uint32_t* data_flags, nghttp2_data_source*, void* user_data) noexcept {
  H2Session& s = self(user_data);
  H2StreamEvents* ev = s.stream(id);
  if (!ev) return NGHTTP2_ERR_DEFERRED;  // detached or failed: its RST_STREAM ends it
  try {
    const H2Pull pull = ev->pull_body(reinterpret_cast<char*>(buf), length);
    switch (pull.state) {
      case H2Pull::State::kMore:
        if (pull.n == 0) return NGHTTP2_ERR_DEFERRED;
        return static_cast<ssize_t>(pull.n);
      case H2Pull::State::kEnd:
        *data_flags |= NGHTTP2_DATA_FLAG_EOF;
        return static_cast<ssize_t>(pull.n);
      case H2Pull::State::kDeferred:
        return NGHTTP2_ERR_DEFERRED;
      case H2Pull::State::kFailed:
        break;
    }
    ev->h2_failed_ = true;
    return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE;  // nghttp2 resets the stream (INTERNAL_ERROR)
  } catch (const std::bad_alloc&) {
    s.fail_stream(id, *ev, kNoMemory, NGHTTP2_INTERNAL_ERROR);
  } catch (...) {
    s.fail_stream(id, *ev, kThrew, NGHTTP2_INTERNAL_ERROR);
  }
  return NGHTTP2_ERR_DEFERRED;
}

}  // namespace xfer::http
