/* Client-side measurements shared by the bench programs: clocks, CPU, RSS, heap and allocation counts. */
#ifndef XFER_BENCH_PROBE_H
#define XFER_BENCH_PROBE_H

#include <curl/curl.h>
#include <dlfcn.h>
#include <errno.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

/* Same layout as the struct in alloc_count.c; the shim is optional and found at run time. */
struct ProbeAllocs {
  uint64_t allocations;
  uint64_t frees;
  uint64_t bytes_requested;
  int64_t live_bytes;
};

typedef void (*ProbeSnapshotFn)(struct ProbeAllocs *);

/* A decimal argument within [lo, hi]; 0 when it is not one. */
static inline int probe_parse_long(const char *text, long lo, long hi, long *out) {
  char *end = NULL;
  errno = 0;
  long v = strtol(text, &end, 10);
  if (errno || end == text || *end || v < lo || v > hi)
    return 0;
  *out = v;
  return 1;
}

static inline long long probe_now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static inline long long probe_tv_ns(struct timeval tv) {
  return (long long)tv.tv_sec * 1000000000LL + (long long)tv.tv_usec * 1000LL;
}

struct ProbeCpu {
  long long user_ns;
  long long sys_ns;
};

/* Whole process, so the library's own threads (resolvers) are charged too. */
static inline struct ProbeCpu probe_cpu(void) {
  struct rusage ru;
  struct ProbeCpu c = {0, 0};
  if (getrusage(RUSAGE_SELF, &ru) == 0) {
    c.user_ns = probe_tv_ns(ru.ru_utime);
    c.sys_ns = probe_tv_ns(ru.ru_stime);
  }
  return c;
}

static inline long long probe_rss_bytes(void) {
  long pages_total = 0;
  long pages_resident = 0;
  FILE *f = fopen("/proc/self/statm", "r");
  if (!f)
    return -1;
  int got = fscanf(f, "%ld %ld", &pages_total, &pages_resident);
  fclose(f);
  return got == 2 ? (long long)pages_resident * sysconf(_SC_PAGESIZE) : -1;
}

static inline ProbeSnapshotFn probe_shim(void) {
  return (ProbeSnapshotFn)dlsym(RTLD_DEFAULT, "bench_alloc_snapshot");
}

/* Live heap bytes: exact with the shim preloaded, else glibc's main-arena figure. */
static inline long long probe_heap_bytes(void) {
  ProbeSnapshotFn snap = probe_shim();
  if (snap) {
    struct ProbeAllocs a;
    snap(&a);
    return (long long)a.live_bytes;
  }
  struct mallinfo2 mi = mallinfo2();
  return (long long)(mi.uordblks + mi.hblkhd);
}

/* Allocation calls so far, or -1 without the shim. */
static inline long long probe_allocations(void) {
  ProbeSnapshotFn snap = probe_shim();
  if (!snap)
    return -1;
  struct ProbeAllocs a;
  snap(&a);
  return (long long)a.allocations;
}


/* Parked transfers each hold a descriptor; the soft limit is often far below what a run
   needs. True when the raised limit covers `needed`. */
static inline int probe_raise_fd_limit(long needed) {
  struct rlimit rl;
  if (getrlimit(RLIMIT_NOFILE, &rl))
    return 0;
  rl.rlim_cur = rl.rlim_max;
  if (setrlimit(RLIMIT_NOFILE, &rl))
    return 0;
  return rl.rlim_cur == RLIM_INFINITY || (long long)rl.rlim_cur >= (long long)needed;
}

/* epoll's readiness as socket_action's ev_bitmask (a hang-up reads as input). */
static inline int probe_cselect(uint32_t events) {
  int flags = 0;
  if (events & (EPOLLIN | EPOLLHUP | EPOLLRDHUP))
    flags |= CURL_CSELECT_IN;
  if (events & EPOLLOUT)
    flags |= CURL_CSELECT_OUT;
  if (events & EPOLLERR)
    flags |= CURL_CSELECT_ERR;
  return flags;
}

/* How long an event loop may sleep: until the library's timer (-1: none), at most cap_ms. */
static inline int probe_wait_ms(long long timer_deadline_ns, int cap_ms) {
  if (timer_deadline_ns < 0)
    return cap_ms;
  long long left = timer_deadline_ns - probe_now_ns();
  int ms = left <= 0 ? 0 : (int)((left + 999999) / 1000000);
  return ms < cap_ms ? ms : cap_ms;
}

/* The body of a CURLMOPT_SOCKETFUNCTION as applications write it, over one epoll set:
   `known` is the socketp the library passed (non-NULL once assigned). Returns 1 when the
   socket was newly added, so the caller assigns a socketp with curl_multi_assign. A socketp
   that outlived CURL_POLL_REMOVE is counted in *stale and recovered from. */
static inline int probe_epoll_watch(int epfd, curl_socket_t s, int what, const void *known,
                                    long *stale) {
  if (what == CURL_POLL_REMOVE) {
    epoll_ctl(epfd, EPOLL_CTL_DEL, s, NULL);
    return 0;
  }
  struct epoll_event ev;
  memset(&ev, 0, sizeof ev);
  ev.data.fd = s;
  if (what == CURL_POLL_IN || what == CURL_POLL_INOUT)
    ev.events |= EPOLLIN;
  if (what == CURL_POLL_OUT || what == CURL_POLL_INOUT)
    ev.events |= EPOLLOUT;
  if (known) {
    if (epoll_ctl(epfd, EPOLL_CTL_MOD, s, &ev) != 0 && errno == ENOENT) {
      (*stale)++;
      epoll_ctl(epfd, EPOLL_CTL_ADD, s, &ev);
    }
    return 0;
  }
  return epoll_ctl(epfd, EPOLL_CTL_ADD, s, &ev) == 0 ||
         (errno == EEXIST && epoll_ctl(epfd, EPOLL_CTL_MOD, s, &ev) == 0);
}

#endif
