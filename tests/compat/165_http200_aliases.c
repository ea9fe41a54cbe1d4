/* Scenario: CURLOPT_HTTP200ALIASES. A first line matching an alias ("ICY 200 OK", compared
   over the shorter of the two, any case) is taken as an HTTP/1.0 200: the body follows,
   response code 200, HTTP version 1.0, the header callback sees the line as it came. Without
   the alias, or with one that does not match, the same reply is no HTTP reply (with and
   without HTTP09_ALLOWED). An "HTTP/" status line is never an alias. */
#include "trace.h"

static void get(const char *label, const char *pq, const char *alias1, const char *alias2, long http09) {
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 1, pq);
  struct curl_slist *list = NULL;
  if (alias1) list = curl_slist_append(list, alias1);
  if (alias2) list = curl_slist_append(list, alias2);
  if (list) curl_easy_setopt(h, CURLOPT_HTTP200ALIASES, list);
  curl_easy_setopt(h, CURLOPT_HTTP09_ALLOWED, http09);
  trace_result(label, curl_easy_perform(h), &x);
  INFO_LONG(h, RESPONSE_CODE);
  INFO_LONG(h, HTTP_VERSION);
  INFO_OFF(h, SIZE_DOWNLOAD_T);
  curl_easy_cleanup(h);
  curl_slist_free_all(list);
  trace_xfer_free(&x);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  get("icy", "/a?statusline=ICY%20200%20OK&size=7", "ICY 200 OK", NULL, 0);
  get("icy lower-case alias", "/a?statusline=ICY%20200%20OK&size=7", "icy 200 ok", NULL, 0);
  get("alias prefix", "/a?statusline=ICY%20200%20OK&size=7", "ICY", NULL, 0);
  get("second alias", "/a?statusline=ICY%20200%20OK&size=7", "SHOUT", "ICY 200", 0);
  get("no alias", "/a?statusline=ICY%20200%20OK&size=7", NULL, NULL, 0);
  get("no alias, http09", "/a?statusline=ICY%20200%20OK&size=7&connclose=1", NULL, NULL, 1);
  get("other alias", "/a?statusline=ICY%20200%20OK&size=7", "SHOUT 200", NULL, 0);
  get("http status with alias", "/a?status=404&size=3", "HTTP/1.1 404", NULL, 0);
  get("icy with close", "/a?statusline=ICY%20200%20OK&size=9&connclose=1", "ICY", NULL, 0);
  curl_global_cleanup();
  return 0;
}
