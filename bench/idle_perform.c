/* Benchmark: perform or socket_action cost with K parked transfers, and one active transfer's cost beside them. */
#define _GNU_SOURCE
#include <curl/curl.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <time.h>

#include "probe.h"

/* Whole-run bounds, so a stuck library or server can never hold a CI job. */
#define TOTAL_BUDGET_NS (20LL * 1000 * 1000 * 1000)
#define SETUP_BUDGET_NS (10LL * 1000 * 1000 * 1000)
#define IDLE_BUDGET_NS (4LL * 1000 * 1000 * 1000)
#define ACTIVE_BUDGET_NS (4LL * 1000 * 1000 * 1000)
#define MAX_K 10000L
#define MAX_CALLS 1000000L
#define MAX_REQUESTS 100000L
#define ACTIVE_BODY_SIZE 100
#define MAX_EVENTS 256

/* Weak, so the program still links on a library without the event API; NULL then means n/a. */
#pragma weak curl_multi_socket_action

struct Options {
  long port;
  long parked;
  long calls;
  long requests;
  int nosignal; /* -1: leave the library default alone */
  int socket_action; /* drive everything through socket_action + epoll instead of perform + poll */
};

/* The application's side of the event API: one epoll set and one timer deadline. */
struct EventLoop {
  int epoll_fd;
  long long timer_deadline_ns; /* -1: no timer armed */
  int running;
  /* Calls made for socket readiness while timing is on, and their wall times. */
  int timing;
  long long *event_samples;
  long event_capacity;
  long event_calls;
  /* Timer expiries handled while timing is on (the library may do the I/O there too). */
  long long *timer_samples;
  long timer_calls;
  long stale_socketp;
  /* Wall time of all socket_action calls (events and timers) for the active GET under way,
     and that total per timed GET. The median of single calls is no measure of cost: an
     event call takes a few µs, the timer call that starts a GET about 20, and whichever
     kind holds the middle sample decides it. */
  long long request_call_ns;
  long long *request_call_samples;
};

static struct EventLoop loop = {-1, -1, 0, 0, NULL, 0, 0, NULL, 0, 0, 0, NULL};

struct Stats {
  long long median;
  long long p90;
  long long min;
};

struct TextSink {
  char data[256];
  size_t used;
};

static long long cpu_ns(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  long long user = (long long)ru.ru_utime.tv_sec * 1000000000LL + ru.ru_utime.tv_usec * 1000LL;
  long long sys = (long long)ru.ru_stime.tv_sec * 1000000000LL + ru.ru_stime.tv_usec * 1000LL;
  return user + sys;
}

static int compare_ll(const void *a, const void *b) {
  long long x = *(const long long *)a;
  long long y = *(const long long *)b;
  return (x > y) - (x < y);
}

static struct Stats summarize(long long *samples, long count) {
  struct Stats s = {0, 0, 0};
  if (count <= 0)
    return s;
  qsort(samples, (size_t)count, sizeof samples[0], compare_ll);
  s.min = samples[0];
  s.median = count % 2 ? samples[count / 2] : (samples[count / 2 - 1] + samples[count / 2]) / 2;
  long p90_index = (count * 9) / 10;
  s.p90 = samples[p90_index < count ? p90_index : count - 1];
  return s;
}

static void usage(const char *argv0) {
  fprintf(stderr,
          "usage: %s PORT K M [--requests N] [--nosignal 0|1] [--socket-action]\n"
          "  K parked transfers (0..%ld), M timed idle calls (perform, or socket_action on\n"
          "  CURL_SOCKET_TIMEOUT), N active GETs (default 200)\n",
          argv0, MAX_K);
}

