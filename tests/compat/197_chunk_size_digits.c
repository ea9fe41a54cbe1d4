/* Scenario: chunk sizes a hostile server sends (issue 20, finding 3). libcurl 7.88 reads at
   most 16 hex digits of a chunk size, leading zeros included: the 17th fails the transfer
   with 56 and "Too long hexadecimal number in chunked-encoding"; 16 digits above 2^63-1
   fail with "Illegal or missing hexadecimal sequence in chunked-encoding". Either way no
   byte after the bad size reaches the write callback. */
#include "raw_reply.h"

#define CHUNKED "raw=HTTP/1.1%20200%20OK%0D%0ATransfer-Encoding:%20chunked%0D%0A%0D%0A"

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  raw_get("all-f", "/k?" CHUNKED "ffffffffffffffff%0D%0Aabcdefghijkl%0D%0A0%0D%0A%0D%0A", 0, 0);
  raw_get("first-then-all-f", "/k?" CHUNKED "3%0D%0Aabc%0D%0Affffffffffffffff%0D%0Aabcdefghijkl%0D%0A0%0D%0A%0D%0A", 0, 0);
  raw_get("2^63", "/k?" CHUNKED "8000000000000000%0D%0Aabc%0D%0A0%0D%0A%0D%0A", 0, 0);
  raw_get("2^63-1", "/k?" CHUNKED "7fffffffffffffff%0D%0Aabc", 0, 0);
  raw_get("zeros-16", "/k?" CHUNKED "0000000000000003%0D%0Aabc%0D%0A0%0D%0A%0D%0A", 0, 0);
  raw_get("zeros-17", "/k?" CHUNKED "00000000000000003%0D%0Aabc%0D%0A0%0D%0A%0D%0A", 0, 0);
  raw_get("zeros-many", "/k?" CHUNKED "3%0D%0Aabc%0D%0A&flood=0&floodn=5000&rawtail=3%0D%0Adef%0D%0A0%0D%0A%0D%0A", 0, 0);
  raw_get("last-zeros-17", "/k?" CHUNKED "3%0D%0Aabc%0D%0A00000000000000000%0D%0A%0D%0A", 0, 0);
  raw_get("last-zeros-16", "/k?" CHUNKED "3%0D%0Aabc%0D%0A0000000000000000%0D%0A%0D%0A", 0, 0);
  raw_get("no-digits", "/k?" CHUNKED "3%0D%0Aabc%0D%0A%0D%0Axyz", 0, 0);
  raw_get("bad-after-data", "/k?" CHUNKED "3%0D%0AabcXY0%0D%0A%0D%0A", 0, 0);
  curl_global_cleanup();
  return 0;
}
