/* Benchmark: RSS and heap per easy handle created, configured and added to a multi handle. */
#define _GNU_SOURCE
#include <curl/curl.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probe.h"

#define MAX_HANDLES 1000000L

static size_t discard(char *ptr, size_t size, size_t nmemb, void *userdata) {
  (void)ptr;
  (void)userdata;
  return size * nmemb;
}

int main(int argc, char **argv) {
  char *end = NULL;
  errno = 0;
  long count = argc == 3 ? strtol(argv[2], &end, 10) : 0;
  if (argc != 3 || errno || !end || *end || count < 1 || count > MAX_HANDLES) {
    fprintf(stderr, "usage: %s PORT N\n  creates N easy handles for http://127.0.0.1:PORT/, adds them, "
                    "measures, never performs\n", argv[0]);
    return 2;
  }
  if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
    return 1;
  char url[80];
  snprintf(url, sizeof url, "http://127.0.0.1:%s/p?size=100", argv[1]);

  CURLM *multi = curl_multi_init();
  CURL **handles = calloc((size_t)count, sizeof *handles);
  if (!multi || !handles)
    return 1;
  /* Warm one handle through create/add/remove/free so one-time library setup stays out. */
  CURL *first = curl_easy_init();
  curl_easy_setopt(first, CURLOPT_URL, url);
  curl_multi_add_handle(multi, first);
  curl_multi_remove_handle(multi, first);
  curl_easy_cleanup(first);

  long long rss_before = probe_rss_bytes();
  long long heap_before = probe_heap_bytes();
  long long allocs_before = probe_allocations();
  long long t0 = probe_now_ns();
  int ok = 1;
  for (long i = 0; i < count && ok; i++) {
    handles[i] = curl_easy_init();
    ok = handles[i] != NULL;
    if (ok) {
      curl_easy_setopt(handles[i], CURLOPT_URL, url);
      curl_easy_setopt(handles[i], CURLOPT_WRITEFUNCTION, discard);
      curl_easy_setopt(handles[i], CURLOPT_NOSIGNAL, 1L);
      ok = curl_multi_add_handle(multi, handles[i]) == CURLM_OK;
    }
  }
  long long t1 = probe_now_ns();
  long long rss_after = probe_rss_bytes();
  long long heap_after = probe_heap_bytes();
  long long allocs_after = probe_allocations();

  if (ok) {
    printf("{\"lib\": \"%s\", \"handles\": %ld, \"rss_bytes_per_handle\": %.1f"
           ", \"heap_bytes_per_handle\": %.1f, \"ns_per_handle\": %.1f",
           curl_version(), count, (double)(rss_after - rss_before) / (double)count,
           (double)(heap_after - heap_before) / (double)count, (double)(t1 - t0) / (double)count);
    if (allocs_before >= 0)
      printf(", \"allocs_per_handle\": %.2f}\n", (double)(allocs_after - allocs_before) / (double)count);
    else
      printf(", \"allocs_per_handle\": null}\n");
    fflush(stdout);
  } else {
    fprintf(stderr, "handle_memory: creating or adding a handle failed\n");
  }

  for (long i = 0; i < count; i++) {
    if (!handles[i])
      break;
    curl_multi_remove_handle(multi, handles[i]);
    curl_easy_cleanup(handles[i]);
  }
  curl_multi_cleanup(multi);
  curl_global_cleanup();
  free(handles);
  return ok ? 0 : 1;
}
