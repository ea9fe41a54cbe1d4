/* Scenario: setopt edge cases (unknown option, NULL strings) and getinfo on a fresh handle. */
#include "trace.h"

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  CURL *h = curl_easy_init();
  trace_code("setopt 9999", curl_easy_setopt(h, (CURLoption)9999, 0L));
  trace_code("setopt URL NULL", curl_easy_setopt(h, CURLOPT_URL, NULL));
  trace_code("setopt USERAGENT NULL", curl_easy_setopt(h, CURLOPT_USERAGENT, NULL));
  trace_code("setopt CUSTOMREQUEST NULL", curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, NULL));
  trace_code("setopt HTTPHEADER NULL", curl_easy_setopt(h, CURLOPT_HTTPHEADER, NULL));
  trace_code("setopt TIMEOUT_MS -1", curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, -1L));
  trace_code("setopt MAXREDIRS -2", curl_easy_setopt(h, CURLOPT_MAXREDIRS, -2L));
  trace_code("setopt HTTP_VERSION 99", curl_easy_setopt(h, CURLOPT_HTTP_VERSION, 99L));
  trace_code("setopt NULL handle", curl_easy_setopt(NULL, CURLOPT_VERBOSE, 0L));

  /* A handle that never ran reports zeros and NULLs. */
  INFO_LONG(h, RESPONSE_CODE);
  INFO_STR(h, EFFECTIVE_URL);
  INFO_STR(h, CONTENT_TYPE);
  INFO_LONG(h, NUM_CONNECTS);
  INFO_LONG(h, HEADER_SIZE);
  INFO_LONG(h, REQUEST_SIZE);
  INFO_OFF(h, SIZE_DOWNLOAD_T);
  INFO_OFF(h, CONTENT_LENGTH_DOWNLOAD_T);
  INFO_STR(h, PRIMARY_IP);
  INFO_LONG(h, PRIMARY_PORT);
  INFO_STR(h, LOCAL_IP);
  INFO_LONG(h, LOCAL_PORT);
  INFO_LONG(h, REDIRECT_COUNT);
  INFO_STR(h, REDIRECT_URL);
  INFO_LONG(h, HTTP_VERSION);
  INFO_OFF(h, TOTAL_TIME_T);
  long dummy = 0;
  trace_code("getinfo unknown 0x200099", curl_easy_getinfo(h, (CURLINFO)0x200099, &dummy));
  trace_code("getinfo NULL handle", curl_easy_getinfo(NULL, CURLINFO_RESPONSE_CODE, &dummy));

  /* After the edge setopts a real transfer still works. */
  struct trace_xfer x;
  trace_xfer_init(&x, 1);
  trace_xfer_attach(h, &x);
  curl_easy_setopt(h, CURLOPT_URL, trace_url("/s?size=9"));
  trace_result("after", curl_easy_perform(h), &x);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
  curl_global_cleanup();
  return 0;
}
