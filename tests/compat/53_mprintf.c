/* Scenario: curl_m*printf over the C99 subset libcurl supports, truncation and NULL strings. */
#include "trace.h"

#include <curl/mprintf.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int via_v(char *buf, size_t len, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int r = curl_mvsnprintf(buf, len, fmt, ap);
  va_end(ap);
  return r;
}

static char *via_va(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *r = curl_mvaprintf(fmt, ap);
  va_end(ap);
  return r;
}

#define SHOW(...)                                          \
  do {                                                     \
    char *s_ = curl_maprintf(__VA_ARGS__);                 \
    trace_line("aprintf [%s]", s_ ? s_ : "NULL");          \
    curl_free(s_);                                         \
  } while (0)

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  SHOW("plain text");
  SHOW("%d %i %u %x %X %o", -42, 17, 42u, 255u, 255u, 8u);
  SHOW("%5d|%-5d|%05d|%+d|% d|%.3d", 42, 42, 42, 42, 42, 7);
  SHOW("%ld %lu %lld %llu", -1234567L, 1234567UL, -1234567890123LL, 1234567890123ULL);
  SHOW("%zu %zd", (size_t)12345, (ssize_t)-5);
  SHOW("%hd %hu", (short)-3, (unsigned short)65535);
  SHOW("%#x %#o %#X", 255u, 8u, 171u);
  SHOW("%c%c%c", 'a', 'b', 'c');
  SHOW("%s|%10s|%-10s|%.2s|%.*s|%*s", "str", "right", "left", "trunc", 3, "abcdef", 6, "w");
  SHOW("%s", (char *)NULL);
  SHOW("[%10s]", (char *)NULL);
  SHOW("[%.3s]", (char *)NULL);
  SHOW("[%.5s]", (char *)NULL);
  SHOW("%p", (void *)NULL);
  SHOW("%f %.2f %10.3f %-10.1f| %e %E %g %G", 3.14159, 2.5, -1.0, 0.25, 12345.678, 0.000123, 0.0001, 1e20);
  SHOW("%.0f %.0f %.0f", 0.5, 1.5, 2.5);
  SHOW("%f %f", 1e300 * 1e10, -1e300 * 1e10);
  SHOW("%%literal%% 100%%");
  SHOW("%1$s-%2$d-%1$s", "pos", 9);
  SHOW("%s", "");
  SHOW("%" CURL_FORMAT_CURL_OFF_T " %" CURL_FORMAT_CURL_OFF_TU, (curl_off_t)-9000000000LL,
       (curl_off_t)9000000000LL);
  char buf[16];
  memset(buf, 'x', sizeof buf);
  int r = curl_msnprintf(buf, sizeof buf, "%s", "0123456789abcdefghij");
  trace_line("snprintf trunc r=%d [%s]", r, buf);
  r = curl_msnprintf(buf, 5, "%d", 1234567);
  trace_line("snprintf 5 r=%d [%s]", r, buf);
  r = curl_msnprintf(buf, 1, "%d", 12);
  trace_line("snprintf 1 r=%d [%s]", r, buf);
  r = curl_msnprintf(buf, 0, "%d", 12);
  trace_line("snprintf 0 r=%d", r);
  r = curl_msnprintf(buf, sizeof buf, "%d-%s", 7, "ok");
  trace_line("snprintf fits r=%d [%s]", r, buf);
  r = via_v(buf, sizeof buf, "v%dv", 3);
  trace_line("vsnprintf r=%d [%s]", r, buf);
  r = curl_msprintf(buf, "%x", 48879u);
  trace_line("sprintf r=%d [%s]", r, buf);
  char *s = via_va("va %s %d", "list", 5);
  trace_line("vaprintf [%s]", s ? s : "NULL");
  curl_free(s);
  char big[3000];
  memset(big, 'y', sizeof big - 1);
  big[sizeof big - 1] = 0;
  s = curl_maprintf("<%s>", big);
  trace_line("aprintf big len=%zu", s ? strlen(s) : (size_t)0);
  curl_free(s);
  fflush(stdout);
  r = curl_mprintf("mprintf %d %s\n", 1, "line");
  fflush(stdout);
  trace_line("mprintf r=%d", r);
  r = curl_mfprintf(stdout, "mfprintf %05.1f\n", 3.25);
  fflush(stdout);
  trace_line("mfprintf r=%d", r);
  curl_global_cleanup();
  return 0;
}
