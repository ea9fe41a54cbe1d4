// ResponseParser: llhttp frames and validates, except messages of the commonest shape; lines are split once.
#include "http/response_parser.h"

#include "http/chunk_decoder.h"
#include "http/header_line.h"
#include "util/ascii.h"

#include <curl/curl.h>
#include <llhttp.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>

namespace xfer::http {

namespace {

// libcurl 7.88 refuses one header line above 100 KiB (as an allocation failure) and a header
// section above 300 KiB in total (as a receive error).
constexpr std::size_t kMaxHeaderLine = 100 * 1024;
constexpr std::size_t kMaxHeaderTotal = 300 * 1024;
// A chunked body's bounds (one trailer line, a trailer section) are ChunkDecoder's.
static_assert(kMaxTrailerSection == kMaxHeaderTotal);
// Lines taken in one step; a longer section takes several.
constexpr std::size_t kMaxBlockLines = 32;

// Room for one split line of a block, left uninitialised until a line is split into it:
// a block uses only as many as it has lines.
union LineSlot {
  HeaderLine line;
  LineSlot() {}
};

// kHttp09: a reply without a status line, allowed by CURLOPT_HTTP09_ALLOWED: all body, to EOF.
// kCounted: the Content-Length body of a message framed without llhttp (take_simple).
// A chunked body, trailers included, is kBody read by ChunkDecoder (llhttp reads no byte of
// it: lenient, it would end a framing line at a CR, which libcurl reads to the LF).
enum class Mode { kHead, kBody, kCounted, kHttp09, kDone, kFailed };

// The facts of a status line of the shape take_simple accepts: "HTTP/1.0" or "HTTP/1.1", a
// final code that may carry a body (2xx-5xx, neither 204 nor 304), a non-empty reason of
// visible ASCII and blanks, CRLF. Anything else is llhttp's to judge.
struct SimpleStatus {
  int code = 0;
  int minor = 0;
};

bool simple_status(const HeaderLine& h, SimpleStatus& out) {
  const std::string_view r = h.raw;
  if (h.kind != LineKind::kStatus || r.size() < 16 || r[r.size() - 2] != '\r' || r[r.size() - 1] != '\n') return false;
  if (r.compare(0, 7, "HTTP/1.") != 0 || (r[7] != '0' && r[7] != '1') || r[8] != ' ' || r[12] != ' ') return false;
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (r[9] < '2' || r[9] > '5' || !digit(r[10]) || !digit(r[11])) return false;
  out.code = (r[9] - '0') * 100 + (r[10] - '0') * 10 + (r[11] - '0');
  out.minor = r[7] - '0';
  if (out.code == 204 || out.code == 304) return false;
  for (std::size_t i = 13; i + 2 < r.size(); ++i)
    if ((r[i] < 0x20 && r[i] != '\t') || r[i] > 0x7e) return false;
  return true;
}

// The value of a Content-Length line of the shape take_simple accepts: spaces, then 1 to 15
// digits (no sign, no list, so no overflow) right before the CRLF. -1 otherwise.
std::int64_t simple_length(const HeaderLine& h) {
  if (!h.clean || !is_lowercase_name(h.name, "content-length")) return -1;
  const std::string_view v = h.value;
  if (v.empty() || v.size() > 15 || v.data() + v.size() + 2 != h.raw.data() + h.raw.size()) return -1;
  for (const char* p = h.name.data() + h.name.size() + 1; p < v.data(); ++p)
    if (*p != ' ') return -1;
  std::int64_t n = 0;
  for (const char c : v) {
    if (c < '0' || c > '9') return -1;
    n = n * 10 + (c - '0');
  }
  return n;
}

// Whether libcurl 7.88 takes the code of a status line llhttp accepted ("HTTP/d.d " and
// digits): it reads at most three characters, a sign included, after optional white space,
// and refuses a code below 100 or one followed by a fourth digit (curl test 1431). The
// simple shape never needs this: its code is three digits from 200 to 599.
bool status_code_ok(std::string_view r) {
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  std::size_t i = 9;
  while (i < r.size() && (r[i] == ' ' || (r[i] >= '\t' && r[i] <= '\r'))) ++i;
  std::size_t width = 3;
  bool negative = false;
  if (i < r.size() && (r[i] == '+' || r[i] == '-')) {
    negative = r[i++] == '-';
    --width;
  }
  int code = 0;
  std::size_t n = 0;
  for (; n < width && i < r.size() && digit(r[i]); ++n, ++i) code = code * 10 + (r[i] - '0');
  if (n == 0 || (i < r.size() && digit(r[i]))) return false;
  return !negative && code >= 100;
}

// Notes which of "close" and "keep-alive" the comma-separated Connection value lists.
void note_connection_tokens(std::string_view list, bool& close, bool& keep_alive) {
  each_list_item(list, [&](std::string_view item) {
    if (is_lowercase_name(item, "close")) close = true;
    else if (is_lowercase_name(item, "keep-alive")) keep_alive = true;
    return true;
  });
}

// Whether the last coding of the joined Transfer-Encoding lines is "chunked" (the framing).
bool last_coding_is_chunked(std::string_view list) {
  bool chunked = false;
  each_list_item(list, [&](std::string_view item) {
    chunked = ascii_iequals(item, "chunked");
    return true;
  });
  return chunked;
}

}  // namespace

struct ResponseParser::Impl final : ChunkDecoder::Sink {
  llhttp_t parser;
  Mode mode = Mode::kHead;
  bool head_request = false;
  bool allow_http09 = false;
  bool ignore_length = false;   // CURLOPT_IGNORE_CONTENT_LENGTH
  // The message is an HTTP/2 stream's, rendered as h1 lines: its end is the stream's
  // (finish), never the connection's, which stays usable.
  bool stream_framed = false;
  bool length_overflow = false;  // the final response's Content-Length is above 2^63-1
  ResponseEvents* ev = nullptr;

  std::string line;  // the unfinished raw line of a header section, or a trailer line
  // llhttp reads a header line only up to its first CR and then a CRLF where the line ends
  // (libcurl reads a line to its LF, lenient llhttp would end it at any CR): the unfinished
  // line held such a CR, so llhttp gets no more of it until its LF.
  bool line_cr = false;
  // A message's first line that came without its LF and may still turn out to be one
  // take_odd_status_line reads: held until the LF, as llhttp would judge its first bytes
  // as an HTTP/1.x line (the outcome then depended on where the reads split it).
  std::string held_first;
  bool releasing = false;  // held_first is being fed on: it is not held again
  std::string content_type, location;
  std::string content_encoding;  // every Content-Encoding line, joined with ", "
  std::string transfer_encoding;  // every Transfer-Encoding line, joined with ", "
  bool conn_close = false, conn_keep_alive = false;
  // The message's Content-Length, read here from lines llhttp never sees (is_length_line).
  bool length_seen = false;
  LengthValue length;
  // step_piece holds the start of a line that may be hidden from llhttp (hidden_line: a
  // Content-Length line...) back (in `line`) until it shows whether llhttp may see it.
  bool holding = false;
  // The last line handed on was hidden from llhttp, or was a status line, so a continuation
  // of it is hidden too (libcurl reads it as a line of its own; llhttp would fold it into
  // whatever it saw last, or, right after a status line, skip its blanks and read a field
  // or the section's end).
  bool fold_hidden = false;
  // A field line was handed on since reset(): libcurl folds a continuation right after a
  // status line into it (its header store's latest, a 1xx response's included).
  bool any_field = false;
  bool after_status = false;  // the last line handed on was a status line
  bool message_start = true;  // the next header line is a message's first

