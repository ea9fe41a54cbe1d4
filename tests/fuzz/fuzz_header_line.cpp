// Fuzz target: header-line splitting (its vector paths against a byte-at-a-time reading) and plain-field routing.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "http/header_line.h"
#include "parser_runs.h"

namespace {

using xfer::http::HeaderLine;
using xfer::http::LineKind;

bool blank(char c) { return c == ' ' || c == '\t'; }

// split_header_line's documented rules, one byte at a time and without shortcuts.
HeaderLine reference_split(std::string_view raw) {
  HeaderLine h;
  h.raw = raw;
  if (raw.empty()) return h;
  if (raw[0] == '\r' || raw[0] == '\n') {
    h.kind = LineKind::kBlank;
    return h;
  }
  if (raw.substr(0, 5) == "HTTP/") {
    h.kind = LineKind::kStatus;
    return h;
  }
  if (blank(raw[0])) {
    h.kind = LineKind::kContinuation;
    return h;
  }
  const auto set_field = [&](std::size_t colon, std::size_t end) {
    std::size_t v = colon + 1;
    while (v < end && blank(raw[v])) ++v;
    std::size_t stop = end;
    while (stop > v + 1 && xfer::http::is_header_space(raw[stop - 1])) --stop;
    h.kind = LineKind::kField;
    h.name = raw.substr(0, colon);
    h.value = raw.substr(v, stop - v);
  };
  const std::size_t n = raw.size();
  if (n >= 2 && raw[n - 2] == '\r' && raw[n - 1] == '\n') {
    bool control = false;
    for (std::size_t i = 0; i + 2 < n; ++i) {
      const unsigned char c = static_cast<unsigned char>(raw[i]);
      if ((c < 0x20 && c != '\t') || c == 0x7f) control = true;
    }
    if (!control) {
      h.clean = true;
      const std::size_t colon = raw.substr(0, n - 2).find(':');
      if (colon != std::string_view::npos && colon > 0) set_field(colon, n - 1);
      return h;
    }
  }
  std::size_t term = raw.find('\r');
  if (term == std::string_view::npos) term = raw.find('\n');
  const std::size_t end = term == std::string_view::npos ? n : term + 1;
  const std::size_t colon = raw.substr(0, term == std::string_view::npos ? end : end - 1).find(':');
  if (colon == std::string_view::npos || colon == 0) return h;
  if (term != std::string_view::npos && raw[term] == '\r' && raw.substr(0, colon).find('\n') != std::string_view::npos)
    return h;
  set_field(colon, end);
  return h;
}

bool same_view(std::string_view a, std::string_view b) {
  return a.size() == b.size() && (a.empty() || a.data() == b.data());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // The line sits in a buffer of its exact size: the 16-byte loads must stay inside it.
  const std::string_view raw(reinterpret_cast<const char*>(data), size);
  const HeaderLine h = xfer::http::split_header_line(raw);
  const HeaderLine r = reference_split(raw);
  FUZZ_CHECK(h.kind == r.kind);
  FUZZ_CHECK(h.clean == r.clean);
  FUZZ_CHECK(same_view(h.raw, raw));
  FUZZ_CHECK(same_view(h.name, r.name));
  FUZZ_CHECK(same_view(h.value, r.value));

  // A plain field is kept away from llhttp when a whole block arrives at once, and goes
  // through llhttp when bytes come one at a time: the two must read the same response.
  if (xfer::http::is_plain_field(h)) {
    for (const char c : h.name) FUZZ_CHECK(c != ':' && static_cast<unsigned char>(c) > 0x20);
    std::string response = "HTTP/1.1 200 OK\r\n";
    response.append(raw);
    response += "X-After: 1\r\nContent-Length: 2\r\n\r\nok";
    const fuzz::ParseSetup setup;
    const fuzz::ParseOutcome o = fuzz::parse_every_split(response, setup, 0);
    FUZZ_CHECK(o.state == xfer::http::ParseState::kComplete);
    FUZZ_CHECK(o.status == 200);
    FUZZ_CHECK(o.body_bytes == 2);
  }

  // Every item of a list lies inside it, blanks trimmed.
  std::size_t items = 0;
  xfer::http::each_list_item(raw, [&](std::string_view item) {
    ++items;
    FUZZ_CHECK(item.empty() || (item.data() >= raw.data() && item.data() + item.size() <= raw.data() + raw.size()));
    FUZZ_CHECK(item.empty() || (!blank(item.front()) && !blank(item.back())));
    return true;
  });
  std::size_t commas = 0;
  for (const char c : raw) commas += c == ',';
  FUZZ_CHECK(items == commas + 1);
  return 0;
}
