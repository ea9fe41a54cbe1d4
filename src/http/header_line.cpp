// Splitting a raw header line into kind, name and value (libcurl's trimming rules).
#include "http/header_line.h"

#include <cstring>

namespace xfer::http {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }

}  // namespace

HeaderLine split_header_line(std::string_view raw) {
  HeaderLine h;
  h.raw = raw;
  if (raw.empty()) return h;
  const char first = raw.front();
  if (first == '\r' || first == '\n') {
    h.kind = LineKind::kBlank;
    return h;
  }
  if (first == 'H' && raw.substr(0, 5) == "HTTP/") {
    h.kind = LineKind::kStatus;
    return h;
  }
  if (is_blank(first)) {
    h.kind = LineKind::kContinuation;
    return h;
  }
  // The line ends at its first CR (or LF); libcurl keeps that byte in the value and lets
  // trimming remove it, which is why an empty value reads "\r". The name is what comes
  // before the first colon of that stretch. Two memchr calls beat a byte loop here: this
  // runs for every header of every response.
  const char* data = raw.data();
  const void* term = std::memchr(data, '\r', raw.size());
  if (!term) term = std::memchr(data, '\n', raw.size());
  const std::size_t end = term ? static_cast<std::size_t>(static_cast<const char*>(term) - data) + 1
                               : raw.size();
  const void* colon_at = std::memchr(data, ':', term ? end - 1 : end);
  if (!colon_at) return h;  // the line ended before any colon
  const std::size_t colon = static_cast<std::size_t>(static_cast<const char*>(colon_at) - data);
  if (colon == 0) return h;
  if (term && *static_cast<const char*>(term) == '\r' && std::memchr(data, '\n', colon)) return h;
  std::size_t v = colon + 1;
  while (v < end && is_blank(raw[v])) ++v;
  std::size_t stop = end;
  while (stop > v + 1 && is_header_space(raw[stop - 1])) --stop;
  h.kind = LineKind::kField;
  h.name = raw.substr(0, colon);
  h.value = raw.substr(v, stop - v);
  return h;
}

}  // namespace xfer::http
