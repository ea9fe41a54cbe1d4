/* Scenario: CURLOPT_DNS_SHUFFLE_ADDRESSES. The option takes 0 and 1; with it on, a name
   with several addresses (through CURLOPT_RESOLVE, all of them the test server's) still
   reaches the server, again from the DNS cache, and localhost too. Which address goes first
   is random, so only outcomes are printed. */
#include <stdio.h>

#include "trace.h"

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 1, "/s?size=5");
  char entry[128], url[128];
  snprintf(entry, sizeof entry, "shuffle.test:%d:127.0.0.1,127.0.0.1,127.0.0.1", trace_port());
  snprintf(url, sizeof url, "http://shuffle.test:%d/s?size=5", trace_port());
  struct curl_slist *resolve = curl_slist_append(NULL, entry);
  trace_code("setopt 1", curl_easy_setopt(h, CURLOPT_DNS_SHUFFLE_ADDRESSES, 1L));
  curl_easy_setopt(h, CURLOPT_RESOLVE, resolve);
  curl_easy_setopt(h, CURLOPT_URL, url);
  trace_result("resolved name", curl_easy_perform(h), &x);
  INFO_STR(h, PRIMARY_IP);
  curl_easy_setopt(h, CURLOPT_FRESH_CONNECT, 1L);
  trace_xfer_free(&x);
  trace_xfer_init(&x, 2);
  trace_xfer_attach(h, &x);
  trace_result("from the cache", curl_easy_perform(h), &x);
  INFO_STR(h, PRIMARY_IP);
  trace_code("setopt 0", curl_easy_setopt(h, CURLOPT_DNS_SHUFFLE_ADDRESSES, 0L));
  trace_xfer_free(&x);
  trace_xfer_init(&x, 3);
  trace_xfer_attach(h, &x);
  trace_result("off", curl_easy_perform(h), &x);
  curl_easy_cleanup(h);
  curl_slist_free_all(resolve);
  trace_xfer_free(&x);
  curl_global_cleanup();
  return 0;
}
