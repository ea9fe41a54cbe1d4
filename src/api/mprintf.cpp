// curl_m*printf: C99 formatting with libcurl's differences (NULL %s, truncating snprintf count).
#include <cstdarg>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include <curl/curl.h>
#include <curl/mprintf.h>

namespace {

enum class ArgKind { none, int_arg, long_arg, llong_arg, size_arg, intmax_arg, ptrdiff_arg,
                     double_arg, ldouble_arg, string_arg, pointer_arg, count_arg };

struct Spec {
  std::string text;  // the directive as the C library should see it, '%' included
  ArgKind kind = ArgKind::none;
  bool star_width = false;
  bool star_precision = false;
  bool has_precision = false;
  long precision = -1;  // a literal precision, when given
  char conversion = 0;
};

bool is_flag(char c) { return c == '-' || c == '+' || c == ' ' || c == '#' || c == '0' || c == '\''; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Reads one directive after '%'; false when it is not one the C library would accept,
// in which case the caller prints the text as it stands.
bool read_spec(const char*& p, Spec& s) {
  const char* start = p - 1;
  while (is_flag(*p)) ++p;
  if (*p == '*') {
    s.star_width = true;
    ++p;
  } else {
    while (is_digit(*p)) ++p;
  }
  if (*p == '.') {
    ++p;
    s.has_precision = true;
    if (*p == '*') {
      s.star_precision = true;
      ++p;
    } else {
      s.precision = 0;
      while (is_digit(*p)) s.precision = s.precision * 10 + (*p++ - '0');
    }
  }
  int longs = 0;
  char size_mod = 0;
  bool long_double = false;
  for (;; ++p) {
    if (*p == 'l') ++longs;
    else if (*p == 'q') longs = 2;
    else if (*p == 'h') {}
    else if (*p == 'z' || *p == 'j' || *p == 't') size_mod = *p;
    else if (*p == 'L') long_double = true;
    else break;
  }
  char c = *p;
  if (!c) return false;
  ++p;
  s.conversion = c;
  switch (c) {
    case 'd': case 'i': case 'u': case 'o': case 'x': case 'X': case 'c':
      if (c == 'c') s.kind = ArgKind::int_arg;
      else if (size_mod == 'z') s.kind = ArgKind::size_arg;
      else if (size_mod == 'j') s.kind = ArgKind::intmax_arg;
      else if (size_mod == 't') s.kind = ArgKind::ptrdiff_arg;
      else if (longs >= 2) s.kind = ArgKind::llong_arg;
      else if (longs == 1) s.kind = ArgKind::long_arg;
      else s.kind = ArgKind::int_arg;
      break;
    case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case 'a': case 'A':
      s.kind = long_double ? ArgKind::ldouble_arg : ArgKind::double_arg;
      break;
    case 's': s.kind = ArgKind::string_arg; break;
    case 'p': s.kind = ArgKind::pointer_arg; break;
    case 'n': s.kind = ArgKind::count_arg; break;
    case '%': s.kind = ArgKind::none; break;
    default: return false;
  }
  s.text.assign(start, static_cast<std::size_t>(p - start));
  if (s.kind == ArgKind::double_arg || s.kind == ArgKind::ldouble_arg) {
    // libcurl pads floating point with spaces only; its '0' flag has no effect there.
    std::size_t i = 1;
    while (i < s.text.size() && is_flag(s.text[i])) {
      if (s.text[i] == '0') s.text.erase(i, 1);
      else ++i;
    }
  }
  return true;
}

template <class... A>
void append_formatted(std::string& out, const char* spec, A... args) {
  char small[128];
  int n = std::snprintf(small, sizeof small, spec, args...);
  if (n < 0) return;
  if (static_cast<std::size_t>(n) < sizeof small) {
    out.append(small, static_cast<std::size_t>(n));
    return;
  }
  std::size_t at = out.size();
  out.resize(at + static_cast<std::size_t>(n) + 1);
  std::snprintf(&out[at], static_cast<std::size_t>(n) + 1, spec, args...);
  out.resize(at + static_cast<std::size_t>(n));
}

// Formats one argument of type T with the optional '*' values in front of it.
template <class T>
void append_arg(std::string& out, const Spec& s, int width, int precision, T value) {
  const char* spec = s.text.c_str();
  if (s.star_width && s.star_precision) append_formatted(out, spec, width, precision, value);
  else if (s.star_width) append_formatted(out, spec, width, value);
  else if (s.star_precision) append_formatted(out, spec, precision, value);
  else append_formatted(out, spec, value);
}

// libcurl prints "(nil)" for a NULL string, or nothing when the precision is too short.
void append_null_string(std::string& out, const Spec& s, int width, int star_precision) {
  long precision = s.star_precision ? star_precision : s.precision;
  bool fits = !s.has_precision || precision < 0 || precision >= 5;
  // Flags and width stay; the precision goes, as the replacement text is chosen here.
  Spec plain = s;
  plain.star_precision = false;
  std::size_t dot = plain.text.find('.');
  if (dot != std::string::npos) plain.text = plain.text.substr(0, dot) + "s";
  append_arg(out, plain, width, 0, fits ? "(nil)" : "");
}

// Positional arguments ("%2$s") need every type known up front; the C library does that.
bool uses_positions(const char* format) {
  for (const char* p = format; *p; ++p) {
    if (*p != '%') continue;
    ++p;
    while (is_digit(*p)) ++p;
    if (*p == '$') return true;
    if (!*p) break;
  }
  return false;
}

std::string format_positional(const char* format, va_list* args) {
  va_list copy;
  va_copy(copy, *args);
  int n = std::vsnprintf(nullptr, 0, format, copy);
  va_end(copy);
  if (n <= 0) return {};
  std::string out(static_cast<std::size_t>(n) + 1, '\0');
  std::vsnprintf(&out[0], out.size(), format, *args);
  out.resize(static_cast<std::size_t>(n));
  return out;
}

std::string format_all(const char* format, va_list* args) {
  if (uses_positions(format)) return format_positional(format, args);
  std::string out;
  const char* p = format;
  while (*p) {
    const char* pct = std::strchr(p, '%');
    if (!pct) {
      out.append(p);
      break;
    }
    out.append(p, static_cast<std::size_t>(pct - p));
    p = pct + 1;
    Spec s;
    const char* after = p;
    if (!read_spec(after, s)) {
      out.push_back('%');
      continue;
    }
    p = after;
    int width = s.star_width ? va_arg(*args, int) : 0;
    int precision = s.star_precision ? va_arg(*args, int) : 0;
    switch (s.kind) {
      case ArgKind::none: out.push_back('%'); break;
      case ArgKind::int_arg: append_arg(out, s, width, precision, va_arg(*args, int)); break;
      case ArgKind::long_arg: append_arg(out, s, width, precision, va_arg(*args, long)); break;
      case ArgKind::llong_arg: append_arg(out, s, width, precision, va_arg(*args, long long)); break;
      case ArgKind::size_arg: append_arg(out, s, width, precision, va_arg(*args, std::size_t)); break;
      case ArgKind::intmax_arg: append_arg(out, s, width, precision, va_arg(*args, std::intmax_t)); break;
      case ArgKind::ptrdiff_arg: append_arg(out, s, width, precision, va_arg(*args, std::ptrdiff_t)); break;
      case ArgKind::double_arg: append_arg(out, s, width, precision, va_arg(*args, double)); break;
      case ArgKind::ldouble_arg: append_arg(out, s, width, precision, va_arg(*args, long double)); break;
      case ArgKind::pointer_arg: append_arg(out, s, width, precision, va_arg(*args, void*)); break;
      case ArgKind::string_arg: {
        const char* str = va_arg(*args, const char*);
        if (str) {
          append_arg(out, s, width, precision, str);
        } else {
          append_null_string(out, s, width, precision);
        }
        break;
      }
      case ArgKind::count_arg: {
        int* where = va_arg(*args, int*);
        if (where) *where = static_cast<int>(out.size());
        break;
      }
    }
  }
  return out;
}

// Runs the formatter on a private copy so the caller's va_list stays untouched.
bool format_list(const char* format, va_list args, std::string& out) {
  if (!format) return false;
  va_list copy;
  va_copy(copy, args);
  bool ok = true;
  try {
    out = format_all(format, &copy);
  } catch (...) {
    ok = false;
  }
  va_end(copy);
  return ok;
}

}  // namespace

extern "C" CURL_EXTERN int curl_mvsnprintf(char* buffer, size_t maxlength, const char* format,
                                           va_list args) {
  std::string out;
  if (!format_list(format, args, out)) return -1;
  if (!buffer || maxlength == 0) return 0;
  // libcurl counts what landed in the buffer, not what would have been needed.
  std::size_t n = out.size() < maxlength - 1 ? out.size() : maxlength - 1;
  std::memcpy(buffer, out.data(), n);
  buffer[n] = '\0';
  return static_cast<int>(n);
}

extern "C" CURL_EXTERN int curl_mvsprintf(char* buffer, const char* format, va_list args) {
  std::string out;
  if (!buffer || !format_list(format, args, out)) return -1;
  std::memcpy(buffer, out.c_str(), out.size() + 1);
  return static_cast<int>(out.size());
}

extern "C" CURL_EXTERN int curl_mvfprintf(FILE* fd, const char* format, va_list args) {
  std::string out;
  if (!fd || !format_list(format, args, out)) return -1;
  if (std::fwrite(out.data(), 1, out.size(), fd) != out.size()) return -1;
  return static_cast<int>(out.size());
}

extern "C" CURL_EXTERN int curl_mvprintf(const char* format, va_list args) {
  return curl_mvfprintf(stdout, format, args);
}

extern "C" CURL_EXTERN char* curl_mvaprintf(const char* format, va_list args) {
  std::string out;
  if (!format_list(format, args, out)) return nullptr;
  char* copy = static_cast<char*>(std::malloc(out.size() + 1));
  if (copy) std::memcpy(copy, out.c_str(), out.size() + 1);
  return copy;
}

extern "C" CURL_EXTERN int curl_msnprintf(char* buffer, size_t maxlength, const char* format, ...) {
  va_list ap;
  va_start(ap, format);
  int n = curl_mvsnprintf(buffer, maxlength, format, ap);
  va_end(ap);
  return n;
}

extern "C" CURL_EXTERN int curl_msprintf(char* buffer, const char* format, ...) {
  va_list ap;
  va_start(ap, format);
  int n = curl_mvsprintf(buffer, format, ap);
  va_end(ap);
  return n;
}

extern "C" CURL_EXTERN int curl_mfprintf(FILE* fd, const char* format, ...) {
  va_list ap;
  va_start(ap, format);
  int n = curl_mvfprintf(fd, format, ap);
  va_end(ap);
  return n;
}

extern "C" CURL_EXTERN int curl_mprintf(const char* format, ...) {
  va_list ap;
  va_start(ap, format);
  int n = curl_mvprintf(format, ap);
  va_end(ap);
  return n;
}

extern "C" CURL_EXTERN char* curl_maprintf(const char* format, ...) {
  va_list ap;
  va_start(ap, format);
  char* s = curl_mvaprintf(format, ap);
  va_end(ap);
  return s;
}
