/* Benchmark: how closely CURLOPT_MAX_RECV_SPEED_LARGE / CURLOPT_MAX_SEND_SPEED_LARGE hold over one
   transfer of rate × seconds bytes, and the CPU the client spends while throttled. */
#define _GNU_SOURCE
#include <curl/curl.h>

#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probe.h"

#define MAX_RATE 1000000000L
#define MAX_SECONDS 60L

enum Direction { DIRECTION_DOWN, DIRECTION_UP };

struct Options {
  long port;
  enum Direction direction;
  long rate;     /* bytes per second */
  long seconds;  /* the transfer is rate × seconds bytes */
};

/* Upload source: a fixed byte pattern, `left` bytes of it. */
struct Source {
  long long left;
  long long sent;
};

static void usage(const char *argv0) {
  fprintf(stderr,
          "usage: %s PORT down|up RATE SECONDS\n"
          "  one transfer of RATE*SECONDS bytes with xfer-testserver on 127.0.0.1:PORT, limited to\n"
          "  RATE bytes/s (MAX_RECV_SPEED for down, MAX_SEND_SPEED for up); prints one JSON line\n",
          argv0);
}

static int parse_options(int argc, char **argv, struct Options *opt) {
  memset(opt, 0, sizeof *opt);
  if (argc != 5 || !probe_parse_long(argv[1], 1, 65535, &opt->port) ||
      !probe_parse_long(argv[3], 1, MAX_RATE, &opt->rate) ||
      !probe_parse_long(argv[4], 1, MAX_SECONDS, &opt->seconds))
    return 0;
  if (!strcmp(argv[2], "down"))
    opt->direction = DIRECTION_DOWN;
  else if (!strcmp(argv[2], "up"))
    opt->direction = DIRECTION_UP;
  else
    return 0;
  return 1;
}

static size_t on_body(char *ptr, size_t size, size_t nmemb, void *userdata) {
  (void)ptr;
  *(long long *)userdata += (long long)(size * nmemb);
  return size * nmemb;
}

static size_t on_read(char *buffer, size_t size, size_t nitems, void *userdata) {
  struct Source *src = userdata;
  size_t room = size * nitems;
  size_t n = (long long)room < src->left ? room : (size_t)src->left;
  memset(buffer, 'u', n);
  src->left -= (long long)n;
  src->sent += (long long)n;
  return n;
}

static const char *library_path(void) {
  Dl_info info;
  if (dladdr((void *)curl_easy_perform, &info) && info.dli_fname)
    return info.dli_fname;
  return "unknown";
}

int main(int argc, char **argv) {
  struct Options opt;
  if (!parse_options(argc, argv, &opt)) {
    usage(argv[0]);
    return 2;
  }
  if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
    return 1;
  long long total = (long long)opt.rate * opt.seconds;
  int up = opt.direction == DIRECTION_UP;
  char url[256];
  if (up)
    snprintf(url, sizeof url, "http://127.0.0.1:%ld/upload?size=0", opt.port);
  else
    snprintf(url, sizeof url, "http://127.0.0.1:%ld/x?size=%lld", opt.port, total);

  CURL *easy = curl_easy_init();
  if (!easy)
    return 1;
  long long received = 0;
  struct Source source = {total, 0};
  /* Without this the upload would wait for a 100 Continue the limit has nothing to do with. */
  struct curl_slist *headers = curl_slist_append(NULL, "Expect:");
  curl_easy_setopt(easy, CURLOPT_URL, url);
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, &received);
  curl_easy_setopt(easy, CURLOPT_TIMEOUT, opt.seconds * 4 + 10);
  CURLcode rc;
  if (up) {
    curl_easy_setopt(easy, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(easy, CURLOPT_READFUNCTION, on_read);
    curl_easy_setopt(easy, CURLOPT_READDATA, &source);
    curl_easy_setopt(easy, CURLOPT_INFILESIZE_LARGE, (curl_off_t)total);
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
    rc = curl_easy_setopt(easy, CURLOPT_MAX_SEND_SPEED_LARGE, (curl_off_t)opt.rate);
  } else {
    rc = curl_easy_setopt(easy, CURLOPT_MAX_RECV_SPEED_LARGE, (curl_off_t)opt.rate);
  }
  if (rc != CURLE_OK) {
    printf("{\"lib\": \"%s\", \"lib_path\": \"%s\", \"unsupported\": \"%s\"}\n", curl_version(),
           library_path(), curl_easy_strerror(rc));
    return 0;
  }

  struct ProbeCpu cpu_start = probe_cpu();
  long long wall_start = probe_now_ns();
  rc = curl_easy_perform(easy);
  long long wall = probe_now_ns() - wall_start;
  struct ProbeCpu cpu_end = probe_cpu();
  long status = 0;
  curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);

  long long moved = up ? source.sent : received;
  int errors = rc != CURLE_OK || status != 200 || moved != total;
  char problem[160] = "";
  if (rc != CURLE_OK)
    snprintf(problem, sizeof problem, "%s", curl_easy_strerror(rc));
  else if (errors)
    snprintf(problem, sizeof problem, "status %ld, %lld of %lld bytes", status, moved, total);
  double wall_s = (double)wall / 1e9;
  double achieved = wall_s > 0 ? (double)moved / wall_s : 0;
  double error = achieved / (double)opt.rate - 1.0;
  printf("{\"lib\": \"%s\", \"lib_path\": \"%s\", \"direction\": \"%s\", \"rate\": %ld"
         ", \"bytes\": %lld, \"moved\": %lld, \"errors\": %d, \"first_error\": \"%s\", \"status\": %ld"
         ", \"wall_s\": %.6f, \"achieved_rate\": %.1f, \"rate_error\": %.6f"
         ", \"cpu_user_s\": %.6f, \"cpu_sys_s\": %.6f, \"cpu_ms\": %.3f}\n",
         curl_version(), library_path(), up ? "up" : "down", opt.rate, total, moved, errors,
         problem, status, wall_s, achieved,
         error < 0 ? -error : error, (double)(cpu_end.user_ns - cpu_start.user_ns) / 1e9,
         (double)(cpu_end.sys_ns - cpu_start.sys_ns) / 1e9,
         (double)(cpu_end.user_ns - cpu_start.user_ns + cpu_end.sys_ns - cpu_start.sys_ns) / 1e6);

  curl_slist_free_all(headers);
  curl_easy_cleanup(easy);
  curl_global_cleanup();
  /* A failed transfer still prints its JSON; the runner refuses it by "errors". */
  return 0;
}