static int parse_options(int argc, char **argv, struct Options *opt) {
  opt->requests = 200;
  opt->nosignal = -1;
  if (argc < 4)
    return 0;
  if (!probe_parse_long(argv[1], 1, 65535, &opt->port) || !probe_parse_long(argv[2], 0, MAX_K, &opt->parked) ||
      !probe_parse_long(argv[3], 1, MAX_CALLS, &opt->calls))
    return 0;
  for (int i = 4; i < argc; i += 2) {
    if (!strcmp(argv[i], "--socket-action")) {
      opt->socket_action = 1;
      i--;
      continue;
    }
    if (i + 1 >= argc)
      return 0;
    long v;
    if (!strcmp(argv[i], "--requests")) {
      if (!probe_parse_long(argv[i + 1], 0, MAX_REQUESTS, &opt->requests))
        return 0;
    } else if (!strcmp(argv[i], "--nosignal")) {
      if (!probe_parse_long(argv[i + 1], 0, 1, &v))
        return 0;
      opt->nosignal = (int)v;
    } else {
      return 0;
    }
  }
  return 1;
}


static size_t sink_text(char *ptr, size_t size, size_t nmemb, void *userdata) {
  struct TextSink *sink = userdata;
  size_t n = size * nmemb;
  size_t room = sizeof sink->data - 1 - sink->used;
  size_t take = n < room ? n : room;
  memcpy(sink->data + sink->used, ptr, take);
  sink->used += take;
  sink->data[sink->used] = '\0';
  return n;
}

static size_t count_bytes(char *ptr, size_t size, size_t nmemb, void *userdata) {
  (void)ptr;
  *(long *)userdata += (long)(size * nmemb);
  return size * nmemb;
}

static size_t discard(char *ptr, size_t size, size_t nmemb, void *userdata) {
  (void)ptr;
  (void)userdata;
  return size * nmemb;
}

static void apply_nosignal(CURL *easy, const struct Options *opt) {
  if (opt->nosignal >= 0)
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, (long)opt->nosignal);
}

static int on_socket(CURL *easy, curl_socket_t s, int what, void *userp, void *socketp) {
  (void)easy;
  CURLM *multi = userp;
  if (probe_epoll_watch(loop.epoll_fd, s, what, socketp, &loop.stale_socketp))
    curl_multi_assign(multi, s, &loop);
  return 0;
}

static int on_timer(CURLM *multi, long timeout_ms, void *userp) {
  (void)multi;
  (void)userp;
  loop.timer_deadline_ns = timeout_ms < 0 ? -1 : probe_now_ns() + timeout_ms * 1000000LL;
  return 0;
}

static int start_event_loop(CURLM *multi) {
  if (!curl_multi_socket_action)
    return 0;
  if (curl_multi_setopt(multi, CURLMOPT_SOCKETFUNCTION, on_socket) != CURLM_OK ||
      curl_multi_setopt(multi, CURLMOPT_SOCKETDATA, multi) != CURLM_OK ||
      curl_multi_setopt(multi, CURLMOPT_TIMERFUNCTION, on_timer) != CURLM_OK)
    return 0;
  loop.epoll_fd = epoll_create1(EPOLL_CLOEXEC);
  return loop.epoll_fd >= 0;
}

/* One epoll wait (at most max_wait_ms) and the socket_action calls it leads to. */
static int pump_events(CURLM *multi, int max_wait_ms) {
  struct epoll_event events[MAX_EVENTS];
  int wait_ms = probe_wait_ms(loop.timer_deadline_ns, max_wait_ms);
  int n = epoll_wait(loop.epoll_fd, events, MAX_EVENTS, wait_ms);
  if (n < 0 && errno != EINTR)
    return 0;
  for (int i = 0; i < n; i++) {
    const int flags = probe_cselect(events[i].events);
    long long t0 = probe_now_ns();
    CURLMcode rc = curl_multi_socket_action(multi, events[i].data.fd, flags, &loop.running);
    long long t1 = probe_now_ns();
    if (rc != CURLM_OK)
      return 0;
    if (loop.timing && loop.event_calls < loop.event_capacity)
      loop.event_samples[loop.event_calls++] = t1 - t0;
    if (loop.timing)
      loop.request_call_ns += t1 - t0;
  }
  if (loop.timer_deadline_ns >= 0 && probe_now_ns() >= loop.timer_deadline_ns) {
    loop.timer_deadline_ns = -1;
    long long t0 = probe_now_ns();
    CURLMcode rc = curl_multi_socket_action(multi, CURL_SOCKET_TIMEOUT, 0, &loop.running);
    long long t1 = probe_now_ns();
    if (rc != CURLM_OK)
      return 0;
    if (loop.timing && loop.timer_calls < loop.event_capacity)
      loop.timer_samples[loop.timer_calls++] = t1 - t0;
    if (loop.timing)
      loop.request_call_ns += t1 - t0;
  }
  return 1;
}

