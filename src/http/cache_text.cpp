// scanf-style field reading and expiry stamps for the HSTS and alt-svc cache files.
#include "http/cache_text.h"

#include <cstdint>
#include <cstdio>

namespace xfer::http {

void FieldScanner::spaces() {
  while (!rest_.empty() && is_c_space(rest_.front())) rest_.remove_prefix(1);
}

bool FieldScanner::literal(char c) {
  if (rest_.empty() || rest_.front() != c) return false;
  rest_.remove_prefix(1);
  return true;
}

bool FieldScanner::word(std::size_t width, std::string& out) {
  spaces();
  std::size_t n = 0;
  while (n < rest_.size() && n < width && !is_c_space(rest_[n])) ++n;
  if (n == 0) return false;
  out.assign(rest_.substr(0, n));
  rest_.remove_prefix(n);
  return true;
}

bool FieldScanner::number(unsigned& out) {
  spaces();
  bool negative = false;
  if (!rest_.empty() && (rest_.front() == '+' || rest_.front() == '-')) {
    negative = rest_.front() == '-';
    rest_.remove_prefix(1);
  }
  if (rest_.empty() || rest_.front() < '0' || rest_.front() > '9') return false;
  // glibc reads %u through an unsigned long: 64 bits that saturate, then cut to 32.
  std::uint64_t value = 0;
  bool overflow = false;
  while (!rest_.empty() && rest_.front() >= '0' && rest_.front() <= '9') {
    const unsigned d = static_cast<unsigned>(rest_.front() - '0');
    if (value > (UINT64_MAX - d) / 10) overflow = true;
    value = value * 10 + d;
    rest_.remove_prefix(1);
  }
  if (overflow)
    value = UINT64_MAX;
  else if (negative)
    value = 0 - value;
  out = static_cast<unsigned>(value);
  return true;
}

bool FieldScanner::until_quote(std::size_t width, std::string& out) {
  std::size_t n = 0;
  while (n < rest_.size() && n < width && rest_[n] != '"') ++n;
  if (n == 0) return false;
  out.assign(rest_.substr(0, n));
  rest_.remove_prefix(n);
  return true;
}

bool format_expiry_stamp(std::time_t t, std::string& out) {
  std::tm tm{};
  if (!gmtime_r(&t, &tm)) return false;
  // tm_year + 1900 in C int arithmetic: beyond INT_MAX it wraps, and 7.88 prints that.
  const int year = static_cast<int>(static_cast<unsigned>(tm.tm_year) + 1900u);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%d%02d%02d %02d:%02d:%02d", year, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec);
  out = buf;
  return true;
}

}  // namespace xfer::http
