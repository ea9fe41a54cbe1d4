// Splitting a raw header line into kind, name and value (libcurl's trimming rules).
#include "http/header_line.h"

#include <cstring>
#include <limits>

#include "util/ascii.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace xfer::http {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }

// RFC 9110 tchar: the bytes a header name is made of.
struct TokenTable {
  bool ok[256] = {};
  constexpr TokenTable() {
    for (int c = '0'; c <= '9'; ++c) ok[c] = true;
    for (int c = 'a'; c <= 'z'; ++c) ok[c] = ok[c - 'a' + 'A'] = true;
    for (const char c : std::string_view("!#$%&'*+-.^_`|~")) ok[static_cast<unsigned char>(c)] = true;
  }
};
constexpr TokenTable kToken;

bool is_token(std::string_view s) {
  for (const char c : s)
    if (!kToken.ok[static_cast<unsigned char>(c)]) return false;
  return true;
}

#if defined(__SSE2__)
// The 16 bytes at p against the tokens real names are made of (letters, digits, '-'): bit i
// set when byte i is none of those. Signed compares leave bytes from 0x80 outside.
unsigned outside_common_token(const char* p) {
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const __m128i lower = _mm_or_si128(v, _mm_set1_epi8(0x20));
  const __m128i alpha =
      _mm_and_si128(_mm_cmpgt_epi8(lower, _mm_set1_epi8('a' - 1)), _mm_cmplt_epi8(lower, _mm_set1_epi8('z' + 1)));
  const __m128i digit =
      _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)), _mm_cmplt_epi8(v, _mm_set1_epi8('9' + 1)));
  const __m128i dash = _mm_cmpeq_epi8(v, _mm_set1_epi8('-'));
  return ~static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(alpha, digit), dash))) & 0xffffu;
}
#endif

// Whether a field line's name is a token. Most names are short and plain: one 16-byte test
// from the line's start (a field line starts with its name) settles them; the table walk
// decides the rest.
bool has_token_name(const HeaderLine& h) {
#if defined(__SSE2__)
  const std::size_t n = h.name.size();
  if (n <= 16 && h.raw.size() >= 16 && (outside_common_token(h.raw.data()) & ((1u << n) - 1)) == 0) return true;
#endif
  return is_token(h.name);
}

// A control byte other than HTAB, or DEL: what a clean line must not hold before its CRLF.
bool is_line_control(unsigned char c) { return (c < 0x20 && c != '\t') || c == 0x7f; }

// Scans the n bytes at p (a line without its CRLF): false when one is a control byte, else
// true with the first colon's offset in colon (n when there is none). One sweep instead of
// a memchr for CR, one for the colon and a control check, as this runs for every header
// line of every response.
bool scan_clean(const char* p, std::size_t n, std::size_t& colon) {
  colon = n;
#if defined(__SSE2__)
  if (n >= 16) {
    const __m128i k1f = _mm_set1_epi8(0x1f), ktab = _mm_set1_epi8('\t'), kdel = _mm_set1_epi8(0x7f),
                  kcolon = _mm_set1_epi8(':');
    // Sixteen bytes a step; the last step overlaps the one before rather than going byte by
    // byte, which is harmless for both questions asked.
    for (std::size_t i = 0;; i += 16) {
      const std::size_t at = i + 16 < n ? i : n - 16;
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + at));
      const __m128i low = _mm_cmpeq_epi8(_mm_min_epu8(v, k1f), v);  // v <= 0x1f, unsigned
      const __m128i bad = _mm_or_si128(_mm_andnot_si128(_mm_cmpeq_epi8(v, ktab), low), _mm_cmpeq_epi8(v, kdel));
      if (_mm_movemask_epi8(bad) != 0) return false;
      if (colon == n) {
        const unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, kcolon)));
        if (mask != 0) colon = at + static_cast<std::size_t>(__builtin_ctz(mask));
      }
      if (at != i) return true;
    }
  }
#endif
  bool bad = false;
  for (std::size_t i = 0; i < n; ++i) {
    bad |= is_line_control(static_cast<unsigned char>(p[i]));
    if (p[i] == ':' && colon == n) colon = i;
  }
  return !bad;
}

// Value bounds after the colon: leading blanks skipped, trailing space trimmed the way
// libcurl trims, never below one byte (end is one past the line's terminator byte).
void set_field(HeaderLine& h, std::size_t colon, std::size_t end) {
  const std::string_view raw = h.raw;
  std::size_t v = colon + 1;
  while (v < end && is_blank(raw[v])) ++v;
  std::size_t stop = end;
  while (stop > v + 1 && is_header_space(raw[stop - 1])) --stop;
  h.kind = LineKind::kField;
  h.name = std::string_view(raw.data(), colon);
  h.value = std::string_view(raw.data() + v, stop - v);
}

