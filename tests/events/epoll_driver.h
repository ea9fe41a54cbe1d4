/* An epoll loop for curl_multi_socket_action that records socket/timer callbacks as trace tokens. */
#ifndef XFER_TESTS_EVENTS_EPOLL_DRIVER_H
#define XFER_TESTS_EVENTS_EPOLL_DRIVER_H

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

/* Raw fd numbers differ between runs and libraries, so each socket is named by the order
 * in which the socket callback first saw it; an fd reused after REMOVE gets a new name. */
#define EVD_MAX_SOCKETS 64
#define EVD_MAX_TOKENS 48
#define EVD_MAX_DONE 64

struct evd_socket {
  curl_socket_t fd;
  int live;       /* between its first callback and its REMOVE */
  int first_id;   /* CURLOPT_PRIVATE of the easy named in the first callback */
  int ntokens;
  char tokens[EVD_MAX_TOKENS][24];
};

struct evd_state {
  CURLM *multi;
  int epfd;
  struct evd_socket sockets[EVD_MAX_SOCKETS];
  int nsockets;
  long timer_ms;          /* last value given to the timer callback */
  int timer_armed;
  struct timespec timer_due;
  char timer_kinds[64][4];
  int ntimer_kinds;
  long timer_calls;
  long socket_calls;
  int done_ids[EVD_MAX_DONE];
  CURLcode done_results[EVD_MAX_DONE];
  int ndone;
  int running;
  CURLMcode last_mcode;   /* first non-OK code of socket_action, if any */
  /* Scenario hooks: the socket callback's return value, and an action on each callback. */
  int (*socket_hook)(struct evd_state *st, CURL *easy, curl_socket_t s, int what, void *socketp,
                     int ordinal);
  int (*timer_hook)(struct evd_state *st, long timeout_ms);
};

static struct evd_state evd;

static long evd_now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int evd_private_id(CURL *easy) {
  if (!easy) return 0;
  char *p = NULL;
  curl_easy_getinfo(easy, CURLINFO_PRIVATE, &p);
  return (int)(intptr_t)p;
}

static const char *evd_what_name(int what) {
  switch (what) {
    case CURL_POLL_IN: return "IN";
    case CURL_POLL_OUT: return "OUT";
    case CURL_POLL_INOUT: return "INOUT";
    case CURL_POLL_REMOVE: return "REMOVE";
    default: return "?";
  }
}

/* The ordinal (1-based) of a live socket, creating a new one for a socket not seen live. */
static int evd_ordinal(curl_socket_t s, int id) {
  for (int i = evd.nsockets - 1; i >= 0; i--)
    if (evd.sockets[i].fd == s && evd.sockets[i].live) return i + 1;
  if (evd.nsockets >= EVD_MAX_SOCKETS) return 0;
  struct evd_socket *k = &evd.sockets[evd.nsockets++];
  memset(k, 0, sizeof *k);
  k->fd = s;
  k->live = 1;
  k->first_id = id;
  return evd.nsockets;
}

static void evd_token(int ordinal, const char *tok) {
  if (ordinal <= 0) return;
  struct evd_socket *k = &evd.sockets[ordinal - 1];
  /* Consecutive repeats say nothing about interest changes; keep one. */
  if (k->ntokens > 0 && strcmp(k->tokens[k->ntokens - 1], tok) == 0) return;
  if (k->ntokens < EVD_MAX_TOKENS) snprintf(k->tokens[k->ntokens++], sizeof k->tokens[0], "%s", tok);
}

