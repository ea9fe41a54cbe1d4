/* Benchmark: per-request cost of HTTP state on one easy handle doing sequential keep-alive GETs:
   a cookie jar whose matching cookies go into every request, or Digest auth computed per request. */
#define _GNU_SOURCE
#include <curl/curl.h>

#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "probe.h"

#define MAX_REQUESTS 1000000L
#define MAX_WARMUP 10000L
#define BODY_SIZE 100
#define CAPTURE_SIZE 16384
/* The jar: cookies for the host being asked, and as many for hosts never asked. */
#define MATCHING_COOKIES 20
#define FOREIGN_COOKIES 20
#define USERPWD "bench-user:bench-password"
/* A fixed challenge: the test server never checks the response, both libraries hash the same
   inputs. qop=auth, so each request carries a new nc (and the hashes over it). */
#define CHALLENGE_MD5 \
  "Digest%20realm%3D%22xfer-bench%22%2C%20nonce%3D%22dcd98b7102dd2f0e8b11d0f600bfb0c093%22" \
  "%2C%20qop%3D%22auth%22%2C%20algorithm%3DMD5"
#define CHALLENGE_SHA256 \
  "Digest%20realm%3D%22xfer-bench%22%2C%20nonce%3D%22dcd98b7102dd2f0e8b11d0f600bfb0c093%22" \
  "%2C%20qop%3D%22auth%22%2C%20algorithm%3DSHA-256"

enum Mode { MODE_PLAIN, MODE_COOKIES, MODE_DIGEST_MD5, MODE_DIGEST_SHA256 };
static const char *const mode_names[] = {"plain", "cookies", "digest-md5", "digest-sha256"};

struct Options {
  long port;
  enum Mode mode;
  long requests;
  long warmup;
  long time_limit_s;
};

/* Bodies are counted; during checks they are also kept, to read what the server echoed. */
struct Sink {
  long long bytes;
  int capture;
  size_t len;
  char text[CAPTURE_SIZE];
};

static void usage(const char *argv0) {
  fprintf(stderr,
          "usage: %s PORT MODE N [--warmup W] [--time-limit S]\n"
          "  MODE: plain | cookies | digest-md5 | digest-sha256\n"
          "  N sequential keep-alive GETs on one easy handle to xfer-testserver on 127.0.0.1:PORT;\n"
          "  prints one JSON line with client-side figures for the N after W warm-up requests\n",
          argv0);
}

static int parse_options(int argc, char **argv, struct Options *opt) {
  memset(opt, 0, sizeof *opt);
  opt->warmup = 20;
  opt->time_limit_s = 30;
  if (argc < 4 || !probe_parse_long(argv[1], 1, 65535, &opt->port) ||
      !probe_parse_long(argv[3], 1, MAX_REQUESTS, &opt->requests))
    return 0;
  int found = 0;
  for (int m = 0; m < (int)(sizeof mode_names / sizeof mode_names[0]); m++) {
    if (!strcmp(argv[2], mode_names[m])) {
      opt->mode = (enum Mode)m;
      found = 1;
    }
  }
  if (!found)
    return 0;
  for (int i = 4; i < argc; i++) {
    int has_value = i + 1 < argc;
    if (!strcmp(argv[i], "--warmup") && has_value) {
      if (!probe_parse_long(argv[++i], 3, MAX_WARMUP, &opt->warmup))
        return 0;
    } else if (!strcmp(argv[i], "--time-limit") && has_value) {
      if (!probe_parse_long(argv[++i], 1, 3600, &opt->time_limit_s))
        return 0;
    } else {
      return 0;
    }
  }
  return 1;
}

static size_t on_body(char *ptr, size_t size, size_t nmemb, void *userdata) {
  struct Sink *sink = userdata;
  size_t n = size * nmemb;
  sink->bytes += (long long)n;
  if (sink->capture) {
    size_t room = sizeof sink->text - 1 - sink->len;
    size_t take = n < room ? n : room;
    memcpy(sink->text + sink->len, ptr, take);
    sink->len += take;
    sink->text[sink->len] = '\0';
  }
  return n;
}

