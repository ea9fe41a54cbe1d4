/* Scenario: CURLINFO_EFFECTIVE_URL across URL changes, normalization, a bad URL and a reset. */
#include <stdio.h>

#include "trace.h"

static void run(CURL *h, const char *label, const char *url) {
  curl_easy_setopt(h, CURLOPT_URL, url);
  trace_line("%s: set", label);
  /* Changing the option alone does not change what the last transfer reports. */
  trace_info_str(h, CURLINFO_EFFECTIVE_URL, "effective before perform");
  trace_code("perform", curl_easy_perform(h));
  trace_info_str(h, CURLINFO_EFFECTIVE_URL, "effective");
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  CURL *h = curl_easy_init();
  struct trace_xfer x;
  trace_xfer_init(&x, 1);
  trace_xfer_attach(h, &x);
  trace_info_str(h, CURLINFO_EFFECTIVE_URL, "effective before any transfer");

  char url[256];
  run(h, "plain", trace_url("/plain?size=10"));
  snprintf(url, sizeof url, "HTTP://127.0.0.1:%d/a/./b/../eff?size=5#frag", trace_port());
  run(h, "normalized", url);
  run(h, "plain again", trace_url("/plain?size=10"));
  run(h, "same text again", trace_url("/plain?size=10"));

  /* A temporary URL string the application frees right after setting it. */
  char temp[256];
  snprintf(temp, sizeof temp, "%s", trace_url("/temp?size=3"));
  run(h, "temporary", temp);
  snprintf(temp, sizeof temp, "http://overwritten.invalid/");
  trace_info_str(h, CURLINFO_EFFECTIVE_URL, "effective after the app reused its buffer");
  curl_easy_setopt(h, CURLOPT_URL, NULL);
  trace_info_str(h, CURLINFO_EFFECTIVE_URL, "effective after URL set to NULL");

  run(h, "malformed", "http://[::1");
  curl_easy_reset(h);
  trace_info_str(h, CURLINFO_EFFECTIVE_URL, "effective after reset");

  curl_easy_cleanup(h);
  trace_xfer_free(&x);
  curl_global_cleanup();
  return 0;
}