static int evd_socket_cb(CURL *easy, curl_socket_t s, int what, void *userp, void *socketp) {
  (void)userp;
  evd.socket_calls++;
  int id = evd_private_id(easy);
  int ord = evd_ordinal(s, id);
  char tok[24];
  char extra[16] = "";
  if (ord > 0 && id != evd.sockets[ord - 1].first_id) snprintf(extra, sizeof extra, "#%d", id);
  if (socketp)
    snprintf(tok, sizeof tok, "%s%s[%s]", evd_what_name(what), extra, (const char *)socketp);
  else
    snprintf(tok, sizeof tok, "%s%s", evd_what_name(what), extra);
  evd_token(ord, tok);
  if (what == CURL_POLL_REMOVE) {
    if (ord > 0) evd.sockets[ord - 1].live = 0;
    epoll_ctl(evd.epfd, EPOLL_CTL_DEL, s, NULL);
  } else {
    struct epoll_event ev;
    memset(&ev, 0, sizeof ev);
    ev.events = (what & CURL_POLL_IN ? EPOLLIN : 0) | (what & CURL_POLL_OUT ? EPOLLOUT : 0);
    ev.data.fd = s;
    if (epoll_ctl(evd.epfd, EPOLL_CTL_MOD, s, &ev) != 0 && errno == ENOENT)
      epoll_ctl(evd.epfd, EPOLL_CTL_ADD, s, &ev);
  }
  if (evd.socket_hook) return evd.socket_hook(&evd, easy, s, what, socketp, ord);
  return 0;
}

static int evd_timer_cb(CURLM *m, long timeout_ms, void *userp) {
  (void)m;
  (void)userp;
  evd.timer_calls++;
  evd.timer_ms = timeout_ms;
  const char *kind = timeout_ms < 0 ? "-1" : timeout_ms == 0 ? "0" : ">0";
  if (evd.ntimer_kinds == 0 || strcmp(evd.timer_kinds[evd.ntimer_kinds - 1], kind) != 0) {
    if (evd.ntimer_kinds < 64) snprintf(evd.timer_kinds[evd.ntimer_kinds++], 4, "%s", kind);
  }
  if (timeout_ms < 0) {
    evd.timer_armed = 0;
  } else {
    long due = evd_now_ms() + timeout_ms;
    evd.timer_armed = 1;
    evd.timer_due.tv_sec = due / 1000;
    evd.timer_due.tv_nsec = (due % 1000) * 1000000;
  }
  if (evd.timer_hook) return evd.timer_hook(&evd, timeout_ms);
  return 0;
}

static void evd_init(CURLM *m) {
  memset(&evd, 0, sizeof evd);
  evd.multi = m;
  evd.epfd = epoll_create1(EPOLL_CLOEXEC);
  evd.running = -1;
  curl_multi_setopt(m, CURLMOPT_SOCKETFUNCTION, evd_socket_cb);
  curl_multi_setopt(m, CURLMOPT_TIMERFUNCTION, evd_timer_cb);
}

static __attribute__((unused)) void evd_close(void) {
  if (evd.epfd >= 0) close(evd.epfd);
  evd.epfd = -1;
}

static void evd_collect(void) {
  CURLMsg *msg;
  int left;
  while ((msg = curl_multi_info_read(evd.multi, &left))) {
    if (msg->msg != CURLMSG_DONE || evd.ndone >= EVD_MAX_DONE) continue;
    evd.done_ids[evd.ndone] = evd_private_id(msg->easy_handle);
    evd.done_results[evd.ndone] = msg->data.result;
    evd.ndone++;
  }
}

static void evd_action(curl_socket_t s, int mask) {
  CURLMcode mc = curl_multi_socket_action(evd.multi, s, mask, &evd.running);
  if (mc != CURLM_OK && evd.last_mcode == CURLM_OK) evd.last_mcode = mc;
  evd_collect();
}

/* One loop turn: wait for readiness or the timer (at most max_wait_ms), dispatch. */
static void evd_step(int max_wait_ms) {
  long wait = max_wait_ms;
  if (evd.timer_armed) {
    long due = (long)evd.timer_due.tv_sec * 1000 + evd.timer_due.tv_nsec / 1000000;
    long left = due - evd_now_ms();
    if (left < 0) left = 0;
    if (left < wait) wait = left;
  }
  struct epoll_event evs[32];
  int n = epoll_wait(evd.epfd, evs, 32, (int)wait);
  for (int i = 0; i < n; i++) {
    int mask = 0;
    if (evs[i].events & EPOLLIN) mask |= CURL_CSELECT_IN;
    if (evs[i].events & EPOLLOUT) mask |= CURL_CSELECT_OUT;
    if (evs[i].events & (EPOLLERR | EPOLLHUP)) mask |= CURL_CSELECT_ERR;
    evd_action(evs[i].data.fd, mask);
  }
  if (evd.timer_armed) {
    long due = (long)evd.timer_due.tv_sec * 1000 + evd.timer_due.tv_nsec / 1000000;
    if (due <= evd_now_ms()) {
      evd.timer_armed = 0;
      evd_action(CURL_SOCKET_TIMEOUT, 0);
    }
  }
}

