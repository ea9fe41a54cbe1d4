/* Benchmark: RSS and heap per HTTP/2 transfer parked on an open stream of one connection. */
#define _GNU_SOURCE
#include <curl/curl.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probe.h"

/* Whole-run bounds, so a stuck library or server can never hold a CI job. */
#define TOTAL_BUDGET_NS (30LL * 1000 * 1000 * 1000)
#define PARK_BUDGET_NS (15LL * 1000 * 1000 * 1000)
#define MAX_PARKED 100000L
#define WARM_BODY_SIZE 100

struct Options {
  const char *base; /* https://127.0.0.1:PORT of an h2 test server */
  long parked;
  const char *cainfo;
};

struct TextSink {
  char data[512];
  size_t used;
};

static void usage(const char *argv0) {
  fprintf(stderr,
          "usage: %s BASE_URL N [--cainfo PEM]\n"
          "  BASE_URL: https://127.0.0.1:PORT of xfer-testserver --tls CERT KEY --h2\n"
          "  (--h2-max-streams >= N). One small GET opens an HTTP/2 connection; then N\n"
          "  transfers of BASE_URL/p?hang=1 are parked on streams of that connection\n"
          "  (CURLPIPE_MULTIPLEX, PIPEWAIT, one connection per host) until the server has\n"
          "  read all N requests; prints one JSON line with the memory per transfer\n",
          argv0);
}

static int parse_options(int argc, char **argv, struct Options *opt) {
  memset(opt, 0, sizeof *opt);
  if (argc < 3)
    return 0;
  opt->base = argv[1];
  if (strlen(opt->base) > 200 || !probe_parse_long(argv[2], 1, MAX_PARKED, &opt->parked))
    return 0;
  for (int i = 3; i < argc; i++) {
    if (!strcmp(argv[i], "--cainfo") && i + 1 < argc)
      opt->cainfo = argv[++i];
    else
      return 0;
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

static void print_unsupported(const char *option, const char *why) {
  printf("{\"lib\": \"%s\", \"unsupported\": \"%s: %s\"}\n", curl_version(), option, why);
}

/* The server's counters (requests read, connections accepted), over the stats handle's
   own connection. */
static int fetch_stats(CURL *stats, long *requests, long *connections) {
  struct TextSink sink;
  sink.used = 0;
  sink.data[0] = '\0';
  curl_easy_setopt(stats, CURLOPT_WRITEDATA, &sink);
  if (curl_easy_perform(stats) != CURLE_OK)
    return 0;
  const char *r = strstr(sink.data, "requests=");
  const char *c = strstr(sink.data, "connections=");
  if (!r || !c)
    return 0;
  *requests = strtol(r + strlen("requests="), NULL, 10);
  *connections = strtol(c + strlen("connections="), NULL, 10);
  return 1;
}

/* Common options of the multiplexed transfers; a refusal means the library lacks the feature. */
static CURLcode setup_h2(CURL *easy, const char *url, const struct Options *opt, const char **what) {
  curl_easy_setopt(easy, CURLOPT_URL, url);
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  *what = "CURLOPT_PIPEWAIT";
  CURLcode rc = curl_easy_setopt(easy, CURLOPT_PIPEWAIT, 1L);
  if (rc == CURLE_OK && opt->cainfo) {
    *what = "CURLOPT_CAINFO";
    rc = curl_easy_setopt(easy, CURLOPT_CAINFO, opt->cainfo);
  }
  return rc;
}

/* One small GET on the multi: it opens the HTTP/2 connection the parked streams go to. */
static int warm_up(CURLM *multi, CURL *easy, long long deadline) {
  long body = 0;
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, count_bytes);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, &body);
  curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, 5000L);
  if (curl_multi_add_handle(multi, easy) != CURLM_OK)
    return 0;
  int finished = 0;
  CURLcode result = CURLE_OK;
  while (!finished && probe_now_ns() < deadline) {
    int running = 0;
    if (curl_multi_perform(multi, &running) != CURLM_OK)
      break;
    CURLMsg *msg;
    int left = 0;
    while ((msg = curl_multi_info_read(multi, &left)) != NULL) {
      if (msg->msg == CURLMSG_DONE) {
        finished = 1;
        result = msg->data.result;
      }
    }
    if (!finished && curl_multi_poll(multi, NULL, 0, 100, NULL) != CURLM_OK)
      break;
  }
  long version = 0;
  curl_easy_getinfo(easy, CURLINFO_HTTP_VERSION, &version);
  curl_multi_remove_handle(multi, easy);
  if (!finished || result != CURLE_OK || body != WARM_BODY_SIZE) {
    fprintf(stderr, "h2_parked: the first GET failed (finished=%d, %s, %ld bytes)\n", finished,
            curl_easy_strerror(result), body);
    return 0;
  }
  if (version != CURL_HTTP_VERSION_2_0) {
    fprintf(stderr, "h2_parked: the first GET was not answered over HTTP/2 (version %ld)\n", version);
    return 0;
  }
  return 1;
}

