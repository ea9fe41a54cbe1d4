/* Scenario: status code 000 and NUL bytes in the header section (issue 20, finding 4).
   libcurl 7.88 refuses a code below 100 ("Unsupported response code in HTTP response", 1),
   and a NUL byte anywhere in a header line, the status line included, with 8 and "Nul byte
   in header" (the lines before it reach the header callback). */
#include "raw_reply.h"

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  raw_get("000", "/z?raw=HTTP/1.1%20000%20OK%0D%0AContent-Length:%203%0D%0A%0D%0Aabc", 0, 0);
  raw_get("000-http10", "/z?raw=HTTP/1.0%20000%20OK%0D%0AContent-Length:%203%0D%0A%0D%0Aabc", 0, 0);
  raw_get("000-no-reason", "/z?raw=HTTP/1.1%20000%0D%0AContent-Length:%203%0D%0A%0D%0Aabc", 0, 0);
  raw_get("h2-000", "/z?raw=HTTP/2%20000%0D%0AContent-Length:%203%0D%0A%0D%0Aabc", 0, 0);
  raw_get("h2.0-000", "/z?raw=HTTP/2.0%20000%20OK%0D%0AContent-Length:%203%0D%0A%0D%0Aabc", 0, 0);
  raw_get("000-close", "/z?raw=HTTP/1.1%20000%20OK%0D%0A%0D%0Aabc", 0, 0);
  raw_get("099", "/z?raw=HTTP/1.1%20099%20OK%0D%0AContent-Length:%203%0D%0A%0D%0Aabc", 0, 0);
  raw_get("100-then-000", "/z?raw=HTTP/1.1%20100%20Continue%0D%0A%0D%0AHTTP/1.1%20000%20OK%0D%0AContent-Length:%203%0D%0A%0D%0Aabc", 0, 0);
  raw_get("nul-value", "/z?raw=HTTP/1.1%20200%20OK%0D%0AX-A:%20a%00b%0D%0AContent-Length:%203%0D%0A%0D%0Aabc", 0, 0);
  raw_get("nul-name", "/z?raw=HTTP/1.1%20200%20OK%0D%0AX-B:%201%0D%0AX%00A:%20a%0D%0AContent-Length:%203%0D%0A%0D%0Aabc", 0, 0);
  raw_get("nul-status", "/z?raw=HTTP/1.1%20200%20O%00K%0D%0AContent-Length:%203%0D%0A%0D%0Aabc", 0, 0);
  raw_get("nul-end", "/z?raw=HTTP/1.1%20200%20OK%0D%0AContent-Length:%203%0D%0AX-A:%20a%00%0D%0A%0D%0Aabc", 0, 0);
  raw_get("nul-trailer",
          "/z?raw=HTTP/1.1%20200%20OK%0D%0ATransfer-Encoding:%20chunked%0D%0A%0D%0A3%0D%0Aabc%0D%0A0%0D%0AX-T:%20a%00b%0D%0A%0D%0A",
          0, 0);
  curl_global_cleanup();
  return 0;
}
