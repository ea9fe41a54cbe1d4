/* The fifty-transfer workload shared by the libuv, libevent and libev programs, and its checks. */
#ifndef XFER_TESTS_EVENTS_LOOP_COMMON_H
#define XFER_TESTS_EVENTS_LOOP_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#define LOOP_NXFER 50
#define LOOP_LIMIT_MS 8000

struct loop_xfer {
  CURL *easy;
  size_t expect_bytes;
  size_t bytes;
  int done;
  CURLcode result;
};

static struct loop_xfer loop_xfers[LOOP_NXFER];
static int loop_done_count;
static long loop_socket_calls;
static long loop_timer_calls;
static long loop_live_watchers;  /* watchers the app created and has not yet torn down */

static size_t loop_on_body(char *p, size_t size, size_t n, void *ud) {
  (void)p;
  ((struct loop_xfer *)ud)->bytes += size * n;
  return size * n;
}

/* Fifty GETs: sizes spread over 0..64 KB, every fifth chunked, every seventh delayed. */
static void loop_add_all(CURLM *m, int port) {
  for (int i = 0; i < LOOP_NXFER; i++) {
    struct loop_xfer *x = &loop_xfers[i];
    memset(x, 0, sizeof *x);
    x->expect_bytes = (size_t)((i * 7919) % 65536);
    char url[160];
    snprintf(url, sizeof url, "http://127.0.0.1:%d/u%d?size=%zu%s%s", port, i, x->expect_bytes,
             i % 5 == 0 ? "&chunked=1" : "", i % 7 == 0 ? "&delay=20" : "");
    x->easy = curl_easy_init();
    curl_easy_setopt(x->easy, CURLOPT_URL, url);
    curl_easy_setopt(x->easy, CURLOPT_WRITEFUNCTION, loop_on_body);
    curl_easy_setopt(x->easy, CURLOPT_WRITEDATA, x);
    curl_easy_setopt(x->easy, CURLOPT_PRIVATE, (void *)x);
    curl_easy_setopt(x->easy, CURLOPT_TIMEOUT_MS, (long)LOOP_LIMIT_MS);
    curl_multi_add_handle(m, x->easy);
  }
}

/* What applications do after every socket_action: drain the finished transfers. */
static void loop_read_msgs(CURLM *m) {
  CURLMsg *msg;
  int left;
  while ((msg = curl_multi_info_read(m, &left))) {
    if (msg->msg != CURLMSG_DONE) continue;
    struct loop_xfer *x = NULL;
    curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&x);
    if (!x) continue;
    x->done++;
    x->result = msg->data.result;
    loop_done_count++;
    curl_multi_remove_handle(m, msg->easy_handle);
  }
}

/* Checks every transfer, frees the handles; returns the number of problems found. */
static int loop_check_and_free(const char *loop_name) {
  int bad = 0;
  for (int i = 0; i < LOOP_NXFER; i++) {
    struct loop_xfer *x = &loop_xfers[i];
    long code = 0;
    curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &code);
    if (x->done != 1 || x->result != CURLE_OK || code != 200 || x->bytes != x->expect_bytes) {
      fprintf(stderr, "%s: transfer %d: done=%d result=%d code=%ld bytes=%zu expected=%zu\n",
              loop_name, i, x->done, (int)x->result, code, x->bytes, x->expect_bytes);
      bad++;
    }
    curl_easy_cleanup(x->easy);
  }
  if (loop_live_watchers != 0) {
    fprintf(stderr, "%s: %ld socket watchers never got CURL_POLL_REMOVE\n", loop_name,
            loop_live_watchers);
    bad++;
  }
  printf("%s: %d/%d transfers ok, %ld socket callbacks, %ld timer callbacks\n", loop_name,
         LOOP_NXFER - bad, LOOP_NXFER, loop_socket_calls, loop_timer_calls);
  return bad;
}

static int loop_port_arg(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s PORT\n", argv[0]);
    exit(2);
  }
  return atoi(argv[1]);
}

#endif
