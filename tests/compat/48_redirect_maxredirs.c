/* Scenario: a five-hop redirect chain against MAXREDIRS limits: CURLE_TOO_MANY_REDIRECTS when exceeded. */
#include <ctype.h>
#include <string.h>

#include "trace.h"

#define HOPS 5

/* Each hop's Location is the next hop's path+query, percent-encoded into a query value. */
static void build_chain(char *out, size_t cap) {
  char cur[4096] = "/end?size=1";
  for (int hop = 0; hop < HOPS; hop++) {
    char next[4096];
    size_t n = (size_t)snprintf(next, sizeof next, "/hop%d?status=302&location=", HOPS - hop);
    for (const char *p = cur; *p && n + 4 < sizeof next; p++) {
      if (isalnum((unsigned char)*p) || *p == '/' || *p == '.') {
        next[n++] = *p;
      } else {
        snprintf(next + n, 4, "%%%02X", (unsigned char)*p);
        n += 3;
      }
    }
    next[n] = '\0';
    strcpy(cur, next);
  }
  snprintf(out, cap, "%s", cur);
}

static void run(const char *label, long maxredirs) {
  static char chain[4096];
  build_chain(chain, sizeof chain);
  struct trace_xfer x;
  char err[CURL_ERROR_SIZE];
  CURL *h = trace_easy_new(&x, 1, chain);
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(h, CURLOPT_MAXREDIRS, maxredirs);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, err);
  err[0] = '\0';
  CURLcode rc = curl_easy_perform(h);
  char what[64];
  snprintf(what, sizeof what, "%s: result", label);
  trace_code(what, rc);
  trace_xfer_print_body(label, &x);
  trace_line("%s: errorbuffer %s", label, err[0] ? "non-empty" : "empty");
  INFO_LONG(h, RESPONSE_CODE);
  INFO_LONG(h, REDIRECT_COUNT);
  char *eff = NULL;
  curl_easy_getinfo(h, CURLINFO_EFFECTIVE_URL, &eff);
  trace_line("%s: effective path starts %.*s", label, eff ? (int)strcspn(eff + 7, "?") : 0,
             eff ? eff + 7 : "");
  char *redir = NULL;
  curl_easy_getinfo(h, CURLINFO_REDIRECT_URL, &redir);
  trace_line("%s: redirect url %.*s", label, redir ? (int)strcspn(redir, "?") : 6,
             redir ? redir : "(null)");
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  run("max2", 2L);
  run("max0", 0L);
  run("max5", 5L);
  run("unlimited", -1L);
  curl_global_cleanup();
  return 0;
}
