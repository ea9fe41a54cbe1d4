/* Scenario: TCP_FASTOPEN (a plain GET, a POST, a refused port), ADDRESS_SCOPE and URL zone
   ids on ::1 (a loopback address needs no scope: any given one is ignored by the kernel),
   UPKEEP_INTERVAL_MS with curl_easy_upkeep, and HEADEROPT without a proxy (HTTPHEADER goes
   to the server either way). */
// server: --ipv6
#include <string.h>

#include "trace.h"

static char url[160];

static const char *make_url(const char *zone, const char *path) {
  snprintf(url, sizeof url, "http://[::1%s]:%d%s", zone, trace_port(), path);
  return url;
}

static CURL *easy(struct trace_xfer *x, const char *zone, const char *path) {
  CURL *h = trace_easy_new(x, 1, NULL);
  x->keep_body = 1;
  curl_easy_setopt(h, CURLOPT_URL, make_url(zone, path));
  return h;
}

static void fastopen_cases(void) {
  struct trace_xfer x;
  CURL *h = easy(&x, "", "/tfo?echo=1");
  trace_code("setopt TCP_FASTOPEN 1", curl_easy_setopt(h, CURLOPT_TCP_FASTOPEN, 1L));
  trace_result("tfo-get", curl_easy_perform(h), &x);
  trace_xfer_print_body_text("tfo-get", &x);
  INFO_LONG(h, RESPONSE_CODE);
  /* A second transfer reuses the connection. */
  trace_result("tfo-again", curl_easy_perform(h), &x);
  INFO_LONG(h, NUM_CONNECTS);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);

  h = easy(&x, "", "/tfo-post?echo=1");
  curl_easy_setopt(h, CURLOPT_TCP_FASTOPEN, 1L);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, "a=1&b=2");
  trace_result("tfo-post", curl_easy_perform(h), &x);
  trace_xfer_print_body_text("tfo-post", &x);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);

  /* Nothing listens on this port. */
  h = trace_easy_new(&x, 2, NULL);
  snprintf(url, sizeof url, "http://[::1]:%d/", trace_free_port());
  curl_easy_setopt(h, CURLOPT_URL, url);
  curl_easy_setopt(h, CURLOPT_TCP_FASTOPEN, 1L);
  trace_code("tfo-refused", curl_easy_perform(h));
  curl_easy_cleanup(h);
  trace_xfer_free(&x);

  h = curl_easy_init();
  trace_code("setopt TCP_FASTOPEN 0", curl_easy_setopt(h, CURLOPT_TCP_FASTOPEN, 0L));
  trace_code("setopt TCP_FASTOPEN 7", curl_easy_setopt(h, CURLOPT_TCP_FASTOPEN, 7L));
  curl_easy_cleanup(h);
}

static void scope_cases(void) {
  CURL *e = curl_easy_init();
  trace_code("setopt ADDRESS_SCOPE 0", curl_easy_setopt(e, CURLOPT_ADDRESS_SCOPE, 0L));
  trace_code("setopt ADDRESS_SCOPE 1", curl_easy_setopt(e, CURLOPT_ADDRESS_SCOPE, 1L));
  trace_code("setopt ADDRESS_SCOPE 4294967295", curl_easy_setopt(e, CURLOPT_ADDRESS_SCOPE, 4294967295L));
  trace_code("setopt ADDRESS_SCOPE 4294967296", curl_easy_setopt(e, CURLOPT_ADDRESS_SCOPE, 4294967296L));
  trace_code("setopt ADDRESS_SCOPE -1", curl_easy_setopt(e, CURLOPT_ADDRESS_SCOPE, -1L));
  curl_easy_cleanup(e);

  struct trace_xfer x;
  CURL *h = easy(&x, "", "/scope?size=4");
  curl_easy_setopt(h, CURLOPT_ADDRESS_SCOPE, 1L);
  trace_result("scope-1", curl_easy_perform(h), &x);
  INFO_STR(h, PRIMARY_IP);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);

  h = easy(&x, "%251", "/zone?size=4");
  trace_result("zone-1", curl_easy_perform(h), &x);
  INFO_STR(h, EFFECTIVE_URL);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);

  h = easy(&x, "%25lo", "/zone-name?size=4");
  curl_easy_setopt(h, CURLOPT_ADDRESS_SCOPE, 7L);
  trace_result("zone-lo-and-scope", curl_easy_perform(h), &x);
  INFO_STR(h, EFFECTIVE_URL);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
}

static void upkeep_cases(void) {
  trace_code("upkeep NULL", curl_easy_upkeep(NULL));
  CURL *e = curl_easy_init();
  trace_code("upkeep fresh", curl_easy_upkeep(e));
  trace_code("setopt UPKEEP_INTERVAL_MS -1", curl_easy_setopt(e, CURLOPT_UPKEEP_INTERVAL_MS, -1L));
  trace_code("setopt UPKEEP_INTERVAL_MS 0", curl_easy_setopt(e, CURLOPT_UPKEEP_INTERVAL_MS, 0L));
  trace_code("setopt UPKEEP_INTERVAL_MS 250", curl_easy_setopt(e, CURLOPT_UPKEEP_INTERVAL_MS, 250L));
  curl_easy_cleanup(e);

  struct trace_xfer x;
  CURL *h = easy(&x, "", "/upkeep?size=3");
  curl_easy_setopt(h, CURLOPT_UPKEEP_INTERVAL_MS, 1L);
  trace_result("upkeep-first", curl_easy_perform(h), &x);
  trace_sleep_ms(20);
  trace_code("upkeep after perform", curl_easy_upkeep(h));
  trace_code("upkeep again", curl_easy_upkeep(h));
  trace_result("upkeep-second", curl_easy_perform(h), &x);
  INFO_LONG(h, NUM_CONNECTS);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
}

static void headeropt_cases(void) {
  CURL *e = curl_easy_init();
  trace_code("setopt HEADEROPT UNIFIED", curl_easy_setopt(e, CURLOPT_HEADEROPT, (long)CURLHEADER_UNIFIED));
  trace_code("setopt HEADEROPT SEPARATE", curl_easy_setopt(e, CURLOPT_HEADEROPT, (long)CURLHEADER_SEPARATE));
  trace_code("setopt HEADEROPT 99", curl_easy_setopt(e, CURLOPT_HEADEROPT, 99L));
  trace_code("setopt HEADEROPT -1", curl_easy_setopt(e, CURLOPT_HEADEROPT, -1L));
  curl_easy_cleanup(e);
  for (int sep = 0; sep < 2; sep++) {
    struct trace_xfer x;
    CURL *h = easy(&x, "", "/headeropt?echo=1");
    struct curl_slist *hdrs = curl_slist_append(NULL, "X-Mine: yes");
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(h, CURLOPT_HEADEROPT, sep ? (long)CURLHEADER_SEPARATE : (long)CURLHEADER_UNIFIED);
    trace_result(sep ? "headeropt-separate" : "headeropt-unified", curl_easy_perform(h), &x);
    trace_xfer_print_body_text(sep ? "headeropt-separate" : "headeropt-unified", &x);
    curl_easy_cleanup(h);
    curl_slist_free_all(hdrs);
    trace_xfer_free(&x);
  }
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  fastopen_cases();
  scope_cases();
  upkeep_cases();
  headeropt_cases();
  curl_global_cleanup();
  return 0;
}
