// ResponseParser: incremental HTTP/1.x response parsing over llhttp, raw header lines preserved.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "http/header_line.h"
#include "util/status.h"

struct curl_slist;

namespace xfer::http {

class ResponseEvents {  // implemented by the engine's transfer
 public:
  virtual ~ResponseEvents() = default;
  // Each raw header line exactly as received including its CRLF (or bare LF): the status
  // line, every header line, the blank line; also for 1xx responses and for trailers of
  // chunked bodies; split into kind, name and value once for every consumer. Return false
  // to abort (-> kAborted).
  virtual bool on_header_line(const HeaderLine& line) = 0;
  // Called once the final (non-1xx) response's header section is complete.
  virtual bool on_headers_complete() = 0;
  // Body bytes after transfer decoding (chunked removed); pointers point INTO the buffer
  // given to feed() (no copy). Return false to abort.
  virtual bool on_body(const char* data, std::size_t len) = 0;
  // CURLOPT_HTTP200ALIASES: first lines that stand for "HTTP/1.0 200" ("ICY 200 OK").
  virtual const curl_slist* status_aliases() const { return nullptr; }
  // HTTP_TRANSFER_DECODING 0: a chunked body reaches on_body as it came, chunk framing and
  // trailers included (no on_header_line for trailers then).
  virtual bool wants_raw_chunks() const { return false; }
  // With raw chunks: the size of each piece of chunk data within them, which is what
  // libcurl counts as downloaded.
  virtual void on_chunk_data(std::size_t len) { (void)len; }
};

enum class ParseState { kNeedMore, kComplete, kError, kAborted };

struct FeedResult {
  ParseState state;
  std::size_t consumed;
  Status error;
};

class ResponseParser {
 public:
  ResponseParser();
  ~ResponseParser();
  ResponseParser(const ResponseParser&) = delete;
  ResponseParser& operator=(const ResponseParser&) = delete;

  // Before each response; HEAD -> no body expected. allow_http09: a reply without a status
  // line is taken as an HTTP/0.9 body (CURLOPT_HTTP09_ALLOWED) instead of an error.
  // ignore_length: Content-Length frames nothing and is reported as unknown, so a body
  // that is not chunked ends at close (CURLOPT_IGNORE_CONTENT_LENGTH).
  void reset(bool head_request, bool allow_http09 = false, bool ignore_length = false);
  // After reset: the response is an HTTP/2 stream's, fed as the lines H2Session renders;
  // finish() at END_STREAM ends a body without Content-Length, and the connection stays
  // usable (keep_alive, never closes_connection).
  void frame_by_stream();
  FeedResult feed(const char* data, std::size_t len, ResponseEvents& ev);
  // The peer closed the connection: completes a close-delimited body, otherwise reports
  // CURLE_PARTIAL_FILE, CURLE_GOT_NOTHING or CURLE_WEIRD_SERVER_REPLY as libcurl does.
  FeedResult finish(ResponseEvents& ev);

  int status_code() const;  // final response code (after 1xx)
  int http_minor() const;
  int http_major() const;
  bool keep_alive() const;  // connection reusable after this response
  // The connection carries no message after this one (Connection: close, HTTP/1.0 without
  // keep-alive, a body only EOF ends). Known once the headers are complete.
  bool closes_connection() const;
  // From on_headers_complete: the message ends with its headers, its body left unread (and
  // the connection unusable). libcurl does so for a redirect it follows on a connection
  // that closes anyway, so a server that keeps such a connection open cannot stall it.
  void end_after_headers();
  std::int64_t content_length() const;  // -1 if unknown
  // The last error was a Content-Length too large for a 64-bit count (libcurl fails such
  // a reply only when CURLOPT_MAXFILESIZE is set).
  bool length_overflowed() const;
  bool chunked() const;
  bool raw_chunks() const;  // this body goes to on_body with its chunk framing
  std::string_view content_type() const;  // value, empty if none
  // Content-Encoding of the final response, several lines joined with ", "; empty if none.
  std::string_view content_encoding() const;
  // Transfer-Encoding of the final response, the same way ("chunked" included).
  std::string_view transfer_encoding() const;
  std::string_view location() const;      // value, empty if none
  std::size_t header_bytes() const;  // total header bytes (all lines incl. 1xx, CRLFs)
  bool any_byte_received() const;
  // Body bytes delivered so far (after transfer decoding).
  std::int64_t body_bytes() const;

 private:
  struct Impl;
  Impl& state();
  std::unique_ptr<Impl> impl_;
  bool head_request_ = false;
  bool allow_http09_ = false;
  bool ignore_length_ = false;
  bool stream_framed_ = false;
};

}  // namespace xfer::http
