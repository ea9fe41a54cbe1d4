/* Scenario: a header line that starts with a bare CR (issue 20, finding 2). libcurl 7.88
   takes any line whose first byte is CR or LF as the blank line that ends the header
   section, whatever follows on it: the lines after it are body bytes, and a redirect whose
   Location comes after it is not followed. */
#include "raw_reply.h"

#define OK200 "raw=HTTP/1.1%20200%20OK%0D%0A"

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  raw_get("cr-then-name", "/c?" OK200 "Content-Length:%203%0D%0A%0DX-A:%201%0D%0AX-B:%202%0D%0A%0D%0Aabc", 0, 0);
  raw_get("cr-no-length", "/c?" OK200 "X-Z:%201%0D%0A%0DX-A:%201%0D%0A%0D%0Aabc", 0, 0);
  raw_get("cr-cr-lf", "/c?" OK200 "Content-Length:%203%0D%0A%0D%0D%0Aabc", 0, 0);
  raw_get("cr-second-length", "/c?" OK200 "Content-Length:%203%0D%0A%0DContent-Length:%205%0D%0A%0D%0Aabcde", 0, 0);
  raw_get("cr-before-location",
          "/c?raw=HTTP/1.1%20301%20Moved%0D%0AContent-Length:%200%0D%0A%0DLocation:%20/c%3Ftext%3Dmoved%0D%0A%0D%0A",
          0, 1);
  raw_get("cr-chunked", "/c?" OK200 "Transfer-Encoding:%20chunked%0D%0A%0DX-A:%201%0D%0A%0D%0A3%0D%0Aabc%0D%0A0%0D%0A%0D%0A",
          0, 0);
  raw_get("cr-first-line", "/c?raw=HTTP/1.1%20200%20OK%0D%0A%0DContent-Length:%203%0D%0A%0D%0Aabc", 0, 0);
  curl_global_cleanup();
  return 0;
}
