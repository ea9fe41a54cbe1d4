/* A libcurl-API client for the socket fault cases: one transfer, its outcome on one line. */
/*
 * Usage: fault_client PORT HOST MODE PATH
 *   MODE easy   curl_easy_perform a GET of http://HOST:PORT/PATH
 *        post   the same with a 100000-byte POST body (send-side faults)
 *        multi  the GET on a multi handle driven by curl_multi_poll
 *        wakeup curl_multi_wakeup then curl_multi_poll (the multi's wakeup channel), then
 *               the GET as in multi
 * Built once against Debian's libcurl; the fault driver runs the same binary on xfer's
 * libcurl.so.4 (LD_LIBRARY_PATH), so both libraries see the same program.
 */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static size_t body_bytes;

static size_t on_body(char *p, size_t size, size_t n, void *ud) {
  (void)p;
  (void)ud;
  body_bytes += size * n;
  return size * n;
}

static CURL *make_easy(const char *url, int post, char *payload) {
  CURL *h = curl_easy_init();
  if (!h) return NULL;
  curl_easy_setopt(h, CURLOPT_URL, url);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 8000L);
  if (post) {
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, payload);
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, 100000L);
  }
  return h;
}

static CURLcode run_multi(CURL *h, int wakeup) {
  CURLM *m = curl_multi_init();
  if (!m) return CURLE_OUT_OF_MEMORY;
  if (wakeup) {
    int n = -1;
    printf("wakeup %d\n", (int)curl_multi_wakeup(m));
    printf("poll %d\n", (int)curl_multi_poll(m, NULL, 0, 2000, &n));
  }
  CURLMcode mc = curl_multi_add_handle(m, h);
  if (mc != CURLM_OK) printf("add %d\n", (int)mc);
  CURLcode result = CURLE_OK;
  int running = 1, done = 0, loops = 0;
  while (!done && loops++ < 100000) {
    mc = curl_multi_perform(m, &running);
    if (mc != CURLM_OK) {
      printf("perform %d\n", (int)mc);
      break;
    }
    int left;
    CURLMsg *msg;
    while ((msg = curl_multi_info_read(m, &left)) != NULL) {
      if (msg->msg == CURLMSG_DONE) {
        result = msg->data.result;
        done = 1;
      }
    }
    if (!done && running == 0) {
      printf("not running and no message\n");
      break;
    }
    if (!done) {
      mc = curl_multi_poll(m, NULL, 0, 1000, NULL);
      if (mc != CURLM_OK) printf("poll %d\n", (int)mc);
    }
  }
  curl_multi_remove_handle(m, h);
  curl_multi_cleanup(m);
  return result;
}

int main(int argc, char **argv) {
  if (argc < 5) {
    fprintf(stderr, "usage: fault_client PORT HOST MODE PATH\n");
    return 2;
  }
  char url[512];
  snprintf(url, sizeof url, "http://%s:%s%s", argv[2], argv[1], argv[4]);
  const char *mode = argv[3];
  curl_global_init(CURL_GLOBAL_DEFAULT);
  char *payload = malloc(100000);
  if (!payload) return 1;
  memset(payload, 'p', 100000);
  CURL *h = make_easy(url, strcmp(mode, "post") == 0, payload);
  if (!h) {
    printf("easy_init failed\n");
    return 0;
  }
  CURLcode rc;
  if (strcmp(mode, "multi") == 0 || strcmp(mode, "wakeup") == 0)
    rc = run_multi(h, strcmp(mode, "wakeup") == 0);
  else
    rc = curl_easy_perform(h);
  long code = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
  printf("result %d (%s) response %ld body %zu\n", (int)rc, curl_easy_strerror(rc), code,
         body_bytes);
  curl_easy_cleanup(h);
  free(payload);
  curl_global_cleanup();
  return 0;
}
