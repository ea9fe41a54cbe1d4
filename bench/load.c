/* Benchmark: N GETs of one URL at concurrency C, driven by perform+poll or socket_action+epoll,
   directly or through a proxy, or multiplexed as HTTP/2 streams over few connections. */
#define _GNU_SOURCE
#include <curl/curl.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>

#include "probe.h"

/* Weak, so the program still links on a library without the event API; NULL then means n/a. */
#pragma weak curl_multi_socket_action

#define MAX_REQUESTS 10000000L
#define MAX_CONCURRENCY 100000L
#define MAX_EVENTS 512

struct Options {
  const char *url;
  long requests;
  long concurrency;
  long warmup; /* completions before the timed phase; -1: pick from C and N */
  long warmup_connects; /* and connections opened before it (CURLINFO_NUM_CONNECTS) */
  long max_host;
  long time_limit_s;
  int forbid_reuse;
  int socket_action;
  int insecure;
  const char *cainfo; /* trust anchor for the server's certificate; verification stays on */
  const char *proxy;  /* CURLOPT_PROXY, e.g. http://127.0.0.1:8888 or socks5://127.0.0.1:1080 */
  int proxytunnel;    /* CURLOPT_HTTPPROXYTUNNEL: CONNECT even for an http:// URL */
  int multiplex;      /* CURLMOPT_PIPELINING=CURLPIPE_MULTIPLEX and CURLOPT_PIPEWAIT=1 */
};

/* One slot per concurrent handle; a finished handle is re-added until N have started. */
struct Run {
  CURLM *multi;
  CURL **handles;
  long started;
  long completed;
  long errors;
  CURLcode first_error;
  long bad_status;
  long connects; /* CURLINFO_NUM_CONNECTS summed (proxy runs): 0 once keep-alive is steady */
  /* --h2-multiplex: completions per local port (one port per connection on loopback),
     the distinct ports seen, and the responses that came over another protocol than h2. */
  unsigned *per_port; /* 65536 counters */
  long connections_used;
  long not_h2;
  long long body_bytes;
  int epoll_fd;
  long long timer_deadline_ns; /* -1: no timer armed */
  long stale_socketp;
  const struct Options *opt;
};

static void drain_done(struct Run *run);

static void usage(const char *argv0) {
  fprintf(stderr,
          "usage: %s URL N C [--warmup W] [--max-host M] [--forbid-reuse] [--socket-action]\n"
          "          [--insecure | --cainfo PEM] [--time-limit S] [--proxy URL [--proxytunnel]]\n"
          "          [--warmup-connects K] [--h2-multiplex]\n"
          "  N GETs of URL, C at a time; prints one JSON line with client-side figures\n"
          "  --h2-multiplex: CURLMOPT_PIPELINING=CURLPIPE_MULTIPLEX, CURLOPT_PIPEWAIT=1; with\n"
          "  --max-host M the C transfers share M connections as HTTP/2 streams\n",
          argv0);
}

static int parse_options(int argc, char **argv, struct Options *opt) {
  memset(opt, 0, sizeof *opt);
  opt->warmup = -1;
  opt->time_limit_s = 60;
  if (argc < 4)
    return 0;
  opt->url = argv[1];
  if (!probe_parse_long(argv[2], 1, MAX_REQUESTS, &opt->requests) ||
      !probe_parse_long(argv[3], 1, MAX_CONCURRENCY, &opt->concurrency))
    return 0;
  for (int i = 4; i < argc; i++) {
    const char *a = argv[i];
    int has_value = i + 1 < argc;
    if (!strcmp(a, "--forbid-reuse")) {
      opt->forbid_reuse = 1;
    } else if (!strcmp(a, "--socket-action")) {
      opt->socket_action = 1;
    } else if (!strcmp(a, "--insecure")) {
      opt->insecure = 1;
    } else if (!strcmp(a, "--cainfo") && has_value) {
      opt->cainfo = argv[++i];
    } else if (!strcmp(a, "--proxy") && has_value) {
      opt->proxy = argv[++i];
    } else if (!strcmp(a, "--proxytunnel")) {
      opt->proxytunnel = 1;
    } else if (!strcmp(a, "--h2-multiplex")) {
      opt->multiplex = 1;
    } else if (!strcmp(a, "--warmup") && has_value) {
      if (!probe_parse_long(argv[++i], 0, MAX_REQUESTS, &opt->warmup))
        return 0;
    } else if (!strcmp(a, "--warmup-connects") && has_value) {
      if (!probe_parse_long(argv[++i], 0, MAX_CONCURRENCY, &opt->warmup_connects))
        return 0;
    } else if (!strcmp(a, "--max-host") && has_value) {
      if (!probe_parse_long(argv[++i], 0, 100000, &opt->max_host))
        return 0;
    } else if (!strcmp(a, "--time-limit") && has_value) {
      if (!probe_parse_long(argv[++i], 1, 3600, &opt->time_limit_s))
        return 0;
    } else {
      return 0;
    }
  }
  if (opt->concurrency > opt->requests)
    opt->concurrency = opt->requests;
  /* Keep-alive runs time the steady state, after every connection exists. */
  if (opt->warmup < 0)
    opt->warmup = opt->concurrency <= opt->requests / 2 ? opt->concurrency : 0;
  if (opt->warmup >= opt->requests)
    opt->warmup = 0;
  return !opt->proxytunnel || opt->proxy;
}


