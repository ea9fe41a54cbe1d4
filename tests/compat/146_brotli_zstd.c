/* Scenario: br and zstd content codings: decoded bodies, chains, corrupt input, what "" offers. */
#include <stdio.h>

#include "trace.h"

/* accept: NULL leaves ACCEPT_ENCODING unset; decoding: HTTP_CONTENT_DECODING. */
static void get(const char *label, const char *pq, const char *accept, long decoding) {
  struct trace_xfer x;
  char err[CURL_ERROR_SIZE];
  err[0] = '\0';
  CURL *h = trace_easy_new(&x, 1, pq);
  if (accept) curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, accept);
  curl_easy_setopt(h, CURLOPT_HTTP_CONTENT_DECODING, decoding);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, err);
  trace_result(label, curl_easy_perform(h), &x);
  /* libcurl reports brotli and zstd failures by code alone (the buffer stays empty) but for
   * its chunk reader's text in a chunked body; zlib's failures name zlib's message. */
  trace_line("%s: errorbuffer: %s", label, err[0] ? err : "(empty)");
  INFO_LONG(h, RESPONSE_CODE);
  INFO_OFF(h, SIZE_DOWNLOAD_T);
  INFO_OFF(h, CONTENT_LENGTH_DOWNLOAD_T);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
}

static void echo(const char *label, const char *accept) {
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 2, "/echo?echo=1");
  x.keep_body = 1;
  curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, accept);
  trace_code(label, curl_easy_perform(h));
  trace_xfer_print_body_text(label, &x);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);

  /* Both libraries link the same libbrotlidec and libzstd, so the versions agree too. */
  curl_version_info_data *v = curl_version_info(CURLVERSION_NOW);
  trace_line("features: brotli=%d zstd=%d", (v->features & CURL_VERSION_BROTLI) != 0,
             (v->features & CURL_VERSION_ZSTD) != 0);
  trace_line("brotli: %#x %s", v->brotli_ver_num, v->brotli_version ? v->brotli_version : "(null)");
  trace_line("zstd: %u %s", v->zstd_ver_num, v->zstd_version ? v->zstd_version : "(null)");

  /* The request line an empty ACCEPT_ENCODING makes, and a named list sent as given. */
  echo("accept all", "");
  echo("accept named", "br, zstd");

  get("br", "/c?size=1000&br=1", "", 1);
  get("br chunked", "/c?size=20000&br=1&chunked=1&chunk=7", "", 1);
  get("br large", "/c?size=300000&br=1&chunked=1&chunk=4096", "", 1);
  get("br named", "/c?size=1000&br=1", "br", 1);
  get("zstd", "/c?size=1000&zstd=1", "", 1);
  get("zstd chunked", "/c?size=20000&zstd=1&chunked=1&chunk=5", "", 1);
  get("zstd large", "/c?size=300000&zstd=1&chunked=1&chunk=4096", "", 1);
  get("zstd two frames", "/c?size=3000&zstd=multi", "", 1);
  get("br upper case", "/c?size=1000&br=1&ce=BR", "", 1);

  /* Chained codings, undone last first. */
  get("gzip, br", "/c?size=5000&chain=gzip,br", "", 1);
  get("br, zstd", "/c?size=5000&chain=br,zstd&chunked=1&chunk=3", "", 1);
  get("zstd, deflate, br", "/c?size=5000&chain=zstd,deflate,br", "", 1);
  get("br, br", "/c?size=5000&chain=br,br", "", 1);
  get("identity, zstd", "/c?size=1000&zstd=1&ce=identity,%20zstd", "", 1);
  get("chain listed backwards", "/c?size=5000&chain=gzip,br&ce=br,%20gzip", "", 1);

  /* Corrupt and odd streams. */
  get("plain as br", "/c?size=1000&ce=br", "", 1);
  get("plain as zstd", "/c?size=1000&ce=zstd", "", 1);
  get("plain as br chunked", "/c?size=1000&ce=br&chunked=1&chunk=5", "", 1);
  get("gzip as zstd", "/c?size=1000&gzip=1&ce=zstd", "", 1);
  get("br reserved bit", "/c?text=%E9&ce=br", "", 1);
  get("br bad distance",
      "/c?text=%13%10%00%00%24%40%42%90%42%16%C9%83%F3%BC%70%BE%00&ce=br", "", 1);
  get("br tail", "/c?size=1000&br=1&ztail=x", "", 1);
  get("br two streams", "/c?size=1000&br=multi", "", 1);
  get("zstd tail", "/c?size=1000&zstd=1&ztail=x", "", 1);
  get("br tail chunked", "/c?size=1000&br=1&ztail=x&chunked=1&chunk=7", "", 1);
  get("zstd tail chunked", "/c?size=1000&zstd=1&ztail=x&chunked=1&chunk=7", "", 1);
  get("gzip tail chunked", "/c?size=1000&gzip=1&ztail=x&chunked=1&chunk=7", "", 1);
  get("plain as gzip", "/c?size=1000&ce=gzip", "", 1);
  get("plain as gzip chunked", "/c?size=1000&ce=gzip&chunked=1&chunk=5", "", 1);
  get("br cut 3", "/c?size=1000&br=1&zcut=3", "", 1);
  get("zstd cut 3", "/c?size=1000&zstd=1&zcut=3", "", 1);
  get("br empty body", "/c?size=0&ce=br", "", 1);
  get("zstd empty body", "/c?size=0&ce=zstd", "", 1);

  /* Not decoded: without ACCEPT_ENCODING, or with HTTP_CONTENT_DECODING off. */
  get("br no accept", "/c?size=1000&br=1", NULL, 1);
  get("br decoding off", "/c?size=1000&br=1", "", 0);
  get("zstd decoding off", "/c?size=1000&zstd=1", "", 0);
  get("chain decoding off", "/c?size=5000&chain=gzip,br", "", 0);
  get("corrupt decoding off", "/c?size=1000&ce=zstd", "", 0);

  curl_global_cleanup();
  return 0;
}