  int status = 0, major = 0, minor = 0;
  bool status_line_done = false;
  bool final_headers = false;       // set by llhttp, reported once the raw line is out
  bool as_http2 = false;            // the status line said HTTP/2: llhttp read a stand-in
  int code_override = -1;           // that line's code, where the stand-in could not carry it
  bool needs_eof = false;
  bool keep_alive = false;
  std::int64_t content_length = -1;
  bool chunked = false;
  bool raw_chunks = false;  // this chunked body goes out as it came (wants_raw_chunks)
  std::size_t header_bytes = 0;
  bool any_byte = false;
  bool aborted = false;
  Status refusal = Status::ok();  // why deliver() refused a line itself (not the engine)
  bool headers_reported = false;  // ev->on_headers_complete() was called
  bool cut_short = false;         // end_after_headers: the body is never read
  std::int64_t body_bytes = 0;
  std::int64_t body_left = 0;  // kCounted: body bytes still to come
  ChunkDecoder chunks;  // the final response's chunked body
  // llhttp finishes a field value only at the next line's first byte (a fold would extend
  // it), and a framing header's verdict (an empty Content-Length...) comes then: the line
  // after one llhttp judges goes to llhttp too, or the error would come after it.
  bool verdict_owed = false;
  static bool owes_verdict(const HeaderLine& h, bool plain) {
    return !plain && h.kind != LineKind::kStatus && h.kind != LineKind::kBlank;
  }

  Impl() { restart(false, false, false); }

  // The callbacks are the same for every parser: one shared table, not one per transfer.
  static const llhttp_settings_t* settings() {
    static const llhttp_settings_t table = [] {
      llhttp_settings_t t;
      llhttp_settings_init(&t);
      t.on_message_begin = &Impl::on_message_begin;
      t.on_status_complete = &Impl::on_status_complete;
      t.on_headers_complete = &Impl::on_headers_complete;
      t.on_body = &Impl::on_body;
      t.on_message_complete = &Impl::on_message_complete;
      return t;
    }();
    return &table;
  }

  void restart(bool head, bool http09, bool no_length) {
    allow_http09 = http09;
    ignore_length = no_length;
    length_overflow = false;
    llhttp_init(&parser, HTTP_RESPONSE, settings());
    parser.data = this;
    // libcurl takes odd bytes in header values and data after a 1xx of an HTTP/1.0 peer.
    llhttp_set_lenient_headers(&parser, 1);
    llhttp_set_lenient_keep_alive(&parser, 1);
    // Transfer-Encoding: chunked beside a Content-Length: libcurl reads the chunks and
    // ignores the length (curl test 365); llhttp does the same when lenient here.
    llhttp_set_lenient_chunked_length(&parser, 1);
    mode = Mode::kHead;
    head_request = head;
    line.clear();
    line_cr = false;
    holding = false;
    fold_hidden = false;
    any_field = false;
    after_status = false;
    held_first.clear();
    releasing = false;
    clear_tracked();
    clear_framing();
    message_start = true;
    status = major = minor = 0;
    final_headers = false;
    as_http2 = false;
    code_override = -1;
    keep_alive = false;
    header_bytes = 0;
    any_byte = false;
    aborted = false;
    refusal = Status::ok();
    headers_reported = false;
    cut_short = false;
    body_bytes = 0;
    body_left = 0;
    verdict_owed = false;
  }

  // Facts taken from header lines, cleared at each message's first line.
  void clear_tracked() {
    content_type.clear();
    location.clear();
    content_encoding.clear();
    transfer_encoding.clear();
    conn_close = conn_keep_alive = false;
    length_seen = false;
    length = {};
  }
  // Facts llhttp reports, cleared as it begins each message (a 1xx, then the final one).
  void clear_framing() {
    status_line_done = false;
    content_length = -1;
    chunked = false;
    raw_chunks = false;
    needs_eof = false;
    chunks = ChunkDecoder();
  }

  static Impl& self(llhttp_t* p) { return *static_cast<Impl*>(p->data); }

  static int on_message_begin(llhttp_t* p) {
    self(p).clear_framing();
    return 0;
  }
  static int on_status_complete(llhttp_t* p) {
    self(p).status_line_done = true;
    // Known from here on, so a later header error (or the engine refusing the status line)
    // still reports the response code and version: llhttp has always read the status line
    // by the time it is handed on, however the reads split the section.
    Impl& s = self(p);
    s.status = s.code_override >= 0 ? s.code_override : llhttp_get_status_code(p);
    s.set_version(p);
    return 0;
  }
  void set_version(llhttp_t* p) {
    major = llhttp_get_http_major(p);
    minor = llhttp_get_http_minor(p);
    if (as_http2) {  // llhttp read a stand-in; the line said 2.0
      major = 2;
      minor = 0;
    }
  }
  // The headers the engine acts on, taken from lines llhttp accepted. A continuation line
  // never extends them: libcurl reads each of these from its own line.
  void track(const HeaderLine& h) {
    // An empty header keeps its lone terminator as value (libcurl's header API shows it);
    // these facts want it empty.
    std::string_view v = h.value;
    if (v == "\r" || v == "\n") v = {};
    // libcurl reads a coding list to the line's end, a CR inside it included ("gzip\rx" is
    // no coding it knows); other values end at the line's first CR, as h.value does.
    if (!h.clean && (h.name.size() == 16 || h.name.size() == 17)) {
      const char* end = h.raw.data() + h.raw.size();
      while (end > h.value.data() && is_header_space(end[-1])) --end;
      v = std::string_view(h.value.data(), static_cast<std::size_t>(end - h.value.data()));
    }
    switch (h.name.size()) {
      case 8:
        // The first non-empty Location wins, as libcurl takes none after it has one.
        if (location.empty() && is_lowercase_name(h.name, "location")) location = v;
        break;
      case 10:
        if (is_lowercase_name(h.name, "connection")) note_connection_tokens(v, conn_close, conn_keep_alive);
        break;
      case 12:
        if (is_lowercase_name(h.name, "content-type")) content_type = v;
        break;
      case 16:
        // Codings of several lines stack in order, as one comma-separated list would.
        if (is_lowercase_name(h.name, "content-encoding")) {
          if (!content_encoding.empty()) content_encoding += ", ";
          content_encoding += v;
        }
        break;
      case 17:
        if (is_lowercase_name(h.name, "transfer-encoding")) {
          if (!transfer_encoding.empty()) transfer_encoding += ", ";
          transfer_encoding += v;
        }
        break;
      default:
        break;
    }
  }
  static int on_headers_complete(llhttp_t* p) {
    Impl& s = self(p);
    s.status = llhttp_get_status_code(p);
    s.set_version(p);
    if (s.as_http2 && s.code_override >= 0) s.status = s.code_override;
    if (s.status >= 100 && s.status < 200 && s.status != 101) {
      s.as_http2 = false;  // the next message says its own version
      s.code_override = -1;
      // No body, whatever its framing headers say (llhttp would read one for a
      // Transfer-Encoding of 104-199): the next message's lines follow.
      return 1;
    }
    s.final_headers = true;
    s.chunked = (p->flags & F_CHUNKED) != 0;
    // llhttp saw no Content-Length line: the length read from them frames the body here,
    // as if llhttp had read it. Beside any Transfer-Encoding (chunked or a coding, whose
    // body ends at the close) a length means nothing: libcurl reports none (-1). One beyond
    // a signed 64-bit count frames nothing either: the body ends at the close (curl test
    // 395). An ignored length (note_length reads none) leaves the body to the close too.
    if (s.length_seen && !s.chunked && !(p->flags & F_TRANSFER_ENCODING)) {
      if (s.length.form == LengthForm::kOverflow) {
        s.length_overflow = true;
      } else {
        p->flags |= F_CONTENT_LENGTH;
        p->content_length = static_cast<std::uint64_t>(s.length.n);
        s.content_length = s.length.n;
      }
    }
    // HEAD, 204 and 304 answers may announce a body they never send; 1 makes llhttp skip it.
    if (s.head_request || s.status == 204 || s.status == 304) return 1;
    s.needs_eof = llhttp_message_needs_eof(p) != 0;
    return 0;
  }
  // A body llhttp frames: by Content-Length, or up to the close (never a chunked one).
  static int on_body(llhttp_t* p, const char* at, std::size_t len) {
    Impl& s = self(p);
    s.body_bytes += static_cast<std::int64_t>(len);
    if (!s.ev->on_body(at, len)) {
      s.aborted = true;
      return -1;
    }
    return 0;
  }
  static int on_message_complete(llhttp_t* p) {
    Impl& s = self(p);
    if (!s.final_headers) return 0;  // an interim 1xx response; the next one follows
    s.mode = Mode::kDone;
    return HPE_PAUSED;
  }

