// Fuzz target: the HTTP/1 response parser, whose outcome must not depend on how the bytes were split.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.h"
#include "parser_runs.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzInput in(data, size);
  const unsigned char flags = in.byte();
  const unsigned char extra = in.byte();
  const fuzz::ParseSetup setup = fuzz::ParseSetup::from_byte(flags, extra);
  const std::string_view response(in.rest(), in.rest_size());
  const fuzz::ParseOutcome o = fuzz::parse_every_split(response, setup, extra);

  using xfer::http::ParseState;
  // Decoded body bytes are the ones counted; raw chunks also hand on their framing, and
  // the chunk data among them is what counts.
  if (!setup.raw_chunks || !o.chunked) FUZZ_CHECK(o.body_seen == o.body_bytes);
  else FUZZ_CHECK(o.chunk_data == o.body_bytes);
  // A complete message with a length carried exactly that many body bytes.
  if (o.state == ParseState::kComplete && !setup.head && o.content_length >= 0 && !o.chunked &&
      o.status != 204 && o.status != 304)
    FUZZ_CHECK(o.body_bytes == o.content_length);
  if (o.state == ParseState::kComplete) FUZZ_CHECK(o.header_bytes <= o.consumed || setup.eof);
  return 0;
}
