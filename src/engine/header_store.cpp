// HeaderStore: parsing response lines into name/value pairs and answering header lookups.
#include "engine/header_store.h"

#include <strings.h>

#include <cstdint>
#include <cstring>

namespace xfer {

namespace {

constexpr unsigned kAllOrigins = CURLH_HEADER | CURLH_TRAILER | CURLH_CONNECT | CURLH_1XX |
                                 CURLH_PSEUDO;
// libcurl 7.88 marks the structs it hands out with this bit in origin; applications
// compare against it, so ours carry it too.
constexpr unsigned kOriginMark = 1u << 27;


// The line up to and including its first CR (or LF when there is none): libcurl keeps the
// terminator byte and lets trimming remove it, which is why an empty value reads "\r".
std::string_view up_to_terminator(std::string_view line) {
  std::size_t end = line.find('\r');
  if (end == std::string_view::npos) end = line.find('\n');
  if (end == std::string_view::npos) return line;
  return line.substr(0, end + 1);
}

}  // namespace

void HeaderStore::clear() {
  buf_.clear();
  entries_.clear();
  request_ = 0;
  request_has_response_ = false;
  out_ = {};
}

void HeaderStore::begin_request() {
  if (!request_has_response_) return;
  ++request_;
  request_has_response_ = false;
}

void HeaderStore::add(const http::HeaderLine& line, unsigned origin) {
  if (line.raw.empty()) return;
  request_has_response_ = true;
  if (line.kind == http::LineKind::kContinuation) {
    if (!entries_.empty()) unfold(up_to_terminator(line.raw));
    return;
  }
  if (line.kind != http::LineKind::kField) return;  // status line, blank line, no name

  // One copy of the stretch from name to value, which the line holds in that order: this
  // runs for every header of every response. The colon's byte becomes the name's NUL; the
  // blanks after it stay in the buffer unread.
  Entry e{};
  const std::size_t at = buf_.size();
  const std::size_t span =
      static_cast<std::size_t>(line.value.data() + line.value.size() - line.name.data());
  e.name_off = static_cast<std::uint32_t>(at);
  e.value_off = static_cast<std::uint32_t>(at + (line.value.data() - line.name.data()));
  buf_.append(line.name.data(), span);
  buf_.push_back('\0');
  buf_[at + line.name.size()] = '\0';
  e.origin = origin;
  e.request = request_;
  entries_.push_back(e);
}

// A continuation line: appended to the newest value (always the tail of the buffer) with
// its trailing space removed and its leading whitespace squeezed to one byte.
void HeaderStore::unfold(std::string_view line) {
  std::size_t len = line.size();
  while (len > 0 && http::is_header_space(line[len - 1])) --len;
  std::size_t start = 0;
  while (len - start > 1 && http::is_header_space(line[start]) &&
         http::is_header_space(line[start + 1]))
    ++start;
  buf_.pop_back();  // the value's NUL
  buf_.append(line.data() + start, len - start);
  buf_.push_back('\0');
}

void HeaderStore::fill(curl_header* h, std::size_t entry, std::size_t index,
                       std::size_t amount) {
  Entry& e = entries_[entry];
  h->name = buf_.data() + e.name_off;
  h->value = value_of(e);
  h->amount = amount;
  h->index = index;
  h->origin = e.origin | kOriginMark;
  // The anchor remembers the position for nextheader; 0 stays "no position".
  h->anchor = reinterpret_cast<void*>(static_cast<std::uintptr_t>(entry + 1));
}

CURLHcode HeaderStore::get(const char* name, std::size_t index, unsigned origin, int request,
                           curl_header** out) {
  if (!name || !out || origin == 0 || (origin & ~kAllOrigins) != 0 || request < -1)
    return CURLHE_BAD_ARGUMENT;
  if (entries_.empty()) return CURLHE_NOHEADERS;
  if (request > request_) return CURLHE_NOREQUEST;
  if (request == -1) request = request_;

  std::size_t amount = 0;
  std::size_t picked = 0;
  bool found = false;
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    const Entry& e = entries_[i];
    if (!matches(e, origin, request) || strcasecmp(name_of(e), name) != 0) continue;
    if (amount == index) {
      picked = i;
      found = true;
    }
    ++amount;
  }
  if (amount == 0) return CURLHE_MISSING;
  if (!found) return CURLHE_BADINDEX;
  fill(&out_, picked, index, amount);
  *out = &out_;
  return CURLHE_OK;
}

curl_header* HeaderStore::next(unsigned origin, int request, curl_header* prev) {
  if (request > request_) return nullptr;
  if (request == -1) request = request_;
  std::size_t pos = 0;
  if (prev) {
    auto anchor = reinterpret_cast<std::uintptr_t>(prev->anchor);
    if (anchor == 0 || anchor > entries_.size()) return nullptr;
    pos = anchor;  // the entry after prev's
  }
  while (pos < entries_.size() && !matches(entries_[pos], origin, request)) ++pos;
  if (pos >= entries_.size()) return nullptr;

  const char* name = name_of(entries_[pos]);
  std::size_t amount = 0;
  std::size_t index = 0;
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    const Entry& e = entries_[i];
    if (!matches(e, origin, request) || strcasecmp(name_of(e), name) != 0) continue;
    if (i == pos) index = amount;
    ++amount;
  }
  fill(&out_, pos, index, amount);
  return &out_;
}

}  // namespace xfer
