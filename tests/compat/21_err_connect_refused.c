/* Scenario: connecting to a loopback port nobody listens on gives CURLE_COULDNT_CONNECT. */
#include <errno.h>

#include "trace.h"

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  int port = trace_free_port();
  char url[128];
  snprintf(url, sizeof url, "http://127.0.0.1:%d/refused", port);
  struct trace_xfer x;
  char err[CURL_ERROR_SIZE];
  CURL *h = trace_easy_new(&x, 1, NULL);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, err);
  curl_easy_setopt(h, CURLOPT_URL, url);
  err[0] = '\0';
  trace_result("refused", curl_easy_perform(h), &x);
  trace_line("errorbuffer: %s", err[0] ? "non-empty" : "empty");
  INFO_LONG(h, RESPONSE_CODE);
  INFO_LONG(h, NUM_CONNECTS);
  INFO_STR(h, PRIMARY_IP);
  long os_errno = 0;
  curl_easy_getinfo(h, CURLINFO_OS_ERRNO, &os_errno);
  trace_line("info OS_ERRNO is ECONNREFUSED: %s", os_errno == ECONNREFUSED ? "yes" : "no");
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
  curl_global_cleanup();
  return 0;
}
