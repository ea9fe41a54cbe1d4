/* Scenario: CURLOPT_OPENSOCKETFUNCTION, SOCKOPTFUNCTION and CLOSESOCKETFUNCTION: what each
 * callback is given, when sockets are closed (pooled connections at easy and multi cleanup,
 * a happy-eyeballs attempt that failed), and what each callback's failure answers.
 * CURL_SOCKOPT_ALREADY_CONNECTED is not here: libcurl 7.88 calls connect() on such a socket
 * anyway and fails with 7 (fixed in 8.x, whose behaviour xfer has; see the transport unit
 * tests). */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "multi_util.h"
#include "trace.h"

struct sockets {
  int opens;
  int closes;
  int sockopts;
  int last_open;
  int last_close_matches; /* the closed socket is one this callback set opened */
  int opened[16];
  int open_result; /* 0: open a socket, 1: CURL_SOCKET_BAD */
  int sockopt_result;
  int redirect_port; /* non-zero: the open callback rewrites the port to this */
};

static const char *family_name(int f) {
  return f == AF_INET ? "AF_INET" : f == AF_INET6 ? "AF_INET6" : "other";
}

static curl_socket_t on_open(void *clientp, curlsocktype purpose, struct curl_sockaddr *a) {
  struct sockets *s = clientp;
  int port = 0;
  if (a->family == AF_INET) port = ntohs(((struct sockaddr_in *)&a->addr)->sin_port);
  if (a->family == AF_INET6) port = ntohs(((struct sockaddr_in6 *)&a->addr)->sin6_port);
  trace_line("open purpose=%s family=%s socktype=%s protocol=%s addrlen ok=%s port is server=%s",
             purpose == CURLSOCKTYPE_IPCXN ? "IPCXN" : "other", family_name(a->family),
             a->socktype == SOCK_STREAM ? "STREAM" : "other",
             a->protocol == IPPROTO_TCP ? "TCP" : "other",
             a->addrlen == (a->family == AF_INET ? sizeof(struct sockaddr_in) : sizeof(struct sockaddr_in6))
                 ? "yes"
                 : "no",
             port == trace_port() ? "yes" : "no");
  if (s->open_result) return CURL_SOCKET_BAD;
  if (s->redirect_port && a->family == AF_INET)
    ((struct sockaddr_in *)&a->addr)->sin_port = htons((unsigned short)s->redirect_port);
  int fd = socket(a->family, a->socktype, a->protocol);
  if (s->opens < 16) s->opened[s->opens] = fd;
  s->opens++;
  s->last_open = fd;
  return fd;
}

static int on_close(void *clientp, curl_socket_t fd) {
  struct sockets *s = clientp;
  int known = 0;
  for (int i = 0; i < s->opens && i < 16; i++) known |= s->opened[i] == fd;
  s->last_close_matches = known;
  s->closes++;
  return close(fd);
}

static int on_sockopt(void *clientp, curl_socket_t fd, curlsocktype purpose) {
  struct sockets *s = clientp;
  s->sockopts++;
  trace_line("sockopt purpose=%s fd is the opened one=%s", purpose == CURLSOCKTYPE_IPCXN ? "IPCXN" : "other",
             s->opens == 0 || fd == s->last_open ? "yes" : "no");
  return s->sockopt_result;
}

static CURL *new_handle(struct trace_xfer *x, int id, const char *path, struct sockets *s, int open, int sockopt,
                        int closefn) {
  CURL *h = trace_easy_new(x, id, path);
  if (open) {
    curl_easy_setopt(h, CURLOPT_OPENSOCKETFUNCTION, on_open);
    curl_easy_setopt(h, CURLOPT_OPENSOCKETDATA, s);
  }
  if (sockopt) {
    curl_easy_setopt(h, CURLOPT_SOCKOPTFUNCTION, on_sockopt);
    curl_easy_setopt(h, CURLOPT_SOCKOPTDATA, s);
  }
  if (closefn) {
    curl_easy_setopt(h, CURLOPT_CLOSESOCKETFUNCTION, on_close);
    curl_easy_setopt(h, CURLOPT_CLOSESOCKETDATA, s);
  }
  return h;
}

