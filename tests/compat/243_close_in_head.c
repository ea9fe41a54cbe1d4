/* Scenario: the server closes the connection inside the response's header block, after some
   complete header lines (found by scenario 240 on TLS; plain here). libcurl 7.88 still holds
   the framing those lines announced: a Content-Length above 0 leaves "bytes remaining to
   read" (18), so does a chunked Transfer-Encoding ("outstanding read data"), with or without
   another coding beside the length; a head without framing, one of 204 or 304, a length of 0
   and a cut inside a line end quietly (0), and a cut inside the status line is no reply (52). */
#include "raw_reply.h"

#define OK200 "raw=HTTP/1.1%20200%20OK%0D%0A"
#define CL10 "Content-Length:%2010%0D%0A"

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  raw_get("length", "/c?" OK200 CL10, 0, 0);
  raw_get("length then a line", "/c?" OK200 CL10 "X-A:%201%0D%0A", 0, 0);
  raw_get("length then half a line", "/c?" OK200 CL10 "X-A:%201", 0, 0);
  raw_get("half a length line", "/c?" OK200 "Content-Length:%2010", 0, 0);
  raw_get("length 0", "/c?" OK200 "Content-Length:%200%0D%0A", 0, 0);
  raw_get("chunked", "/c?" OK200 "Transfer-Encoding:%20chunked%0D%0A", 0, 0);
  raw_get("gzip coding", "/c?" OK200 "Transfer-Encoding:%20gzip%0D%0A", 0, 0);
  raw_get("gzip coding then length", "/c?" OK200 "Transfer-Encoding:%20gzip%0D%0A" CL10, 0, 0);
  raw_get("length then gzip coding", "/c?" OK200 CL10 "Transfer-Encoding:%20gzip%0D%0A", 0, 0);
  raw_get("length then chunked", "/c?" OK200 CL10 "Transfer-Encoding:%20chunked%0D%0A", 0, 0);
  raw_get("chunked then length", "/c?" OK200 "Transfer-Encoding:%20chunked%0D%0A" CL10, 0, 0);
  raw_get("HTTP/1.0 length", "/c?raw=HTTP/1.0%20200%20OK%0D%0A" CL10, 0, 0);
  raw_get("204 length", "/c?raw=HTTP/1.1%20204%20No%20Content%0D%0A" CL10, 0, 0);
  raw_get("304 length", "/c?raw=HTTP/1.1%20304%20Not%20Modified%0D%0A" CL10, 0, 0);
  raw_get("404 length", "/c?raw=HTTP/1.1%20404%20Not%20Found%0D%0A" CL10, 0, 0);
  raw_get("no framing", "/c?" OK200 "X-A:%201%0D%0A", 0, 0);
  raw_get("status line only", "/c?" OK200, 0, 0);
  raw_get("half a status line", "/c?raw=HTTP/1.1%20200", 0, 0);
  curl_global_cleanup();
  return 0;
}
