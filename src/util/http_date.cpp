// curl_getdate's parser: tokens in loose order, named and numeric zones, no locale, no libc tz.
#include "util/http_date.h"

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>
#include <time.h>

namespace xfer {

namespace {

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

bool same_word(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

constexpr const char* kShortDays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
constexpr const char* kLongDays[] = {"Monday", "Tuesday", "Wednesday", "Thursday",
                                     "Friday", "Saturday", "Sunday"};
constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

struct Zone {
  const char* name;
  int minutes_west;
};

// Daylight-saving names are their standard zone's offset minus an hour. The military
// letters keep the sign convention libcurl uses for them (A is one hour west).
constexpr Zone kZones[] = {
    {"GMT", 0},     {"UT", 0},       {"UTC", 0},     {"WET", 0},     {"BST", -60},
    {"WAT", 60},    {"AST", 240},    {"ADT", 180},   {"EST", 300},   {"EDT", 240},
    {"CST", 360},   {"CDT", 300},    {"MST", 420},   {"MDT", 360},   {"PST", 480},
    {"PDT", 420},   {"YST", 540},    {"YDT", 480},   {"HST", 600},   {"HDT", 540},
    {"CAT", 600},   {"AHST", 600},   {"NT", 660},    {"IDLW", 720},  {"CET", -60},
    {"MET", -60},   {"MEWT", -60},   {"MEST", -120}, {"CEST", -120}, {"MESZ", -120},
    {"FWT", -60},   {"FST", -120},   {"EET", -120},  {"WAST", -420}, {"WADT", -480},
    {"CCT", -480},  {"JST", -540},   {"EAST", -600}, {"EADT", -660}, {"GST", -600},
    {"NZT", -720},  {"NZST", -720},  {"NZDT", -780},
    {"A", 60},      {"B", 120},      {"C", 180},     {"D", 240},     {"E", 300},
    {"F", 360},     {"G", 420},      {"H", 480},     {"I", 540},     {"K", 600},
    {"L", 660},     {"M", 720},      {"N", -60},     {"O", -120},    {"P", -180},
    {"Q", -240},    {"R", -300},     {"S", -360},    {"T", -420},    {"U", -480},
    {"V", -540},    {"W", -600},     {"X", -660},    {"Y", -720},    {"Z", 0},
};

int find_weekday(std::string_view w) {
  const char* const* names = w.size() > 3 ? kLongDays : kShortDays;
  for (int i = 0; i < 7; ++i)
    if (same_word(w, names[i])) return i;
  return -1;
}

int find_month(std::string_view w) {
  if (w.size() != 3) return -1;
  for (int i = 0; i < 12; ++i)
    if (same_word(w, kMonths[i])) return i;
  return -1;
}

// Seconds to add to the local reading to get UTC; -1 means "no such zone".
int find_zone(std::string_view w) {
  if (w.size() > 4) return -1;
  for (const Zone& z : kZones)
    if (same_word(w, z.name)) return z.minutes_west * 60;
  return -1;
}

// One or two digits; libcurl's clock fields never take a third.
int small_number(const char*& p) {
  int v = *p++ - '0';
  if (is_digit(*p)) v = v * 10 + (*p++ - '0');
  return v;
}

bool match_clock(const char* p, int& h, int& m, int& s, const char*& end) {
  int hh = small_number(p);
  if (hh >= 24 || *p != ':' || !is_digit(p[1])) return false;
  ++p;
  int mm = small_number(p);
  if (mm >= 60) return false;
  int ss = 0;
  if (*p == ':' && is_digit(p[1])) {
    ++p;
    ss = small_number(p);
    if (ss > 60) return false;
  }
  h = hh;
  m = mm;
  s = ss;
  end = p;
  return true;
}

// Days from 1970-01-01 to the given civil date (proleptic Gregorian); month 0-based.
long long days_since_epoch(long long year, int month, int mday) {
  static constexpr int kCumulative[] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
  long long y = year - 1;
  long long leaps_before = y / 4 - y / 100 + y / 400;
  long long days = (year - 1970) * 365 + (leaps_before - 477) + kCumulative[month] + mday - 1;
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (leap && month > 1) ++days;
  return days;
}

struct Fields {
  int wday = -1, mon = -1, mday = -1, year = -1;
  int hour = -1, min = -1, sec = -1;
  int tzoff = -1;
  bool expect_year = false;  // which of day/year the next bare number fills
};

enum class Token { matched, bad };

Token take_word(std::string_view word, Fields& f) {
  if (f.wday == -1 && (f.wday = find_weekday(word)) != -1) return Token::matched;
  if (f.mon == -1 && (f.mon = find_month(word)) != -1) return Token::matched;
  if (f.tzoff == -1 && (f.tzoff = find_zone(word)) != -1) return Token::matched;
  return Token::bad;
}

Token take_number(const char* begin, const char* start, const char*& end, Fields& f) {
  if (f.sec == -1 && match_clock(start, f.hour, f.min, f.sec, end)) return Token::matched;
  char* stop = nullptr;
  errno = 0;
  long lval = std::strtol(start, &stop, 10);
  if (errno != 0 || lval > INT_MAX || lval < INT_MIN) return Token::bad;
  end = stop;
  int val = static_cast<int>(lval);
  long digits = stop - start;
  bool found = false;
  if (f.tzoff == -1 && digits == 4 && val <= 1400 && start > begin &&
      (start[-1] == '+' || start[-1] == '-')) {
    int off = (val / 100 * 60 + val % 100) * 60;
    f.tzoff = start[-1] == '+' ? -off : off;
    found = true;
  }
  if (digits == 8 && f.year == -1 && f.mon == -1 && f.mday == -1) {
    f.year = val / 10000;
    f.mon = (val % 10000) / 100 - 1;
    f.mday = val % 100;
    found = true;
  }
  if (!found && !f.expect_year && f.mday == -1) {
    if (val > 0 && val < 32) {
      f.mday = val;
      found = true;
    }
    f.expect_year = true;
  }
  if (!found && f.expect_year && f.year == -1) {
    f.year = val;
    found = true;
    // Two-digit years: 71..99 are the 1900s, the rest this century.
    if (f.year < 100) f.year += f.year > 70 ? 1900 : 2000;
    if (f.mday == -1) f.expect_year = false;
  }
  return found ? Token::matched : Token::bad;
}

}  // namespace

DateParse parse_http_date(std::string_view text, std::time_t& out) {
  // strtol needs a terminator; the caller's view may not have one.
  std::string copy(text);
  const char* begin = copy.c_str();
  const char* p = begin;
  Fields f;
  constexpr int kMaxTokens = 6;
  for (int tokens = 0; *p && tokens < kMaxTokens; ++tokens) {
    while (*p && !is_alpha(*p) && !is_digit(*p)) ++p;
    if (!*p) break;
    if (is_alpha(*p)) {
      const char* start = p;
      constexpr std::size_t kMaxWord = 31;
      while (is_alpha(*p) && static_cast<std::size_t>(p - start) < kMaxWord) ++p;
      std::string_view word(start, static_cast<std::size_t>(p - start));
      if (word.size() == kMaxWord || take_word(word, f) == Token::bad) return DateParse::fail;
    } else {
      const char* end = p;
      if (take_number(begin, p, end, f) == Token::bad) return DateParse::fail;
      p = end;
    }
  }
  if (f.sec == -1) f.hour = f.min = f.sec = 0;
  if (f.mday == -1 || f.mon == -1 || f.year == -1) return DateParse::fail;
  // Before the Gregorian calendar the arithmetic below means nothing.
  if (f.year < 1583) {
    out = std::numeric_limits<std::time_t>::min();
    return DateParse::too_early;
  }
  if (f.mday > 31 || f.mon > 11 || f.hour > 23 || f.min > 59 || f.sec > 60) return DateParse::fail;
  long long t = days_since_epoch(f.year, f.mon, f.mday) * 86400LL + f.hour * 3600LL +
                f.min * 60LL + f.sec;
  long long tz = f.tzoff == -1 ? 0 : f.tzoff;
  if (tz > 0 && t > std::numeric_limits<long long>::max() - tz) {
    out = std::numeric_limits<std::time_t>::max();
    return DateParse::too_late;
  }
  out = static_cast<std::time_t>(t + tz);
  return DateParse::ok;
}

std::time_t getdate_value(std::string_view text) {
  std::time_t t = 0;
  switch (parse_http_date(text, t)) {
    case DateParse::ok:
      // -1 is the failure value, so the one real instant with that value moves a second.
      return t == -1 ? 0 : t;
    case DateParse::too_late:
      return t;
    default:
      return -1;
  }
}

long long retry_after_value(std::string_view value, std::time_t now) {
  std::size_t at = 0;
  while (at < value.size() && (value[at] == ' ' || value[at] == '\t')) ++at;
  if (at < value.size() && value[at] == '+') ++at;
  long long seconds = 0;
  while (at < value.size() && value[at] >= '0' && value[at] <= '9') {
    const int d = value[at] - '0';
    if (seconds > (std::numeric_limits<long long>::max() - d) / 10) {
      seconds = 0;  // out of range: libcurl keeps 0 and tries the text as a date
      break;
    }
    seconds = seconds * 10 + d;
    ++at;
  }
  if (seconds != 0) return seconds;
  std::time_t when = 0;
  switch (parse_http_date(value, when)) {
    case DateParse::ok:
      if (when == -1) when = 0;
      [[fallthrough]];
    case DateParse::too_late:
      return static_cast<long long>(when) - static_cast<long long>(now);
    default:
      return 0;
  }
}

bool format_http_date(std::time_t t, std::string& out) {
  struct tm tm;
  if (!gmtime_r(&t, &tm)) return false;
  char text[80];
  // tm_wday counts from Sunday, the day names here from Monday.
  std::snprintf(text, sizeof(text), "%s, %02d %s %4d %02d:%02d:%02d GMT", kShortDays[tm.tm_wday ? tm.tm_wday - 1 : 6],
                tm.tm_mday, kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
  out = text;
  return true;
}

}  // namespace xfer
