/* Scenario: AUTOREFERER (the previous URL, without credentials and fragment, as Referer and
   CURLINFO_REFERER), POSTREDIR (which codes keep a POST a POST), and CURLU (a URL handle that
   overrides CURLOPT_URL and is read again for every transfer). */
#include <stdio.h>

#include "trace.h"

static void autoreferer(void) {
  struct trace_xfer x;
  char url[256];
  CURL *h = trace_easy_new(&x, 1, "/");
  x.keep_body = 1;
  snprintf(url, sizeof url, "http://user:pw@127.0.0.1:%d/a?status=302&location=/b%%3Fstatus%%3D301%%26location%%3D/e%%253Fecho%%253D1#frag",
           trace_port());
  curl_easy_setopt(h, CURLOPT_URL, url);
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(h, CURLOPT_REFERER, "http://set.by.option/");
  trace_code("AUTOREFERER", curl_easy_setopt(h, CURLOPT_AUTOREFERER, 1L));
  trace_result("autoreferer", curl_easy_perform(h), &x);
  trace_xfer_print_body_text("autoreferer", &x);
  INFO_STR(h, REFERER);
  INFO_LONG(h, REDIRECT_COUNT);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);

  /* Without AUTOREFERER the option's Referer goes to every hop. */
  h = trace_easy_new(&x, 2, "/a?status=302&location=/e%3Fecho%3D1");
  x.keep_body = 1;
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(h, CURLOPT_REFERER, "http://set.by.option/");
  trace_result("referer-option", curl_easy_perform(h), &x);
  trace_xfer_print_body_text("referer-option", &x);
  INFO_STR(h, REFERER);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
}

static void postredir(void) {
  static const int codes[] = {301, 302, 303};
  static const long masks[] = {0, CURL_REDIR_POST_301, CURL_REDIR_POST_302, CURL_REDIR_POST_303,
                               CURL_REDIR_POST_ALL};
  for (unsigned c = 0; c < sizeof codes / sizeof codes[0]; c++) {
    for (unsigned m = 0; m < sizeof masks / sizeof masks[0]; m++) {
      struct trace_xfer x;
      char path[128], label[64];
      snprintf(path, sizeof path, "/p?status=%d&location=/e%%3Fecho%%3D1", codes[c]);
      snprintf(label, sizeof label, "post%d-mask%ld", codes[c], masks[m]);
      CURL *h = trace_easy_new(&x, 3, path);
      x.keep_body = 1;
      curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
      curl_easy_setopt(h, CURLOPT_POSTFIELDS, "k=v");
      trace_code(label, curl_easy_setopt(h, CURLOPT_POSTREDIR, masks[m]));
      trace_result(label, curl_easy_perform(h), &x);
      trace_xfer_print_body_text(label, &x);
      curl_easy_cleanup(h);
      trace_xfer_free(&x);
    }
  }
  CURL *h = curl_easy_init();
  trace_code("POSTREDIR -1", curl_easy_setopt(h, CURLOPT_POSTREDIR, -1L));
  curl_easy_cleanup(h);
}

static void curlu(void) {
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 4, "/from-option?size=1");
  CURLU *u = curl_url();
  char url[128];
  snprintf(url, sizeof url, "http://127.0.0.1:%d/from-curlu?size=7", trace_port());
  curl_url_set(u, CURLUPART_URL, url, 0);
  trace_code("CURLU", curl_easy_setopt(h, CURLOPT_CURLU, u));
  trace_result("curlu", curl_easy_perform(h), &x);
  INFO_STR(h, EFFECTIVE_URL);
  trace_xfer_free(&x);

  /* The handle is read again: a changed path is the next transfer's. */
  trace_xfer_init(&x, 5);
  trace_xfer_attach(h, &x);
  curl_url_set(u, CURLUPART_PATH, "/changed", 0);
  curl_url_set(u, CURLUPART_QUERY, "size=3", 0);
  trace_result("curlu-changed", curl_easy_perform(h), &x);
  INFO_STR(h, EFFECTIVE_URL);
  trace_xfer_free(&x);

  /* Unset, CURLOPT_URL is back. */
  trace_xfer_init(&x, 6);
  trace_xfer_attach(h, &x);
  trace_code("CURLU NULL", curl_easy_setopt(h, CURLOPT_CURLU, NULL));
  trace_result("curlu-unset", curl_easy_perform(h), &x);
  INFO_STR(h, EFFECTIVE_URL);
  trace_xfer_free(&x);
  curl_easy_cleanup(h);
  curl_url_cleanup(u);

  /* A URL handle that holds spaces (CURLU_ALLOW_SPACE): they go out as %20 (curl test 1543). */
  h = trace_easy_new(&x, 7, NULL);
  u = curl_url();
  snprintf(url, sizeof url, "http://127.0.0.1:%d/a b/c?size=2", trace_port());
  trace_line("url_set %d", (int)curl_url_set(u, CURLUPART_URL, url, CURLU_ALLOW_SPACE));
  curl_easy_setopt(h, CURLOPT_CURLU, u);
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
  trace_result("curlu-space", curl_easy_perform(h), &x);
  INFO_LONG(h, RESPONSE_CODE);
  trace_xfer_free(&x);
  curl_easy_cleanup(h);
  curl_url_cleanup(u);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  autoreferer();
  postredir();
  curlu();
  curl_global_cleanup();
  return 0;
}