/* Runs until no transfer is running (after at least one action) or limit_ms passed. */
static __attribute__((unused)) int evd_run(int limit_ms) {
  long end = evd_now_ms() + limit_ms;
  for (int iter = 0; iter < 100000 && evd_now_ms() < end; iter++) {
    evd_step(100);
    if (evd.running == 0) return 0;
  }
  return evd.running;
}

/* Each socket's collapsed callback sequence, one line per socket in order of appearance. */
static __attribute__((unused)) void evd_print_sockets(void (*line)(const char *fmt, ...)) {
  for (int i = 0; i < evd.nsockets; i++) {
    char buf[EVD_MAX_TOKENS * 26];
    size_t used = 0;
    buf[0] = '\0';
    for (int t = 0; t < evd.sockets[i].ntokens && used < sizeof buf; t++)
      used += (size_t)snprintf(buf + used, sizeof buf - used, " %s", evd.sockets[i].tokens[t]);
    line("socket s%d id=%d:%s", i + 1, evd.sockets[i].first_id, buf);
  }
}

/* Forgets the sockets seen so far (still-live ones stay known under new ordinals). */
static __attribute__((unused)) void evd_reset_sockets(void) {
  int keep = 0;
  for (int i = 0; i < evd.nsockets; i++) {
    if (!evd.sockets[i].live) continue;
    evd.sockets[keep] = evd.sockets[i];
    evd.sockets[keep].ntokens = 0;
    keep++;
  }
  evd.nsockets = keep;
}

/* Whether any socket saw a callback of kind `what`; whether all sockets ended removed. */
static __attribute__((unused)) int evd_seen(const char *what) {
  for (int i = 0; i < evd.nsockets; i++)
    for (int t = 0; t < evd.sockets[i].ntokens; t++)
      if (strcmp(evd.sockets[i].tokens[t], what) == 0) return 1;
  return 0;
}

static __attribute__((unused)) int evd_all_removed(void) {
  for (int i = 0; i < evd.nsockets; i++)
    if (evd.sockets[i].live) return 0;
  return 1;
}

static __attribute__((unused)) void evd_print_timer_kinds(void (*line)(const char *fmt, ...)) {
  char buf[64 * 4 + 8];
  size_t used = 0;
  buf[0] = '\0';
  for (int i = 0; i < evd.ntimer_kinds && used < sizeof buf; i++)
    used += (size_t)snprintf(buf + used, sizeof buf - used, " %s", evd.timer_kinds[i]);
  line("timer kinds:%s", buf);
}

/* Finished transfers sorted by id: the order of completion across handles is timing. */
static __attribute__((unused)) void evd_print_done(void (*code_line)(const char *what, CURLcode rc)) {
  for (int i = 1; i < evd.ndone; i++)
    for (int j = i; j > 0 && evd.done_ids[j - 1] > evd.done_ids[j]; j--) {
      int t = evd.done_ids[j];
      evd.done_ids[j] = evd.done_ids[j - 1];
      evd.done_ids[j - 1] = t;
      CURLcode c = evd.done_results[j];
      evd.done_results[j] = evd.done_results[j - 1];
      evd.done_results[j - 1] = c;
    }
  for (int i = 0; i < evd.ndone; i++) {
    char what[48];
    snprintf(what, sizeof what, "done id=%d", evd.done_ids[i]);
    code_line(what, evd.done_results[i]);
  }
}

#endif
