// Fuzz target: Strict-Transport-Security values and HSTS file text, then lookups and the file written back.
#include <cstddef>
#include <cstdint>
#include <ctime>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "http/hsts.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzInput in(data, size);
  const unsigned char mode = in.byte();
  const std::string_view text(in.rest(), in.rest_size());
  const std::time_t now = 1700000000;
  static constexpr std::string_view kHosts[] = {"example.com", "a.example.com", "127.0.0.1", "localhost."};

  xfer::http::HstsCache cache;
  if (mode & 1) {
    cache.load_text(text, now);
  } else {
    // Each line a header value from a host; the host list makes subdomain matches likely.
    std::size_t at = 0;
    for (unsigned n = 0; at <= text.size(); ++n) {
      const std::size_t nl = text.find('\n', at);
      const std::string_view line = text.substr(at, nl == std::string_view::npos ? std::string_view::npos : nl - at);
      (void)cache.parse_header(kHosts[(mode / 2 + n) % 4], line, now);
      if (nl == std::string_view::npos) break;
      at = nl + 1;
    }
  }
  for (const std::string_view h : kHosts) (void)cache.lookup(h, now);
  (void)cache.lookup(text.substr(0, 300), now);
  (void)cache.find(text.substr(0, 64), true, now + 1000);
  (void)cache.add_record(text.substr(0, 40), mode & 2, text.size() > 40 ? text.substr(40, 20) : std::string_view());
  for (std::size_t i = 0; i < cache.size(); ++i) (void)cache.record(i);

  // What the cache writes it reads back to the same entries.
  if (const auto saved = cache.write_text()) {
    xfer::http::HstsCache again;
    again.load_text(*saved, now);
    const auto resaved = again.write_text();
    FUZZ_CHECK(resaved.has_value());
    (void)resaved;
  }
  return 0;
}