/* Drives the parked transfers until the server has read all N requests. */
static int park_all(CURLM *multi, CURL *stats, long parked, long base_requests, long long deadline,
                    long *seen_out) {
  long fetches = 0;
  long long last_check = 0;
  *seen_out = 0;
  while (probe_now_ns() < deadline) {
    int running = 0;
    if (curl_multi_perform(multi, &running) != CURLM_OK) {
      fprintf(stderr, "h2_parked: the multi interface failed while parking\n");
      return 0;
    }
    CURLMsg *msg;
    int left = 0;
    while ((msg = curl_multi_info_read(multi, &left)) != NULL) {
      if (msg->msg == CURLMSG_DONE) {
        fprintf(stderr, "h2_parked: a parked transfer ended: %s\n", curl_easy_strerror(msg->data.result));
        return 0;
      }
    }
    long long t = probe_now_ns();
    if (running == parked && t - last_check > 20LL * 1000 * 1000) {
      last_check = t;
      long requests = 0;
      long connections = 0;
      if (!fetch_stats(stats, &requests, &connections)) {
        fprintf(stderr, "h2_parked: /__stats failed while parking\n");
        return 0;
      }
      fetches++;
      /* Each stats request counts itself. */
      *seen_out = requests - base_requests - fetches;
      if (*seen_out >= parked)
        return 1;
    }
    if (curl_multi_poll(multi, NULL, 0, 20, NULL) != CURLM_OK)
      return 0;
  }
  fprintf(stderr, "h2_parked: the server read %ld of %ld parked requests in time\n", *seen_out, parked);
  return 0;
}

