/* Scenario: the size of chunked trailers (issue 20, finding 1). libcurl 7.88 keeps one
   trailer line at a time in a 4 KiB buffer: a line of 4093 bytes passes, one more byte (the
   CRLF it appends no longer fits) fails the transfer with 56 and "Out of memory in
   chunked-encoding"; a long section of short lines passes line by line. xfer also bounds a
   whole trailer section (at the 300 KiB of a header section, a deliberate difference, see
   docs/DIFFERENCES.md), so the section here stays below that. */
#include "raw_reply.h"

#define CHUNKED_HEAD "raw=HTTP/1.1%20200%20OK%0D%0ATransfer-Encoding:%20chunked%0D%0A%0D%0A3%0D%0Aabc%0D%0A0%0D%0A"

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  /* "X-Long: " and N bytes of 'a'. */
  raw_get("line-4093", "/t?" CHUNKED_HEAD "X-Long:%20&flood=a&floodn=4085&rawtail=%0D%0A%0D%0A", 1, 0);
  raw_get("line-4094", "/t?" CHUNKED_HEAD "X-Long:%20&flood=a&floodn=4086&rawtail=%0D%0A%0D%0A", 1, 0);
  raw_get("line-5000", "/t?" CHUNKED_HEAD "X-Long:%20&flood=a&floodn=4992&rawtail=%0D%0A%0D%0A", 1, 0);
  raw_get("line-200k", "/t?" CHUNKED_HEAD "X-Long:%20&flood=aaaaaaaaaa&floodn=20000&rawtail=%0D%0A%0D%0A", 1, 0);
  /* 25000 lines of 8 bytes: 200 KB of trailers. */
  raw_get("many-lines", "/t?" CHUNKED_HEAD "&flood=X-T:%20y%0D%0A&floodn=25000&rawtail=%0D%0A", 1, 0);
  raw_get("two-trailers", "/t?" CHUNKED_HEAD "A:%201%0D%0AB:%202%0D%0A%0D%0A", 0, 0);
  raw_get("unterminated", "/t?" CHUNKED_HEAD "A:%201%0D%0A", 0, 0);
  curl_global_cleanup();
  return 0;
}
