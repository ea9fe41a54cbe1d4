/* Scenario: a CR not followed by an LF in a chunked body's framing (found by tests/fuzz).
   libcurl 7.88 reads a chunk-size line to its LF, skipping whatever follows the digits (an
   extension, blanks, stray CRs, other bytes); after the last chunk it ends a trailer line
   at its first CR or LF, hands the line on with a CRLF, and fails the transfer (56,
   "Malformed encoding found in chunked-encoding") where a CR is not followed by an LF, in a
   trailer line or in the blank line that ends the body. */
#include "raw_reply.h"

#define CHUNKED "raw=HTTP/1.1%20200%20OK%0D%0ATransfer-Encoding:%20chunked%0D%0A%0D%0A"

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  /* Size lines. */
  raw_get("size-cr-digits", "/f?" CHUNKED "3%0D5%0D%0Aabc%0D%0A0%0D%0A%0D%0A", 0, 0);
  raw_get("size-cr-cr", "/f?" CHUNKED "3%0D%0D%0Aabc%0D%0A0%0D%0A%0D%0A", 0, 0);
  raw_get("size-junk", "/f?" CHUNKED "3xyz%0D%0Aabc%0D%0A0%0D%0A%0D%0A", 0, 0);
  raw_get("size-ext-cr", "/f?" CHUNKED "3;a=b%0Dc%0D%0Aabc%0D%0A0%0D%0A%0D%0A", 0, 0);
  raw_get("last-size-cr", "/f?" CHUNKED "3%0D%0Aabc%0D%0A0%0D2%0D3%0Aaj", 0, 0);
  raw_get("last-size-cr-then-end", "/f?" CHUNKED "3%0D%0Aabc%0D%0A0%0D2%0D3%0A%0D%0A", 0, 0);
  /* Trailers. */
  raw_get("blank-cr-nul", "/f?" CHUNKED "3%0D%0Aabc%0D%0A0%0D%0A%0D%00%0A", 0, 0);
  raw_get("blank-cr-x", "/f?" CHUNKED "3%0D%0Aabc%0D%0A0%0D%0A%0DX", 0, 0);
  raw_get("trailer-cr-x", "/f?" CHUNKED "3%0D%0Aabc%0D%0A0%0D%0AX-T:%20a%0Db%0D%0A%0D%0A", 0, 0);
  raw_get("trailer-cr-cr", "/f?" CHUNKED "3%0D%0Aabc%0D%0A0%0D%0AX-T:%20a%0D%0D%0A%0D%0A", 0, 0);
  raw_get("trailer-bare-lf", "/f?" CHUNKED "3%0D%0Aabc%0D%0A0%0D%0AX-T:%20a%0AX-U:%20b%0A%0A", 0, 0);
  raw_get("trailer-then-bare-lf", "/f?" CHUNKED "3%0D%0Aabc%0D%0A0%0D%0AX-T:%20a%0D%0A%0A", 0, 0);
  raw_get("blank-bare-lf", "/f?" CHUNKED "3%0D%0Aabc%0D%0A0%0D%0A%0A", 0, 0);
  curl_global_cleanup();
  return 0;
}
