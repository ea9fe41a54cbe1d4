/* Scenario: curl_easy_header called from the header callback sees the lines received so far. */
#include "trace.h"

#include <string.h>

static CURL *handle;

static size_t on_header(char *ptr, size_t size, size_t nmemb, void *userdata) {
  (void)userdata;
  size_t len = size * nmemb;
  struct curl_header *o = NULL;
  CURLHcode c = curl_easy_header(handle, "x-a", 0, CURLH_HEADER | CURLH_1XX, -1, &o);
  size_t shown = len;
  while (shown > 0 && (ptr[shown - 1] == '\r' || ptr[shown - 1] == '\n')) shown--;
  if (c == CURLHE_OK)
    trace_line("cb [%.*s]: x-a -> %s (%zu/%zu origin=%#x)", (int)shown, ptr, o->value,
               o->index, o->amount, o->origin);
  else
    trace_line("cb [%.*s]: x-a -> %d", (int)shown, ptr, (int)c);
  struct curl_header *p = NULL;
  size_t count = 0;
  while (count < 50 && (p = curl_easy_nextheader(handle, CURLH_HEADER, -1, p))) count++;
  trace_line("  %zu headers so far", count);
  return len;
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  struct trace_xfer x;
  handle = trace_easy_new(&x, 1, "/r?status=302&continue=1&hdr=X-A:1&hdr=Y:y&hdr=x-a:2"
                                 "&location=/f%3Fhdr%3DX-A:3");
  curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(handle, CURLOPT_FOLLOWLOCATION, 1L);
  trace_code("perform", curl_easy_perform(handle));
  curl_easy_cleanup(handle);
  trace_xfer_free(&x);
  curl_global_cleanup();
  return 0;
}
