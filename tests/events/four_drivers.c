/* One transfer list driven four ways (perform+poll, perform+wait, fdset+select, socket_action+epoll); traces must match. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "epoll_driver.h"

#define NXFER 13
#define RUN_LIMIT_MS 6000

struct item {
  int id;
  size_t bytes;
  uint32_t fnv;
  int header_lines;
  int done;
  CURLcode result;
};

static struct item items[NXFER];
static int port;
static int refused_port;

static size_t on_body(char *p, size_t size, size_t n, void *ud) {
  struct item *it = ud;
  for (size_t i = 0; i < size * n; i++) {
    it->fnv ^= (unsigned char)p[i];
    it->fnv *= 16777619u;
  }
  it->bytes += size * n;
  return size * n;
}

static size_t on_header(char *p, size_t size, size_t n, void *ud) {
  (void)p;
  ((struct item *)ud)->header_lines++;
  return size * n;
}

/* A loopback port with nobody listening: bound by the kernel, then closed. */
static int free_port(void) {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a;
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  bind(s, (struct sockaddr *)&a, sizeof a);
  getsockname(s, (struct sockaddr *)&a, &len);
  close(s);
  return ntohs(a.sin_port);
}

/* Ten GETs of varied sizes (three chunked), a 404, a refused connection and a timeout. */
static CURL *make_easy(int i) {
  static const char *paths[NXFER] = {
      "/a?size=0",
      "/b?size=1",
      "/c?size=1000",
      "/d?size=16384",
      "/e?size=100000",
      "/f?size=300000&delay=50",
      "/g?size=5000&chunked=1&chunk=700",
      "/h?size=70000&chunked=1",
      "/i?size=10&chunked=1&trailer=1",
      "/j?size=2000&drip=5&dripsize=500",
      "/missing?status=404&size=30",
      NULL,
      "/hang?hang=1",
  };
  char url[160];
  if (paths[i])
    snprintf(url, sizeof url, "http://127.0.0.1:%d%s", port, paths[i]);
  else
    snprintf(url, sizeof url, "http://127.0.0.1:%d/refused", refused_port);
  CURL *h = curl_easy_init();
  memset(&items[i], 0, sizeof items[i]);
  items[i].id = i + 1;
  items[i].fnv = 2166136261u;
  curl_easy_setopt(h, CURLOPT_URL, url);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &items[i]);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &items[i]);
  curl_easy_setopt(h, CURLOPT_PRIVATE, (void *)(intptr_t)(i + 1));
  if (i == NXFER - 1) curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 300L);
  return h;
}

static void record_msgs(CURLM *m) {
  CURLMsg *msg;
  int left;
  while ((msg = curl_multi_info_read(m, &left))) {
    if (msg->msg != CURLMSG_DONE) continue;
    int id = evd_private_id(msg->easy_handle);
    if (id < 1 || id > NXFER) continue;
    items[id - 1].done++;
    items[id - 1].result = msg->data.result;
  }
}

enum driver { PERFORM_POLL, PERFORM_WAIT, FDSET_SELECT, SOCKET_EPOLL };
static const char *driver_names[] = {"perform+poll", "perform+wait", "fdset+select",
                                     "socket_action+epoll"};

static void drive(CURLM *m, enum driver d) {
  long end = evd_now_ms() + RUN_LIMIT_MS;
  int running = 1;
  if (d == SOCKET_EPOLL) {
    evd.running = -1;
    for (int iter = 0; iter < 100000 && evd_now_ms() < end; iter++) {
      evd_step(100);
      if (evd.running == 0) break;
    }
    /* The epoll driver reads the CURLMsgs after each socket_action itself. */
    for (int i = 0; i < evd.ndone; i++) {
      int id = evd.done_ids[i];
      if (id < 1 || id > NXFER) continue;
      items[id - 1].done++;
      items[id - 1].result = evd.done_results[i];
    }
    return;
  }
  for (int iter = 0; iter < 100000 && evd_now_ms() < end; iter++) {
    if (curl_multi_perform(m, &running) != CURLM_OK) break;
    record_msgs(m);
    if (running == 0) break;
    if (d == PERFORM_POLL) {
      curl_multi_poll(m, NULL, 0, 100, NULL);
    } else if (d == PERFORM_WAIT) {
      curl_multi_wait(m, NULL, 0, 100, NULL);
    } else {
      long timeout = -1;
      curl_multi_timeout(m, &timeout);
      if (timeout < 0 || timeout > 100) timeout = 100;
      fd_set r, w, x;
      FD_ZERO(&r);
      FD_ZERO(&w);
      FD_ZERO(&x);
      int maxfd = -1;
      curl_multi_fdset(m, &r, &w, &x, &maxfd);
      struct timeval tv = {0, timeout * 1000};
      if (maxfd < 0) {
        /* Nothing to select on: libcurl's advice is to sleep a little and perform again. */
        if (timeout > 0) usleep((useconds_t)timeout * 1000);
      } else {
        select(maxfd + 1, &r, &w, &x, &tv);
      }
    }
  }
}

/* Runs the list on a fresh multi handle with driver d; the trace goes into out. */
static void run_driver(enum driver d, char *out, size_t cap) {
  CURLM *m = curl_multi_init();
  if (d == SOCKET_EPOLL) evd_init(m);
  CURL *h[NXFER];
  for (int i = 0; i < NXFER; i++) {
    h[i] = make_easy(i);
    curl_multi_add_handle(m, h[i]);
  }
  drive(m, d);
  size_t used = 0;
  for (int i = 0; i < NXFER && used < cap; i++) {
    long code = -1;
    curl_off_t size = -1;
    curl_easy_getinfo(h[i], CURLINFO_RESPONSE_CODE, &code);
    curl_easy_getinfo(h[i], CURLINFO_SIZE_DOWNLOAD_T, &size);
    used += (size_t)snprintf(out + used, cap - used,
                             "xfer %d: done=%d result=%d code=%ld headers=%d bytes=%zu "
                             "size=%ld fnv=%08x\n",
                             items[i].id, items[i].done, (int)items[i].result, code,
                             items[i].header_lines, items[i].bytes, (long)size, items[i].fnv);
  }
  for (int i = 0; i < NXFER; i++) {
    curl_multi_remove_handle(m, h[i]);
    curl_easy_cleanup(h[i]);
  }
  curl_multi_cleanup(m);
  if (d == SOCKET_EPOLL) evd_close();
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s PORT\n", argv[0]);
    return 2;
  }
  port = atoi(argv[1]);
  refused_port = free_port();
  curl_global_init(CURL_GLOBAL_DEFAULT);
  static char traces[4][4096];
  int same = 1;
  for (int d = 0; d < 4; d++) {
    run_driver((enum driver)d, traces[d], sizeof traces[d]);
    printf("== %s\n%s", driver_names[d], traces[d]);
    if (strcmp(traces[d], traces[0]) != 0) {
      printf("!! %s differs from %s\n", driver_names[d], driver_names[0]);
      same = 0;
    }
  }
  curl_global_cleanup();
  printf("%s\n", same ? "all four traces identical" : "TRACES DIFFER");
  return same ? 0 : 1;
}
