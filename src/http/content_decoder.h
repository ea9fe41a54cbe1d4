// ContentDecoder: undoes a response's Content-Encoding (gzip, deflate, br, zstd) for
// CURLOPT_ACCEPT_ENCODING.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string_view>

#include "util/status.h"

namespace xfer::http {

class ContentDecoder {
 public:
  ContentDecoder();
  ~ContentDecoder();
  ContentDecoder(const ContentDecoder&) = delete;
  ContentDecoder& operator=(const ContentDecoder&) = delete;

  // The Content-Encoding value of a response: a comma-separated list of codings applied by
  // the server in that order, so they are undone in reverse; "identity" (and "none") is
  // ignored. As in libcurl 7.88, only more than 5 codings fail here (CURLE_BAD_CONTENT_ENCODING,
  // at header time, even with HTTP_CONTENT_DECODING off); a coding xfer cannot undo is
  // reported by the first feed() that carries bytes, so an empty body still succeeds.
  Status init(std::string_view content_encoding);
  // The same for a body that also carries transfer codings (a Transfer-Encoding value;
  // "chunked" is framing, left to the parser): those were applied last, so they are
  // undone first, as libcurl stacks them.
  Status init(std::string_view content_encoding, std::string_view transfer_encoding);
  bool active() const;  // something to decode (or an unknown coding to report)

  // What an empty CURLOPT_ACCEPT_ENCODING offers: every coding this decoder undoes, in
  // libcurl's order and spelling ("deflate, gzip, br, zstd" in Debian's libcurl 7.88).
  static const char* built_in_codings();

  // How many codings libcurl counts in one Content-Encoding header value (identity and
  // unknown names included). libcurl sums this over all Content-Encoding lines of a response
  // and, past 5, fails with CURLE_BAD_CONTENT_ENCODING while reading that line, before the
  // header callback sees it, even with HTTP_CONTENT_DECODING off.
  static std::size_t coding_count(std::string_view content_encoding);
  // The codings of a Transfer-Encoding value other than "chunked" (which is framing); libcurl
  // counts them against the same cap of 5 as content codings.
  static std::size_t transfer_coding_count(std::string_view transfer_encoding);

  // Decodes in (any split), calling out(data, len) for each decoded piece (at most 16 KiB,
  // from buffers allocated once per decoder; each coding's own state is bounded by its
  // stream's window, never by the body's length). Errors: out returning false ->
  // CURLE_WRITE_ERROR with no reason (the caller keeps its own); corrupt data or unknown
  // coding -> CURLE_BAD_CONTENT_ENCODING with libcurl's ERRORBUFFER text (zlib's message;
  // none for br and zstd, whose failures libcurl reports by code alone, and a few brotli
  // errors libcurl reports as CURLE_WRITE_ERROR); bytes after the end of a gzip, deflate or
  // br stream -> CURLE_WRITE_ERROR with no reason (libcurl leaves ERRORBUFFER empty), while
  // zstd reads them as the next frame.
  Status feed(const char* in, std::size_t len,
              const std::function<bool(const char*, std::size_t)>& out);

  // End of body. libcurl 7.88 accepts a compressed stream (any coding) cut short once the HTTP framing
  // is complete (the bytes decoded so far stay delivered), so this succeeds; it exists so
  // a stricter policy has one place to live.
  Status finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace xfer::http
