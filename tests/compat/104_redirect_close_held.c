/* Scenario: a followed redirect whose connection is to close anyway (curl test 187): the
 * redirect's body is not read, so a server that keeps the connection open after a
 * close-delimited (or any) body cannot stall the transfer. */
#include "trace.h"

static void follow(int id, const char *path) {
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, id, path);
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 4000L);
  trace_result("follow", curl_easy_perform(h), &x);
  INFO_LONG(h, RESPONSE_CODE);
  INFO_LONG(h, REDIRECT_COUNT);
  INFO_OFF(h, SIZE_DOWNLOAD_T);
  INFO_LONG(h, HEADER_SIZE);
  INFO_LONG(h, NUM_CONNECTS);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  /* Test 187: no path before the query, a close-delimited 301 the server never ends. */
  follow(1, "?oh=what-weird=test/187&status=301&close=1&hold=1&lf=1&text=This+server+reply+is+for+testing"
            "&location=/root/1870002.txt%3Fsize%3D52");
  /* A Content-Length and Connection: close: the body is skipped all the same. */
  follow(2, "/302?status=302&connclose=1&hold=1&size=5000&location=/next%3Fsize%3D7");
  /* HTTP/1.0 without keep-alive: the connection closes, so the same. */
  follow(3, "/h10?status=301&http10=1&close=1&hold=1&text=moved&location=/next%3Fsize%3D9");
  /* A 303 to a GET, the connection closing: GET follows, the body is not read. */
  follow(4, "/303?status=303&close=1&hold=1&text=see+other&location=/next%3Fsize%3D3");
  curl_global_cleanup();
  return 0;
}