int main(int argc, char **argv) {
  struct Options opt;
  if (!parse_options(argc, argv, &opt)) {
    usage(argv[0]);
    return 2;
  }
  long long deadline = probe_now_ns() + TOTAL_BUDGET_NS;
  /* One connection carries them all; a library that opens one per transfer needs N. */
  if (!probe_raise_fd_limit(opt.parked + 64)) {
    fprintf(stderr, "h2_parked: RLIMIT_NOFILE too low for N=%ld\n", opt.parked);
    return 1;
  }
  if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
    return 1;

  char parked_url[256];
  char warm_url[256];
  char stats_url[256];
  snprintf(parked_url, sizeof parked_url, "%s/p?hang=1", opt.base);
  snprintf(warm_url, sizeof warm_url, "%s/p?size=%d", opt.base, WARM_BODY_SIZE);
  snprintf(stats_url, sizeof stats_url, "%s/__stats", opt.base);

  CURLM *multi = curl_multi_init();
  CURL **parked = calloc((size_t)opt.parked, sizeof *parked);
  CURL *stats = curl_easy_init();
  CURL *warm = curl_easy_init();
  if (!multi || !parked || !stats || !warm) {
    fprintf(stderr, "h2_parked: out of memory\n");
    return 1;
  }
  CURLMcode mc = curl_multi_setopt(multi, CURLMOPT_PIPELINING, (long)CURLPIPE_MULTIPLEX);
  if (mc != CURLM_OK) {
    print_unsupported("CURLMOPT_PIPELINING", curl_multi_strerror(mc));
    return 0;
  }
  curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS, 1L);
  /* The client's own cap on streams per connection (libcurl's default: 100). */
  curl_multi_setopt(multi, CURLMOPT_MAX_CONCURRENT_STREAMS, opt.parked);
  curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, 16L);

  /* The stats handle talks over a connection of its own (curl_easy_perform). */
  curl_easy_setopt(stats, CURLOPT_URL, stats_url);
  curl_easy_setopt(stats, CURLOPT_WRITEFUNCTION, sink_text);
  curl_easy_setopt(stats, CURLOPT_TIMEOUT_MS, 5000L);
  curl_easy_setopt(stats, CURLOPT_NOSIGNAL, 1L);
  if (opt.cainfo)
    curl_easy_setopt(stats, CURLOPT_CAINFO, opt.cainfo);

  const char *what = NULL;
  CURLcode rc = setup_h2(warm, warm_url, &opt, &what);
  if (rc == CURLE_UNKNOWN_OPTION || rc == CURLE_NOT_BUILT_IN) {
    print_unsupported(what, curl_easy_strerror(rc));
    return 0;
  }
  long long heap_start = probe_heap_bytes();
  long long rss_start = probe_rss_bytes();
  int ok = rc == CURLE_OK && warm_up(multi, warm, deadline);
  curl_easy_cleanup(warm);
  long base_requests = 0;
  long base_connections = 0;
  if (ok && !fetch_stats(stats, &base_requests, &base_connections)) {
    fprintf(stderr, "h2_parked: cannot read /__stats from the server\n");
    ok = 0;
  }

  /* From here: the connection is open and idle in the multi's cache, the stats one too. */
  long long heap_before = probe_heap_bytes();
  long long rss_before = probe_rss_bytes();
  for (long i = 0; i < opt.parked && ok; i++) {
    parked[i] = curl_easy_init();
    if (!parked[i] || setup_h2(parked[i], parked_url, &opt, &what) != CURLE_OK) {
      fprintf(stderr, "h2_parked: creating a transfer failed\n");
      ok = 0;
      break;
    }
    curl_easy_setopt(parked[i], CURLOPT_WRITEFUNCTION, discard);
  }
  long long heap_created = probe_heap_bytes();
  long long rss_created = probe_rss_bytes();
  for (long i = 0; i < opt.parked && ok; i++)
    ok = curl_multi_add_handle(multi, parked[i]) == CURLM_OK;

  long long park_start = probe_now_ns();
  long long park_deadline = park_start + PARK_BUDGET_NS < deadline ? park_start + PARK_BUDGET_NS : deadline;
  long seen = 0;
  ok = ok && park_all(multi, stats, opt.parked, base_requests, park_deadline, &seen);
  long long park_ns = probe_now_ns() - park_start;
  long long heap_parked = probe_heap_bytes();
  long long rss_parked = probe_rss_bytes();

  /* Which connections the parked transfers sit on: the client's view (local ports, new
     connects) and the server's (connections accepted since the warm-up, the stats
     handle's own included in neither). */
  long end_requests = 0;
  long end_connections = 0;
  long ports_distinct = 0;
  long connects = 0;
  long not_h2 = 0;
  if (ok) {
    ok = fetch_stats(stats, &end_requests, &end_connections);
    long *ports = calloc((size_t)opt.parked, sizeof *ports);
    for (long i = 0; ports && i < opt.parked; i++) {
      long port = 0;
      long n = 0;
      long version = 0;
      curl_easy_getinfo(parked[i], CURLINFO_LOCAL_PORT, &port);
      if (curl_easy_getinfo(parked[i], CURLINFO_NUM_CONNECTS, &n) == CURLE_OK)
        connects += n;
      /* Known once the request went out; 0 where the library fills it on the response only. */
      if (curl_easy_getinfo(parked[i], CURLINFO_HTTP_VERSION, &version) == CURLE_OK && version != 0 &&
          version != CURL_HTTP_VERSION_2_0)
        not_h2++;
      long j = 0;
      while (j < ports_distinct && ports[j] != port)
        j++;
      if (j == ports_distinct)
        ports[ports_distinct++] = port;
    }
    free(ports);
  }

  if (ok) {
    double per = 1.0 / (double)opt.parked;
    printf("{\"lib\": \"%s\", \"parked\": %ld, \"park_ms\": %.1f"
           ", \"heap_bytes_per_parked\": %.1f, \"rss_bytes_per_parked\": %.1f"
           ", \"heap_bytes_per_stream\": %.1f, \"rss_bytes_per_stream\": %.1f"
           ", \"heap_bytes_per_created\": %.1f, \"rss_bytes_per_created\": %.1f"
           ", \"heap_bytes_first_get\": %lld, \"rss_bytes_first_get\": %lld"
           ", \"server_new_connections\": %ld, \"server_requests_seen\": %ld"
           ", \"local_ports\": %ld, \"connects\": %ld, \"not_h2\": %ld}\n",
           curl_version(), opt.parked, (double)park_ns / 1e6,
           (double)(heap_parked - heap_before) * per, (double)(rss_parked - rss_before) * per,
           (double)(heap_parked - heap_created) * per, (double)(rss_parked - rss_created) * per,
           (double)(heap_created - heap_before) * per, (double)(rss_created - rss_before) * per,
           heap_before - heap_start, rss_before - rss_start,
           end_connections - base_connections, seen, ports_distinct, connects, not_h2);
    fflush(stdout);
  }

  for (long i = 0; i < opt.parked; i++) {
    if (!parked[i])
      break;
    curl_multi_remove_handle(multi, parked[i]);
    curl_easy_cleanup(parked[i]);
  }
  curl_easy_cleanup(stats);
  curl_multi_cleanup(multi);
  curl_global_cleanup();
  free(parked);
  return ok ? 0 : 1;
}
