/* The floor for keep-alive small GETs: C plain connections to 127.0.0.1:PORT, one send and
   one recv per request, no parsing, no library. What the kernel and the event loop cost on
   this machine, for reading the C=100 figures of docs/BENCHMARKS.md.
   Usage: floor_client PORT REQUESTS CONCURRENCY [--edge] [--path /small]
   Each response must arrive in one read (true for nginx's 100-byte file on loopback). */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "probe_clock.h"

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: %s PORT REQUESTS CONCURRENCY [--edge] [--path P]\n", argv[0]);
    return 2;
  }
  const int port = atoi(argv[1]);
  const long requests = atol(argv[2]);
  const int conns = atoi(argv[3]);
  int edge = 0;
  const char *path = "/small";
  for (int i = 4; i < argc; i++) {
    if (strcmp(argv[i], "--edge") == 0) edge = 1;
    else if (strcmp(argv[i], "--path") == 0 && i + 1 < argc) path = argv[++i];
  }
  if (port <= 0 || port > 65535 || requests <= conns || conns <= 0 || conns > 10000) {
    fprintf(stderr, "floor_client: need a port, REQUESTS > CONCURRENCY > 0\n");
    return 2;
  }
  char req[512];
  const int req_len = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nAccept: */*\r\n\r\n",
                               path, port);
  const int ep = epoll_create1(0);
  if (ep < 0) {
    perror("epoll_create1");
    return 1;
  }
  for (int i = 0; i < conns; i++) {
    const int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((unsigned short)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (s < 0 || connect(s, (struct sockaddr *)&a, sizeof a) != 0) {
      perror("connect");
      return 1;
    }
    const int one = 1;
    setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    struct epoll_event ev = {.events = EPOLLIN | (edge ? EPOLLET : 0), .data.fd = s};
    if (epoll_ctl(ep, EPOLL_CTL_ADD, s, &ev) != 0 || send(s, req, (size_t)req_len, MSG_NOSIGNAL) != req_len) {
      perror("setup");
      return 1;
    }
  }
  static char buf[256 * 1024];
  struct epoll_event events[256];
  long done = 0, started = conns, waits = 0;
  double cpu_start = 0;
  const double deadline = probe_wall_seconds() + 60;
  /* The first CONCURRENCY completions (connection set-up) are not timed, as in load.c. */
  while (done < requests) {
    if (probe_wall_seconds() > deadline) {
      fprintf(stderr, "floor_client: time limit after %ld requests\n", done);
      return 1;
    }
    const int n = epoll_wait(ep, events, 256, 1000);
    waits++;
    if (n < 0 && errno != EINTR) {
      perror("epoll_wait");
      return 1;
    }
    for (int i = 0; i < n; i++) {
      const int s = events[i].data.fd;
      const ssize_t got = recv(s, buf, sizeof buf, 0);
      if (got <= 0) {
        fprintf(stderr, "floor_client: connection ended (%zd)\n", got);
        return 1;
      }
      if (++done == conns) cpu_start = probe_cpu_seconds();
      if (started < requests) {
        started++;
        if (send(s, req, (size_t)req_len, MSG_NOSIGNAL) != req_len) {
          perror("send");
          return 1;
        }
      }
    }
  }
  const double cpu = probe_cpu_seconds() - cpu_start;
  printf("{\"requests\": %ld, \"concurrency\": %d, \"edge\": %s, \"cpu_us_per_request\": %.3f, "
         "\"epoll_waits_per_request\": %.3f}\n",
         requests - conns, conns, edge ? "true" : "false", cpu / (double)(requests - conns) * 1e6,
         (double)waits / (double)requests);
  return 0;
}
