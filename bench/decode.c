/* Benchmark: the client's cost of content decoding (gzip, br, zstd, or none): CPU per decoded
   byte and peak RSS, over R sequential keep-alive GETs of one compressed body. */
#define _GNU_SOURCE
#include <curl/curl.h>

#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probe.h"

#define MAX_SIZE (1L << 30)
#define MAX_REPEATS 100000L

struct Options {
  long port;
  const char *coding; /* identity, gzip, br or zstd */
  long size;          /* decoded bytes per response */
  long repeats;
  long time_limit_s;
};

static void usage(const char *argv0) {
  fprintf(stderr,
          "usage: %s PORT CODING SIZE REPEATS [--time-limit S]\n"
          "  CODING: identity | gzip | br | zstd\n"
          "  REPEATS sequential keep-alive GETs of a SIZE-byte body that xfer-testserver on\n"
          "  127.0.0.1:PORT sends with that Content-Encoding (ACCEPT_ENCODING \"\"); prints one\n"
          "  JSON line: client CPU per GiB decoded and peak RSS\n",
          argv0);
}

static int parse_options(int argc, char **argv, struct Options *opt) {
  memset(opt, 0, sizeof *opt);
  opt->time_limit_s = 60;
  if (argc < 5 || !probe_parse_long(argv[1], 1, 65535, &opt->port) ||
      !probe_parse_long(argv[3], 1, MAX_SIZE, &opt->size) ||
      !probe_parse_long(argv[4], 1, MAX_REPEATS, &opt->repeats))
    return 0;
  opt->coding = argv[2];
  if (strcmp(opt->coding, "identity") && strcmp(opt->coding, "gzip") && strcmp(opt->coding, "br") &&
      strcmp(opt->coding, "zstd"))
    return 0;
  for (int i = 5; i < argc; i++) {
    if (!strcmp(argv[i], "--time-limit") && i + 1 < argc) {
      if (!probe_parse_long(argv[++i], 1, 3600, &opt->time_limit_s))
        return 0;
    } else {
      return 0;
    }
  }
  return 1;
}

/* The body is dropped; only its length, and its first bytes to check the decoding. */
struct Sink {
  long long bytes;
  long long response_start; /* bytes at the start of the current response */
  int bad;
};

static size_t on_body(char *ptr, size_t size, size_t nmemb, void *userdata) {
  struct Sink *sink = userdata;
  size_t n = size * nmemb;
  /* The server's pattern is 'a'..'z' repeated; a byte of anything else is a decoding fault. */
  if (n && ptr[0] != (char)('a' + (sink->bytes - sink->response_start) % 26))
    sink->bad = 1;
  sink->bytes += (long long)n;
  return n;
}

static const char *library_path(void) {
  Dl_info info;
  if (dladdr((void *)curl_easy_perform, &info) && info.dli_fname)
    return info.dli_fname;
  return "unknown";
}

/* This process's peak RSS: VmHWM, which starts afresh at exec. (ru_maxrss would not do: Linux
   carries the parent's peak across fork and exec, so every run would show the runner's.) */
static long long peak_rss_bytes(void) {
  char line[256];
  long long kib = -1;
  FILE *f = fopen("/proc/self/status", "r");
  if (!f)
    return -1;
  while (fgets(line, sizeof line, f))
    if (sscanf(line, "VmHWM: %lld kB", &kib) == 1)
      break;
  fclose(f);
  return kib < 0 ? -1 : kib * 1024;
}

