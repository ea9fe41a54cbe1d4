// Fuzz target: Content-Encoding decoding (gzip, deflate, br, zstd and stacks of them) under any split, output capped.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "http/content_decoder.h"

namespace {

// Past this much output a run stops (as a write callback would refuse it): a small input may
// expand a thousandfold, and the fuzzer's memory limit is no place to learn that.
constexpr std::size_t kOutputCap = 1 << 20;
constexpr std::size_t kMaxPiece = 16 * 1024;

struct Decoded {
  CURLcode code = CURLE_OK;
  std::string out;
  bool capped = false;
};

Decoded decode(std::string_view coding, std::string_view transfer, std::string_view body, std::size_t step) {
  Decoded d;
  xfer::http::ContentDecoder dec;
  xfer::Status st = transfer.empty() ? dec.init(coding) : dec.init(coding, transfer);
  const auto sink = [&](const char* p, std::size_t n) {
    FUZZ_CHECK(n > 0 && n <= kMaxPiece);
    if (d.out.size() + n > kOutputCap) {
      d.capped = true;
      return false;
    }
    d.out.append(p, n);
    return true;
  };
  if (step == 0) step = std::max<std::size_t>(body.size(), 1);
  for (std::size_t at = 0; st && at < body.size(); at += step)
    st = dec.feed(body.data() + at, std::min(step, body.size() - at), sink);
  if (st) st = dec.finish();
  d.code = st.code;
  return d;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzInput in(data, size);
  static constexpr std::string_view kCodings[] = {
      "gzip", "deflate", "br", "zstd", "x-gzip", "gzip, br", "deflate, zstd", "br, gzip",
      "identity", "gzip, gzip", "zstd, zstd, br", "compress", "", "GZIP", "identity, deflate", "br,zstd,gzip,deflate"};
  static constexpr std::string_view kTransfer[] = {"", "", "gzip", "chunked", "deflate, chunked", "br", "zstd", "x"};
  const unsigned char pick = in.byte();
  const unsigned char split = in.byte();
  const std::string_view coding = kCodings[pick % 16];
  const std::string_view transfer = kTransfer[(pick >> 4) % 8];
  const std::string_view body(in.rest(), in.rest_size());

  const bool stacked = coding.find(',') != std::string_view::npos || (!transfer.empty() && transfer != "chunked");
  const Decoded whole = decode(coding, transfer, body, 0);
  for (const std::size_t step : {std::size_t{1}, static_cast<std::size_t>(split % 64 + 2)}) {
    if (step == 1 && body.size() > 4096) continue;  // byte by byte only for short inputs
    const Decoded d = decode(coding, transfer, body, step);
    if (whole.capped || d.capped) continue;  // where output stopped depends on the pieces
    // Stacked codings: an outer stage's bytes reach the inner one sooner in small pieces,
    // so which stage reports a corrupt stream first depends on them (in libcurl too).
    if (stacked) FUZZ_CHECK((d.code == CURLE_OK) == (whole.code == CURLE_OK));
    else FUZZ_CHECK(d.code == whole.code);
    // A corrupt stream fails in the decoder call that meets the damage, and what that call
    // produced is dropped (as libcurl drops it): how much came out before depends on the
    // pieces, but it is the same stream's start.
    if (d.code == CURLE_OK) {
      FUZZ_CHECK(d.out == whole.out);
    } else {
      const std::size_t n = std::min(d.out.size(), whole.out.size());
      FUZZ_CHECK(d.out.compare(0, n, whole.out, 0, n) == 0);
    }
  }
  return 0;
}
