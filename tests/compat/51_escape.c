/* Scenario: curl_easy_escape/unescape and the old curl_escape/curl_unescape on awkward bytes. */
#include "trace.h"

#include <string.h>

static void show_escape(CURL *h, const char *in, int len) {
  char *out = curl_easy_escape(h, in, len);
  trace_line("escape(len=%d) -> %s", len, out ? out : "NULL");
  curl_free(out);
}

static void show_unescape(CURL *h, const char *in, int len) {
  int outlen = -7;
  char *out = curl_easy_unescape(h, in, len, &outlen);
  if (!out) {
    trace_line("unescape(len=%d) -> NULL outlen=%d", len, outlen);
    return;
  }
  char hex[512];
  size_t k = 0;
  for (int i = 0; i < outlen && k + 4 < sizeof hex; i++)
    k += (size_t)snprintf(hex + k, sizeof hex - k, "%02x", (unsigned char)out[i]);
  hex[k] = 0;
  trace_line("unescape(len=%d) -> outlen=%d hex=%s", len, outlen, hex);
  curl_free(out);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  CURL *h = curl_easy_init();
  static const char *inputs[] = {
    "", "abcXYZ019", "-._~", "a b+c", "/?#[]@!$&'()*,;=:", "%41%zz%4", "100%",
    "\xc3\xa9t\xc3\xa9", "tab\there", "line\r\nbreak", "%e2%82%ac", "%2", "%%41", "A%2FB%2fC",
    "\x7f\x01\x1f", "~user/path?q=1&r=2#frag",
  };
  for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
    trace_line("input %zu", i);
    show_escape(h, inputs[i], 0);
    show_escape(NULL, inputs[i], (int)strlen(inputs[i]));
    show_unescape(h, inputs[i], 0);
    show_unescape(NULL, inputs[i], (int)strlen(inputs[i]));
  }
  /* explicit lengths: embedded NUL, a prefix, negative */
  show_escape(h, "a\0b", 3);
  show_escape(h, "abcdef", 3);
  show_escape(h, "abc", -1);
  show_unescape(h, "a%00b", 5);
  show_unescape(h, "%41%42%43", 3);
  show_unescape(h, "abc", -1);
  int outlen = 0;
  char *u = curl_easy_unescape(h, "x%20y", 0, NULL);
  trace_line("unescape no outlen -> %s", u ? u : "NULL");
  curl_free(u);
  (void)outlen;
  char *e = curl_escape("a b/c", 0);
  trace_line("curl_escape -> %s", e ? e : "NULL");
  curl_free(e);
  e = curl_unescape("a%20b%2Fc", 0);
  trace_line("curl_unescape -> %s", e ? e : "NULL");
  curl_free(e);
  e = curl_escape("abc", -2);
  trace_line("curl_escape negative -> %s", e ? e : "NULL");
  curl_easy_cleanup(h);
  curl_global_cleanup();
  return 0;
}