  Status map_error(llhttp_errno_t err) {
    if (err == HPE_INVALID_CONTENT_LENGTH && std::strstr(llhttp_get_error_reason(&parser), "overflow"))
      length_overflow = true;
    if (mode == Mode::kBody) return Status::fail(CURLE_RECV_ERROR, "Receiving the response failed");
    if (!status_line_done)
      return Status::fail(CURLE_UNSUPPORTED_PROTOCOL, "Received HTTP/0.9 when not allowed");
    return Status::fail(CURLE_WEIRD_SERVER_REPLY, "The reply is not valid HTTP");
  }

  // A chunked body from data[pos, len): ChunkDecoder reads the framing and hands data and
  // trailer lines back here (the Sink below). With raw chunks, the bytes it took go on as
  // they came once all of them passed, so a read that fails hands on none of its bytes.
  FeedResult step_chunks(const char* data, std::size_t len, std::size_t& pos) {
    std::size_t used = 0;
    const ChunkDecoder::Result r = chunks.feed(data + pos, len - pos, this, used);
    const std::size_t from = pos;
    pos += used;
    switch (r) {
      case ChunkDecoder::Result::kMore:
      case ChunkDecoder::Result::kDone:
        if (raw_chunks && used > 0 && !ev->on_body(data + from, used)) return abort(pos);
        if (r == ChunkDecoder::Result::kMore) return {ParseState::kNeedMore, pos, Status::ok()};
        mode = Mode::kDone;
        return complete(pos);
      case ChunkDecoder::Result::kStopped:
        return abort(pos);
      case ChunkDecoder::Result::kBadSize:
        return fail(pos, Status::fail(CURLE_RECV_ERROR, "Illegal or missing hexadecimal sequence in chunked-encoding"));
      case ChunkDecoder::Result::kLongSize:
        return fail(pos, Status::fail(CURLE_RECV_ERROR, "Too long hexadecimal number in chunked-encoding"));
      case ChunkDecoder::Result::kMalformed:
        return fail(pos, Status::fail(CURLE_RECV_ERROR, "Malformed encoding found in chunked-encoding"));
      case ChunkDecoder::Result::kLongTrailer:
        return fail(pos, Status::fail(CURLE_RECV_ERROR, "Out of memory in chunked-encoding"));
      case ChunkDecoder::Result::kBigTrailers:
        return fail(pos, Status::fail(CURLE_RECV_ERROR, "Too large response trailers"));
    }
    return fail(pos, Status::fail(CURLE_RECV_ERROR, "unreachable"));
  }
  bool chunk_data(const char* data, std::size_t len) override {
    body_bytes += static_cast<std::int64_t>(len);
    if (raw_chunks) {  // step_chunks hands on the framed bytes instead
      ev->on_chunk_data(len);
      return true;
    }
    return ev->on_body(data, len);
  }
  // A trailer line is gathered in `line` and handed on with a CRLF, whatever ended it, as
  // libcurl hands it on. With raw chunks it went out among the body's bytes instead.
  bool trailer_part(const char* data, std::size_t len) override {
    if (!raw_chunks) line.append(data, len);
    return true;
  }
  bool trailer_end() override {
    if (raw_chunks) return true;
    line += "\r\n";
    bool keep_going = false;
    // libcurl 7.88 refuses a NUL byte in a trailer line (its header store does).
    if (std::memchr(line.data(), '\0', line.size()))
      refusal = Status::fail(CURLE_BAD_FUNCTION_ARGUMENT, "Failed reading the chunked-encoded stream");
    else
      keep_going = ev->on_header_line(split_header_line(line));
    line.clear();
    return keep_going;
  }

  // llhttp refuses a NUL byte in a field name where libcurl refuses one anywhere in the
  // header section: libcurl's words for it, llhttp's verdict otherwise.
  Status header_error(std::string_view line_refused, llhttp_errno_t err) {
    if (mode == Mode::kHead && !message_start && std::memchr(line_refused.data(), '\0', line_refused.size()))
      return Status::fail(CURLE_WEIRD_SERVER_REPLY, "Nul byte in header");
    return map_error(err);
  }

  FeedResult fail(std::size_t consumed, Status why) {
    mode = Mode::kFailed;
    return {ParseState::kError, consumed, why};
  }
  FeedResult abort(std::size_t consumed) {
    if (!refusal.is_ok()) return fail(consumed, refusal);
    mode = Mode::kFailed;
    return {ParseState::kAborted, consumed,
            Status::fail(CURLE_WRITE_ERROR, "Failed writing received data")};
  }

  // A header section arrives in steps. Usually every line a read brought is complete:
  // step_block takes all of them up to the section's blank line at once (llhttp sees them
  // in runs, plain field lines aside).
  // A line split across reads goes through step_piece, one piece at a time.
  FeedResult step_lines(const char* data, std::size_t len, std::size_t& pos) {
    if (line.empty()) {
      // The lines' ends, from the block's start; on the stack, so a parser kept per
      // handle carries no room for them.
      std::uint32_t line_end[kMaxBlockLines];
      std::size_t n = scan_block(data + pos, len - pos, line_end);
      if (n > 0) return step_block(data, pos, line_end, n);
    }
    return step_piece(data, len, pos);
  }

  // Finds up to kMaxBlockLines complete lines at start, ending after the first blank one
  // or before a line the size limits refuse (step_piece then reports that line). Returns
  // how many; their ends are in line_end.
  std::size_t scan_block(const char* start, std::size_t avail, std::uint32_t* line_end) {
    std::size_t n = 0, at = 0;
    std::size_t total = header_bytes;
    while (n < kMaxBlockLines && at < avail) {
      const void* nl = std::memchr(start + at, '\n', avail - at);
      if (!nl) break;
      const std::size_t end = static_cast<std::size_t>(static_cast<const char*>(nl) - start) + 1;
      const std::size_t size = end - at;
      if (size > kMaxHeaderLine) break;
      total += size;
      if (total > kMaxHeaderTotal) break;
      // A line that starts with a CR and is more than CRLF goes to step_piece.
      if ((n > 0 || !message_start) && cr_led(start + at, size)) break;
      line_end[n++] = static_cast<std::uint32_t>(end);
      if (start[at] == '\r' || start[at] == '\n') break;  // the blank line ends the section
      at = end;
    }
    return n;
  }