static size_t count_body(char *ptr, size_t size, size_t nmemb, void *userdata) {
  (void)ptr;
  ((struct Run *)userdata)->body_bytes += (long long)(size * nmemb);
  return size * nmemb;
}

/* Which file the curl symbols came from, and the TLS library it reports: where one binary
   runs on two libraries (the GnuTLS pair), the runner refuses a run on the wrong one. */
static const char *library_path(void) {
  Dl_info info;
  if (dladdr((void *)curl_easy_perform, &info) && info.dli_fname)
    return info.dli_fname;
  return "unknown";
}

static const char *tls_library(void) {
  const curl_version_info_data *info = curl_version_info(CURLVERSION_NOW);
  return info && info->ssl_version ? info->ssl_version : "";
}

static void print_unsupported(const char *why) {
  printf("{\"lib\": \"%s\", \"lib_path\": \"%s\", \"ssl_version\": \"%s\""
         ", \"unsupported\": \"%s\"}\n",
         curl_version(), library_path(), tls_library(), why);
}

/* A feature the library refused at setup: printed as n/a with the option's name. */
static void print_unsupported_option(const char *option, CURLcode rc) {
  char why[256];
  snprintf(why, sizeof why, "%s: %s", option, curl_easy_strerror(rc));
  print_unsupported(why);
}

/* Returns a setopt failure that means "this library lacks the feature", or CURLE_OK;
   *refused names the option refused where that is not the URL (its scheme). */
static CURLcode setup_handle(CURL *easy, const struct Options *opt, struct Run *run,
                             const char **refused) {
  *refused = NULL;
  CURLcode rc = curl_easy_setopt(easy, CURLOPT_URL, opt->url);
  if (rc != CURLE_OK)
    return rc;
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, count_body);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, run);
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, opt->time_limit_s * 1000L);
  if (opt->forbid_reuse)
    curl_easy_setopt(easy, CURLOPT_FORBID_REUSE, 1L);
  if (opt->cainfo) {
    rc = curl_easy_setopt(easy, CURLOPT_CAINFO, opt->cainfo);
    if (rc != CURLE_OK)
      return rc;
  }
  if (opt->proxy) {
    rc = curl_easy_setopt(easy, CURLOPT_PROXY, opt->proxy);
    if (rc == CURLE_OK && opt->proxytunnel)
      rc = curl_easy_setopt(easy, CURLOPT_HTTPPROXYTUNNEL, 1L);
    if (rc != CURLE_OK)
      return rc;
  }
  if (opt->multiplex) {
    /* As curl --parallel does: a new transfer waits for the connection under way to tell
       whether it multiplexes, instead of opening one of its own. */
    rc = curl_easy_setopt(easy, CURLOPT_PIPEWAIT, 1L);
    if (rc != CURLE_OK) {
      *refused = "CURLOPT_PIPEWAIT";
      return rc;
    }
  }
  if (opt->insecure) {
    rc = curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 0L);
    if (rc == CURLE_OK)
      rc = curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 0L);
    if (rc != CURLE_OK)
      return rc;
  }
  return CURLE_OK;
}

/* ---- socket_action plumbing: the application owns one epoll set ---- */

static int on_socket(CURL *easy, curl_socket_t s, int what, void *userp, void *socketp) {
  (void)easy;
  struct Run *run = userp;
  if (probe_epoll_watch(run->epoll_fd, s, what, socketp, &run->stale_socketp))
    curl_multi_assign(run->multi, s, run);
  return 0;
}

