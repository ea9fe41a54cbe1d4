// Fuzz target: the HTTP/2 client codec fed server bytes, whose events must not depend on how the bytes were split.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "fuzz_check.h"
#include "http/h2_session.h"

namespace {

using xfer::Status;
using xfer::http::H2Pull;
using xfer::http::H2PushVerdict;
using xfer::http::H2Session;
using xfer::http::H2SessionEvents;
using xfer::http::H2SessionOptions;
using xfer::http::H2StreamEvents;
using xfer::http::HeaderLine;

// Every event of one stream, in order, as text: two runs over the same bytes compare equal.
struct Recorder : H2StreamEvents {
  static constexpr char kBodyMark[] = "\x01B";
  std::string log;
  std::string body;
  int closes = 0;
  bool complete = false;
  bool in_body = false;
  std::size_t upload_left = 0;
  H2PushVerdict verdict = H2PushVerdict::kDeny;
  Recorder* pushed_to = nullptr;

  // A stream reset for its DATA (a Content-Length it overran, say) has been given as much
  // of it as the reads delivered before nghttp2 judged: that part depends on the split.
  void forget_body() {
    body.clear();
    for (std::size_t at = log.find(kBodyMark); at != std::string::npos; at = log.find(kBodyMark, at))
      log.erase(at, sizeof kBodyMark - 1);
  }

  // DATA arrives in as many chunks as the reads cut it into: consecutive chunks mark the log
  // once, their bytes go to body.
  void note(const char* what) {
    in_body = false;
    log.append(what);
  }

  bool on_header_line(const HeaderLine& h) override {
    FUZZ_CHECK(closes == 0);
    note("H:");
    log.append(h.raw);
    return true;
  }
  bool on_headers_complete() override {
    complete = true;
    note("[complete]");
    return true;
  }
  bool on_body(const char* data, std::size_t len) override {
    // nghttp2's messaging checks let no DATA through before a final header block.
    FUZZ_CHECK(complete);
    FUZZ_CHECK(closes == 0);
    if (!in_body) log.append(kBodyMark);
    in_body = true;
    body.append(data, len);
    return true;
  }
  void on_end() override { note("[end]"); }
  void on_failed(Status why) noexcept override {
    note("[failed ");
    log.append(std::to_string(why.code)).append("]");
  }
  void on_closed(std::uint32_t code) noexcept override {
    ++closes;
    // Which reset wins (ours, queued for a bad field, or the peer's) depends on whether ours
    // went out before the peer's arrived, that is on the reads: only "reset" is compared.
    if (code != 0) forget_body();
    note(code == 0 ? "[closed]" : "[reset]");
  }
  H2Pull pull_body(char* buf, std::size_t cap) override {
    const std::size_t n = std::min(cap, upload_left);
    for (std::size_t i = 0; i < n; ++i) buf[i] = 'u';
    upload_left -= n;
    return {n, upload_left == 0 ? H2Pull::State::kEnd : H2Pull::State::kMore};
  }
  H2PushVerdict on_push(std::int32_t, const std::vector<std::string>& fields, H2StreamEvents*& pushed) noexcept override {
    // curl_pushheader_byname relies on it: every field is "name:value".
    for (const std::string& f : fields) FUZZ_CHECK(f.find(':', f.empty() ? 0 : 1) != std::string::npos);
    note("[push ");
    log.append(std::to_string(fields.size())).append("]");
    if (verdict == H2PushVerdict::kAccept) {
      if (!pushed_to) return H2PushVerdict::kDeny;
      pushed = pushed_to;
      pushed_to = nullptr;  // one pushed stream per recorder
    }
    return verdict;
  }
};

struct Log : H2SessionEvents {
  std::string text;
  void on_settings(std::uint32_t n) noexcept override { text.append("[settings ").append(std::to_string(n)).append("]"); }
  void on_goaway(std::int32_t last, std::uint32_t code) noexcept override {
    text.append("[goaway ").append(std::to_string(last)).append(" ").append(std::to_string(code)).append("]");
  }
};

struct Run {
  std::string events;  // every recorder's log and the session's, after the whole input
  bool failed = false;
};

// One client session: a GET on stream 1, a POST on 3 (with a body when asked), pushes
// answered by `verdict`; then the server bytes, fed `step` at a time (0: all at once).
Run run(const std::string& server, std::size_t step, unsigned flags) {
  Log log;
  H2SessionOptions opts;
  opts.settings.enable_push = (flags & 1) != 0;
  H2Session s(log, opts);
  Run out;
  if (!s.ok()) return out;
  Recorder get, post, pushed_a, pushed_b;
  get.verdict = post.verdict = (flags & 2) ? H2PushVerdict::kAccept : H2PushVerdict::kDeny;
  get.pushed_to = &pushed_a;
  post.pushed_to = &pushed_b;
  post.upload_left = (flags & 4) ? 70000 : 0;
  static const char kGet[] = "GET /a HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\n\r\n";
  static const char kPost[] = "POST /b HTTP/1.1\r\nHost: example.com\r\nContent-Length: 70000\r\n\r\n";
  xfer::http::H2RequestFields fields;
  if (xfer::http::h2_request_fields(kGet, "https", fields)) s.submit_request(fields, get, false);
  if (xfer::http::h2_request_fields(kPost, "https", fields)) s.submit_request(fields, post, post.upload_left > 0);
  std::string sink;
  (void)s.drain_output(sink);
  const std::size_t n = step ? step : server.size();
  for (std::size_t off = 0; off < server.size() && !out.failed; off += n) {
    // A copy of exactly each piece: the codec may not read around what it was given.
    const std::string piece = server.substr(off, n);
    if (!s.feed(piece.data(), piece.size())) out.failed = true;
    sink.clear();
    if (!s.drain_output(sink)) out.failed = true;
  }
  // After a connection error nghttp2 stops reading; how far each stream got before it
  // depends on where reads ended, so such runs are not compared.
  if (!s.want_read()) out.failed = true;
  for (const Recorder* r : {&get, &post, &pushed_a, &pushed_b}) {
    FUZZ_CHECK(r->closes <= 1);
    out.events.append(r->log).append("|").append(r->body).append("|");
  }
  out.events.append(log.text);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzInput in(data, size);
  const unsigned flags = in.byte();
  const std::size_t step = 1 + in.byte() % 23;
  const std::string server(in.rest(), in.rest_size());
  const Run whole = run(server, 0, flags);
  const Run split = run(server, step, flags);
  // Events are decided by the bytes, not by where reads happened to end; a session that
  // failed or stopped reading may have stopped mid-way, so only healthy runs are compared.
  if (!whole.failed && !split.failed && whole.events != split.events && std::getenv("H2FUZZ_DEBUG"))
    std::fprintf(stderr, "whole: %s\nsplit: %s\n", whole.events.c_str(), split.events.c_str());
  if (!whole.failed && !split.failed) FUZZ_CHECK(whole.events == split.events);
  return 0;
}