  // The lines go to llhttp in runs. A plain field line (is_plain_field) in the middle of a
  // message's headers skips it: llhttp would only walk its bytes, and these are most of a
  // typical response's lines. A line followed by a continuation never skips, as the
  // continuation would otherwise extend whatever llhttp saw last; nor does one that follows
  // a line llhttp judges.
  FeedResult step_block(const char* data, std::size_t& pos, const std::uint32_t* line_end,
                        std::size_t n) {
    const char* start = data + pos;
    const std::size_t base = pos;
    // Each line split once, for the skip test and for the engine alike.
    LineSlot lines[kMaxBlockLines];
    for (std::size_t i = 0, begin = 0; i < n; begin = line_end[i++])
      std::construct_at(&lines[i].line, split_header_line(std::string_view(start + begin, line_end[i] - begin)));
    if (SimpleFacts f; message_start && take_simple(lines, n, f)) return step_simple(pos, line_end, lines, n, f);
    std::size_t run_first = 0;  // the first line not yet checked
    bool after_hidden = fold_hidden;
    for (std::size_t i = 0; i < n; ++i) {
      // A Content-Length line never goes to llhttp, wherever it is in the block.
      const bool hidden = hidden_line(lines[i].line, after_hidden);
      after_hidden = hides_fold(lines[i].line, hidden);
      if (hidden) {
        if (run_first < i) {
          FeedResult r = check_run(data, base, line_end, lines, run_first, i);
          if (r.state != ParseState::kNeedMore) return r;
        }
        // A message's first line is llhttp's to refuse.
        if (message_start) {
          run_first = i;
          continue;
        }
        pos = base + line_end[i];
        if (!deliver(lines[i].line)) return abort(pos);
        run_first = i + 1;
        continue;
      }
      if (i + 1 == n) continue;
      const char next = start[line_end[i]];
      const bool plain = is_plain_field(lines[i].line);
      const bool judged_before = verdict_owed;
      verdict_owed = owes_verdict(lines[i].line, plain);
      if (next == ' ' || next == '\t' || !plain || judged_before) continue;
      if (run_first < i) {
        FeedResult r = check_run(data, base, line_end, lines, run_first, i);
        if (r.state != ParseState::kNeedMore) return r;
      }
      // Only between a message's first line and its blank one is llhttp at a field start.
      if (message_start || mode != Mode::kHead) {
        run_first = i;
        continue;
      }
      pos = base + line_end[i];
      if (!deliver(lines[i].line)) return abort(pos);
      run_first = i + 1;
    }
    if (run_first < n) {
      verdict_owed = owes_verdict(lines[n - 1].line, is_plain_field(lines[n - 1].line));
      FeedResult r = check_run(data, base, line_end, lines, run_first, n);
      if (r.state != ParseState::kNeedMore) return r;
      pos = r.consumed;
    }
    if (mode == Mode::kDone) return complete(pos);
    return {ParseState::kNeedMore, pos, Status::ok()};
  }

  // A whole header section of the most common shape needs no llhttp at all, body included:
  // a status line simple_status accepts, then only plain field lines (is_plain_field) and
  // one Content-Length line simple_length accepts, then a CRLF blank line, for a request
  // other than HEAD. llhttp accepts every such message and would frame it by that length;
  // every other message, an interim 1xx or a chunked one, goes through llhttp as before.
  struct SimpleFacts {
    SimpleStatus status;
    std::int64_t length = -1;
  };
  bool take_simple(const LineSlot* lines, std::size_t n, SimpleFacts& f) const {
    if (head_request || ignore_length || n < 3 || lines[n - 1].line.raw != "\r\n" || !simple_status(lines[0].line, f.status))
      return false;
    for (std::size_t i = 1; i + 1 < n; ++i) {
      const HeaderLine& h = lines[i].line;
      if (h.kind != LineKind::kField) return false;  // a continuation line among them, too
      if (is_plain_field(h)) continue;
      const std::int64_t length = simple_length(h);
      if (length < 0 || f.length >= 0) return false;  // llhttp refuses a second one
      f.length = length;
    }
    return f.length >= 0;
  }

  // The lines go to the engine in order, as if llhttp had accepted each; the body follows
  // in kCounted.
  FeedResult step_simple(std::size_t& pos, const std::uint32_t* line_end, const LineSlot* lines,
                         std::size_t n, const SimpleFacts& f) {
    const std::size_t base = pos;
    clear_framing();  // what llhttp's message start does
    status_line_done = true;
    status = f.status.code;
    major = 1;
    minor = f.status.minor;
    final_headers = true;
    content_length = f.length;
    for (std::size_t i = 0; i < n; ++i) {
      pos = base + line_end[i];
      if (!deliver(lines[i].line)) return abort(pos);
    }
    body_left = f.length;
    mode = body_left > 0 && !cut_short ? Mode::kCounted : Mode::kDone;
    if (mode == Mode::kDone) return complete(pos);
    return {ParseState::kNeedMore, pos, Status::ok()};
  }

  // Lines [first, last) of the block at data + base go through llhttp, in one call unless a
  // line holds a stray CR (stray_cr): llhttp reads such a line up to that CR, then a CRLF.
  // The lines it accepted are handed on, in order, before an error is reported. kNeedMore
  // with the position after them when all were taken.
  FeedResult check_run(const char* data, std::size_t base, const std::uint32_t* line_end,
                       const LineSlot* lines, std::size_t first, std::size_t last) {
    const std::size_t from = first == 0 ? 0 : line_end[first - 1];
    const char* run = data + base + from;
    const std::size_t size = line_end[last - 1] - from;
    // llhttp pauses only at a section's end (a bodiless message is complete, an upgrade);
    // valid marks how far it accepted the bytes.
    std::size_t valid = size;
    bool failed = false;
    llhttp_errno_t err = HPE_OK;
    for (std::size_t i = first, at = 0; i < last && valid == size;) {
      std::size_t j = i, cut = std::string_view::npos;
      while (j < last && (cut = stray_cr(lines[j].line)) == std::string_view::npos) ++j;
      const std::size_t whole_end = (j == first ? from : line_end[j - 1]) - from;
      if (whole_end > at) execute(run + at, whole_end - at, at, valid, failed, err);
      if (j == last || valid != size) break;
      at = whole_end;
      execute(run + at, cut, at, valid, failed, err);
      if (valid == size) {
        static constexpr char kCrlf[] = "\r\n";
        const std::size_t line_size = lines[j].line.raw.size();
        execute(kCrlf, 2, 0, valid, failed, err);
        // Stopped after the stand-in's LF, llhttp took the line (a pause at a section's
        // end); anywhere before it, not.
        if (valid != size) valid = at + (valid == 2 ? line_size : cut);
      }
      at = line_end[j] - from;
      i = j + 1;
    }
    std::size_t done = from;
    std::size_t i = first;
    for (; i < last && line_end[i] - from <= valid; ++i) {
      if (refused_status(lines[i].line)) return refuse_code(base + done);
      done = line_end[i];
      if (!deliver(lines[i].line)) return abort(base + done);
    }
    if (failed) return fail(base + done, i < last ? header_error(lines[i].line.raw, err) : map_error(err));
    return {ParseState::kNeedMore, base + done, Status::ok()};
  }
  // One llhttp call over n bytes at p, which start at offset `at` of a run: on a pause or
  // an error, `valid` becomes the offset it stopped at; a pause is resumed.
  void execute(const char* p, std::size_t n, std::size_t at, std::size_t& valid, bool& failed, llhttp_errno_t& err) {
    err = llhttp_execute(&parser, p, n);
    if (err == HPE_OK) return;
    valid = at + static_cast<std::size_t>(llhttp_get_error_pos(&parser) - p);
    if (err == HPE_PAUSED || err == HPE_PAUSED_UPGRADE) llhttp_resume(&parser);
    else failed = true;
  }
  // The offset of a complete line's first CR when that CR is not the one right before its
  // LF, npos otherwise. Lenient llhttp would take the byte after such a CR for the line's
  // end, and what follows for another line (the section's end, body bytes); libcurl reads
  // the line to its LF. A clean line has none.
  static std::size_t stray_cr(const HeaderLine& h) {
    if (h.clean) return std::string_view::npos;
    const std::string_view r = h.raw;
    const void* cr = std::memchr(r.data(), '\r', r.size());
    if (!cr) return std::string_view::npos;
    const std::size_t at = static_cast<std::size_t>(static_cast<const char*>(cr) - r.data());
    return at + 2 == r.size() && r.back() == '\n' ? std::string_view::npos : at;
  }