static void print_unsupported(const char *why) {
  printf("{\"lib\": \"%s\", \"unsupported\": \"%s\"}\n", curl_version(), why);
}

/* Which file the curl symbols came from, so the runner can tell the two libraries apart. */
static const char *library_path(void) {
  Dl_info info;
  if (dladdr((void *)curl_easy_perform, &info) && info.dli_fname)
    return info.dli_fname;
  return "unknown";
}

static CURLcode load_jar(CURL *easy) {
  /* "" turns the engine on without reading a file; the lines go in as COOKIELIST entries. */
  CURLcode rc = curl_easy_setopt(easy, CURLOPT_COOKIEFILE, "");
  if (rc != CURLE_OK)
    return rc;
  static const char *const foreign_domains[] = {".example.com", "www.example.org", ".bench.test",
                                                "api.bench.test", "10.1.2.3"};
  char line[256];
  for (int i = 0; i < MATCHING_COOKIES + FOREIGN_COOKIES; i++) {
    int matching = i < MATCHING_COOKIES;
    const char *domain = matching ? "127.0.0.1" : foreign_domains[i % 5];
    int tailmatch = domain[0] == '.';
    /* Persistent (expiring 2100-01-01), so expiry is checked as for a real jar. */
    snprintf(line, sizeof line, "%s\t%s\t/\tFALSE\t4102444800\t%s%02d\tv%02d-0123456789abcdefghijkl",
             domain, tailmatch ? "TRUE" : "FALSE", matching ? "here" : "away", i, i);
    rc = curl_easy_setopt(easy, CURLOPT_COOKIELIST, line);
    if (rc != CURLE_OK)
      return rc;
  }
  return CURLE_OK;
}

static int jar_size(CURL *easy) {
  struct curl_slist *list = NULL;
  if (curl_easy_getinfo(easy, CURLINFO_COOKIELIST, &list) != CURLE_OK)
    return -1;
  int n = 0;
  for (struct curl_slist *l = list; l; l = l->next)
    n++;
  curl_slist_free_all(list);
  return n;
}

/* The value of header `name` in the request the server echoed, copied into out. */
static int echoed_header(const char *echo, const char *name, char *out, size_t out_size) {
  size_t name_len = strlen(name);
  for (const char *line = echo; *line;) {
    if (!strncasecmp(line, name, name_len) && line[name_len] == ':') {
      const char *v = line + name_len + 1;
      while (*v == ' ')
        v++;
      size_t len = strcspn(v, "\r\n");
      if (len >= out_size)
        return 0;
      memcpy(out, v, len);
      out[len] = '\0';
      return 1;
    }
    const char *next = strchr(line, '\n');
    if (!next)
      break;
    line = next + 1;
  }
  return 0;
}

/* One GET through the handle; the body lands in sink. False on any failure or non-200. */
static int get(CURL *easy, const char *url, struct Sink *sink, int capture, CURLcode *error) {
  sink->capture = capture;
  sink->len = 0;
  sink->text[0] = '\0';
  curl_easy_setopt(easy, CURLOPT_URL, url);
  CURLcode rc = curl_easy_perform(easy);
  long status = 0;
  curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
  *error = rc;
  return rc == CURLE_OK && status == 200;
}

/* The server's request and connection counters (each includes the /__stats request itself). */
static int server_stats(CURL *easy, const char *url, struct Sink *sink, long *requests,
                        long *connections) {
  CURLcode rc;
  if (!get(easy, url, sink, 1, &rc))
    return 0;
  return sscanf(sink->text, "connections=%ld requests=%ld", connections, requests) == 2;
}