// A Connection list of only "close" and "keep-alive": llhttp notes those tokens for its
// keep-alive verdict, which the parser runs lenient and decides itself, so such a line
// changes nothing in llhttp. "upgrade" (or anything else) keeps the line with llhttp.
bool is_keep_alive_list(std::string_view list) {
  return each_list_item(list, [](std::string_view item) {
    return is_lowercase_name(item, "close") || is_lowercase_name(item, "keep-alive");
  });
}

// Whether llhttp must see the line: a header it reads for framing or upgrades.
bool is_framing_field(const HeaderLine& h) {
  switch (h.name.size()) {
    case 7: return is_lowercase_name(h.name, "upgrade");
    case 10: return is_lowercase_name(h.name, "connection") && !is_keep_alive_list(h.value);
    case 14: return is_lowercase_name(h.name, "content-length");
    case 16: return is_lowercase_name(h.name, "proxy-connection") && !is_keep_alive_list(h.value);
    case 17: return is_lowercase_name(h.name, "transfer-encoding");
    default: return false;
  }
}

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
  if (first == 'H' && raw.size() >= 5 && std::memcmp(raw.data(), "HTTP/", 5) == 0) {
    h.kind = LineKind::kStatus;
    return h;
  }
  if (is_blank(first)) {
    h.kind = LineKind::kContinuation;
    return h;
  }
  // The line ends at its first CR (or LF); libcurl keeps that byte in the value and lets
  // trimming remove it, which is why an empty value reads "\r". The name is what comes
  // before the first colon of that stretch. The usual line ends in CRLF with no other
  // control byte, so its first CR is known and one sweep finds the colon.
  const std::size_t size = raw.size();
  if (size >= 2 && raw[size - 2] == '\r' && raw[size - 1] == '\n') {
    std::size_t colon;
    if (scan_clean(raw.data(), size - 2, colon)) {
      h.clean = true;
      if (colon < size - 2 && colon > 0) set_field(h, colon, size - 1);
      return h;
    }
  }
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
  set_field(h, colon, end);
  return h;
}

bool is_plain_field(const HeaderLine& h) {
  return h.clean && h.kind == LineKind::kField && has_token_name(h) && !is_framing_field(h);
}

bool is_length_line(std::string_view raw) {
  return raw.size() >= 15 && raw[14] == ':' && ascii_iequals(raw.substr(0, 14), "content-length");
}

namespace {

// One number at v[i]: an optional '+' and at least one digit. kInvalid when there is no
// digit; i ends after the digits.
LengthValue read_number(std::string_view v, std::size_t& i) {
  LengthValue out;
  if (i < v.size() && v[i] == '+') ++i;
  const std::size_t first = i;
  std::int64_t n = 0;
  bool overflow = false;
  for (; i < v.size() && v[i] >= '0' && v[i] <= '9'; ++i) {
    const int d = v[i] - '0';
    if (n > (std::numeric_limits<std::int64_t>::max() - d) / 10) overflow = true;
    else n = n * 10 + d;
  }
  if (i == first) return out;
  out.form = overflow ? LengthForm::kOverflow : LengthForm::kNumber;
  out.n = overflow ? 0 : n;
  return out;
}

void skip_blanks(std::string_view v, std::size_t& i) {
  while (i < v.size() && is_blank(v[i])) ++i;
}

}  // namespace

LengthValue read_content_length(std::string_view v) {
  std::size_t i = 0;
  skip_blanks(v, i);
  if (i == v.size() || v[i] == '-' || is_header_space(v[i])) return {};
  const LengthValue first = read_number(v, i);
  if (first.form == LengthForm::kInvalid) return first;
  skip_blanks(v, i);
  // "5, 5" is one length said twice (a proxy joining duplicate lines writes it so);
  // anything else after a comma is a second, different length.
  while (i < v.size() && v[i] == ',') {
    ++i;
    skip_blanks(v, i);
    if (i == v.size() || v[i] == '\r' || v[i] == '\n' || v[i] == ',') continue;  // an empty item
    const LengthValue next = read_number(v, i);
    if (next.form != first.form || next.n != first.n) return {LengthForm::kConflict, 0};
    skip_blanks(v, i);
    if (i < v.size() && v[i] != ',' && v[i] != '\r' && v[i] != '\n') return {LengthForm::kConflict, 0};
  }
  return first;
}

}  // namespace xfer::http
