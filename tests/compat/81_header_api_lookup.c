/* Scenario: curl_easy_header lookups: repeated names, case, trimming, folding and every error code. */
#include "trace.h"

#include <stdio.h>
#include <string.h>

/* The value with CR/LF/TAB made visible, so trimming differences show in the trace. */
static const char *visible(const char *s) {
  static char out[256];
  size_t n = 0;
  for (; *s && n + 3 < sizeof out; s++) {
    if (*s == '\r') { out[n++] = '\\'; out[n++] = 'r'; }
    else if (*s == '\n') { out[n++] = '\\'; out[n++] = 'n'; }
    else if (*s == '\t') { out[n++] = '\\'; out[n++] = 't'; }
    else out[n++] = *s;
  }
  out[n] = 0;
  return out;
}

static void lookup(CURL *h, const char *name, size_t index, unsigned origin, int request) {
  struct curl_header *o = NULL;
  CURLHcode c = curl_easy_header(h, name, index, origin, request, &o);
  if (c != CURLHE_OK) {
    trace_line("header %s index=%zu origin=%u request=%d -> %d", name ? name : "(null)", index,
               origin, request, (int)c);
    return;
  }
  trace_line("header %s index=%zu origin=%u request=%d -> name=%s value=[%s] amount=%zu "
             "index=%zu origin=%#x", name, index, origin, request, o->name, visible(o->value),
             o->amount, o->index, o->origin);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 1, "/a?hdr=X-A:1&hdr=x-a:%20two%20%20%09&hdr=X-Empty:"
                                 "&hdr=X-F:one%0D%0A%20%20%09two%20%0D%0A%09three&hdr=X-A:3");
  lookup(h, "X-A", 0, CURLH_HEADER, -1); /* before any transfer: no headers at all */
  trace_result("get", curl_easy_perform(h), &x);

  lookup(h, "X-A", 0, CURLH_HEADER, -1);
  lookup(h, "x-A", 1, CURLH_HEADER, 0);
  lookup(h, "x-a", 2, CURLH_HEADER, 0);
  lookup(h, "x-a", 3, CURLH_HEADER, 0);
  lookup(h, "X-EMPTY", 0, CURLH_HEADER, -1);
  lookup(h, "x-f", 0, CURLH_HEADER, -1);
  lookup(h, "content-length", 0, CURLH_HEADER, -1);
  lookup(h, "nope", 0, CURLH_HEADER, -1);
  lookup(h, "x-a", 0, CURLH_HEADER, 1);
  lookup(h, "x-a", 0, CURLH_HEADER, 7);
  lookup(h, "x-a", 0, CURLH_HEADER, -2);
  lookup(h, "x-a", 0, 0, -1);
  lookup(h, "x-a", 0, 64, -1);
  lookup(h, "x-a", 0, CURLH_TRAILER, -1);
  lookup(h, "x-a", 0, CURLH_HEADER | CURLH_TRAILER | CURLH_1XX, -1);
  lookup(h, NULL, 0, CURLH_HEADER, -1);
  trace_line("null out -> %d", (int)curl_easy_header(h, "x-a", 0, CURLH_HEADER, -1, NULL));
  {
    struct curl_header *o = NULL;
    trace_line("null handle -> %d", (int)curl_easy_header(NULL, "x-a", 0, CURLH_HEADER, -1, &o));
  }

  /* curl_easy_header and curl_easy_nextheader hand out the same struct in 7.88. */
  {
    struct curl_header *a = NULL;
    curl_easy_header(h, "x-f", 0, CURLH_HEADER, -1, &a);
    struct curl_header *b = curl_easy_nextheader(h, CURLH_HEADER, -1, NULL);
    trace_line("same struct: %s, first now %s", a == b ? "yes" : "no", a ? a->name : "-");
  }

  /* curl_easy_reset keeps the headers of the last transfer; the next transfer drops them. */
  curl_easy_reset(h);
  lookup(h, "x-a", 0, CURLH_HEADER, -1);
  trace_xfer_free(&x);
  trace_xfer_init(&x, 2);
  trace_xfer_attach(h, &x);
  curl_easy_setopt(h, CURLOPT_URL, trace_url("/b?status=404"));
  trace_result("404", curl_easy_perform(h), &x);
  lookup(h, "x-a", 0, CURLH_HEADER, -1);
  lookup(h, "content-type", 0, CURLH_HEADER, -1);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
  curl_global_cleanup();
  return 0;
}
