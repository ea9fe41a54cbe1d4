/* LD_PRELOAD interposer that injects socket-layer faults into a libcurl-API program. */
/*
 * XFER_FAULT names one fault; every caller in the process gets it (the program under test
 * makes no socket calls of its own, and the same spec must act on xfer and on Debian's
 * libcurl, which is the oracle):
 *   eintr        recv, send, sendmsg, poll, epoll_wait fail with EINTR on every other
 *                call (the first one included), without reaching the kernel
 *   eintr-connect  connect does the same
 *   eagain-send  send and sendmsg on a socket fail with EAGAIN three times before each
 *                call that is let through (a storm of spurious wake-ups)
 *   eagain-recv  recv does the same, although data is waiting: a kernel never does that
 *                (EAGAIN means the queue is empty), so it tests what xfer assumes
 *   short        send and sendmsg on a socket move one byte per call
 *   reset-connect  the connect outcome (SO_ERROR) is ECONNRESET
 *   reset-send   the first send/sendmsg on a socket fails with ECONNRESET
 *   reset-header the first recv on a connected socket fails with ECONNRESET
 *   reset-body   recv returns at most 64 bytes; the first recv after the end of the
 *                response header was seen on that socket fails with ECONNRESET
 *   emfile-socket, emfile-eventfd, emfile-pipe, emfile-socketpair, emfile-accept,
 *   emfile-epoll  that call fails with EMFILE
 *   emfile-wake  eventfd, pipe and socketpair all fail with EMFILE: no wake-up channel of
 *                any kind (xfer's is an eventfd, libcurl 7.88's a socketpair)
 *   nothread     pthread_create fails with EAGAIN
 * MSG_PEEK reads (liveness checks of idle connections) are never touched.
 * XFER_FAULT_LOG=PATH appends one line per injected fault (the driver shows them).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#define MAX_FD 4096

static const char *fault = "";
static int log_fd = -1;
static unsigned long calls[8];
/* Per socket: what reset-body has seen of the response (the last 3 bytes + a done flag). */
static unsigned char seen_tail[MAX_FD][4];
static unsigned char header_done[MAX_FD];
static unsigned char sent_once[MAX_FD];
static unsigned char recv_once[MAX_FD];

enum { C_RECV, C_SEND, C_SENDMSG, C_CONNECT, C_POLL, C_EPOLL, C_STORM };

__attribute__((constructor)) static void fault_init(void) {
  const char *f = getenv("XFER_FAULT");
  if (f) fault = f;
  const char *path = getenv("XFER_FAULT_LOG");
  if (path) log_fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
}

static int is(const char *name) { return strcmp(fault, name) == 0; }

static void note(const char *what) {
  if (log_fd < 0) return;
  char line[160];
  int n = snprintf(line, sizeof line, "fault %s: %s\n", fault, what);
  if (n > 0) {
    ssize_t w = write(log_fd, line, (size_t)n);
    (void)w;
  }
}

static void *next(const char *name) {
  void *f = dlsym(RTLD_NEXT, name);
  if (!f) abort();
  return f;
}

static int is_socket(int fd) {
  struct stat st;
  return fd >= 0 && fstat(fd, &st) == 0 && S_ISSOCK(st.st_mode);
}

/* eintr: every other call of that kind fails, starting with the first. */
static int eintr_now(int kind) {
  if (!(kind == C_CONNECT ? is("eintr-connect") : is("eintr"))) return 0;
  if ((__atomic_fetch_add(&calls[kind], 1, __ATOMIC_RELAXED) & 1) != 0) return 0;
  note("EINTR");
  errno = EINTR;
  return 1;
}

/* eagain: three refusals, then one call through. */
static int eagain_now(int fd, int sending) {
  if (!is(sending ? "eagain-send" : "eagain-recv") || !is_socket(fd)) return 0;
  if ((__atomic_fetch_add(&calls[C_STORM], 1, __ATOMIC_RELAXED) & 3) == 3) return 0;
  note("EAGAIN");
  errno = EAGAIN;
  return 1;
}

