/* Scenario: transfer codings. CURLOPT_TRANSFER_ENCODING asks for them ("TE: gzip", with TE
   added to the Connection: line, the application's own Connection: value merged in, nothing
   added when the application sends its own TE:); a response's "Transfer-Encoding: gzip" (or
   deflate, zstd, br, with and without chunked, beside a content coding) is decoded whether
   or not it was asked for, and not with HTTP_CONTENT_DECODING 0; an unknown transfer coding
   fails. Body sizes and hashes, getinfo sizes and the request bytes are printed. */
#include <string.h>

#include "trace.h"

static void get(const char *label, const char *pq, long te, const char *accept, long decoding) {
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 1, pq);
  if (te) curl_easy_setopt(h, CURLOPT_TRANSFER_ENCODING, te);
  if (accept) curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, accept);
  curl_easy_setopt(h, CURLOPT_HTTP_CONTENT_DECODING, decoding);
  trace_result(label, curl_easy_perform(h), &x);
  INFO_LONG(h, RESPONSE_CODE);
  INFO_OFF(h, SIZE_DOWNLOAD_T);
  INFO_OFF(h, CONTENT_LENGTH_DOWNLOAD_T);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
}

/* The request head as the server saw it. */
static void echo(const char *label, long te, const char *header1, const char *header2) {
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 2, "/echo?echo=1");
  x.keep_body = 1;
  struct curl_slist *list = NULL;
  if (header1) list = curl_slist_append(list, header1);
  if (header2) list = curl_slist_append(list, header2);
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, list);
  trace_code("setopt TRANSFER_ENCODING", curl_easy_setopt(h, CURLOPT_TRANSFER_ENCODING, te));
  trace_code(label, curl_easy_perform(h));
  trace_xfer_print_body_text(label, &x);
  curl_easy_cleanup(h);
  curl_slist_free_all(list);
  trace_xfer_free(&x);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);

  echo("te on", 1L, NULL, NULL);
  echo("te off", 0L, NULL, NULL);
  echo("te with Connection: close", 1L, "Connection: close", NULL);
  echo("te with empty Connection:", 1L, "Connection:", NULL);
  echo("te with own TE:", 1L, "TE: trailers", "Connection: keep-alive");
  echo("te with two Connection lines", 1L, "Connection: a", "Connection: b");

  get("gzip asked", "/t?size=3000&gzip=1&te=1", 1L, NULL, 1);
  get("gzip not asked", "/t?size=3000&gzip=1&te=1", 0L, NULL, 1);
  get("gzip chunked", "/t?size=5000&gzip=1&te=1&chunked=1&chunk=100", 1L, NULL, 1);
  get("deflate chunked", "/t?size=5000&deflate=1&te=1&chunked=1", 1L, NULL, 1);
  get("zstd", "/t?size=4000&zstd=1&te=1", 0L, NULL, 1);
  get("br chunked", "/t?size=4000&br=1&te=1&chunked=1", 0L, NULL, 1);
  get("decoding off", "/t?size=3000&gzip=1&te=1", 1L, NULL, 0);
  get("decoding off chunked", "/t?size=3000&gzip=1&te=1&chunked=1", 1L, "", 0);
  get("unknown coding", "/t?size=300&te=1&ce=snappy&chunked=1", 1L, NULL, 1);
  get("identity", "/t?size=300&te=1&ce=identity&chunked=1", 1L, NULL, 1);
  get("corrupt", "/t?size=3000&gzip=1&te=1&zcut=9", 1L, NULL, 1);

  curl_global_cleanup();
  return 0;
}
