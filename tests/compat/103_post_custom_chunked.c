/* Scenario: POSTFIELDS with the application's own "Transfer-Encoding: chunked" header
 * (curl tests 56 and 1333): the body goes out chunk-encoded, an empty one as the last chunk
 * alone, and no Content-Length is sent. A server waiting for the chunks hangs otherwise. */
#include <stdlib.h>
#include <string.h>

#include "trace.h"

static void post(int id, const char *fields, long size, const char *agent, int print_text) {
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, id, "/that.site.com/56?echo=1");
  x.keep_body = 1;
  struct curl_slist *hdrs = curl_slist_append(NULL, "Transfer-Encoding: chunked");
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, fields);
  if (size >= 0) curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, size);
  if (agent) curl_easy_setopt(h, CURLOPT_USERAGENT, agent);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 4000L);
  trace_result("post", curl_easy_perform(h), &x);
  if (print_text)
    trace_xfer_print_body_text("post", &x);
  else
    trace_xfer_print_body("post", &x);
  INFO_OFF(h, SIZE_UPLOAD_T);
  INFO_LONG(h, REQUEST_SIZE);
  curl_easy_cleanup(h);
  curl_slist_free_all(hdrs);
  trace_xfer_free(&x);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  post(1, "we post this", -1, "short", 1);
  /* Test 1333: a zero-length POST is the last chunk alone. */
  post(2, "", -1, NULL, 1);
  post(3, "ignored", 0, NULL, 1);
  /* Test 56: a 99,999-byte User-Agent makes the head far larger than one send. */
  char *agent = malloc(100000);
  memset(agent, 'a', 99999);
  agent[99999] = '\0';
  post(4, "we post this", -1, agent, 0);
  free(agent);
  /* A body larger than one inline send, binary, with an explicit size. */
  char *big = malloc(40000);
  for (int i = 0; i < 40000; i++) big[i] = (char)(i * 7);
  post(5, big, 40000, NULL, 0);
  free(big);
  curl_global_cleanup();
  return 0;
}