  // A piece that ends at or before the next LF, of a line that may have begun in an
  // earlier read.
  FeedResult step_piece(const char* data, std::size_t len, std::size_t& pos) {
    const char* start = data + pos;
    const void* nl = std::memchr(start, '\n', len - pos);
    std::size_t end = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - data) + 1 : len;
    std::size_t piece = end - pos;
    if (line.size() + piece > kMaxHeaderLine)
      return fail(pos, Status::fail(CURLE_OUT_OF_MEMORY, "Rejected giant header line"));
    if (header_bytes + line.size() + piece > kMaxHeaderTotal)
      return fail(pos, Status::fail(CURLE_RECV_ERROR, "Too large response headers"));

    // libcurl 7.88 ends a header section at any line whose first byte is a CR, whatever
    // follows on it up to its LF: llhttp sees a CRLF for the whole line once it is in.
    const bool led_by_cr = !message_start && (line.empty() ? start[0] == '\r' : line[0] == '\r');
    if (led_by_cr && !nl) {
      line.append(start, piece);
      pos = end;
      return {ParseState::kNeedMore, pos, Status::ok()};
    }
    // A line that may be a hidden one (a Content-Length line, say) waits in `line` until it
    // is known, then either goes to the engine alone or, after all, to llhttp too.
    if (!message_start && !led_by_cr && (holding || line.empty())) {
      const std::string_view p(start, piece);
      const char first = line.empty() ? p[0] : line[0];
      if (may_be_hidden_line(line, p) || (fold_hidden && (first == ' ' || first == '\t'))) {
        line.append(p);
        if (!nl) {
          holding = true;
          pos = end;
          return {ParseState::kNeedMore, pos, Status::ok()};
        }
        if (hidden_line(split_header_line(line), fold_hidden)) {
          holding = false;
          pos = end;
          const HeaderLine h = split_header_line(line);
          verdict_owed = false;
          const bool keep_going = deliver(h);
          end_line();
          if (!keep_going) return abort(pos);
          return {ParseState::kNeedMore, pos, Status::ok()};
        }
        line.resize(line.size() - piece);
      }
      if (holding) {
        // Not hidden after all: llhttp reads what was held, then this piece. The held bytes
        // hold no stray CR (a line with one would be hidden), at most the LF's CR.
        holding = false;
        const llhttp_errno_t held = llhttp_execute(&parser, line.data(), line.size());
        if (held != HPE_OK && held != HPE_PAUSED && held != HPE_PAUSED_UPGRADE)
          return fail(pos, header_error(line, held));
        if (held != HPE_OK) llhttp_resume(&parser);
      }
    }
    // What llhttp reads of this piece: the line up to a stray CR (stray_cr, the same reading
    // step_block gives a whole line), then a CRLF in place of the rest once the LF is in.
    static constexpr char kCrlf[] = "\r\n";
    const char* fed = start;
    std::size_t fed_size = piece;
    bool crlf_after = false;
    if (led_by_cr) {
      fed = kCrlf;
      fed_size = 2;
    } else if (line_cr) {
      fed_size = 0;
      crlf_after = nl != nullptr;
    } else if (const void* cr = std::memchr(start, '\r', piece)) {
      const std::size_t at = static_cast<std::size_t>(static_cast<const char*>(cr) - start);
      if (!(nl && at + 2 == piece)) {
        fed_size = at;
        line_cr = true;
        crlf_after = nl != nullptr;
      }
    }
    llhttp_errno_t err = fed_size > 0 ? llhttp_execute(&parser, fed, fed_size) : HPE_OK;
    if (crlf_after && (err == HPE_OK || err == HPE_PAUSED || err == HPE_PAUSED_UPGRADE)) {
      if (err != HPE_OK) llhttp_resume(&parser);
      fed = kCrlf;
      fed_size = 2;
      err = llhttp_execute(&parser, fed, fed_size);
    }
    const bool failed = err != HPE_OK && err != HPE_PAUSED && err != HPE_PAUSED_UPGRADE;
    // An error llhttp finds only once the line's LF is in (the header section's end) comes
    // after that line, as step_block reports it; any other error comes before it.
    if (failed && !(nl && llhttp_get_error_pos(&parser) == fed + fed_size))
      return fail(pos, header_error(std::string_view(start, piece), err));
    if (err != HPE_OK && !failed) llhttp_resume(&parser);
    if (!nl) {
      line.append(start, piece);
      pos = end;
      return {ParseState::kNeedMore, pos, Status::ok()};
    }
    std::string_view raw(start, piece);
    if (!line.empty()) {
      line.append(start, piece);
      raw = line;
    }
    pos = end;
    const HeaderLine h = split_header_line(raw);
    if (refused_status(h)) {
      end_line();
      return refuse_code(pos);
    }
    verdict_owed = owes_verdict(h, is_plain_field(h));
    const bool keep_going = deliver(h);
    end_line();
    if (!keep_going) return abort(pos);
    if (failed) return fail(pos, map_error(err));
    if (mode == Mode::kDone) return complete(pos);
    return {ParseState::kNeedMore, pos, Status::ok()};
  }
  void end_line() {
    line.clear();
    line_cr = false;
  }

  // Whether llhttp never sees line h: a Content-Length line, a Transfer-Encoding line with
  // a stray CR, or a continuation of a line it did not see or of a status line
  // (after_hidden: hides_fold of the line before).
  static bool hidden_line(const HeaderLine& h, bool after_hidden) {
    return length_line(h) || (after_hidden && h.kind == LineKind::kContinuation) || odd_coding_line(h);
  }
  // is_length_line, for a split line (only a field line can be one).
  static bool length_line(const HeaderLine& h) { return h.kind == LineKind::kField && is_length_line(h.raw); }
  // libcurl reads the codings of a Transfer-Encoding line to its end, a stray CR included
  // ("chunked\rx" is a coding it does not know, and the body is not chunked); llhttp,
  // reading the line up to that CR, would take it for chunked.
  static bool odd_coding_line(const HeaderLine& h) {
    return !h.clean && h.kind == LineKind::kField && is_lowercase_name(h.name, "transfer-encoding") &&
           stray_cr(h) != std::string_view::npos;
  }
  // Whether a continuation of line h is hidden from llhttp (h itself hidden or not). After
  // a status line, lenient llhttp would skip the blanks and read a field or, from a blank
  // one, the section's end; libcurl folds nothing into a status line (see deliver()).
  static bool hides_fold(const HeaderLine& h, bool hidden) { return hidden || h.kind == LineKind::kStatus; }

  // Whether the line made of `held` and then `more` may still turn out one hidden_line
  // hides by its name: what there is of it matches "Content-Length:" or
  // "Transfer-Encoding:" (the rest of the line decides once it is whole).
  static bool may_be_hidden_line(std::string_view held, std::string_view more) {
    return starts_like(held, more, "content-length:") || starts_like(held, more, "transfer-encoding:");
  }
  static bool starts_like(std::string_view held, std::string_view more, std::string_view name) {
    std::size_t i = 0;
    for (const std::string_view part : {held, more})
      for (std::size_t j = 0; j < part.size() && i < name.size(); ++j, ++i)
        if (ascii_lower(part[j]) != name[i]) return false;
    return true;
  }

  // A line of `size` bytes that starts with a CR and is not a bare CRLF (libcurl's blank line).
  static bool cr_led(const char* p, std::size_t size) { return p[0] == '\r' && !(size == 2 && p[1] == '\n'); }