static void watch_header_end(int fd, const unsigned char *buf, ssize_t n) {
  if (fd < 0 || fd >= MAX_FD || n <= 0 || header_done[fd]) return;
  unsigned char *t = seen_tail[fd];
  for (ssize_t i = 0; i < n; ++i) {
    t[0] = t[1];
    t[1] = t[2];
    t[2] = t[3];
    t[3] = buf[i];
    if (t[0] == '\r' && t[1] == '\n' && t[2] == '\r' && t[3] == '\n') {
      /* An interim 1xx header ends too; only a final one starts a body. Good enough:
       * the fault programs ask for plain 200 replies. */
      header_done[fd] = 1;
      return;
    }
  }
}

static int recv_fault(int fd, size_t *len, int flags) {
  if (flags & MSG_PEEK) return 0;
  if (eintr_now(C_RECV) || eagain_now(fd, 0)) return 1;
  if (fd >= 0 && fd < MAX_FD && is("reset-header") && !recv_once[fd] && is_socket(fd)) {
    recv_once[fd] = 1;
    note("ECONNRESET on the first recv");
    errno = ECONNRESET;
    return 1;
  }
  if (fd >= 0 && fd < MAX_FD && is("reset-body") && is_socket(fd)) {
    if (header_done[fd] == 1) {
      header_done[fd] = 2;
      note("ECONNRESET after the header");
      errno = ECONNRESET;
      return 1;
    }
    if (*len > 64) *len = 64;
  }
  return 0;
}

ssize_t recv(int fd, void *buf, size_t len, int flags) {
  static ssize_t (*real)(int, void *, size_t, int);
  if (!real) real = next("recv");
  if (recv_fault(fd, &len, flags)) return -1;
  ssize_t n = real(fd, buf, len, flags);
  if (!(flags & MSG_PEEK)) watch_header_end(fd, buf, n);
  return n;
}

/* OpenSSL's socket BIO and some code paths read with read(2): the same faults apply on
 * sockets. */
ssize_t read(int fd, void *buf, size_t len) {
  static ssize_t (*real)(int, void *, size_t);
  if (!real) real = next("read");
  if (fault[0] && is_socket(fd) && recv_fault(fd, &len, 0)) return -1;
  ssize_t n = real(fd, buf, len);
  if (fault[0] && is_socket(fd)) watch_header_end(fd, buf, n);
  return n;
}

static int send_fault(int fd, size_t *len, int kind) {
  if (eintr_now(kind) || eagain_now(fd, 1)) return 1;
  if (fd >= 0 && fd < MAX_FD && is("reset-send") && !sent_once[fd] && is_socket(fd)) {
    sent_once[fd] = 1;
    note("ECONNRESET on the first send");
    errno = ECONNRESET;
    return 1;
  }
  if (is("short") && *len > 1 && is_socket(fd)) {
    note("short write");
    *len = 1;
  }
  return 0;
}

ssize_t send(int fd, const void *buf, size_t len, int flags) {
  static ssize_t (*real)(int, const void *, size_t, int);
  if (!real) real = next("send");
  if (send_fault(fd, &len, C_SEND)) return -1;
  return real(fd, buf, len, flags);
}

ssize_t write(int fd, const void *buf, size_t len) {
  static ssize_t (*real)(int, const void *, size_t);
  if (!real) real = next("write");
  if (fault[0] && is_socket(fd) && send_fault(fd, &len, C_SEND)) return -1;
  return real(fd, buf, len);
}

ssize_t sendmsg(int fd, const struct msghdr *msg, int flags) {
  static ssize_t (*real)(int, const struct msghdr *, int);
  if (!real) real = next("sendmsg");
  size_t total = 0;
  for (size_t i = 0; i < msg->msg_iovlen; ++i) total += msg->msg_iov[i].iov_len;
  size_t len = total;
  if (send_fault(fd, &len, C_SENDMSG)) return -1;
  if (len < total && total > 0) {
    /* One byte: the first non-empty buffer's first byte. */
    for (size_t i = 0; i < msg->msg_iovlen; ++i) {
      if (msg->msg_iov[i].iov_len == 0) continue;
      struct iovec one = {msg->msg_iov[i].iov_base, 1};
      struct msghdr m = *msg;
      m.msg_iov = &one;
      m.msg_iovlen = 1;
      return real(fd, &m, flags);
    }
  }
  return real(fd, msg, flags);
}

