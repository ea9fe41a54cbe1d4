/* Scenario: curl_easy_duphandle copies options; curl_easy_reset returns a handle to defaults. */
#include "trace.h"

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  struct trace_xfer x, y;
  CURL *h = trace_easy_new(&x, 1, "/d?echo=1");
  x.keep_body = 1;
  struct curl_slist *hdrs = curl_slist_append(NULL, "X-Dup: kept");
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
  curl_easy_setopt(h, CURLOPT_USERAGENT, "dup-agent");
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, "p=1");
  trace_result("orig", curl_easy_perform(h), &x);
  trace_xfer_print_body_text("orig", &x);

  /* The duplicate keeps every option, including the callbacks' data pointers. */
  CURL *d = curl_easy_duphandle(h);
  trace_line("duphandle: %s", d ? "ok" : "NULL");
  trace_xfer_init(&y, 2);
  y.keep_body = 1;
  curl_easy_setopt(d, CURLOPT_WRITEDATA, &y);
  curl_easy_setopt(d, CURLOPT_HEADERDATA, &y);
  trace_result("dup", curl_easy_perform(d), &y);
  trace_xfer_print_body_text("dup", &y);
  INFO_LONG(d, NUM_CONNECTS);
  trace_xfer_free(&y);
  curl_easy_cleanup(d);

  /* After reset only the URL is set again; the default writer would print to stdout, so the
   * trace callbacks are attached again too. */
  curl_easy_reset(h);
  trace_xfer_free(&x);
  trace_xfer_init(&x, 3);
  x.keep_body = 1;
  trace_xfer_attach(h, &x);
  curl_easy_setopt(h, CURLOPT_URL, trace_url("/d?echo=1"));
  trace_result("reset", curl_easy_perform(h), &x);
  trace_xfer_print_body_text("reset", &x);
  INFO_LONG(h, NUM_CONNECTS);
  INFO_LONG(h, RESPONSE_CODE);
  char *priv = (char *)"x";
  curl_easy_getinfo(h, CURLINFO_PRIVATE, &priv);
  trace_line("private after reset is NULL: %s", priv == NULL ? "yes" : "no");
  curl_easy_cleanup(h);
  curl_slist_free_all(hdrs);
  trace_xfer_free(&x);
  curl_global_cleanup();
  return 0;
}