static void counts(const char *label, const struct sockets *s) {
  trace_line("%s: opens=%d sockopts=%d closes=%d closed one opened=%s", label, s->opens, s->sockopts, s->closes,
             s->closes ? (s->last_close_matches ? "yes" : "no") : "-");
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  struct trace_xfer x;

  /* 1. All three callbacks, two requests on one handle: one socket, closed at cleanup. */
  {
    struct sockets s = {0};
    CURL *h = new_handle(&x, 1, "/a?size=5", &s, 1, 1, 1);
    trace_result("first", curl_easy_perform(h), &x);
    INFO_LONG(h, NUM_CONNECTS);
    counts("after first", &s);
    trace_result("second", curl_easy_perform(h), &x);
    INFO_LONG(h, NUM_CONNECTS);
    counts("after second", &s);
    curl_easy_cleanup(h);
    counts("after easy cleanup", &s);
    trace_xfer_free(&x);
  }

  /* 2. The open callback refuses: CURLE_COULDNT_CONNECT, nothing to close. */
  {
    struct sockets s = {0};
    s.open_result = 1;
    CURL *h = new_handle(&x, 2, "/b", &s, 1, 1, 1);
    trace_result("open refused", curl_easy_perform(h), &x);
    INFO_LONG(h, NUM_CONNECTS);
    counts("open refused", &s);
    curl_easy_cleanup(h);
    counts("open refused, cleanup", &s);
    trace_xfer_free(&x);
  }

  /* 3. The sockopt callback fails: the socket is closed through the close callback. */
  {
    struct sockets s = {0};
    s.sockopt_result = CURL_SOCKOPT_ERROR;
    CURL *h = new_handle(&x, 3, "/c", &s, 1, 1, 1);
    trace_result("sockopt error", curl_easy_perform(h), &x);
    counts("sockopt error", &s);
    curl_easy_cleanup(h);
    counts("sockopt error, cleanup", &s);
    trace_xfer_free(&x);
  }

  /* 4. The open callback changes the address: the URL's port has no listener. */
  {
    struct sockets s = {0};
    int dead = trace_free_port();
    char url[128];
    snprintf(url, sizeof url, "http://127.0.0.1:%d/e", dead);
    s.redirect_port = trace_port();
    CURL *h = new_handle(&x, 4, NULL, &s, 1, 0, 1);
    curl_easy_setopt(h, CURLOPT_URL, url);
    trace_result("address rewritten", curl_easy_perform(h), &x);
    long pport = 0;
    curl_easy_getinfo(h, CURLINFO_PRIMARY_PORT, &pport);
    trace_line("primary port: %s", pport == trace_port() ? "the server's" : pport == dead ? "the URL's" : "other");
    curl_easy_cleanup(h);
    counts("address rewritten, cleanup", &s);
    trace_xfer_free(&x);
  }

  /* 5. Two addresses, ::1 first (refused), then 127.0.0.1: both sockets come from the open
   * callback; the failed one is closed through the close callback before the transfer ends. */
  {
    struct sockets s = {0};
    char resolve[96];
    snprintf(resolve, sizeof resolve, "two.test:%d:[::1],127.0.0.1", trace_port());
    struct curl_slist *rl = curl_slist_append(NULL, resolve);
    char url[128];
    snprintf(url, sizeof url, "http://two.test:%d/f?size=2", trace_port());
    CURL *h = new_handle(&x, 5, NULL, &s, 1, 1, 1);
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_RESOLVE, rl);
    trace_result("two families", curl_easy_perform(h), &x);
    INFO_STR(h, PRIMARY_IP);
    counts("two families", &s);
    curl_easy_cleanup(h);
    counts("two families, cleanup", &s);
    curl_slist_free_all(rl);
    trace_xfer_free(&x);
  }

  /* 6. Only a close callback: libcurl's own sockets are closed through it too. */
  {
    struct sockets s = {0};
    CURL *h = new_handle(&x, 6, "/g", &s, 0, 0, 1);
    trace_result("close only", curl_easy_perform(h), &x);
    counts("close only", &s);
    curl_easy_cleanup(h);
    trace_line("close only, cleanup: closes=%d", s.closes);
    trace_xfer_free(&x);
  }

  /* 7. A multi handle keeps the connection after the easy handle is gone: closed at
   * curl_multi_cleanup. */
  {
    struct sockets s = {0};
    CURLM *m = curl_multi_init();
    CURL *h = new_handle(&x, 7, "/h?size=4", &s, 1, 0, 1);
    curl_multi_add_handle(m, h);
    multi_run(m);
    multi_print_msgs(m);
    curl_multi_remove_handle(m, h);
    curl_easy_cleanup(h);
    counts("multi, easy gone", &s);
    curl_multi_cleanup(m);
    counts("multi cleanup", &s);
    trace_xfer_free(&x);
  }

  /* 8. FORBID_REUSE: closed when the transfer ends. */
  {
    struct sockets s = {0};
    CURL *h = new_handle(&x, 8, "/i", &s, 1, 0, 1);
    curl_easy_setopt(h, CURLOPT_FORBID_REUSE, 1L);
    trace_result("forbid reuse", curl_easy_perform(h), &x);
    counts("forbid reuse", &s);
    curl_easy_cleanup(h);
    trace_xfer_free(&x);
  }

  /* 9. duphandle carries the callbacks; reset forgets them. */
  {
    struct sockets s = {0};
    CURL *h = new_handle(&x, 9, "/j", &s, 1, 1, 1);
    CURL *d = curl_easy_duphandle(h);
    trace_result("dup", curl_easy_perform(d), &x);
    curl_easy_cleanup(d);
    counts("dup, cleanup", &s);
    curl_easy_reset(h);
    curl_easy_setopt(h, CURLOPT_URL, trace_url("/k"));
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, trace_write_cb);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &x);
    trace_result("after reset", curl_easy_perform(h), &x);
    curl_easy_cleanup(h);
    counts("after reset, cleanup", &s);
    trace_xfer_free(&x);
  }

  curl_global_cleanup();
  return 0;
}
