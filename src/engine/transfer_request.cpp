// Transfer, request side: the method and body a request carries, its head, and sending both.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <memory>
#include <strings.h>

#include "engine/callback_scope.h"
#include "engine/easy.h"
#include "engine/multi.h"
#include "engine/read_source.h"
#include "engine/transfer.h"
#include "engine/verbose.h"
#include "http/mime_source.h"
#include "http/request_writer.h"
#include "http/upload_framing.h"
#include "transport/socket_io.h"
#include "util/http_date.h"

namespace xfer {
namespace {

constexpr std::size_t kInlineBodyLimit = 16 * 1024;  // bodies up to this leave with the head
constexpr std::size_t kChunkHeadRoom = 10;            // "ffffffff\r\n" before chunk data
// libcurl frames a chunked in-memory body behind the head below this size.
constexpr std::size_t kInlineChunkedLimit = 64 * 1024;

const char* method_name(HttpMethod m) {
  switch (m) {
    case HttpMethod::kHead: return "HEAD";
    case HttpMethod::kPost:
    case HttpMethod::kPostMime:
    case HttpMethod::kPostForm: return "POST";
    case HttpMethod::kPut: return "PUT";
    case HttpMethod::kGet: break;
  }
  return "GET";
}


// The value of the application's own header `name` in HTTPHEADER, "" when absent.
std::string custom_header_value(const curl_slist* list, std::string_view name) {
  for (; list; list = list->next) {
    const char* d = list->data;
    if (!d || strncasecmp(d, name.data(), name.size()) != 0 || d[name.size()] != ':') continue;
    const char* v = d + name.size() + 1;
    while (*v == ' ' || *v == '\t') ++v;
    return v;
  }
  return {};
}

}  // namespace

HttpMethod Transfer::effective_method() const {
  const HttpMethod m = easy_.opts.method;
  // NOBODY stays on when UPLOAD or POST is later set to 0 (curl's tool sets UPLOAD 0 on
  // every transfer): the GET they fall back to goes out as HEAD, as in libcurl, whose
  // request line says HEAD whenever NOBODY is on (curl tests 14, 1032).
  if (easy_.opts.nobody && m == HttpMethod::kGet) return HttpMethod::kHead;
  // post_to_get_: a 301/302 after a POST, or a 303 after any method but HEAD; a PUT (only
  // a 303 sets the flag for one) becomes a GET too, without its upload (curl test 1524).
  if (post_to_get_ && (m == HttpMethod::kPost || m == HttpMethod::kPostMime || m == HttpMethod::kPostForm ||
                       m == HttpMethod::kPut))
    return HttpMethod::kGet;
  return m;
}

RewindHooks Transfer::rewind_hooks() {
  const EasyOptions& o = easy_.opts;
  return {o.seek_fn, o.seek_data, o.rare_view().ioctl_fn, o.rare_view().ioctl_data, static_cast<Curl_easy*>(&easy_)};
}

Status Transfer::prepare_body() {
  const EasyOptions& o = easy_.opts;
  body_src_.reset();
  if (rare_) rare_->body_content_type.clear();
  switch (effective_method()) {
    case HttpMethod::kPost:
      if (o.post_fields || o.post_is_copy || o.post_size == 0) return Status::ok();
      // POST without POSTFIELDS reads its body through the read callback.
      body_src_ = std::make_unique<ReadCallbackSource>(multi_, o.read_fn, o.read_data, rewind_hooks(), o.post_size);
      return Status::ok();
    case HttpMethod::kPut:
      body_src_ = std::make_unique<ReadCallbackSource>(multi_, o.read_fn, o.read_data, rewind_hooks(), o.infile_size);
      return Status::ok();
    case HttpMethod::kPostMime:
    case HttpMethod::kPostForm: {
      // No mime bound (set to NULL, or freed by the app since) or an HTTPPOST set to NULL:
      // an empty POST with no Content-Type, as libcurl sends (curl tests 654, 516).
      if (effective_method() == HttpMethod::kPostMime ? !o.mime.get() : !o.form) return Status::ok();
      http::MimeSourceOptions mo;
      const std::string own_type = custom_header_value(o.http_headers, "Content-Type");
      if (!own_type.empty()) mo.content_type = own_type.c_str();
      mo.form_escape = (o.mime_options & CURLMIMEOPT_FORMESCAPE) != 0;
      mo.form_read = o.read_fn;
      Status err;
      body_src_ = effective_method() == HttpMethod::kPostMime
                      ? http::make_mime_source(o.mime.get(), mo, rare().body_content_type, err)
                      : http::make_form_source(o.form, mo, rare().body_content_type, err);
      if (!body_src_) return err.is_ok() ? Status::fail(CURLE_OUT_OF_MEMORY, "out of memory") : err;
      return Status::ok();
    }
    case HttpMethod::kGet:
    case HttpMethod::kHead:
      return Status::ok();
  }
  return Status::ok();
}

Transfer::Step Transfer::begin_request() {
  if (easy_.opts.connect_only) {
    // The application talks on this connection itself from now on.
    verbose_text(easy_, "Connection #%ld is handed to the application (CONNECT_ONLY)", conn_->id);
    Connection* c = conn_;
    conn_ = nullptr;
    easy_.connect_only_conn = multi_.pool().detach(c);
    finish(Status::ok());
    return Step::kWait;
  }
  // The connection is up: PIPEWAIT transfers waiting on it learn whether it multiplexes
  // (they run after this one, which takes its stream first).
  if (conn_->probe || conn_->dest->multiuse == Destination::Multiuse::kUnknown) multi_.pool().protocol_known(*conn_);
  if (!prereq_allows())
    return fail(Status::fail(CURLE_ABORTED_BY_CALLBACK, "operation aborted by pre-request callback"));
  // A new request: kMaxSetCookiesPerRequest counts again from here (the cookie files read
  // at the transfer's start stay behind, as libcurl's count restarts once it connects).
  if (HandleState* st = easy_.state_if_any()) st->set_cookies_this_request = 0;
  if (Status st = build_request(); !st) {
    // A request refused before a byte went out (a body HTTP/1.0 cannot carry) leaves the
    // connection as good as it was: libcurl keeps it for the next transfer.
    if (st.code == CURLE_UPLOAD_FAILED) release_connection(true);
    return fail(st);
  }
  easy_.info().pretransfer_us += request_us();
  if (conn_->h2()) return h2_start();
  enter(TransferState::kSending);
  return Step::kContinue;
}

bool Transfer::prereq_allows() {
  const RareOptions& ro = easy_.opts.rare_view();
  if (!ro.prereq_fn) return true;
  TransferInfo& info = easy_.info();
  CallbackScope scope(multi_);
  return ro.prereq_fn(ro.prereq_data, info.primary_ip.data(), info.local_ip.data(), info.primary_port,
                      info.local_port) == CURL_PREREQFUNC_OK;
}

struct Transfer::CookieHook final : http::CookieSource {
  explicit CookieHook(Transfer& t) : transfer(t) {}
  bool cookie_value(std::size_t request_so_far, bool app_cookie_header, std::string& out) override {
    return transfer.cookie_value(request_so_far, app_cookie_header, out);
  }
  Transfer& transfer;
};

Status Transfer::build_request() {
  const EasyOptions& o = easy_.opts;
  const HttpMethod m = effective_method();
  head_request_ = m == HttpMethod::kHead;
  const std::string_view method =
      o.custom_request.is_set() && !post_to_get_ ? o.custom_request.view() : std::string_view(method_name(m));
  sent_post_ = method == "POST";

  http::RequestSpec spec;
  spec.url = &url_;
  spec.method = method;
  spec.http_minor = o.http_version == CURL_HTTP_VERSION_1_0 || http10_seen_ || conn_->http10 ? 0 : 1;
  spec.http2 = conn_->h2() != nullptr;
  const bool upgrade = asks_h2c_upgrade();
  if (upgrade || rare_) rare().h2c_offered = upgrade;
  if (upgrade) {
    // The SETTINGS our side of the connection will have once it switches, as 7.88 sends
    // them (the multi's stream limit, push allowed with a push callback).
    std::string& settings = rare().h2c_settings;
    settings = http::h2_settings_base64url(h2_upgrade_settings());
    spec.h2c_upgrade = settings.c_str();
  }
  spec.headers = o.http_headers;
  spec.user_agent = o.user_agent.c_str();
  const std::string& auto_referer = easy_.info().auto_referer();
  spec.referer = auto_referer.empty() ? o.referer.c_str() : auto_referer.c_str();
  spec.accept_encoding = o.accept_encoding.c_str();
  spec.redirected_to_other_host = left_first_host_;
  spec.unrestricted_auth = o.rare_view().unrestricted_auth;
  spec.transfer_encoding = o.rare_view().transfer_encoding;
  spec.request_target = o.rare_view().request_target.c_str();
  // CURLOPT_RANGE, or else a resume offset, asks for part of a GET's or HEAD's answer.
  if (m == HttpMethod::kGet || m == HttpMethod::kHead) {
    if (o.rare_view().range.is_set()) {
      spec.range = o.rare_view().range.c_str();
    } else if (rare_ && rare_->resume_from != 0) {
      rare_->range_text = std::to_string(rare_->resume_from) + "-";
      spec.range = rare_->range_text.c_str();
    }
  }

  if (Status st = add_time_condition(spec); !st) return st;

  body_ = nullptr;
  body_len_ = 0;
  if ((m == HttpMethod::kPost || m == HttpMethod::kPostMime || m == HttpMethod::kPostForm) && !body_src_) {
    const char* data = m != HttpMethod::kPost ? nullptr
                       : o.post_is_copy       ? o.post_copy.ptr()->data()
                                              : o.post_fields;
    curl_off_t size = o.post_size;
    if (size < 0) size = data ? static_cast<curl_off_t>(std::strlen(data)) : 0;
    if (!data) size = 0;
    body_ = data;
    body_len_ = static_cast<std::size_t>(size);
    spec.has_body = true;
    spec.body_size = size;
    spec.body_is_postfields = m == HttpMethod::kPost;
  } else if (body_src_) {
    if (body_src_used_ && !body_src_->rewind())
      return Status::fail(CURLE_SEND_FAIL_REWIND, "The request body could not be rewound for a resend");
    spec.has_body = true;
    spec.body_size = body_src_->size();
    spec.is_upload = m == HttpMethod::kPut;
    spec.body_is_postfields = m == HttpMethod::kPost;
    if (rare_ && !rare_->body_content_type.empty()) {
      spec.content_type = rare_->body_content_type.c_str();
      spec.content_type_overrides = true;
    }
  }
  if (rare_ && rare_->upload_range != UploadRange::kNone && spec.has_body &&
      (m == HttpMethod::kPut || m == HttpMethod::kPost)) {
    if (Status st = apply_upload_range(spec.body_size); !st) return st;
    spec.content_range = rare_->range_text.c_str();
    // A copied or pointed-to POST body is cut to the new size, from its start.
    if (!body_src_ && spec.body_size >= 0 && static_cast<curl_off_t>(body_len_) > spec.body_size)
      body_len_ = static_cast<std::size_t>(spec.body_size);
  }
  add_proxy_request_lines(spec);
  CookieHook cookies(*this);
  spec.cookies = &cookies;
  AuthHeaders auth, proxy_auth;
  if (rare_) rare_->auth.server.offer = rare_->auth.proxy.offer = {};
  if (!(rare_ && rare_->auth.skip_neg)) {
    if (Status st = authorization_value(method, auth); !st) return st;
    // A plain proxy's credentials go with every request through it (libcurl's Digest
    // uri is the request target, as for the server).
    if (spec.proxy_form) {
      const char* target = o.rare_view().request_target.c_str();
      const std::string_view uri = target ? std::string_view(target) : std::string_view(url_.target);
      if (Status st = authorization_for(AuthParty::kProxy, method, uri, proxy_auth); !st) return st;
      if (!proxy_auth.value.empty()) spec.proxy_authorization = proxy_auth.value.c_str();
      auth.authneg = auth.authneg || proxy_auth.authneg;
    }
  }
  if (!auth.value.empty()) spec.authorization = auth.value.c_str();
  if (!auth.extra_line.empty()) spec.authorization_extra = auth.extra_line.c_str();
  // A request that only opens an authentication handshake sends its POST body as
  // "Content-Length: 0"; the request that completes it carries the body.
  if (rare_) {
    rare_->auth.body_held = false;
    rare_->auth.neg_sent = false;
  }
  if (auth.authneg && spec.has_body) {
    rare().auth.neg_sent = true;
    body_ = nullptr;
    body_len_ = 0;
    spec.body_size = 0;
    spec.auth_negotiation = true;
    rare().auth.body_held = body_src_ != nullptr;
  }
  spec.expect_disabled = rare_ && rare_->expect_disabled;
  if (Status st = http::validate_request(spec); !st) return st;
  // CURLINFO_CONTENT_LENGTH_UPLOAD: the body's size, 0 without one, -1 when unknown.
  easy_.info().content_length_upload = spec.has_body ? spec.body_size : 0;
  const bool chunked = http::uses_chunked_upload(spec);
  await_continue_ = spec.has_body && http::expects_continue(spec);
  got_continue_ = false;
  // The application's own "Transfer-Encoding: chunked" frames an in-memory body too, an
  // empty one as the last chunk alone (curl tests 56, 1333): sent raw, the server would
  // wait for chunks that never come. Like libcurl, a body below 64 KiB that waits for no
  // "100 Continue" is framed right behind the head; a larger one streams.
  // A streamed body held back for an auth handshake is, chunked, the last chunk alone.
  const bool frame_inline = chunked && (!body_src_ || body_held()) && spec.has_body && !await_continue_ &&
                            body_len_ < kInlineChunkedLimit;
  if (chunked && !body_src_ && spec.has_body && !frame_inline) {
    body_src_ = std::make_unique<http::MemorySource>(body_, body_len_);
    body_ = nullptr;
    body_len_ = 0;
  }
  // CURLOPT_CRLF converts what libcurl streams after the head, never what goes with it: an
  // in-memory body that does not fit beside the head (or waits for a 100) streams, and is
  // converted, while Content-Length keeps the unconverted size.
  if (o.rare_view().crlf && !chunked && !body_src_ && body_len_ > 0 &&
      (await_continue_ || body_len_ >= kInlineChunkedLimit)) {
    body_src_ = std::make_unique<http::MemorySource>(body_, body_len_);
    body_ = nullptr;
    body_len_ = 0;
  }
  chunked_upload_ = body_src_ && chunked;
  // A streamed body of known size is complete once that many bytes went out: like libcurl,
  // the read callback is not asked again (nor at all for an empty body). A ranged upload's
  // size is what is left after its offset.
  upload_size_ = body_src_ && !chunked ? spec.body_size : -1;
  body_streams_ = await_continue_ || body_len_ >= kInlineChunkedLimit;

  unsent_request_.reset();
  std::string& req = multi_.scratch_request();
  req.clear();
  req_in_scratch_ = true;
  http::write_request_head(spec, req);
  head_size_ = req.size();
  // libcurl 7.88 shows an h2 request's field names as they go out, lower case, all but
  // Host's (which becomes :authority).
  if (spec.http2) http::lowercase_field_names(req, "host");
  verbose_data(easy_, CURLINFO_HEADER_OUT, req.data(), req.size());
  inline_body_ = 0;
  if (frame_inline) {
    if (body_len_ > 0) {
      char size_line[kChunkHeadRoom + 1];
      const int n = std::snprintf(size_line, sizeof size_line, "%zx\r\n", body_len_);
      req.append(size_line, static_cast<std::size_t>(n));
      req.append(body_, body_len_);
      req.append("\r\n", 2);
    }
    req.append("0\r\n\r\n", 5);
    inline_body_ = req.size() - head_size_;
    body_ = nullptr;
    body_len_ = 0;
  } else if (!spec.http2 && body_len_ > 0 && body_len_ <= kInlineBodyLimit && !await_continue_) {
    // A small body leaves in the same segment as the head.
    req.append(body_, body_len_);
    inline_body_ = body_len_;
    body_len_ = 0;
  }
  reset_exchange();
  return Status::ok();
}

void Transfer::reset_exchange() {
  const EasyOptions& o = easy_.opts;
  request_sent_ = 0;
  body_sent_ = 0;
  upload_bytes_ = 0;
  up_off_ = up_len_ = 0;
  src_done_ = false;
  got_response_byte_ = false;
  body_after_reply_ = false;
  trailers_next_ = false;
  excess_ = false;
  body_started_ = false;
  decoding_ = false;
  codings_seen_ = 0;
  parser_.reset(head_request_, o.http09_allowed, o.rare_view().ignore_content_length);
}

// CURLOPT_TIMECONDITION names a header and TIMEVALUE its date, sent with every request
// of the transfer (redirects and auth retries too); the app's own header of that name wins.
Status Transfer::add_time_condition(http::RequestSpec& spec) {
  const RareOptions& ro = easy_.opts.rare_view();
  if (rare_) rare_->time_of_doc = 0;  // each response's Last-Modified stands alone
  if (ro.time_condition == CURL_TIMECOND_NONE) return Status::ok();
  std::string& date = rare().condition_date;
  if (!format_http_date(static_cast<std::time_t>(ro.time_value), date))
    return Status::fail(CURLE_BAD_FUNCTION_ARGUMENT, "Invalid TIMEVALUE");
  switch (ro.time_condition) {
    case CURL_TIMECOND_IFMODSINCE: spec.condition_name = "If-Modified-Since"; break;
    case CURL_TIMECOND_IFUNMODSINCE: spec.condition_name = "If-Unmodified-Since"; break;
    default: spec.condition_name = "Last-Modified"; break;
  }
  spec.condition_date = date.c_str();
  return Status::ok();
}

std::string_view Transfer::request_text() const {
  if (req_in_scratch_) return multi_.scratch_request();
  return unsent_request_ ? std::string_view(*unsent_request_) : std::string_view();
}

void Transfer::keep_request_text() {
  if (!req_in_scratch_) return;
  req_in_scratch_ = false;
  // Another transfer's run will reuse the scratch: keep what has not left yet. Text that
  // is out is never needed again (a retry or a redirect builds the request anew).
  const std::string& req = multi_.scratch_request();
  if (request_sent_ < req.size()) unsent_request_ = std::make_unique<std::string>(req);
}

Status Transfer::send_proxy_protocol_line(bool ipv6) {
  char line[160];
  const int n = std::snprintf(line, sizeof line, "PROXY %s %s %s %u %u\r\n", ipv6 ? "TCP6" : "TCP4",
                              conn_->local_ip.c_str(), conn_->primary_ip.c_str(), conn_->local_port,
                              conn_->primary_port);
  if (n <= 0 || static_cast<std::size_t>(n) >= sizeof line)
    return Status::fail(CURLE_SEND_ERROR, "The PROXY protocol line could not be made");
  // A socket that just connected has room for these few bytes; anything less is a failure,
  // never a line sent in part.
  const transport::IoResult r = conn_->send(line, static_cast<std::size_t>(n));
  if (r.status != transport::IoStatus::kOk || r.bytes != static_cast<std::size_t>(n)) {
    easy_.info().os_errno = r.err;
    return Status::fail(CURLE_SEND_ERROR, "Sending the PROXY protocol line failed");
  }
  verbose_data(easy_, CURLINFO_HEADER_OUT, line, static_cast<std::size_t>(n));
  return Status::ok();
}

Transfer::Step Transfer::send_failed(const transport::IoResult& r) {
  if (conn_reused_ && !retried_ && request_sent_ == 0) return retry_on_fresh_connection();
  easy_.info().os_errno = r.err;
  return fail(Status::fail(CURLE_SEND_ERROR, "Sending the request failed"));
}

Transfer::Step Transfer::step_sending() {
  if (send_paused_) return Step::kWait;
  // The head, with the in-memory body behind it unless that must wait for "100 Continue".
  const std::string_view req = request_text();
  while (request_sent_ < req.size()) {
    // Under a send limit the body leaves on its own, paced below.
    const bool with_body = !await_continue_ && body_sent_ < body_len_ && easy_.opts.rare_view().max_send_speed <= 0;
    const transport::IoResult r =
        with_body ? conn_->send2(req.data() + request_sent_, req.size() - request_sent_,
                                 body_ + body_sent_, body_len_ - body_sent_)
                  : conn_->send(req.data() + request_sent_, req.size() - request_sent_);
    if (r.status == transport::IoStatus::kWouldBlock) return wait_writable();
    if (r.status != transport::IoStatus::kOk) return send_failed(r);
    const std::size_t head_part = std::min(r.bytes, req.size() - request_sent_);
    // Body bytes that left with the head are CURLINFO_DATA_OUT, as libcurl reports them.
    const std::size_t inline_from = std::max(request_sent_, head_size_);
    if (request_sent_ + head_part > inline_from)
      verbose_data(easy_, CURLINFO_DATA_OUT, req.data() + inline_from, request_sent_ + head_part - inline_from);
    if (r.bytes > head_part) verbose_data(easy_, CURLINFO_DATA_OUT, body_ + body_sent_, r.bytes - head_part);
    request_sent_ += head_part;
    body_sent_ += r.bytes - head_part;
    note_upload_progress();
  }
  if (await_continue_) {
    continue_deadline_ = multi_.now() + std::chrono::milliseconds(easy_.opts.expect_100_timeout_ms);
    enter(TransferState::kReceiving);
    return Step::kWait;
  }
  while (body_sent_ < body_len_) {
    if (throttled()) return Step::kWait;
    const transport::IoResult r = conn_->send(body_ + body_sent_, io_cap(true, body_len_ - body_sent_));
    if (r.status == transport::IoStatus::kWouldBlock) return wait_writable();
    if (r.status != transport::IoStatus::kOk) return send_failed(r);
    verbose_data(easy_, CURLINFO_DATA_OUT, body_ + body_sent_, r.bytes);
    body_sent_ += r.bytes;
    note_upload_progress();
  }
  if (body_src_ && !body_held()) {
    for (;;) {
      if (up_off_ == up_len_) {
        if (src_done_) break;
        Step s = Step::kContinue;
        if (!refill_upload(s)) return s;
        continue;
      }
      if (throttled()) return Step::kWait;
      const transport::IoResult r = conn_->send(upbuf_.get() + up_off_, io_cap(true, up_len_ - up_off_));
      if (r.status == transport::IoStatus::kWouldBlock) return wait_writable();
      if (r.status != transport::IoStatus::kOk) return send_failed(r);
      verbose_data(easy_, CURLINFO_DATA_OUT, upbuf_.get() + up_off_, r.bytes);
      up_off_ += r.bytes;
      upload_bytes_ += r.bytes;
      note_upload_progress();
    }
    upbuf_.reset();  // a transfer waiting for its response holds no upload buffer
  }
  // libcurl counts an in-memory body in REQUEST_SIZE only when it went with the head
  // (below 64 KiB, no 100 awaited); a larger one it streams, uncounted.
  easy_.info().request_size += static_cast<long>(head_size_ + inline_body_ + (body_streams_ ? 0 : body_len_));
  if (body_after_reply_) {
    // The reply came before the body (KEEP_SENDING_ON_ERROR): the exchange is over now.
    body_after_reply_ = false;
    return response_complete();
  }
  enter(TransferState::kReceiving);
  // The answer cannot be there yet, and a recv now would only say EAGAIN; unless input was
  // reported and left unread, which no further event would recall (edge-triggered).
  return conn_->input_owed ? Step::kContinue : Step::kWait;
}

// libcurl 7.88 stops sending a body when a final reply of 300 or more comes first and
// closes the connection after it; with KEEP_SENDING_ON_ERROR a body still held back for
// "100 Continue" is sent after all, and the connection stays usable. Not when the reply
// closes the connection anyway, leads to an auth retry (libcurl then closes it, the body
// unsent) or is a 417 (libcurl retries without Expect).
bool Transfer::sends_after_error() const {
  const long code = parser_.status_code();
  return await_continue_ && easy_.opts.rare_view().keep_sending_on_error && code >= 300 && code != 417 &&
         parser_.keep_alive() && !excess_ && !auth_retrying();
}

void Transfer::note_upload_progress() {
  // libcurl counts body bytes as they leave, chunk framing included.
  const std::size_t inline_sent = request_sent_ > head_size_ ? request_sent_ - head_size_ : 0;
  easy_.info().size_upload = static_cast<curl_off_t>(inline_sent + body_sent_ + upload_bytes_);
}

Transfer::Step Transfer::wait_writable() {
  multi_.poller().update(conn_->slot, conn_->wait_events(EPOLLOUT));
  return Step::kWait;
}

bool Transfer::refill_upload(Step& s) {
  const std::size_t cap = static_cast<std::size_t>(easy_.opts.upload_buffer_size);
  const bool crlf = easy_.opts.rare_view().crlf;
  const std::size_t room = chunked_upload_ ? kChunkHeadRoom : 0;
  const std::size_t want = cap - room - (chunked_upload_ ? 2 : 0);
  // CURLOPT_CRLF: the data is read behind the area its converted form (at most twice as
  // long) is framed in, as libcurl converts through a scratch buffer of twice its size.
  const std::size_t framed_cap = room + (crlf ? 2 * want : want) + 2;
  if (!upbuf_) upbuf_.reset(new char[crlf ? framed_cap + want : cap]);
  // A known size that went out exactly ends the upload without another read (libcurl
  // counts the bytes sent, converted ones included, against INFILESIZE).
  if (!chunked_upload_ && upload_size_ >= 0 && upload_bytes_ == static_cast<std::size_t>(upload_size_)) {
    src_done_ = true;
    up_off_ = up_len_ = 0;
    return true;
  }
  if (trailers_next_) return last_chunk(s);
  body_src_used_ = true;
  char* const read_at = crlf ? upbuf_.get() + framed_cap : upbuf_.get() + room;
  const http::ReadResult rr = body_src_->read(read_at, want);
  switch (rr.status) {
    case http::ReadStatus::kData: {
      std::size_t n = rr.n;
      if (crlf) n = http::lf_to_crlf(read_at, rr.n, upbuf_.get() + room);
      if (!chunked_upload_) {
        up_off_ = 0;
        up_len_ = n;
        return true;
      }
      // The chunk's size line counts the bytes read, before any conversion: with CRLF
      // libcurl sends more data than its size line says, and so does xfer.
      char head[kChunkHeadRoom + 1];
      const int hl = std::snprintf(head, sizeof head, "%zx\r\n", rr.n);
      up_off_ = room - static_cast<std::size_t>(hl);
      std::memcpy(upbuf_.get() + up_off_, head, static_cast<std::size_t>(hl));
      std::memcpy(upbuf_.get() + room + n, "\r\n", 2);
      up_len_ = room + n + 2;
      return true;
    }
    case http::ReadStatus::kEof:
      if (chunked_upload_) return last_chunk(s);
      src_done_ = true;
      return true;
    case http::ReadStatus::kPause:
      // Nothing is sent until curl_easy_pause lets the upload go on.
      send_paused_ = true;
      multi_.poller().update(conn_->slot, 0);
      s = Step::kWait;
      return false;
    case http::ReadStatus::kAbort:
    case http::ReadStatus::kError:
      s = fail(rr.error);
      return false;
  }
  return true;
}

bool Transfer::last_chunk(Step& s) {
  RareOptions* ro = easy_.opts.rare.get().get();
  if (!ro || !ro->trailer_fn) {
    src_done_ = true;
    std::memcpy(upbuf_.get(), "0\r\n\r\n", 5);
    up_off_ = 0;
    up_len_ = 5;
    return true;
  }
  if (!trailers_next_) {
    // libcurl sends "0\r\n" first and asks for the trailers at its next fill (an abort
    // then leaves that line sent and counted).
    trailers_next_ = true;
    std::memcpy(upbuf_.get(), "0\r\n", 3);
    up_off_ = 0;
    up_len_ = 3;
    return true;
  }
  trailers_next_ = false;
  src_done_ = true;
  curl_slist* lines = nullptr;
  int rc;
  {
    CallbackScope scope(multi_);
    rc = ro->trailer_fn(&lines, ro->trailer_data);
  }
  // The list the callback made is ours to free, also when building the block throws.
  std::unique_ptr<curl_slist, void (*)(curl_slist*)> owned(lines, curl_slist_free_all);
  if (rc != CURL_TRAILERFUNC_OK) {
    s = fail(Status::fail(CURLE_ABORTED_BY_CALLBACK, "operation aborted by trailing headers callback"));
    return false;
  }
  std::size_t skipped = 0;
  const std::string block = http::trailer_block(lines, &skipped);
  owned.reset();
  if (skipped) verbose_text(easy_, "Malformatted trailing header, skipping trailer");
  // libcurl clears the callback and its data once the trailers are out: it acts once per
  // setopt. (A second chunked upload on that handle crashes libcurl 7.88; xfer sends none.)
  ro->trailer_fn = nullptr;
  ro->trailer_data = nullptr;
  if (block.size() > static_cast<std::size_t>(easy_.opts.upload_buffer_size)) upbuf_.reset(new char[block.size()]);
  std::memcpy(upbuf_.get(), block.data(), block.size());
  up_off_ = 0;
  up_len_ = block.size();
  return true;
}

}  // namespace xfer