int connect(int fd, const struct sockaddr *addr, socklen_t len) {
  static int (*real)(int, const struct sockaddr *, socklen_t);
  if (!real) real = next("connect");
  if (eintr_now(C_CONNECT)) return -1;
  if (fd >= 0 && fd < MAX_FD) {
    header_done[fd] = 0;
    sent_once[fd] = 0;
    recv_once[fd] = 0;
    memset(seen_tail[fd], 0, sizeof seen_tail[fd]);
  }
  int rc = real(fd, addr, len);
  if (is("reset-connect") && rc == 0) {
    /* Connected at once (a unix socket): the failure has to show here. */
    note("ECONNRESET from connect");
    errno = ECONNRESET;
    return -1;
  }
  return rc;
}

int getsockopt(int fd, int level, int name, void *val, socklen_t *len) {
  static int (*real)(int, int, int, void *, socklen_t *);
  if (!real) real = next("getsockopt");
  int rc = real(fd, level, name, val, len);
  if (rc == 0 && is("reset-connect") && level == SOL_SOCKET && name == SO_ERROR && val &&
      len && *len >= sizeof(int)) {
    note("SO_ERROR ECONNRESET");
    *(int *)val = ECONNRESET;
  }
  return rc;
}

int poll(struct pollfd *fds, nfds_t n, int timeout) {
  static int (*real)(struct pollfd *, nfds_t, int);
  if (!real) real = next("poll");
  if (eintr_now(C_POLL)) return -1;
  return real(fds, n, timeout);
}

int epoll_wait(int epfd, struct epoll_event *ev, int max, int timeout) {
  static int (*real)(int, struct epoll_event *, int, int);
  if (!real) real = next("epoll_wait");
  if (eintr_now(C_EPOLL)) return -1;
  return real(epfd, ev, max, timeout);
}

static int emfile(const char *which) {
  if (strncmp(fault, "emfile-", 7) != 0) return 0;
  int wake = strcmp(which, "eventfd") == 0 || strcmp(which, "pipe") == 0 ||
             strcmp(which, "socketpair") == 0;
  if (strcmp(fault + 7, which) != 0 && !(wake && is("emfile-wake"))) return 0;
  note(which);
  errno = EMFILE;
  return 1;
}

int socket(int domain, int type, int protocol) {
  static int (*real)(int, int, int);
  if (!real) real = next("socket");
  if (emfile("socket")) return -1;
  return real(domain, type, protocol);
}

int socketpair(int domain, int type, int protocol, int sv[2]) {
  static int (*real)(int, int, int, int *);
  if (!real) real = next("socketpair");
  if (emfile("socketpair")) return -1;
  return real(domain, type, protocol, sv);
}

int accept(int fd, struct sockaddr *addr, socklen_t *len) {
  static int (*real)(int, struct sockaddr *, socklen_t *);
  if (!real) real = next("accept");
  if (emfile("accept")) return -1;
  return real(fd, addr, len);
}

int accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags) {
  static int (*real)(int, struct sockaddr *, socklen_t *, int);
  if (!real) real = next("accept4");
  if (emfile("accept")) return -1;
  return real(fd, addr, len, flags);
}

int eventfd(unsigned int initval, int flags) {
  static int (*real)(unsigned int, int);
  if (!real) real = next("eventfd");
  if (emfile("eventfd")) return -1;
  return real(initval, flags);
}

int pipe(int fds[2]) {
  static int (*real)(int *);
  if (!real) real = next("pipe");
  if (emfile("pipe")) return -1;
  return real(fds);
}

int pipe2(int fds[2], int flags) {
  static int (*real)(int *, int);
  if (!real) real = next("pipe2");
  if (emfile("pipe")) return -1;
  return real(fds, flags);
}

int epoll_create1(int flags) {
  static int (*real)(int);
  if (!real) real = next("epoll_create1");
  if (emfile("epoll")) return -1;
  return real(flags);
}

int epoll_create(int size) {
  static int (*real)(int);
  if (!real) real = next("epoll_create");
  if (emfile("epoll")) return -1;
  return real(size);
}

int pthread_create(pthread_t *t, const pthread_attr_t *attr, void *(*fn)(void *), void *arg) {
  static int (*real)(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *);
  if (!real) real = next("pthread_create");
  if (is("nothread")) {
    note("pthread_create");
    return EAGAIN;
  }
  return real(t, attr, fn, arg);
}