  // A first line llhttp would refuse but libcurl 7.88 takes, given to llhttp as a stand-in
  // while the engine sees the line as it came:
  // - "HTTP/2 NNN" and "HTTP/2.0 NNN" (Debian's libcurl is built with HTTP/2): that code,
  //   version 2.0; other versions ("HTTP/3", "HTTP/2.1") are refused with libcurl's text;
  // - "http/..." in another case, or "HTTP/" and no version: libcurl's prefix check takes
  //   any case but its version scan does not, and it then calls the reply "HTTP/1.0 200";
  // - CURLOPT_HTTP200ALIASES: a line that starts like an alias (compared over the shorter
  //   of the two, any case) is "HTTP/1.0 200" too.
  // Returns the bytes taken: 0 when the line is not complete here or is none of these.
  // `aborted`: the engine refused the line; `error` set: the line is refused.
  std::size_t take_odd_status_line(const char* data, std::size_t len, const curl_slist* aliases, bool& aborted,
                                   Status& error) {
    const void* nl = std::memchr(data, '\n', len);
    if (!nl) return 0;
    const std::string_view l(data, static_cast<std::size_t>(static_cast<const char*>(nl) - data) + 1);
    const bool exact = l.size() >= 5 && l.compare(0, 5, "HTTP/") == 0;
    char stand_in[24] = "HTTP/1.0 200 OK\r\n";
    if (exact && l.size() > 5 && l[5] >= '2' && l[5] <= '9') {
      if (!http2_stand_in(l, stand_in, error)) return error.is_ok() ? 0 : l.size();
      as_http2 = true;
    } else if (exact && l.size() > 5 && (is_digit(l[5]) || l[5] == ' ' || l[5] == '\t' || l[5] == '+' || l[5] == '-')) {
      return 0;  // an HTTP/1.x line (or one libcurl refuses as llhttp does)
    } else if (!(l.size() >= 5 && ascii_iequals(l.substr(0, 5), "HTTP/"))) {
      bool match = false;
      for (const curl_slist* a = aliases; a && !match; a = a->next) {
        if (!a->data) continue;
        const std::size_t n = std::min(std::strlen(a->data), l.size());
        match = ascii_iequals(std::string_view(a->data, n), l.substr(0, n));
      }
      if (!match) return 0;
    }
    if (llhttp_execute(&parser, stand_in, std::strlen(stand_in)) != HPE_OK) return 0;
    any_byte = true;
    HeaderLine h;
    h.raw = l;
    h.kind = LineKind::kStatus;
    aborted = !deliver(h);
    return l.size();
  }
  static bool is_digit(char c) { return c >= '0' && c <= '9'; }
  // Whether the start of a first line, its LF not in yet, may still be a line
  // take_odd_status_line reads: one that begins like "HTTP/" but not like "HTTP/1.x",
  // "HTTP/" in another case, or a line that begins like an alias.
  static bool may_be_odd_line(std::string_view p, const curl_slist* aliases) {
    static constexpr std::string_view kPrefix = "HTTP/";
    const std::size_t n = std::min(p.size(), kPrefix.size());
    if (p.compare(0, n, kPrefix.substr(0, n)) == 0) {
      if (p.size() <= kPrefix.size()) return true;
      const char c = p[kPrefix.size()];
      return !(c == '0' || c == '1' || c == ' ' || c == '\t' || c == '+' || c == '-');
    }
    if (ascii_iequals(p.substr(0, n), kPrefix.substr(0, n))) return true;
    for (const curl_slist* a = aliases; a; a = a->next) {
      if (!a->data) continue;
      const std::size_t m = std::min(std::strlen(a->data), p.size());
      if (ascii_iequals(std::string_view(a->data, m), p.substr(0, m))) return true;
    }
    return false;
  }
  // "HTTP/2 NNN" or "HTTP/2.0 NNN" as "HTTP/1.1 NNN OK"; false with `error` set for a
  // version or code libcurl refuses, false with `error` ok for a line it reads otherwise.
  // The short form's code is any number to libcurl ("HTTP/2 20" is a 20): llhttp then
  // reads a 200 and `code_override` carries the real one.
  bool http2_stand_in(std::string_view l, char (&out)[24], Status& error) {
    const char major = l[5];
    std::size_t i = 6;
    char minor = '0';
    const bool short_form = !(i < l.size() && l[i] == '.');
    if (!short_form) {
      if (i + 1 >= l.size() || !is_digit(l[i + 1])) return false;
      minor = l[i + 1];
      i += 2;
    }
    if (i >= l.size() || l[i] != ' ') return false;
    if (major != '2' || minor != '0') {
      // Status keeps a pointer: one immutable text per version, made once.
      static const auto texts = [] {
        std::array<std::array<char, 48>, 100> t{};
        for (int v = 0; v < 100; ++v)
          std::snprintf(t[v].data(), t[v].size(), "Unsupported HTTP version (%d.%d) in response", v / 10, v % 10);
        return t;
      }();
      error = Status::fail(CURLE_UNSUPPORTED_PROTOCOL, texts[(major - '0') * 10 + (minor - '0')].data());
      return false;
    }
    while (i < l.size() && l[i] == ' ') ++i;
    std::size_t n = 0;
    if (short_form) {
      int code = 0;
      while (i + n < l.size() && is_digit(l[i + n]) && code < 100000) code = code * 10 + (l[i + n++] - '0');
      if (n == 0) return false;
      if (code < 100 || code > 999) {
        code_override = code;
        code = 200;
      }
      // Every HTTP/2 answer's first line comes here: no printf on that path.
      static constexpr char kStandIn[] = "HTTP/1.1 NNN OK\r\n";
      std::memcpy(out, kStandIn, sizeof kStandIn);
      out[9] = static_cast<char>('0' + code / 100);
      out[10] = static_cast<char>('0' + code / 10 % 10);
      out[11] = static_cast<char>('0' + code % 10);
      return true;
    }
    while (n < 3 && i + n < l.size() && is_digit(l[i + n])) ++n;
    if (n != 3 || (i + 3 < l.size() && is_digit(l[i + 3])) || l[i] == '0') {
      error = Status::fail(CURLE_UNSUPPORTED_PROTOCOL, "Unsupported response code in HTTP response");
      return false;
    }
    std::snprintf(out, sizeof out, "HTTP/1.1 %.3s OK\r\n", l.data() + i);
    return true;
  }

  // A message's first line whose code libcurl refuses, though llhttp took it. Not only in
  // kHead: a bodiless message (a HEAD's answer) read in one run is kDone by the time its
  // lines are handed on. Never in trailers, where "HTTP/..." is just a line.
  bool refused_status(const HeaderLine& h) const {
    return message_start && h.kind == LineKind::kStatus && !status_code_ok(h.raw);
  }
  // libcurl never takes such a code: the response code stays 0.
  FeedResult refuse_code(std::size_t consumed) {
    status = 0;
    return fail(consumed, Status::fail(CURLE_UNSUPPORTED_PROTOCOL, "Unsupported response code in HTTP response"));
  }