static int on_timer(CURLM *multi, long timeout_ms, void *userp) {
  (void)multi;
  struct Run *run = userp;
  run->timer_deadline_ns = timeout_ms < 0 ? -1 : probe_now_ns() + timeout_ms * 1000000LL;
  return 0;
}

static int start_socket_action(struct Run *run) {
  if (!curl_multi_socket_action)
    return 0;
  if (curl_multi_setopt(run->multi, CURLMOPT_SOCKETFUNCTION, on_socket) != CURLM_OK)
    return 0;
  if (curl_multi_setopt(run->multi, CURLMOPT_SOCKETDATA, run) != CURLM_OK ||
      curl_multi_setopt(run->multi, CURLMOPT_TIMERFUNCTION, on_timer) != CURLM_OK ||
      curl_multi_setopt(run->multi, CURLMOPT_TIMERDATA, run) != CURLM_OK)
    return 0;
  run->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
  return run->epoll_fd >= 0;
}

/* One wait plus the library calls it leads to. */
static int drive_socket_action(struct Run *run) {
  struct epoll_event events[MAX_EVENTS];
  int running = 0;
  int wait_ms = probe_wait_ms(run->timer_deadline_ns, 100);
  int n = epoll_wait(run->epoll_fd, events, MAX_EVENTS, wait_ms);
  if (n < 0 && errno != EINTR)
    return 0;
  for (int i = 0; i < n; i++) {
    if (curl_multi_socket_action(run->multi, events[i].data.fd, probe_cselect(events[i].events),
                                 &running) != CURLM_OK)
      return 0;
    /* As libcurl's own event-loop examples do (hiperfifo, multi-uv): completions are
       handled after every socket_action call, not once per batch of events. */
    drain_done(run);
  }
  if (run->timer_deadline_ns >= 0 && probe_now_ns() >= run->timer_deadline_ns) {
    run->timer_deadline_ns = -1;
    if (curl_multi_socket_action(run->multi, CURL_SOCKET_TIMEOUT, 0, &running) != CURLM_OK)
      return 0;
    drain_done(run);
  }
  return 1;
}

static int drive_perform(struct Run *run) {
  int running = 0;
  if (curl_multi_perform(run->multi, &running) != CURLM_OK)
    return 0;
  if (running > 0 && curl_multi_poll(run->multi, NULL, 0, 100, NULL) != CURLM_OK)
    return 0;
  return 1;
}

/* ---- the run ---- */

static void finish_one(struct Run *run, CURLMsg *msg, const struct Options *opt) {
  CURL *easy = msg->easy_handle;
  CURLcode result = msg->data.result;
  long status = 0;
  long connects = 0;
  curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
  /* Only where asked for, so the direct points time exactly what they always have. */
  if ((opt->proxy || opt->warmup_connects || opt->multiplex) &&
      curl_easy_getinfo(easy, CURLINFO_NUM_CONNECTS, &connects) == CURLE_OK)
    run->connects += connects;
  if (opt->multiplex) {
    long port = 0;
    long version = 0;
    if (curl_easy_getinfo(easy, CURLINFO_LOCAL_PORT, &port) == CURLE_OK && port > 0 && port < 65536 &&
        run->per_port[port]++ == 0)
      run->connections_used++;
    if (result == CURLE_OK &&
        (curl_easy_getinfo(easy, CURLINFO_HTTP_VERSION, &version) != CURLE_OK ||
         version != CURL_HTTP_VERSION_2_0))
      run->not_h2++;
  }
  run->completed++;
  if (result != CURLE_OK) {
    if (run->errors++ == 0)
      run->first_error = result;
  } else if (status != 200) {
    run->bad_status++;
  }
  curl_multi_remove_handle(run->multi, easy);
  if (run->started < opt->requests) {
    run->started++;
    curl_multi_add_handle(run->multi, easy);
  }
}

static void drain_done(struct Run *run) {
  int left = 0;
  CURLMsg *msg;
  while ((msg = curl_multi_info_read(run->multi, &left)) != NULL) {
    if (msg->msg == CURLMSG_DONE)
      finish_one(run, msg, run->opt);
  }
}

