/* Scenario: a CR inside a header-section line, not right before its LF (found by
   tests/fuzz). libcurl 7.88 reads every line of the section to its LF: the status line's
   code is read as usual, a field line is handed on whole, and the body starts after the
   blank line. Also: a continuation line right after the status line, before any field. */
#include "raw_reply.h"

#define OK200 "raw=HTTP/1.1%20200%20OK%0D%0A"

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  raw_get("status-cr", "/h?raw=HTTP/1.1%20200%20OK%0Dd%0D%0A%0D%0A3%0D%0Aab", 0, 0);
  raw_get("status-cr-length", "/h?raw=HTTP/1.1%20200%20OK%0Dd%0D%0AContent-Length:%203%0D%0A%0D%0Aabc", 0, 0);
  raw_get("status-cr-before-reason", "/h?raw=HTTP/1.1%20404%0DNot%20Found%0D%0AContent-Length:%203%0D%0A%0D%0Aabc", 0, 0);
  raw_get("status-cr-cr", "/h?raw=HTTP/1.1%20200%20OK%0D%0D%0AContent-Length:%203%0D%0A%0D%0Aabc", 0, 0);
  raw_get("field-cr", "/h?" OK200 "X-A:%20a%0Db%0D%0AContent-Length:%203%0D%0A%0D%0Aabc", 0, 0);
  raw_get("field-cr-bare-lf", "/h?" OK200 "0Content-%26engh:%20%0Dt%0D0%0A%0Aabc", 0, 0);
  raw_get("field-cr-cr", "/h?" OK200 "X-A:%20a%0D%0D%0AContent-Length:%203%0D%0A%0D%0Aabc", 0, 0);
  raw_get("type-cr", "/h?" OK200 "Content-Type:%20text/plain%0Dx%0D%0AContent-Length:%203%0D%0A%0D%0Aabc", 0, 0);
  raw_get("location-cr", "/h?raw=HTTP/1.1%20302%20Found%0D%0ALocation:%20/h%3Ftext%3Dmoved%0Dx%0D%0AContent-Length:%200%0D%0A%0D%0A", 0, 1);
  raw_get("length-cr", "/h?" OK200 "Content-Length:%203%0Dx%0D%0A%0D%0Aabcdef", 0, 0);
  raw_get("chunked-cr", "/h?" OK200 "Transfer-Encoding:%20chunked%0Dx%0D%0AContent-Length:%203%0D%0A%0D%0Aabc", 0, 0);
  /* A continuation line before any field. */
  raw_get("fold-first-blank", "/h?" OK200 "%20%0A%0Aabc", 0, 0);
  raw_get("fold-first", "/h?" OK200 "%20X-A:%201%0D%0AContent-Length:%203%0D%0A%0D%0Aabc", 0, 0);
  raw_get("h2-fold-first-blank", "/h?raw=HTTP/2%202%0D%0A%20%0A%0A", 0, 0);
  raw_get("fold-later", "/h?" OK200 "X-A:%201%0D%0A%20%0AContent-Length:%203%0D%0A%0D%0Aabc", 0, 0);
  curl_global_cleanup();
  return 0;
}
