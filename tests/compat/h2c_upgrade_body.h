/* The program of scenarios 216 and 217 (HTTP_VERSION 2_0 on http://: "Upgrade: h2c"), run
   against a server that does not switch (216) and one that does (217). */
#ifndef XFER_TESTS_COMPAT_H2C_UPGRADE_BODY_H
#define XFER_TESTS_COMPAT_H2C_UPGRADE_BODY_H

#include <stdio.h>
#include <string.h>

#include "h2_scenario.h"
#include "trace.h"

static void run(const char *label, CURL *h, const char *path, int id) {
  struct trace_xfer x;
  trace_xfer_init(&x, id);
  x.keep_body = 1;
  trace_xfer_attach(h, &x);
  curl_easy_setopt(h, CURLOPT_URL, trace_url(path));
  CURLcode rc = curl_easy_perform(h);
  trace_code(label, rc);
  trace_xfer_print_headers(label, &x);
  if (strstr(path, "echo=1")) h2_print_echo(label, &x);
  else trace_xfer_print_body(label, &x);
  INFO_LONG(h, RESPONSE_CODE);
  INFO_LONG(h, HTTP_VERSION);
  INFO_LONG(h, NUM_CONNECTS);
  INFO_LONG(h, REQUEST_SIZE);
  trace_xfer_free(&x);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);

  CURL *h = curl_easy_init();
  curl_easy_setopt(h, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2_0);
  run("get", h, "/?echo=1", 1);
  struct curl_slist *hdrs = curl_slist_append(NULL, "X-App: one");
  hdrs = curl_slist_append(hdrs, "Accept: text/plain");
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
  curl_easy_setopt(h, CURLOPT_COOKIE, "c=1");
  curl_easy_setopt(h, CURLOPT_REFERER, "http://ref.example/");
  run("app lines", h, "/?echo=1", 2);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, "k=v");
  run("post", h, "/?echo=1", 3);
  curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
  curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
  run("head", h, "/?size=10", 4);
  curl_easy_setopt(h, CURLOPT_NOBODY, 0L);
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, NULL);
  curl_slist_free_all(hdrs);
  curl_easy_cleanup(h);

  h = curl_easy_init();
  curl_easy_setopt(h, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
  run("2tls on http", h, "/?echo=1", 5);
  curl_easy_cleanup(h);

  curl_global_cleanup();
  return 0;
}

#endif
