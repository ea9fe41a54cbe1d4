// Verbose output: formatted only when CURLOPT_VERBOSE is on, so quiet transfers pay nothing.
#include "engine/verbose.h"

#include <cstdarg>
#include <cstdio>

#include "engine/easy.h"
#include "engine/callback_scope.h"

namespace xfer {
namespace {

FILE* stream_of(Easy& e) { return e.opts.stderr_stream ? e.opts.stderr_stream : stderr; }

void emit(Easy& e, curl_infotype type, const char* data, std::size_t len) {
  if (e.opts.debug_fn) {
    // The app's debug callback is an application callback like any other.
    CallbackScope scope(e.multi);
    e.opts.debug_fn(static_cast<Curl_easy*>(&e), type, const_cast<char*>(data), len, e.opts.debug_data);
    return;
  }
  const char* prefix = nullptr;
  switch (type) {
    case CURLINFO_TEXT: prefix = "* "; break;
    case CURLINFO_HEADER_IN: prefix = "< "; break;
    case CURLINFO_HEADER_OUT: prefix = "> "; break;
    default: return;  // libcurl's default output shows no body data
  }
  FILE* out = stream_of(e);
  if (type == CURLINFO_HEADER_OUT) {
    // A request head is one block: prefix every line of it.
    std::size_t start = 0;
    for (std::size_t i = 0; i < len; ++i) {
      if (data[i] == '\n') {
        fputs(prefix, out);
        fwrite(data + start, 1, i + 1 - start, out);
        start = i + 1;
      }
    }
    if (start < len) {
      fputs(prefix, out);
      fwrite(data + start, 1, len - start, out);
    }
    return;
  }
  fputs(prefix, out);
  fwrite(data, 1, len, out);
}

}  // namespace

void verbose_text(Easy& e, const char* fmt, ...) {
  if (!e.opts.verbose) return;
  char line[512];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(line, sizeof line - 1, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  std::size_t len = static_cast<std::size_t>(n) < sizeof line - 2 ? static_cast<std::size_t>(n) : sizeof line - 2;
  line[len++] = '\n';
  // NUL one past the size, as libcurl's text is in practice: applications (curl's own
  // multi-debugcallback example) print it with %s.
  line[len] = '\0';
  emit(e, CURLINFO_TEXT, line, len);
}

void verbose_data(Easy& e, curl_infotype type, const char* data, std::size_t len) {
  if (!e.opts.verbose) return;
  emit(e, type, data, len);
}

}  // namespace xfer
