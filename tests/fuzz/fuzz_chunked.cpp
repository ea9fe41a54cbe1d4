// Fuzz target: chunked framing, read by ChunkSkipper and by the response parser, split anywhere.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "http/chunk_skipper.h"
#include "parser_runs.h"

namespace {

struct Skip {
  std::size_t used = 0;
  bool done = false;
  bool bad = false;
};

// Feeds body in pieces of `step` bytes (0: whole) until the skipper stops taking bytes.
Skip skip(std::string_view body, std::size_t step) {
  xfer::http::ChunkSkipper s;
  Skip r;
  if (step == 0) step = body.size() ? body.size() : 1;
  for (std::size_t at = 0; at < body.size(); at += step) {
    const std::size_t n = std::min(step, body.size() - at);
    const std::size_t took = s.feed(body.data() + at, n);
    FUZZ_CHECK(took <= n);
    r.used += took;
    if (took < n) {
      FUZZ_CHECK(s.done() || s.bad());
      break;
    }
    if (s.done() || s.bad()) break;
  }
  r.done = s.done();
  r.bad = s.bad();
  FUZZ_CHECK(!(r.done && r.bad));
  return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzInput in(data, size);
  const unsigned char flags = in.byte();
  const unsigned char extra = in.byte();
  const std::string_view body(in.rest(), in.rest_size());

  const Skip whole = skip(body, 0);
  for (std::size_t step : {std::size_t{1}, std::size_t{2}, std::size_t{3}, std::size_t{7}, static_cast<std::size_t>(extra % 32 + 1)}) {
    const Skip s = skip(body, step);
    FUZZ_CHECK(s.done == whole.done);
    FUZZ_CHECK(s.bad == whole.bad);
    if (!whole.bad) FUZZ_CHECK(s.used == whole.used);
  }

  // The parser's chunked path gets the same bytes after a chunked header section.
  static constexpr std::string_view kHead = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
  std::string response(kHead);
  response.append(body);
  fuzz::ParseSetup setup = fuzz::ParseSetup::from_byte(flags & ~1u & ~2u & ~32u & ~64u, extra);
  const fuzz::ParseOutcome o = fuzz::parse_every_split(response, setup, extra);
  FUZZ_CHECK(o.chunked);
  // Decoded body bytes are the ones counted; raw chunks also hand on their framing, and
  // the chunk data among them is what counts.
  if (!setup.raw_chunks || !o.chunked) FUZZ_CHECK(o.body_seen == o.body_bytes);
  else FUZZ_CHECK(o.chunk_data == o.body_bytes);
  // Where both find the body's end they must agree on it: a CONNECT's 407 answer is
  // skipped with ChunkSkipper and the next request goes on the same connection. Both read
  // the framing with ChunkDecoder, so where one ends, so does the other (unless the parser
  // stopped earlier, on a trailer line the engine refuses).
  if (o.state == xfer::http::ParseState::kComplete && whole.done)
    FUZZ_CHECK(whole.used + kHead.size() == o.consumed);
  if (o.state == xfer::http::ParseState::kComplete) FUZZ_CHECK(whole.done);
  return 0;
}
