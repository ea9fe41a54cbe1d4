/* Scenario: more than five codings counted over Transfer-Encoding (and Content-Encoding
 * when decoding was asked for) are refused at the header line that goes past five, with 61
 * (curl tests 387 and 418), even on a connection the server keeps open. */
#include <stdio.h>
#include <string.h>

#include "trace.h"

static void get(int id, const char *path, const char *accept_encoding) {
  struct trace_xfer x;
  char err[CURL_ERROR_SIZE] = "";
  CURL *h = trace_easy_new(&x, id, path);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, err);
  if (accept_encoding) curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, accept_encoding);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 4000L);
  trace_result("get", curl_easy_perform(h), &x);
  trace_line("errorbuffer: %s", err);
  INFO_LONG(h, RESPONSE_CODE);
  INFO_OFF(h, SIZE_DOWNLOAD_T);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  static char path[8192];
  /* Test 387: one line listing a hundred codings. */
  strcpy(path, "/387?close=1&hold=1&text=-foo-&hdr=Transfer-Encoding:gzip");
  for (int i = 1; i < 100; i++) strcat(path, ",gzip");
  get(1, path, NULL);
  /* Test 418: a hundred lines of one coding each. */
  strcpy(path, "/418?close=1&hold=1&text=-foo-");
  for (int i = 0; i < 100; i++) strcat(path, "&hdr=Transfer-Encoding:gzip");
  get(2, path, NULL);
  /* Three content codings and three transfer codings share the cap when decoding is on. */
  get(3, "/mix?close=1&hold=1&text=-foo-&hdr=Content-Encoding:gzip,gzip,gzip"
         "&hdr=Transfer-Encoding:gzip,gzip,gzip", "");
  /* Six transfer codings behind "chunked" in the list: chunked is no coding of its own. */
  get(4, "/six?close=1&hold=1&text=-foo-&hdr=Transfer-Encoding:gzip,gzip,gzip,gzip,gzip,gzip,chunked", NULL);
  curl_global_cleanup();
  return 0;
}