static void print_result(const struct Options *opt, const struct Run *run, long untimed, long timed,
                         long long wall_ns, struct ProbeCpu cpu, long long bytes,
                         long long allocations, long connects) {
  double cpu_ns = (double)(cpu.user_ns + cpu.sys_ns);
  double per = timed > 0 ? 1.0 / (double)timed : 0.0;
  double gib = (double)bytes / (1024.0 * 1024.0 * 1024.0);
  printf("{\"lib\": \"%s\", \"lib_path\": \"%s\", \"ssl_version\": \"%s\", \"url\": \"%s\""
         ", \"driver\": \"%s\", \"requests\": %ld"
         ", \"concurrency\": %ld, \"warmup\": %ld, \"completed\": %ld, \"errors\": %ld"
         ", \"bad_status\": %ld, \"first_error\": \"%s\"",
         curl_version(), library_path(), tls_library(), opt->url,
         opt->socket_action ? "socket_action" : "perform", timed,
         opt->concurrency, untimed, run->completed, run->errors, run->bad_status,
         run->errors ? curl_easy_strerror(run->first_error) : "");
  printf(", \"wall_s\": %.6f, \"cpu_user_s\": %.6f, \"cpu_sys_s\": %.6f"
         ", \"cpu_us_per_request\": %.3f, \"req_per_s\": %.1f, \"bytes\": %lld"
         ", \"cpu_s_per_gib\": %.4f, \"mib_per_s\": %.1f",
         (double)wall_ns / 1e9, (double)cpu.user_ns / 1e9, (double)cpu.sys_ns / 1e9,
         cpu_ns / 1000.0 * per, wall_ns > 0 ? (double)timed * 1e9 / (double)wall_ns : 0.0, bytes,
         gib > 0 ? cpu_ns / 1e9 / gib : 0.0,
         wall_ns > 0 ? (double)bytes / (1024.0 * 1024.0) * 1e9 / (double)wall_ns : 0.0);
  if (opt->socket_action)
    printf(", \"stale_socketp\": %ld", run->stale_socketp);
  if (opt->proxy)
    printf(", \"proxy\": \"%s\"", opt->proxy);
  if (opt->proxy || opt->warmup_connects || opt->multiplex)
    printf(", \"connects\": %ld", connects);
  if (opt->multiplex) {
    printf(", \"multiplex\": true, \"max_host\": %ld, \"connects_total\": %ld"
           ", \"connections_used\": %ld, \"not_h2_responses\": %ld",
           opt->max_host, run->connects, run->connections_used, run->not_h2);
    /* How the library spread the transfers over its connections (whole run, by port). */
    printf(", \"completions_per_connection\": [");
    int first = 1;
    for (long port = 1, shown = 0; port < 65536 && shown < 64; port++) {
      if (run->per_port[port]) {
        printf("%s%u", first ? "" : ", ", run->per_port[port]);
        first = 0;
        shown++;
      }
    }
    printf("]");
  }
  if (allocations >= 0)
    printf(", \"allocs_per_request\": %.3f", (double)allocations * per);
  else
    printf(", \"allocs_per_request\": null");
  printf("}\n");
}