/* Makes progress on every transfer the way the chosen driver does; *running as perform reports it. */
static int drive(CURLM *multi, const struct Options *opt, int wait_ms, int *running) {
  if (opt->socket_action) {
    int ok = pump_events(multi, wait_ms);
    *running = loop.running;
    return ok;
  }
  /* Poll first: it returns at once while the library has work due, and a finished
     transfer's message is then read before any wait. */
  curl_multi_poll(multi, NULL, 0, wait_ms, NULL);
  return curl_multi_perform(multi, running) == CURLM_OK;
}

/* The server's request counter, read over the stats handle's own connection. */
static long fetch_request_count(CURL *stats) {
  struct TextSink sink;
  sink.used = 0;
  sink.data[0] = '\0';
  curl_easy_setopt(stats, CURLOPT_WRITEDATA, &sink);
  if (curl_easy_perform(stats) != CURLE_OK)
    return -1;
  const char *field = strstr(sink.data, "requests=");
  if (!field)
    return -1;
  return strtol(field + strlen("requests="), NULL, 10);
}

/* Any message means a parked transfer ended, which spoils the measurement. */
static CURLcode drain_parked_messages(CURLM *multi) {
  int left = 0;
  CURLMsg *msg;
  CURLcode first = CURLE_OK;
  while ((msg = curl_multi_info_read(multi, &left)) != NULL) {
    if (msg->msg == CURLMSG_DONE && first == CURLE_OK)
      first = msg->data.result != CURLE_OK ? msg->data.result : CURLE_RECV_ERROR;
  }
  return first;
}

/*
 * Drives the parked transfers until the server has read all K requests. The stats
 * handle's own requests are counted by the server too; the first reading (taken before
 * any parked handle exists) fixes the offset whether or not a stats request counts itself.
 */
static int park_all(CURLM *multi, CURL *stats, long parked, const struct Options *opt,
                    long long deadline) {
  long base = fetch_request_count(stats);
  if (base < 0) {
    fprintf(stderr, "idle_perform: cannot read /__stats from the server\n");
    return 0;
  }
  long fetches = 0;
  long long last_check = 0;
  if (opt->socket_action && curl_multi_socket_action(multi, CURL_SOCKET_TIMEOUT, 0,
                                                     &loop.running) != CURLM_OK)
    return 0;
  while (probe_now_ns() < deadline) {
    int running = 0;
    if (!drive(multi, opt, 20, &running)) {
      fprintf(stderr, "idle_perform: the multi interface failed while parking\n");
      return 0;
    }
    CURLcode failed = drain_parked_messages(multi);
    if (failed != CURLE_OK) {
      fprintf(stderr, "idle_perform: a parked transfer ended: %s\n", curl_easy_strerror(failed));
      return 0;
    }
    long long t = probe_now_ns();
    if (running == parked && t - last_check > 20LL * 1000 * 1000) {
      last_check = t;
      long seen = fetch_request_count(stats);
      fetches++;
      if (seen < 0) {
        fprintf(stderr, "idle_perform: /__stats failed while parking\n");
        return 0;
      }
      if (seen - base - fetches >= parked)
        return 1;
    }
  }
  fprintf(stderr, "idle_perform: timed out waiting for %ld parked requests\n", parked);
  return 0;
}

