// Fuzz target: Alt-Svc header values and alt-svc file text, then lookups and the file written back.
#include <cstddef>
#include <cstdint>
#include <ctime>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "http/altsvc.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using xfer::http::AltsvcAlpn;
  FuzzInput in(data, size);
  const unsigned char mode = in.byte();
  const std::string_view text(in.rest(), in.rest_size());
  const std::time_t now = 1700000000;
  static constexpr AltsvcAlpn kAlpns[] = {AltsvcAlpn::h1, AltsvcAlpn::h2, AltsvcAlpn::h3, AltsvcAlpn::none};

  xfer::http::AltsvcCache cache;
  if (mode & 1) {
    cache.load_text(text);
  } else {
    std::size_t at = 0;
    for (unsigned n = 0; at <= text.size(); ++n) {
      const std::size_t nl = text.find('\n', at);
      const std::string_view line = text.substr(at, nl == std::string_view::npos ? std::string_view::npos : nl - at);
      (void)cache.parse_header(line, kAlpns[(mode / 2 + n) % 3], (n & 1) ? "example.com" : "example.com.", 443, now);
      if (nl == std::string_view::npos) break;
      at = nl + 1;
    }
  }
  const unsigned all = 0x38;
  for (const AltsvcAlpn a : kAlpns) (void)cache.lookup(a, "EXAMPLE.com", 443, all, now);
  (void)cache.lookup("example.com", 443, all, now + 100000);
  (void)xfer::http::altsvc_alpn_from_name(text.substr(0, 4));
  for (const auto& e : cache.entries()) {
    (void)xfer::http::altsvc_alpn_name(e.src_alpn);
    (void)xfer::http::altsvc_alpn_name(e.dst_alpn);
  }
  // What the cache writes it reads back to the same text.
  if (const auto saved = cache.write_text()) {
    xfer::http::AltsvcCache again;
    again.load_text(*saved);
    const auto resaved = again.write_text();
    FUZZ_CHECK(resaved.has_value());
    (void)resaved;
  }
  return 0;
}