  // One complete line llhttp accepted (or, a plain field, would accept): its facts are
  // noted and the engine sees it. False when the engine aborts.
  bool deliver(const HeaderLine& h) {
    // libcurl 7.88 refuses a NUL byte in a header line.
    if (std::memchr(h.raw.data(), '\0', h.raw.size())) {
      refusal = Status::fail(CURLE_WEIRD_SERVER_REPLY, "Nul byte in header");
      return false;
    }
    // A continuation line right after a status line: libcurl 7.88 folds nothing into a
    // status line. It refuses the line without a colon; with one, it folds the line into
    // the latest header it stored for this request (a 1xx response's), and with none
    // refuses it without a word in ERRORBUFFER.
    if (h.kind == LineKind::kContinuation && after_status) {
      if (!std::memchr(h.raw.data(), ':', h.raw.size())) {
        refusal = Status::fail(CURLE_WEIRD_SERVER_REPLY, "Header without colon");
        return false;
      }
      if (!any_field) {
        refusal = Status::fail(CURLE_BAD_FUNCTION_ARGUMENT, nullptr);
        return false;
      }
    }
    header_bytes += h.raw.size();
    const bool length = length_line(h);
    fold_hidden = hides_fold(h, length || (fold_hidden && h.kind == LineKind::kContinuation) || odd_coding_line(h));
    after_status = h.kind == LineKind::kStatus;
    if (message_start) {  // a 1xx response's headers must not leak into the final one
      clear_tracked();
      message_start = false;
    }
    if (h.kind == LineKind::kField) {
      any_field = true;
      if (length && !note_length(h)) return false;
      track(h);
    }
    if (!ev->on_header_line(h)) return false;
    if (h.kind != LineKind::kBlank) return true;
    message_start = true;
    // The final response's blank line: the body (if any) follows, or the message is
    // already complete.
    if (final_headers && !headers_reported) {
      headers_reported = true;
      if (mode == Mode::kHead) mode = Mode::kBody;
      if (!ev->on_headers_complete()) return false;
      raw_chunks = chunked && ev->wants_raw_chunks();
      if (cut_short) mode = Mode::kDone;
    }
    return true;
  }

  // A Content-Length line, read as libcurl 7.88 reads it: the last one counts, a negative or
  // empty one fails. Interim, 204 and 304 answers have no length to read, and an ignored
  // length (CURLOPT_IGNORE_CONTENT_LENGTH) is not read at all. Two different lengths are
  // refused (libcurl takes the last): which one frames the body is what a request smuggler
  // plays on. False with `refusal` set on a refusal.
  bool note_length(const HeaderLine& h) {
    if (ignore_length || (status >= 100 && status < 200) || status == 204 || status == 304) return true;
    const LengthValue v = read_content_length(h.raw.substr(15));
    if (v.form == LengthForm::kInvalid) {
      refusal = Status::fail(CURLE_WEIRD_SERVER_REPLY, "Invalid Content-Length: value");
      return false;
    }
    if (v.form == LengthForm::kConflict || (length_seen && (v.form != length.form || v.n != length.n))) {
      refusal = Status::fail(CURLE_WEIRD_SERVER_REPLY, "Conflicting Content-Length values");
      return false;
    }
    length_seen = true;
    length = v;
    return true;
  }

  // Whether the connection ends with this message; its headers decide.
  bool closes() const {
    if (stream_framed) return false;
    return needs_eof || conn_close || !(minor >= 1 || major > 1 || conn_keep_alive);
  }
  // The message is complete: whether the connection stays usable needs its headers, which
  // are all noted by now.
  FeedResult complete(std::size_t pos) {
    keep_alive = !cut_short && !closes();
    return {ParseState::kComplete, pos, Status::ok()};
  }
};

ResponseParser::ResponseParser() = default;
ResponseParser::~ResponseParser() = default;

void ResponseParser::reset(bool head_request, bool allow_http09, bool ignore_length) {
  head_request_ = head_request;
  allow_http09_ = allow_http09;
  ignore_length_ = ignore_length;
  stream_framed_ = false;
  if (impl_) {
    impl_->restart(head_request, allow_http09, ignore_length);
    impl_->stream_framed = false;
  }
}

void ResponseParser::frame_by_stream() {
  stream_framed_ = true;
  if (impl_) impl_->stream_framed = true;
}

ResponseParser::Impl& ResponseParser::state() {
  // Made with the first response byte: a transfer still waiting for its answer (possibly
  // one of thousands parked) holds no parser state. Kept afterwards, so a handle's later
  // transfers allocate nothing here.
  if (!impl_) {
    impl_ = std::make_unique<Impl>();
    impl_->restart(head_request_, allow_http09_, ignore_length_);
    impl_->stream_framed = stream_framed_;
  }
  return *impl_;
}

namespace {

// An HTTP/1.x reply starts with "HTTP/"; anything else is an HTTP/0.9 body.
bool looks_like_http09(const char* data, std::size_t len) {
  static constexpr char kPrefix[] = "HTTP/";
  const std::size_t n = len < 5 ? len : 5;
  return std::memcmp(data, kPrefix, n) != 0;
}

}  // namespace

FeedResult ResponseParser::feed(const char* data, std::size_t len, ResponseEvents& ev) {
  Impl& s = state();
  s.ev = &ev;
  if (s.mode == Mode::kDone) return {ParseState::kComplete, 0, Status::ok()};
  if (s.mode == Mode::kFailed)
    return {ParseState::kError, 0, Status::fail(CURLE_RECV_ERROR, "Parser already failed")};
  if (!s.held_first.empty() ||
      (len > 0 && s.mode == Mode::kHead && s.message_start && s.line.empty() && !s.releasing &&
       !std::memchr(data, '\n', len) && Impl::may_be_odd_line(std::string_view(data, len), ev.status_aliases()))) {
    const void* nl = std::memchr(data, '\n', len);
    const std::size_t take = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - data) + 1 : len;
    s.held_first.append(data, take);
    // Held while it may still be an odd line and is no longer than libcurl takes one.
    if (!nl && s.held_first.size() <= kMaxHeaderLine && Impl::may_be_odd_line(s.held_first, ev.status_aliases()))
      return {ParseState::kNeedMore, len, Status::ok()};
    // The held bytes go on in a call of their own (releasing: not held again), as if a read
    // had ended there: the whole line, or the start of one that is no odd line after all.
    const std::string held = std::move(s.held_first);
    s.held_first.clear();
    s.releasing = true;
    const FeedResult first = feed(held.data(), held.size(), ev);
    s.releasing = false;
    if (first.state != ParseState::kNeedMore) {
      const std::size_t before = held.size() - take;
      return {first.state, first.consumed > before ? first.consumed - before : 0, first.error};
    }
    FeedResult rest = feed(data + take, len - take, ev);
    rest.consumed += take;
    return rest;
  }
  std::size_t pos = 0;
  // The common first line, "HTTP/1.", goes straight to llhttp.
  if (s.mode == Mode::kHead && s.message_start && s.line.empty() && len > 0 &&
      (s.as_http2 || !(len >= 7 && std::memcmp(data, "HTTP/1.", 7) == 0))) {
    s.as_http2 = false;  // each message (a 1xx, then the final one) says its own version
    s.code_override = -1;
    bool aborted = false;
    Status error = Status::ok();
    pos = s.take_odd_status_line(data, len, ev.status_aliases(), aborted, error);
    if (!error.is_ok()) return s.fail(0, error);
    if (aborted) return s.abort(pos);
  }
  if (pos == 0 && s.allow_http09 && s.mode == Mode::kHead && !s.any_byte && s.line.empty() && len > 0 &&
      looks_like_http09(data, len)) {
    // A HEAD answered by a bare body is a weird reply to libcurl (curl test 1144).
    // (libcurl leaves ERRORBUFFER empty here.)
    if (s.head_request) return s.fail(0, Status::fail(CURLE_WEIRD_SERVER_REPLY, nullptr));
    s.mode = Mode::kHttp09;
  }
  if (len > 0) s.any_byte = true;
  if (s.mode == Mode::kHttp09) {
    s.body_bytes += static_cast<std::int64_t>(len);
    if (!ev.on_body(data, len)) return s.abort(0);
    return {ParseState::kNeedMore, len, Status::ok()};
  }
  while (pos < len) {
    // A message after an interim one begins inside this read: its first line is read as
    // one at a read's start is, held while unfinished or taken as an odd status line.
    if (pos > 0 && s.mode == Mode::kHead && s.message_start && s.line.empty()) {
      const std::string_view rest(data + pos, len - pos);
      if (rest.find('\n') == std::string_view::npos && Impl::may_be_odd_line(rest, ev.status_aliases())) {
        s.held_first.assign(rest);
        return {ParseState::kNeedMore, len, Status::ok()};
      }
      if (s.as_http2 || rest.compare(0, 7, "HTTP/1.") != 0) {
        s.as_http2 = false;
        s.code_override = -1;
        bool aborted = false;
        Status error = Status::ok();
        const std::size_t took = s.take_odd_status_line(rest.data(), rest.size(), ev.status_aliases(), aborted, error);
        if (!error.is_ok()) return s.fail(pos, error);
        if (aborted) return s.abort(pos + took);
        pos += took;
        if (took > 0) continue;
      }
    }
    if (s.mode == Mode::kHead) {
      FeedResult r = s.step_lines(data, len, pos);
      if (r.state != ParseState::kNeedMore) return r;
      continue;
    }
    if (s.mode == Mode::kCounted) {
      const std::size_t take = static_cast<std::size_t>(
          std::min<std::int64_t>(s.body_left, static_cast<std::int64_t>(len - pos)));
      s.body_left -= static_cast<std::int64_t>(take);
      s.body_bytes += static_cast<std::int64_t>(take);
      if (!ev.on_body(data + pos, take)) return s.abort(pos);
      pos += take;
      if (s.body_left > 0) continue;
      s.mode = Mode::kDone;
      return s.complete(pos);
    }
    // Body: the chunk decoder or llhttp hands out pieces of data itself, so no copy happens.
    if (s.chunked) {
      FeedResult r = s.step_chunks(data, len, pos);
      if (r.state != ParseState::kNeedMore) return r;
      continue;
    }
    llhttp_errno_t err = llhttp_execute(&s.parser, data + pos, len - pos);
    if (err != HPE_OK && err != HPE_PAUSED && err != HPE_PAUSED_UPGRADE)
      return s.aborted ? s.abort(pos) : s.fail(pos, s.map_error(err));
    const std::size_t end = err == HPE_OK ? len : static_cast<std::size_t>(llhttp_get_error_pos(&s.parser) - data);
    if (err == HPE_OK) {
      pos = len;
      break;
    }
    pos = end;
    llhttp_resume(&s.parser);
    if (s.mode == Mode::kDone) return s.complete(pos);
  }
  return {ParseState::kNeedMore, pos, Status::ok()};
}

