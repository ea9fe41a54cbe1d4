// Text pieces the HSTS and alt-svc cache files share: line reading, scanf-style fields, stamps.
#pragma once

#include <cstddef>
#include <ctime>
#include <string>
#include <string_view>

namespace xfer::http {

// Calls fn(line) for each line of a cache file that libcurl 7.88 would look at: the text
// after its leading blanks, newline included when there was one. Lines of more than
// kMaxCacheLine bytes before the newline are skipped whole (7.88 reads into a 4095-byte
// buffer and drops a line that does not fit), as are comment lines ('#' after blanks). A
// NUL byte ends a line's usable text, since 7.88 handles lines as C strings.
inline constexpr std::size_t kMaxCacheLine = 4093;

template <class Fn>
void each_cache_line(std::string_view text, Fn fn) {
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    const std::size_t content = nl == std::string_view::npos ? text.size() : nl;
    std::string_view line = text.substr(0, nl == std::string_view::npos ? nl : nl + 1);
    text.remove_prefix(line.size());
    if (content > kMaxCacheLine) continue;
    line = line.substr(0, line.find('\0'));
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    if (!line.empty() && line.front() == '#') continue;
    fn(line);
  }
}

// A cursor that reads fields the way sscanf's conversions do, so malformed lines are taken
// or refused exactly as 7.88's sscanf-based loaders take or refuse them.
class FieldScanner {
 public:
  explicit FieldScanner(std::string_view text) : rest_(text) {}

  // "%Ns": skips white space, then takes 1..width non-space bytes.
  bool word(std::size_t width, std::string& out);
  // "%u": skips white space, then an optionally signed decimal number, wrapped to 32 bits
  // like glibc's %u (a '-' negates, an overflow reads as all ones).
  bool number(unsigned& out);
  // A blank in the format: skips any white space, never fails.
  void spaces();
  // A literal byte in the format.
  bool literal(char c);
  // "%N[^\"]": takes 1..width bytes up to (not including) a double quote.
  bool until_quote(std::size_t width, std::string& out);

 private:
  std::string_view rest_;
};

// C's isspace set, which sscanf skips.
constexpr bool is_c_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

// "YYYYMMDD HH:MM:SS" in UTC as 7.88 prints an expiry (the year with %d, so it has no
// padding and wraps like a C int); false where gmtime cannot represent t, which makes 7.88
// give up the whole save.
bool format_expiry_stamp(std::time_t t, std::string& out);

}  // namespace xfer::http