/* Checks, on echoed requests, that the library sends what is being measured. */
static const char *check_requests(CURL *easy, const struct Options *opt, const char *echo_url,
                                  struct Sink *sink, int *cookies_sent) {
  static char first[2048];
  static char second[2048];
  CURLcode rc;
  *cookies_sent = 0;
  if (opt->mode == MODE_COOKIES) {
    if (!get(easy, echo_url, sink, 1, &rc))
      return "echo request failed";
    if (!echoed_header(sink->text, "Cookie", first, sizeof first))
      return "no Cookie header sent";
    if (strstr(first, "away"))
      return "a cookie of another host was sent";
    for (const char *p = first; (p = strstr(p, "here")) != NULL; p += 4)
      (*cookies_sent)++;
    if (*cookies_sent != MATCHING_COOKIES)
      return "Cookie header lacks some of the matching cookies";
  } else if (opt->mode == MODE_DIGEST_MD5 || opt->mode == MODE_DIGEST_SHA256) {
    if (!get(easy, echo_url, sink, 1, &rc) ||
        !echoed_header(sink->text, "Authorization", first, sizeof first))
      return "no Authorization header in the first echoed request";
    if (!get(easy, echo_url, sink, 1, &rc) ||
        !echoed_header(sink->text, "Authorization", second, sizeof second))
      return "no Authorization header in the second echoed request";
    if (strncmp(first, "Digest ", 7))
      return "Authorization is not Digest";
    if (opt->mode == MODE_DIGEST_SHA256 && !strstr(first, "SHA-256"))
      return "Digest response does not use SHA-256";
    if (!strcmp(first, second))
      return "the same Digest response was sent twice (not computed per request)";
  }
  return NULL;
}