FeedResult ResponseParser::finish(ResponseEvents& ev) {
  Impl& s = state();
  s.ev = &ev;
  // A first line held for its LF that never came: read as it is, as if it had come whole.
  if (!s.held_first.empty()) {
    const std::string held = std::move(s.held_first);
    s.held_first.clear();
    s.releasing = true;
    const FeedResult r = feed(held.data(), held.size(), ev);
    s.releasing = false;
    if (r.state != ParseState::kNeedMore) return {r.state, 0, r.error};
  }
  switch (s.mode) {
    case Mode::kDone:
      return {ParseState::kComplete, 0, Status::ok()};
    case Mode::kHttp09:
      s.mode = Mode::kDone;
      s.keep_alive = false;
      return {ParseState::kComplete, 0, Status::ok()};
    case Mode::kFailed:
      return {ParseState::kError, 0, Status::fail(CURLE_RECV_ERROR, "Parser already failed")};
    case Mode::kHead:
      // An interim 1xx reply counts for nothing (libcurl deducts its header bytes): EOF
      // before a line of the next message is no reply at all (curl test 158).
      if (!s.any_byte || !s.status_line_done || s.message_start)
        return s.fail(0, Status::fail(CURLE_GOT_NOTHING, "Empty reply from server"));
      // Framing that complete header lines promised still binds when the close comes before
      // the blank line: libcurl 7.88 checks the length, or the chunks, at the end all the same.
      // A length counts first, whatever coding stands beside it (once the head is whole, a
      // coding cancels it); then chunked framing (scenario 243).
      if (!s.head_request && s.status >= 200 && s.status != 204 && s.status != 304) {
        if (s.length_seen && s.length.form != LengthForm::kOverflow && s.length.n > 0) {
          s.content_length = s.length.n;
          return s.fail(0, Status::fail(CURLE_PARTIAL_FILE, "The connection closed before the whole body arrived"));
        }
        if (last_coding_is_chunked(s.transfer_encoding)) {
          s.chunked = true;
          return s.fail(0, Status::fail(CURLE_PARTIAL_FILE, "transfer closed with outstanding read data remaining"));
        }
      }
      // Otherwise libcurl 7.88 ends such a response quietly once the status line was complete.
      s.mode = Mode::kDone;
      s.keep_alive = false;
      s.status = llhttp_get_status_code(&s.parser);
      s.set_version(&s.parser);
      if (s.as_http2 && s.code_override >= 0) s.status = s.code_override;
      if (!s.headers_reported) {
        s.headers_reported = true;
        if (!ev.on_headers_complete()) return s.abort(0);
      }
      return {ParseState::kComplete, 0, Status::ok()};
    case Mode::kBody:
      if (s.needs_eof) {
        llhttp_finish(&s.parser);
        s.mode = Mode::kDone;
        s.keep_alive = s.stream_framed && !s.cut_short;
        return {ParseState::kComplete, 0, Status::ok()};
      }
      [[fallthrough]];
    case Mode::kCounted:
      // libcurl's text for a chunked body cut short (of any part of its framing).
      if (s.chunked)
        return s.fail(0, Status::fail(CURLE_PARTIAL_FILE, "transfer closed with outstanding read data remaining"));
      return s.fail(0, Status::fail(CURLE_PARTIAL_FILE,
                                    "The connection closed before the whole body arrived"));
  }
  return {ParseState::kError, 0, Status::fail(CURLE_RECV_ERROR, "unreachable")};
}

// Before the first byte every fact is its "nothing received" value.
int ResponseParser::status_code() const { return impl_ ? impl_->status : 0; }
int ResponseParser::http_minor() const { return impl_ ? impl_->minor : 0; }
int ResponseParser::http_major() const { return impl_ ? impl_->major : 0; }
bool ResponseParser::keep_alive() const { return impl_ && impl_->keep_alive; }
bool ResponseParser::closes_connection() const { return impl_ && impl_->closes(); }
void ResponseParser::end_after_headers() {
  if (impl_) impl_->cut_short = true;
}
std::int64_t ResponseParser::content_length() const { return impl_ ? impl_->content_length : -1; }
bool ResponseParser::length_overflowed() const { return impl_ && impl_->length_overflow; }
bool ResponseParser::chunked() const { return impl_ && impl_->chunked; }
bool ResponseParser::raw_chunks() const { return impl_ && impl_->raw_chunks; }
std::string_view ResponseParser::content_type() const { return impl_ ? std::string_view(impl_->content_type) : std::string_view(); }
std::string_view ResponseParser::transfer_encoding() const {
  return impl_ ? std::string_view(impl_->transfer_encoding) : std::string_view();
}

std::string_view ResponseParser::content_encoding() const {
  return impl_ ? std::string_view(impl_->content_encoding) : std::string_view();
}
std::string_view ResponseParser::location() const { return impl_ ? std::string_view(impl_->location) : std::string_view(); }
std::size_t ResponseParser::header_bytes() const { return impl_ ? impl_->header_bytes : 0; }
bool ResponseParser::any_byte_received() const { return impl_ && impl_->any_byte; }
std::int64_t ResponseParser::body_bytes() const { return impl_ ? impl_->body_bytes : 0; }

}  // namespace xfer::http
