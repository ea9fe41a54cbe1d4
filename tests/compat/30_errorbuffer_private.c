/* Scenario: ERRORBUFFER filled on failure and cleared on success; CURLOPT_PRIVATE round trip. */
#include <string.h>

#include "trace.h"

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  struct trace_xfer x;
  char err[CURL_ERROR_SIZE];
  static int marker;
  CURL *h = trace_easy_new(&x, 1, NULL);

  char *priv = (char *)"untouched";
  trace_code("getinfo PRIVATE unset", curl_easy_getinfo(h, CURLINFO_PRIVATE, &priv));
  trace_line("private unset is NULL: %s", priv == NULL ? "yes" : "no");
  curl_easy_setopt(h, CURLOPT_PRIVATE, (void *)&marker);
  priv = NULL;
  curl_easy_getinfo(h, CURLINFO_PRIVATE, &priv);
  trace_line("private round trip: %s", priv == (char *)&marker ? "same" : "different");

  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, err);
  memset(err, 'Z', sizeof err);
  curl_easy_setopt(h, CURLOPT_URL, trace_url("/e?nothing=1"));
  trace_result("fail", curl_easy_perform(h), &x);
  trace_line("errorbuffer terminated: %s", memchr(err, '\0', sizeof err) ? "yes" : "no");
  trace_line("errorbuffer: %s", err[0] ? "non-empty" : "empty");
  trace_xfer_free(&x);

  trace_xfer_init(&x, 2);
  memset(err, 'Z', sizeof err);
  err[sizeof err - 1] = '\0';
  curl_easy_setopt(h, CURLOPT_URL, trace_url("/e?size=5"));
  trace_result("ok", curl_easy_perform(h), &x);
  trace_line("errorbuffer after success: %s", err[0] ? "non-empty" : "empty");
  priv = NULL;
  curl_easy_getinfo(h, CURLINFO_PRIVATE, &priv);
  trace_line("private after transfers: %s", priv == (char *)&marker ? "same" : "different");
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
  curl_global_cleanup();
  return 0;
}