static int compare_ll(const void *a, const void *b) {
  long long x = *(const long long *)a, y = *(const long long *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv) {
  struct Options opt;
  if (!parse_options(argc, argv, &opt)) {
    usage(argv[0]);
    return 2;
  }
  if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
    return 1;
  long long deadline = probe_now_ns() + opt.time_limit_s * 1000000000LL;

  char url[1024];
  char echo_url[1100];
  char stats_url[128];
  const char *challenge = opt.mode == MODE_DIGEST_MD5      ? CHALLENGE_MD5
                          : opt.mode == MODE_DIGEST_SHA256 ? CHALLENGE_SHA256
                                                           : NULL;
  snprintf(url, sizeof url, "http://127.0.0.1:%ld/state?size=%d%s%s", opt.port, BODY_SIZE,
           challenge ? "&authok=Digest&challenge=" : "", challenge ? challenge : "");
  snprintf(echo_url, sizeof echo_url, "%s&echo=1", url);
  snprintf(stats_url, sizeof stats_url, "http://127.0.0.1:%ld/__stats", opt.port);

  struct Sink *sink = calloc(1, sizeof *sink);
  long long *samples = calloc((size_t)opt.requests, sizeof *samples);
  CURL *easy = curl_easy_init();
  if (!sink || !samples || !easy)
    return 1;
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, sink);
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, opt.time_limit_s * 1000L);

  CURLcode rc = CURLE_OK;
  if (opt.mode == MODE_COOKIES) {
    rc = load_jar(easy);
  } else if (challenge) {
    rc = curl_easy_setopt(easy, CURLOPT_HTTPAUTH, (long)CURLAUTH_DIGEST);
    if (rc == CURLE_OK)
      rc = curl_easy_setopt(easy, CURLOPT_USERPWD, USERPWD);
  }
  if (rc == CURLE_UNKNOWN_OPTION || rc == CURLE_NOT_BUILT_IN || rc == CURLE_BAD_FUNCTION_ARGUMENT) {
    print_unsupported(curl_easy_strerror(rc));
    return 0;
  }
  if (rc != CURLE_OK) {
    fprintf(stderr, "state_requests: setup failed: %s\n", curl_easy_strerror(rc));
    return 1;
  }
  int jar = opt.mode == MODE_COOKIES ? jar_size(easy) : 0;
  if (opt.mode == MODE_COOKIES && jar != MATCHING_COOKIES + FOREIGN_COOKIES) {
    fprintf(stderr, "state_requests: the jar holds %d cookies, expected %d\n", jar,
            MATCHING_COOKIES + FOREIGN_COOKIES);
    return 1;
  }

  /* Warm-up: the connection, the 401 round trip of Digest, then the checks on echoes. */
  for (long i = 0; i < opt.warmup - 2; i++) {
    if (!get(easy, url, sink, 0, &rc)) {
      fprintf(stderr, "state_requests: warm-up request failed: %s\n", curl_easy_strerror(rc));
      return 1;
    }
  }
  int cookies_sent = 0;
  const char *problem = check_requests(easy, &opt, echo_url, sink, &cookies_sent);
  if (problem) {
    fprintf(stderr, "state_requests: %s: %s\n", mode_names[opt.mode], problem);
    return 1;
  }
  long requests_before = 0, connections_before = 0, requests_after = 0, connections_after = 0;
  if (!server_stats(easy, stats_url, sink, &requests_before, &connections_before)) {
    fprintf(stderr, "state_requests: no stats from the server\n");
    return 1;
  }

  long errors = 0;
  long done = 0;
  CURLcode first_error = CURLE_OK;
  long long bytes_start = sink->bytes;
  long long allocs_start = probe_allocations();
  struct ProbeCpu cpu_start = probe_cpu();
  long long wall_start = probe_now_ns();
  curl_easy_setopt(easy, CURLOPT_URL, url);
  sink->capture = 0;
  while (done < opt.requests) {
    long long t0 = probe_now_ns();
    if (t0 > deadline) {
      fprintf(stderr, "state_requests: time limit reached after %ld of %ld requests\n", done,
              opt.requests);
      return 1;
    }
    rc = curl_easy_perform(easy);
    long status = 0;
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
    samples[done++] = probe_now_ns() - t0;
    if ((rc != CURLE_OK || status != 200) && errors++ == 0)
      first_error = rc;
  }
  long long wall = probe_now_ns() - wall_start;
  struct ProbeCpu cpu_end = probe_cpu();
  long long allocs_end = probe_allocations();
  long long bytes = sink->bytes - bytes_start;

  if (!server_stats(easy, stats_url, sink, &requests_after, &connections_after)) {
    fprintf(stderr, "state_requests: no stats from the server after the run\n");
    return 1;
  }
  /* What the server saw in between: the N requests, the 401s any of them took, and the
     second stats request itself. */
  long server_requests = requests_after - requests_before - 1;

  qsort(samples, (size_t)done, sizeof *samples, compare_ll);
  double per = 1.0 / (double)done;
  double cpu_ns = (double)(cpu_end.user_ns - cpu_start.user_ns + cpu_end.sys_ns - cpu_start.sys_ns);
  printf("{\"lib\": \"%s\", \"lib_path\": \"%s\", \"mode\": \"%s\", \"requests\": %ld"
         ", \"warmup\": %ld, \"errors\": %ld, \"first_error\": \"%s\", \"jar_cookies\": %d"
         ", \"cookies_sent\": %d, \"server_requests\": %ld, \"round_trips_per_request\": %.3f"
         ", \"new_connections\": %ld, \"bytes\": %lld",
         curl_version(), library_path(), mode_names[opt.mode], done, opt.warmup, errors,
         errors ? curl_easy_strerror(first_error) : "", jar, cookies_sent, server_requests,
         (double)server_requests * per, connections_after - connections_before, bytes);
  printf(", \"wall_s\": %.6f, \"cpu_user_s\": %.6f, \"cpu_sys_s\": %.6f"
         ", \"cpu_us_per_request\": %.3f, \"wall_us_per_request\": %.3f"
         ", \"us_per_request_median\": %.3f, \"us_per_request_p90\": %.3f",
         (double)wall / 1e9, (double)(cpu_end.user_ns - cpu_start.user_ns) / 1e9,
         (double)(cpu_end.sys_ns - cpu_start.sys_ns) / 1e9, cpu_ns / 1000.0 * per,
         (double)wall / 1000.0 * per, (double)samples[done / 2] / 1000.0,
         (double)samples[(done * 9) / 10] / 1000.0);
  if (allocs_start >= 0 && allocs_end >= 0)
    printf(", \"allocs_per_request\": %.3f", (double)(allocs_end - allocs_start) * per);
  else
    printf(", \"allocs_per_request\": null");
  printf("}\n");

  curl_easy_cleanup(easy);
  curl_global_cleanup();
  free(samples);
  free(sink);
  return errors == 0 && bytes == (long long)BODY_SIZE * done ? 0 : 1;
}
