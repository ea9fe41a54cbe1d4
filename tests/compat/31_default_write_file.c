/* Scenario: no WRITEFUNCTION: the default writer fwrite()s into the FILE* given as WRITEDATA. */
#include <stdio.h>
#include <stdint.h>

#include "trace.h"

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  FILE *f = tmpfile();
  if (!f) {
    trace_line("tmpfile failed");
    return 1;
  }
  CURL *h = curl_easy_init();
  curl_easy_setopt(h, CURLOPT_URL, trace_url("/f?size=40000"));
  curl_easy_setopt(h, CURLOPT_WRITEDATA, f);
  trace_code("perform", curl_easy_perform(h));
  fflush(f);
  long len = ftell(f);
  rewind(f);
  uint32_t fnv = 2166136261u;
  int c;
  while ((c = fgetc(f)) != EOF) {
    fnv ^= (unsigned char)c;
    fnv *= 16777619u;
  }
  trace_line("file bytes=%ld fnv=%08x", len, (unsigned)fnv);
  INFO_OFF(h, SIZE_DOWNLOAD_T);
  curl_easy_cleanup(h);
  fclose(f);
  curl_global_cleanup();
  return 0;
}
