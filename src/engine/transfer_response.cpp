// Transfer, response side: header lines, headers complete and body bytes to the application.
#include <algorithm>
#include <ctime>
#include <cstdio>
#include <limits>

#include "engine/callback_scope.h"
#include "engine/easy.h"
#include "engine/transfer.h"
#include "engine/verbose.h"
#include "util/http_date.h"

namespace xfer {

bool Transfer::on_header_line(const http::HeaderLine& h) {
  const EasyOptions& o = easy_.opts;
  const std::string_view line = h.raw;
  // A "100 Continue" lets a body held back by "Expect: 100-continue" go out.
  // libcurl reports the code of every status line as it arrives, interim ones included.
  if (!body_started_ && h.kind == http::LineKind::kStatus && line.size() > 12) {
    const std::size_t sp = line.find(' ');
    if (sp != std::string_view::npos && sp + 4 <= line.size()) {
      const std::string_view code = line.substr(sp + 1, 3);
      if (code[0] >= '1' && code[0] <= '9' && code[1] >= '0' && code[1] <= '9' && code[2] >= '0' && code[2] <= '9')
        easy_.info().response_code = (code[0] - '0') * 100 + (code[1] - '0') * 10 + (code[2] - '0');
      if (code == "100") got_continue_ = true;
      // A 101 ends the response unless it answers our "Upgrade: h2c": then it is interim,
      // and HTTP/2's response follows on the same connection.
      block_1xx_ = code[0] == '1' && (code != "101" || (rare_ && rare_->h2c_offered));
    }
  }
  // libcurl refuses a response that stacks more than 5 codings, before the header callback
  // sees the line that goes past the limit. Content codings count when decoding was asked
  // for (ACCEPT_ENCODING); transfer codings other than chunked always do, since libcurl
  // decodes those in any case (curl tests 387, 418). A bodiless answer has none.
  if (h.kind == http::LineKind::kField && !body_started_ && !block_1xx_) {
    std::size_t more = 0;
    if (o.accept_encoding.is_set() && http::is_lowercase_name(h.name, "content-encoding"))
      more = http::ContentDecoder::coding_count(line.substr(17));
    else if (http::is_lowercase_name(h.name, "transfer-encoding") && easy_.info().response_code != 204 &&
             easy_.info().response_code != 304)
      more = http::ContentDecoder::transfer_coding_count(line.substr(18));
    // Saturating: a header listing hundreds of codings must still trip the cap below.
    codings_seen_ = static_cast<std::uint8_t>(std::min<std::size_t>(codings_seen_ + more, 255));
    if (codings_seen_ > 5) {
      result_ = Status::fail(CURLE_BAD_CONTENT_ENCODING, "Reject response due to more than 5 content encodings");
      return false;
    }
  }
  // CURLOPT_FILETIME: a final response's Last-Modified, read as curl_getdate reads dates;
  // a time condition compares it too.
  if ((o.rare_view().filetime || o.rare_view().time_condition != CURL_TIMECOND_NONE) &&
      h.kind == http::LineKind::kField && !body_started_ && !block_1xx_ && easy_.info().response_code >= 200 &&
      http::is_lowercase_name(h.name, "last-modified")) {
    const std::time_t t = getdate_value(h.value);
    // libcurl skips the line in a bodiless (204, 304) answer.
    const long code = easy_.info().response_code;
    if (o.rare_view().filetime && code != 204 && code != 304) easy_.info().rare_set().filetime = t;
    if (o.rare_view().time_condition != CURL_TIMECOND_NONE) rare().time_of_doc = t;
  }
  // A Content-Length past what a curl_off_t holds fails at its own line when there is a
  // limit (curl test 393); without one libcurl reads to close (llhttp's verdict here).
  if (h.kind == http::LineKind::kField && !body_started_ && !block_1xx_ && o.rare_view().max_filesize > 0 &&
      !o.rare_view().ignore_content_length && easy_.info().response_code != 204 &&
      easy_.info().response_code != 304 && http::is_length_line(h.raw) &&
      http::read_content_length(h.raw.substr(15)).form == http::LengthForm::kOverflow) {
    result_ = Status::fail(CURLE_FILESIZE_EXCEEDED, "Maximum file size exceeded");
    return false;
  }
  // CURLOPT_MAXFILESIZE: libcurl refuses a body announced larger before the header
  // callback sees the blank line. An ignored length, a chunked body and a bodiless answer
  // announce none; a length past 64 bits exceeds any limit.
  if (h.kind == http::LineKind::kBlank && !body_started_ && !block_1xx_ && o.rare_view().max_filesize > 0 &&
      !o.rare_view().ignore_content_length && !parser_.chunked() && easy_.info().response_code != 204 &&
      easy_.info().response_code != 304 &&
      (parser_.length_overflowed() || parser_.content_length() > o.rare_view().max_filesize)) {
    result_ = Status::fail(CURLE_FILESIZE_EXCEEDED, "Maximum file size exceeded");
    return false;
  }
  // A resume is confirmed by a Content-Range starting at its offset; "*/size" (nothing
  // satisfiable) makes it a plain download again, as in libcurl.
  if (rare_ && rare_->resume_from != 0 && h.kind == http::LineKind::kField && !body_started_ && !block_1xx_ &&
      http::is_lowercase_name(h.name, "content-range"))
    note_content_range(h.value);
  // A final 401's challenges decide whether credentials answer it with another request.
  if (h.kind == http::LineKind::kField && !body_started_ && !block_1xx_ && easy_.info().response_code == 401 &&
      http::is_lowercase_name(h.name, "www-authenticate"))
    note_auth_offer(h);
  // A proxy's 407 says which schemes it takes, and may be answered like a 401.
  if (h.kind == http::LineKind::kField && !body_started_ && !block_1xx_ && easy_.info().response_code == 407 &&
      via_proxy() && http::is_lowercase_name(h.name, "proxy-authenticate"))
    note_proxy_auth_offer(h.value);
  if (h.kind == http::LineKind::kField && !body_started_ && !block_1xx_ &&
      http::is_lowercase_name(h.name, "strict-transport-security"))
    note_hsts_header(h.value);
  if (h.kind == http::LineKind::kField && !body_started_ && !block_1xx_ && http::is_lowercase_name(h.name, "alt-svc"))
    note_altsvc_header(h.raw);
  // Every response's cookies go to the jar, redirects and 401s included.
  if (h.kind == http::LineKind::kField && !body_started_ && http::is_lowercase_name(h.name, "set-cookie"))
    store_cookie(h.raw);
  // Retry-After from any response of the transfer (curl tests 1594, 1596, 3010).
  if (h.kind == http::LineKind::kField && !body_started_ && http::is_lowercase_name(h.name, "retry-after"))
    easy_.info().rare_set().retry_after = retry_after_value(h.value, std::time(nullptr));
  const unsigned origin = body_started_ ? CURLH_TRAILER : block_1xx_ ? CURLH_1XX : CURLH_HEADER;
  // A status line only tells the header API that a response began; field lines reach it
  // as they are handed to the application (client_write), as libcurl's do.
  if (h.kind == http::LineKind::kStatus) easy_.headers().add(h, origin);
  // libcurl's debug output leaves out the blank line that ends an interim (1xx) block.
  if (o.verbose && !(block_1xx_ && h.kind == http::LineKind::kBlank))
    verbose_data(easy_, CURLINFO_HEADER_IN, line.data(), line.size());
  // libcurl takes the version from a status line, and the Content-Type from its line,
  // before the header callback sees them (and keeps them when it refuses the line).
  if (h.kind == http::LineKind::kStatus)
    easy_.info().http_version = parser_.http_minor() == 0 ? CURL_HTTP_VERSION_1_0 : CURL_HTTP_VERSION_1_1;
  if (h.kind == http::LineKind::kField && !body_started_ && http::is_lowercase_name(h.name, "content-type")) {
    easy_.info().has_content_type = true;
    easy_.info().content_type.assign(h.value);
  }
  std::uint8_t kind = kOutHeader;
  if (h.kind == http::LineKind::kStatus) kind |= kOutStatus;
  if (o.include_header) kind |= kOutBody;
  if (!client_write(kind, static_cast<std::uint8_t>(origin), line.data(), line.size())) return false;
  // Counted once the application took the line (or holds it, paused), as libcurl counts.
  // Trailers arrive after the body and are not part of libcurl's header size.
  if (!body_started_) easy_.info().header_size += static_cast<long>(line.size());
  return true;
}

void Transfer::note_content_range(std::string_view value) {
  std::size_t i = 0;
  while (i < value.size() && !(value[i] >= '0' && value[i] <= '9') && value[i] != '*') ++i;
  if (i == value.size() || value[i] == '*') {
    rare_->resume_from = 0;
    return;
  }
  curl_off_t offset = 0;
  for (; i < value.size() && value[i] >= '0' && value[i] <= '9'; ++i) {
    if (offset > (std::numeric_limits<curl_off_t>::max() - 9) / 10) return;  // no offset xfer could have asked for
    offset = offset * 10 + (value[i] - '0');
  }
  if (offset == rare_->resume_from) rare_->range_reply = RangeReply::kMatched;
}

const curl_slist* Transfer::status_aliases() const { return easy_.opts.rare_view().http200_aliases; }

bool Transfer::wants_raw_chunks() const { return !easy_.opts.rare_view().transfer_decoding; }

void Transfer::on_chunk_data(std::size_t len) { count_download(len); }

void Transfer::count_download(std::size_t len) {
  // libcurl's SIZE_DOWNLOAD is the count of the last request that received body bytes:
  // the first of a request's starts it again (a redirect's body is counted, then replaced).
  TransferInfo& info = easy_.info();
  if (!body_counted_) {
    body_counted_ = true;
    info.size_download = 0;
    download_at_read_ = 0;
  }
  info.size_download += static_cast<curl_off_t>(len);
}

bool Transfer::on_headers_complete() {
  if (rare_ && rare_->h2c_offered && parser_.status_code() == 101) {
    // The server switches to HTTP/2: the response comes as stream 1 (h2c_switch).
    rare_->h2c_switch = true;
    return true;
  }
  body_started_ = true;
  TransferInfo& info = easy_.info();
  const EasyOptions& o = easy_.opts;
  // Content codings are undone only when the application asked for encodings
  // (ACCEPT_ENCODING); transfer codings other than chunked always are, as in libcurl.
  // HTTP_CONTENT_DECODING 0 leaves both to the application.
  const std::string_view coding = o.accept_encoding.is_set() ? parser_.content_encoding() : std::string_view();
  const std::string_view te = parser_.transfer_encoding();
  const bool te_codings = !te.empty() && http::ContentDecoder::transfer_coding_count(te) > 0;
  // A chunked body handed on raw (HTTP_TRANSFER_DECODING 0) is not decoded either.
  const bool raw_chunks = parser_.chunked() && !o.rare_view().transfer_decoding;
  if (o.content_decoding && !raw_chunks && (!coding.empty() || te_codings)) {
    if (!decoder_) decoder_ = std::make_unique<http::ContentDecoder>();
    if (Status st = decoder_->init(coding, te); !st) {
      result_ = st;
      return false;
    }
    decoding_ = decoder_->active();
  }
  const long code = parser_.status_code();
  info.response_code = code;
  // "HTTP/2 200" on an HTTP/1.1 connection: libcurl reports 2.0 as the line says.
  info.http_version = parser_.http_major() == 2   ? CURL_HTTP_VERSION_2_0
                      : parser_.http_minor() == 0 ? CURL_HTTP_VERSION_1_0
                                                  : CURL_HTTP_VERSION_1_1;
  const std::string_view ct = parser_.content_type();
  info.has_content_type = !ct.empty();
  info.content_type.assign(ct);
  // A 204 or 304 has no body, whatever length it names: libcurl reports 0.
  info.content_length_download = code == 204 || code == 304 ? 0 : parser_.content_length();
  const std::string_view loc = parser_.location();
  const bool following = easy_.opts.follow_location &&
                         (code == 301 || code == 302 || code == 303 || code == 307 || code == 308) &&
                         !loc.empty();
  if (code >= 300 && code < 400 && !loc.empty()) {
    info.redirect_url = following ? http::resolve_reference(url_, loc, o.rare_view().path_as_is) : http::unfollowed_redirect_url(url_, loc);
    info.has_redirect_url = true;
  }
  bool auth_retry = code == 401 && decide_auth_retry(AuthParty::kServer, parser_.closes_connection());
  // A plain proxy's 407 is answered the same way (a tunnel's is the CONNECT's business).
  if (code == 407 && via_proxy() && !rare_->tunnel)
    auth_retry = decide_auth_retry(AuthParty::kProxy, parser_.closes_connection());
  // "417 Expectation Failed" before the body went: libcurl asks again without Expect, on
  // the same connection (the body was never sent, so its framing is intact).
  if (!auth_retry && code == 417 && await_continue_) {
    verbose_text(easy_, "Got 417 while waiting for a 100");
    await_continue_ = false;
    continue_deadline_ = TimePoint::max();
    rare().expect_disabled = true;
    rare_->auth.retry = true;
    auth_retry = true;
  }
  // A body held back for a handshake the server did not want: libcurl sends the request
  // again, with its body and without credentials (curl tests 175, 176).
  if (!auth_retry && code >= 200 && code < 300 && rare_ && rare_->auth.neg_sent) {
    rare_->auth.skip_neg = true;
    rare_->auth.retry = true;
    auth_retry = true;
  }
  // A redirect followed on a connection that closes anyway ends with its headers, as in
  // libcurl: its body is not the application's, and a server that keeps the connection
  // open after a close-delimited body would stall the transfer (curl test 187). The same
  // holds for a 401 answered by another request.
  if ((following || auth_retry) && parser_.closes_connection()) parser_.end_after_headers();
  // A resumed download answered 416 is no HTTP error to libcurl (unless a "*/size"
  // Content-Range made it a plain download again), and its body is not the application's.
  const bool resuming = rare_ && rare_->resume_from != 0;
  if (code == 416 && o.rare_view().resume_from != 0 && effective_method() == HttpMethod::kGet)
    rare().range_reply = RangeReply::kIgnored;
  if (easy_.opts.fail_on_error && code >= 400 && !following && !auth_retry &&
      !(code == 416 && resuming && !head_request_)) {
    // libcurl's ERRORBUFFER text names the code; the reason lives as long as the transfer.
    std::string& text = rare().status_error;
    text = "The requested URL returned error: ";
    text += std::to_string(code);
    result_ = Status::fail(CURLE_HTTP_RETURNED_ERROR, text.c_str());
    return false;
  }
  // A resumed GET whose answer is not the asked-for part: libcurl takes a whole body the
  // size of the resume offset as "already downloaded" (nothing more to read, connection
  // closed) and fails anything else.
  if (resuming && !following && rare_->range_reply == RangeReply::kNone &&
      effective_method() == HttpMethod::kGet) {
    if (parser_.content_length() != rare_->resume_from) {
      result_ = Status::fail(CURLE_RANGE_ERROR, "The server does not support byte ranges: cannot resume");
      return false;
    }
    rare_->range_reply = RangeReply::kWhole;
    parser_.end_after_headers();
  }
  // A time condition the document fails: libcurl reports a 304 instead of the body it
  // would have had, and closes the connection under it. It decides at the first body
  // bytes, so an answer without a body (HEAD, Content-Length: 0) stays as it is, and so
  // does a redirect or 401 that already ends with its headers; one whose body would be
  // read is checked too (and still followed, the transfer left "unmet").
  const bool body_comes = !head_request_ && code != 204 && code != 304 &&
                          (parser_.chunked() || parser_.content_length() != 0);
  const bool cut_already = (following || auth_retry) && parser_.closes_connection();
  if (body_comes && !cut_already && time_condition_unmet()) {
    verbose_text(easy_, "Simulate an HTTP 304 response");
    info.response_code = 304;
    info.rare_set().time_unmet = true;
    parser_.end_after_headers();
  }
  return true;
}

bool Transfer::time_condition_unmet() const {
  const RareOptions& ro = easy_.opts.rare_view();
  const std::time_t doc = rare_ ? rare_->time_of_doc : 0;
  if (ro.time_condition == CURL_TIMECOND_NONE || doc == 0 || ro.time_value == 0) return false;
  // Ranges (RANGE, RESUME_FROM) turn the check off; LASTMOD compares as IFMODSINCE.
  if (ro.range.is_set() || ro.resume_from != 0) return false;
  if (ro.time_condition == CURL_TIMECOND_IFUNMODSINCE) return doc >= ro.time_value;
  return doc <= ro.time_value;
}

bool Transfer::on_body(const char* data, std::size_t len) {
  const EasyOptions& o = easy_.opts;
  // The body of a response we follow away from (or answer with credentials) is not the
  // application's, yet libcurl counts it: it is what SIZE_DOWNLOAD says when MAXREDIRS
  // stops the transfer there.
  bool skipped = auth_retrying();
  if (o.follow_location && easy_.info().has_redirect_url) {
    const long code = parser_.status_code();
    if (code == 301 || code == 302 || code == 303 || code == 307 || code == 308) skipped = true;
  }
  if (skipped) {
    if (!parser_.raw_chunks()) count_download(len);
    return true;
  }
  // SIZE_DOWNLOAD counts the bytes as they came off the wire, before any decoding. (libcurl
  // counts a chunked piece only once its decoded form was written; so does xfer.)
  const bool count_after = decoding_ && parser_.chunked();
  // Raw chunks are counted by their data alone (on_chunk_data), as libcurl counts them.
  if (!count_after && !parser_.raw_chunks()) count_download(len);
  if (rare_ && rare_->range_reply == RangeReply::kIgnored) return true;
  if (decoding_) {
    const Status st = decoder_->feed(data, len, [this](const char* d, std::size_t n) { return deliver_body(d, n); });
    if (!st) {
      // A refusal of the write callback already left its own reason in result_.
      if (result_.is_ok() || st.code != CURLE_WRITE_ERROR || st.reason) result_ = st;
      // Inside a chunked body a decoding failure that names no reason (brotli, zstd, bytes
      // after the stream) reads as libcurl's chunk reader reports any failure of what it feeds.
      // libcurl's chunk reader also drops the count of everything this read carried.
      if (parser_.chunked()) {
        if (!result_.reason) result_.reason = "Failed reading the chunked-encoded stream";
        easy_.info().size_download = download_at_read_;
      }
      return false;
    }
    if (count_after) count_download(len);
    return true;
  }
  const std::size_t chunk_cap = o.buffer_size > 0 ? static_cast<std::size_t>(o.buffer_size) : CURL_MAX_WRITE_SIZE;
  while (len > 0) {
    const std::size_t n = std::min(len, chunk_cap);
    if (!deliver_body(data, n)) return false;
    data += n;
    len -= n;
  }
  return true;
}

bool Transfer::deliver_body(const char* data, std::size_t len) {
  verbose_data(easy_, CURLINFO_DATA_IN, data, len);
  return client_write(kOutBody, CURLH_HEADER, data, len);
}

}  // namespace xfer