/* M back-to-back perform calls (or timer calls) with nothing ready: pure per-call overhead. */
static int time_idle_calls(CURLM *multi, const struct Options *opt, long parked, long calls,
                           long long deadline,
                           long long *samples, long *done, long long *cpu_total) {
  long long cpu_start = cpu_ns();
  long n = 0;
  int running = 0;
  long long budget_end = probe_now_ns() + IDLE_BUDGET_NS;
  if (budget_end > deadline)
    budget_end = deadline;
  while (n < calls) {
    long long t0 = probe_now_ns();
    CURLMcode rc = opt->socket_action
                       ? curl_multi_socket_action(multi, CURL_SOCKET_TIMEOUT, 0, &running)
                       : curl_multi_perform(multi, &running);
    long long t1 = probe_now_ns();
    if (rc != CURLM_OK) {
      fprintf(stderr, "idle_perform: idle call failed: %s\n", curl_multi_strerror(rc));
      return 0;
    }
    samples[n++] = t1 - t0;
    if (t1 > budget_end)
      break;
  }
  *cpu_total = cpu_ns() - cpu_start;
  *done = n;
  if (running != parked) {
    fprintf(stderr, "idle_perform: %d running after idle calls, expected %ld\n", running, parked);
    return 0;
  }
  return 1;
}

/* One GET on the active handle, driven by the same multi that carries the parked ones. */
static int run_one_request(CURLM *multi, CURL *active, const struct Options *opt,
                           long *body_bytes, long long deadline) {
  *body_bytes = 0;
  if (curl_multi_add_handle(multi, active) != CURLM_OK)
    return 0;
  CURLcode result = CURLE_OK;
  int finished = 0;
  while (!finished && probe_now_ns() < deadline) {
    int running = 0;
    if (!drive(multi, opt, 100, &running))
      break;
    int left = 0;
    CURLMsg *msg;
    while ((msg = curl_multi_info_read(multi, &left)) != NULL) {
      if (msg->msg != CURLMSG_DONE)
        continue;
      if (msg->easy_handle == active) {
        finished = 1;
        result = msg->data.result;
      } else if (result == CURLE_OK) {
        result = CURLE_RECV_ERROR; /* a parked transfer must never finish */
      }
    }
  }
  curl_multi_remove_handle(multi, active);
  if (!finished || result != CURLE_OK || *body_bytes != ACTIVE_BODY_SIZE) {
    fprintf(stderr, "idle_perform: active request failed (finished=%d, %s, %ld bytes)\n", finished,
            curl_easy_strerror(result), *body_bytes);
    return 0;
  }
  return 1;
}

static int time_active_requests(CURLM *multi, CURL *active, const struct Options *opt,
                                long requests, long long deadline,
                                long long *samples, long *done, long long *cpu_total) {
  long body_bytes = 0;
  curl_easy_setopt(active, CURLOPT_WRITEFUNCTION, count_bytes);
  curl_easy_setopt(active, CURLOPT_WRITEDATA, &body_bytes);
  /* The first request pays for the connect; keep it out of the figures. */
  if (!run_one_request(multi, active, opt, &body_bytes, deadline))
    return 0;
  loop.timing = 1;
  long long cpu_start = cpu_ns();
  long long budget_end = probe_now_ns() + ACTIVE_BUDGET_NS;
  if (budget_end > deadline)
    budget_end = deadline;
  long n = 0;
  while (n < requests) {
    loop.request_call_ns = 0;
    long long t0 = probe_now_ns();
    if (!run_one_request(multi, active, opt, &body_bytes, deadline))
      return 0;
    long long t1 = probe_now_ns();
    if (loop.request_call_samples)
      loop.request_call_samples[n] = loop.request_call_ns;
    samples[n++] = t1 - t0;
    if (t1 > budget_end)
      break;
  }
  *cpu_total = cpu_ns() - cpu_start;
  loop.timing = 0;
  *done = n;
  return 1;
}

static void print_json_string(const char *s) {
  putchar('"');
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\')
      printf("\\%c", c);
    else if (c < 0x20)
      printf("\\u%04x", c);
    else
      putchar(c);
  }
  putchar('"');
}

