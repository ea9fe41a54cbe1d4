/* Scenario: CURLMOPT_MAXCONNECTS: a connection handed back to a full cache closes the oldest
 * idle one first, which the verbose log of the transfer that returned it tells, before its
 * own "left intact"; the returned connection itself, when it is the only idle one, closes
 * (curl test 1506). */
#include "multi_util.h"

#include <string.h>

static int debug_cb(CURL *h, curl_infotype type, char *data, size_t size, void *userp) {
  (void)h;
  if (type != CURLINFO_TEXT) return 0;
  char text[256];
  size_t n = size < sizeof text - 1 ? size : sizeof text - 1;
  memcpy(text, data, n);
  text[n] = 0;
  while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == '\r')) text[--n] = 0;
  if (strstr(text, "left intact") || strstr(text, "Closing connection") || strstr(text, "cache is full"))
    trace_line("h%d: %s", (int)(intptr_t)userp, text);
  return 0;
}

static CURL *make(struct trace_xfer *x, int id, const char *host, const char *query,
                  struct curl_slist *resolve) {
  char url[256];
  snprintf(url, sizeof url, "http://%s:%d/m%s", host, trace_port(), query);
  CURL *h = trace_easy_new(x, id, NULL);
  curl_easy_setopt(h, CURLOPT_URL, url);
  curl_easy_setopt(h, CURLOPT_RESOLVE, resolve);
  curl_easy_setopt(h, CURLOPT_VERBOSE, 1L);
  curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, debug_cb);
  curl_easy_setopt(h, CURLOPT_DEBUGDATA, (void *)(intptr_t)id);
  curl_easy_setopt(h, CURLOPT_PRIVATE, (void *)(intptr_t)id);
  return h;
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  struct curl_slist *resolve = NULL;
  for (int i = 1; i <= 4; i++) {
    char entry[128];
    snprintf(entry, sizeof entry, "server%d.example.com:%d:127.0.0.1", i, trace_port());
    resolve = curl_slist_append(resolve, entry);
  }

  /* One after another: the fourth finds three idle connections in a cache of three. */
  CURLM *m = curl_multi_init();
  trace_mcode("setopt MAXCONNECTS 3", curl_multi_setopt(m, CURLMOPT_MAXCONNECTS, 3L));
  CURL *h[4];
  struct trace_xfer x[4];
  for (int i = 0; i < 4; i++) {
    char host[64];
    snprintf(host, sizeof host, "server%d.example.com", i + 1);
    h[i] = make(&x[i], i + 1, host, "?size=47", resolve);
    curl_multi_add_handle(m, h[i]);
    trace_line("running at end: %d", multi_run(m));
    multi_print_msgs(m);
    trace_sleep_ms(10); /* libcurl tells idle ages in milliseconds: no ties */
  }
  for (int i = 0; i < 4; i++) {
    curl_multi_remove_handle(m, h[i]);
    curl_easy_cleanup(h[i]);
    trace_xfer_free(&x[i]);
  }
  trace_mcode("cleanup", curl_multi_cleanup(m));

  /* Two at once in a cache of one: the first one back is the only idle connection. */
  m = curl_multi_init();
  trace_mcode("setopt MAXCONNECTS 1", curl_multi_setopt(m, CURLMOPT_MAXCONNECTS, 1L));
  h[0] = make(&x[0], 11, "server1.example.com", "?size=10", resolve);
  h[1] = make(&x[1], 12, "server2.example.com", "?size=10&delay=400", resolve);
  curl_multi_add_handle(m, h[0]);
  curl_multi_add_handle(m, h[1]);
  trace_line("running at end: %d", multi_run(m));
  multi_print_msgs(m);
  for (int i = 0; i < 2; i++) {
    curl_multi_remove_handle(m, h[i]);
    curl_easy_cleanup(h[i]);
    trace_xfer_free(&x[i]);
  }
  trace_mcode("cleanup", curl_multi_cleanup(m));
  curl_slist_free_all(resolve);
  curl_global_cleanup();
  return 0;
}