int main(int argc, char **argv) {
  struct Options opt;
  if (!parse_options(argc, argv, &opt)) {
    usage(argv[0]);
    return 2;
  }
  if (!probe_raise_fd_limit(opt.concurrency + 64)) {
    fprintf(stderr, "load: RLIMIT_NOFILE too low for C=%ld\n", opt.concurrency);
    return 1;
  }
  if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
    return 1;
  long long deadline = probe_now_ns() + opt.time_limit_s * 1000000000LL;

  struct Run run;
  memset(&run, 0, sizeof run);
  run.epoll_fd = -1;
  run.opt = &opt;
  run.timer_deadline_ns = -1;
  run.multi = curl_multi_init();
  run.handles = calloc((size_t)opt.concurrency, sizeof *run.handles);
  if (opt.multiplex)
    run.per_port = calloc(65536, sizeof *run.per_port);
  if (!run.multi || !run.handles || (opt.multiplex && !run.per_port))
    return 1;
  curl_multi_setopt(run.multi, CURLMOPT_MAXCONNECTS, opt.concurrency + 16);
  if (opt.max_host > 0)
    curl_multi_setopt(run.multi, CURLMOPT_MAX_HOST_CONNECTIONS, opt.max_host);
  if (opt.multiplex) {
    CURLMcode mc = curl_multi_setopt(run.multi, CURLMOPT_PIPELINING, (long)CURLPIPE_MULTIPLEX);
    if (mc != CURLM_OK) {
      char why[160];
      snprintf(why, sizeof why, "CURLMOPT_PIPELINING: %s", curl_multi_strerror(mc));
      print_unsupported(why);
      return 0;
    }
  }
  if (opt.socket_action && !start_socket_action(&run)) {
    print_unsupported("socket_action");
    return 0;
  }

  for (long i = 0; i < opt.concurrency; i++) {
    run.handles[i] = curl_easy_init();
    if (!run.handles[i])
      return 1;
    const char *refused = NULL;
    CURLcode rc = setup_handle(run.handles[i], &opt, &run, &refused);
    if (rc == CURLE_UNSUPPORTED_PROTOCOL || rc == CURLE_UNKNOWN_OPTION || rc == CURLE_NOT_BUILT_IN) {
      if (refused)
        print_unsupported_option(refused, rc);
      else
        print_unsupported(curl_easy_strerror(rc));
      return 0;
    }
  }

  long long t_start = probe_now_ns();
  for (long i = 0; i < opt.concurrency; i++) {
    run.started++;
    curl_multi_add_handle(run.multi, run.handles[i]);
  }

  long long timed_wall_start = t_start;
  struct ProbeCpu timed_cpu_start = probe_cpu();
  long long timed_bytes_start = 0;
  long long timed_allocs_start = probe_allocations();
  long timed_connects_start = 0;
  long untimed = 0;
  int warmed = opt.warmup == 0 && opt.warmup_connects == 0;
  int ok = 1;
  while (run.completed < opt.requests) {
    if (probe_now_ns() > deadline) {
      fprintf(stderr, "load: time limit reached after %ld of %ld requests\n", run.completed,
              opt.requests);
      ok = 0;
      break;
    }
    if (!(opt.socket_action ? drive_socket_action(&run) : drive_perform(&run))) {
      fprintf(stderr, "load: the multi interface failed\n");
      ok = 0;
      break;
    }
    drain_done(&run);
    /* The first failure might be the library lacking the scheme: report that as n/a. */
    if (run.errors && run.completed == run.errors &&
        (run.first_error == CURLE_UNSUPPORTED_PROTOCOL || run.first_error == CURLE_NOT_BUILT_IN)) {
      print_unsupported(curl_easy_strerror(run.first_error));
      return 0;
    }
    /* Through a proxy, tunnels can still be in set-up after the first C completions (the
       open ones serve the re-added handles meanwhile): --warmup-connects waits for them. */
    if (!warmed && run.completed >= opt.warmup && run.connects >= opt.warmup_connects) {
      warmed = 1;
      /* The other points keep their figure as it always was: completions beyond W that came
         in the same pass as the W-th count as timed. */
      untimed = opt.warmup_connects ? run.completed : opt.warmup;
      timed_wall_start = probe_now_ns();
      timed_cpu_start = probe_cpu();
      timed_bytes_start = run.body_bytes;
      timed_allocs_start = probe_allocations();
      timed_connects_start = run.connects;
    }
  }
  long long wall = probe_now_ns() - timed_wall_start;
  struct ProbeCpu cpu_end = probe_cpu();
  long long allocs_end = probe_allocations();
  struct ProbeCpu cpu = {cpu_end.user_ns - timed_cpu_start.user_ns,
                         cpu_end.sys_ns - timed_cpu_start.sys_ns};
  long timed = run.completed - untimed;
  if (ok && !warmed) {
    fprintf(stderr, "load: %ld connections opened, never the %ld to wait for\n", run.connects,
            opt.warmup_connects);
    ok = 0;
  }
  if (ok)
    print_result(&opt, &run, untimed, timed, wall, cpu, run.body_bytes - timed_bytes_start,
                 allocs_end >= 0 && timed_allocs_start >= 0 ? allocs_end - timed_allocs_start : -1,
                 run.connects - timed_connects_start);

  for (long i = 0; i < opt.concurrency; i++) {
    curl_multi_remove_handle(run.multi, run.handles[i]);
    curl_easy_cleanup(run.handles[i]);
  }
  curl_multi_cleanup(run.multi);
  curl_global_cleanup();
  free(run.handles);
  free(run.per_port);
  if (run.epoll_fd >= 0)
    close(run.epoll_fd);
  return ok && run.errors == 0 && run.bad_status == 0 ? 0 : 1;
}