int main(int argc, char **argv) {
  struct Options opt;
  if (!parse_options(argc, argv, &opt)) {
    usage(argv[0]);
    return 2;
  }
  long long start = probe_now_ns();
  long long deadline = start + TOTAL_BUDGET_NS;
  if (!probe_raise_fd_limit(opt.parked + 64)) {
    fprintf(stderr, "idle_perform: RLIMIT_NOFILE too low for K=%ld\n", opt.parked);
    return 1;
  }
  if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
    return 1;

  char parked_url[64];
  char active_url[64];
  char stats_url[64];
  snprintf(parked_url, sizeof parked_url, "http://127.0.0.1:%ld/p?hang=1", opt.port);
  snprintf(active_url, sizeof active_url, "http://127.0.0.1:%ld/p?size=%d", opt.port,
           ACTIVE_BODY_SIZE);
  snprintf(stats_url, sizeof stats_url, "http://127.0.0.1:%ld/__stats", opt.port);

  CURLM *multi = curl_multi_init();
  CURL **parked = calloc((size_t)opt.parked + 1, sizeof *parked);
  long long *call_samples = calloc((size_t)opt.calls, sizeof *call_samples);
  long long *request_samples = calloc((size_t)opt.requests + 1, sizeof *request_samples);
  CURL *stats = curl_easy_init();
  CURL *active = curl_easy_init();
  if (!multi || !parked || !call_samples || !request_samples || !stats || !active) {
    fprintf(stderr, "idle_perform: out of memory\n");
    return 1;
  }
  curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, opt.parked + 16);
  if (opt.socket_action) {
    /* A few socket calls per active GET (send readiness, response, maybe close checks). */
    loop.event_capacity = 8 * (opt.requests + 1);
    loop.event_samples = calloc((size_t)loop.event_capacity, sizeof *loop.event_samples);
    loop.timer_samples = calloc((size_t)loop.event_capacity, sizeof *loop.timer_samples);
    loop.request_call_samples = calloc((size_t)opt.requests + 1, sizeof *loop.request_call_samples);
    if (!loop.event_samples || !loop.timer_samples || !loop.request_call_samples ||
        !start_event_loop(multi)) {
      printf("{\"lib\": ");
      print_json_string(curl_version());
      printf(", \"K\": %ld, \"unsupported\": \"socket_action\"}\n", opt.parked);
      return 0;
    }
  }

  curl_easy_setopt(stats, CURLOPT_URL, stats_url);
  curl_easy_setopt(stats, CURLOPT_WRITEFUNCTION, sink_text);
  curl_easy_setopt(stats, CURLOPT_TIMEOUT_MS, 5000L);
  apply_nosignal(stats, &opt);
  curl_easy_setopt(active, CURLOPT_URL, active_url);
  curl_easy_setopt(active, CURLOPT_TIMEOUT_MS, 5000L);
  apply_nosignal(active, &opt);

  /* Memory per parked transfer counts the handle, its connection state and its buffers. */
  long long rss_before = probe_rss_bytes();
  long long heap_before = probe_heap_bytes();
  int ok = 1;
  for (long i = 0; i < opt.parked && ok; i++) {
    parked[i] = curl_easy_init();
    if (!parked[i]) {
      ok = 0;
      break;
    }
    curl_easy_setopt(parked[i], CURLOPT_URL, parked_url);
    curl_easy_setopt(parked[i], CURLOPT_WRITEFUNCTION, discard);
    apply_nosignal(parked[i], &opt);
    ok = curl_multi_add_handle(multi, parked[i]) == CURLM_OK;
  }

  long long setup_start = probe_now_ns();
  long long setup_deadline = setup_start + SETUP_BUDGET_NS;
  ok = ok && park_all(multi, stats, opt.parked, &opt, setup_deadline);
  long long setup_ns = probe_now_ns() - setup_start;
  long long rss_parked = probe_rss_bytes() - rss_before;
  long long heap_parked = probe_heap_bytes() - heap_before;

  long calls_done = 0;
  long long idle_cpu = 0;
  ok = ok && time_idle_calls(multi, &opt, opt.parked, opt.calls, deadline, call_samples,
                             &calls_done, &idle_cpu);
  long requests_done = 0;
  long long active_cpu = 0;
  if (ok && opt.requests > 0)
    ok = time_active_requests(multi, active, &opt, opt.requests, deadline, request_samples,
                              &requests_done, &active_cpu);

  if (ok) {
    struct Stats calls = summarize(call_samples, calls_done);
    struct Stats reqs = summarize(request_samples, requests_done);
    struct Stats events = summarize(loop.event_samples, loop.event_calls);
    /* Both kinds together: which call does the I/O depends on the library and on timing. */
    long all_calls = loop.event_calls + loop.timer_calls;
    long long *all_samples = calloc((size_t)all_calls + 1, sizeof *all_samples);
    struct Stats any = {0, 0, 0};
    if (all_samples) {
      memcpy(all_samples, loop.event_samples, (size_t)loop.event_calls * sizeof *all_samples);
      memcpy(all_samples + loop.event_calls, loop.timer_samples,
             (size_t)loop.timer_calls * sizeof *all_samples);
      any = summarize(all_samples, all_calls);
      free(all_samples);
    }
    struct Stats timers = summarize(loop.timer_samples, loop.timer_calls);
    struct Stats per_request = summarize(loop.request_call_samples, loop.request_call_samples ? requests_done : 0);
    printf("{\"lib\": ");
    print_json_string(curl_version());
    printf(", \"K\": %ld, \"driver\": \"%s\", \"nosignal\": ", opt.parked,
           opt.socket_action ? "socket_action" : "perform");
    if (opt.nosignal < 0)
      printf("null");
    else
      printf("%d", opt.nosignal);
    printf(", \"calls\": %ld, \"ns_per_call_median\": %lld, \"ns_per_call_p90\": %lld"
           ", \"ns_per_call_min\": %lld, \"cpu_us_per_call\": %.3f",
           calls_done, calls.median, calls.p90, calls.min,
           calls_done ? (double)idle_cpu / 1000.0 / (double)calls_done : 0.0);
    printf(", \"requests\": %ld, \"us_per_request_median\": %.3f, \"us_per_request_p90\": %.3f"
           ", \"cpu_us_per_request\": %.3f, \"setup_ms\": %.1f",
           requests_done, (double)reqs.median / 1000.0, (double)reqs.p90 / 1000.0,
           requests_done ? (double)active_cpu / 1000.0 / (double)requests_done : 0.0,
           (double)setup_ns / 1e6);
    if (opt.socket_action)
      printf(", \"event_calls\": %ld, \"ns_per_event_call_median\": %lld"
             ", \"ns_per_event_call_p90\": %lld, \"timer_calls\": %ld"
             ", \"ns_per_timer_call_median\": %lld, \"ns_per_active_call_median\": %lld"
             ", \"active_calls_per_request\": %.2f, \"stale_socketp\": %ld"
             ", \"ns_socket_action_per_request_median\": %lld",
             loop.event_calls, events.median, events.p90, loop.timer_calls, timers.median,
             any.median, requests_done ? (double)all_calls / (double)requests_done : 0.0,
             loop.stale_socketp, per_request.median);
    double per_parked = opt.parked > 0 ? 1.0 / (double)opt.parked : 0.0;
    printf(", \"rss_bytes_per_parked\": %.1f, \"heap_bytes_per_parked\": %.1f}\n",
           (double)rss_parked * per_parked, (double)heap_parked * per_parked);
    fflush(stdout);
  }

  for (long i = 0; i < opt.parked; i++) {
    if (!parked[i])
      break;
    curl_multi_remove_handle(multi, parked[i]);
    curl_easy_cleanup(parked[i]);
  }
  curl_easy_cleanup(active);
  curl_easy_cleanup(stats);
  curl_multi_cleanup(multi);
  curl_global_cleanup();
  free(parked);
  free(call_samples);
  free(request_samples);
  free(loop.event_samples);
  free(loop.timer_samples);
  free(loop.request_call_samples);
  if (loop.epoll_fd >= 0)
    close(loop.epoll_fd);
  return ok ? 0 : 1;
}