int main(int argc, char **argv) {
  struct Options opt;
  if (!parse_options(argc, argv, &opt)) {
    usage(argv[0]);
    return 2;
  }
  if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
    return 1;
  int plain = !strcmp(opt.coding, "identity");
  /* This library must be able to decode the coding, or the server's body would come back as is. */
  const curl_version_info_data *info = curl_version_info(CURLVERSION_NOW);
  if ((!strcmp(opt.coding, "gzip") && !(info->features & CURL_VERSION_LIBZ)) ||
      (!strcmp(opt.coding, "br") && !(info->features & CURL_VERSION_BROTLI)) ||
      (!strcmp(opt.coding, "zstd") && !(info->features & CURL_VERSION_ZSTD))) {
    printf("{\"lib\": \"%s\", \"lib_path\": \"%s\", \"unsupported\": \"no %s decoder\"}\n",
           curl_version(), library_path(), opt.coding);
    return 0;
  }
  char url[256];
  snprintf(url, sizeof url, "http://127.0.0.1:%ld/x?size=%ld%s%s", opt.port, opt.size,
           plain ? "" : "&", plain ? "" : opt.coding);
  if (!plain)
    strncat(url, "=1", sizeof url - strlen(url) - 1);

  CURL *easy = curl_easy_init();
  struct Sink sink = {0, 0, 0};
  if (!easy)
    return 1;
  curl_easy_setopt(easy, CURLOPT_URL, url);
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(easy, CURLOPT_TIMEOUT, opt.time_limit_s);
  CURLcode rc = curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "");
  if (rc != CURLE_OK) {
    printf("{\"lib\": \"%s\", \"lib_path\": \"%s\", \"unsupported\": \"%s\"}\n", curl_version(),
           library_path(), curl_easy_strerror(rc));
    return 0;
  }

  long long rss_before = peak_rss_bytes();
  long long deadline = probe_now_ns() + opt.time_limit_s * 1000000000LL;
  long errors = 0;
  long done = 0;
  long long wire = 0;
  char problem[160] = "";
  struct ProbeCpu cpu_start = probe_cpu();
  long long wall_start = probe_now_ns();
  while (done < opt.repeats && probe_now_ns() < deadline) {
    long long before = sink.bytes;
    sink.response_start = before;
    rc = curl_easy_perform(easy);
    long status = 0;
    curl_off_t size_download = 0;
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_getinfo(easy, CURLINFO_SIZE_DOWNLOAD_T, &size_download);
    wire += (long long)size_download;
    done++;
    if (rc != CURLE_OK || status != 200 || sink.bytes - before != opt.size || sink.bad) {
      if (errors++ == 0)
        snprintf(problem, sizeof problem, "%s, status %ld, %lld of %ld bytes%s",
                 curl_easy_strerror(rc), status, sink.bytes - before, opt.size,
                 sink.bad ? ", wrong bytes" : "");
    }
  }
  long long wall = probe_now_ns() - wall_start;
  struct ProbeCpu cpu_end = probe_cpu();
  long long rss_peak = peak_rss_bytes();
  if (done < opt.repeats && errors++ == 0)
    snprintf(problem, sizeof problem, "time limit reached after %ld of %ld requests", done,
             opt.repeats);

  double cpu_s = (double)(cpu_end.user_ns - cpu_start.user_ns + cpu_end.sys_ns - cpu_start.sys_ns) / 1e9;
  double gib = (double)sink.bytes / (1024.0 * 1024.0 * 1024.0);
  printf("{\"lib\": \"%s\", \"lib_path\": \"%s\", \"coding\": \"%s\", \"size\": %ld"
         ", \"requests\": %ld, \"errors\": %ld, \"first_error\": \"%s\", \"decoded_bytes\": %lld"
         ", \"wire_bytes\": %lld, \"wall_s\": %.6f, \"cpu_user_s\": %.6f, \"cpu_sys_s\": %.6f"
         ", \"cpu_s_per_gib\": %.6f, \"cpu_us_per_request\": %.3f, \"rss_before_bytes\": %lld"
         ", \"peak_rss_bytes\": %lld}\n",
         curl_version(), library_path(), opt.coding, opt.size, done, errors, problem, sink.bytes,
         wire, (double)wall / 1e9, (double)(cpu_end.user_ns - cpu_start.user_ns) / 1e9,
         (double)(cpu_end.sys_ns - cpu_start.sys_ns) / 1e9, gib > 0 ? cpu_s / gib : 0.0,
         done ? cpu_s * 1e6 / (double)done : 0.0, rss_before, rss_peak);

  curl_easy_cleanup(easy);
  curl_global_cleanup();
  return 0;
}
