/* Helpers for the TLS scenarios (7N_tls_*): certificate paths and one traced HTTPS transfer. */
#ifndef XFER_TESTS_COMPAT_TLS_SCENARIO_H
#define XFER_TESTS_COMPAT_TLS_SCENARIO_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace.h"

/* run_scenario.py passes the test certificate directory as argv[2] for "// server: --tls". */
static const char *tls_certs_dir = ".";

static void tls_begin(int argc, char **argv) {
  trace_begin(argc, argv);
  if (argc > 2) tls_certs_dir = argv[2];
  curl_global_init(CURL_GLOBAL_DEFAULT);
}

/* certs/NAME, in one of a few rotating static buffers. */
static const char *tls_file(const char *name) {
  static char ring[8][1024];
  static int next;
  char *out = ring[next];
  next = (next + 1) % 8;
  snprintf(out, sizeof ring[0], "%s/%s", tls_certs_dir, name);
  return out;
}

/* The whole content of certs/NAME (a pin string), static storage. */
__attribute__((unused)) static const char *tls_file_text(const char *name) {
  static char buf[4][512];
  static int next;
  char *out = buf[next];
  next = (next + 1) % 4;
  out[0] = '\0';
  FILE *f = fopen(tls_file(name), "rb");
  if (f) {
    size_t n = fread(out, 1, sizeof buf[0] - 1, f);
    out[n] = '\0';
    fclose(f);
  }
  return out;
}

static const char *tls_url(const char *host, const char *path) {
  static char ring[4][512];
  static int next;
  char *out = ring[next];
  next = (next + 1) % 4;
  snprintf(out, sizeof ring[0], "https://%s:%d%s", host, trace_port(), path);
  return out;
}

/* A handle for https://HOST:PORT/PATH with an error buffer; the body is kept as text. */
static CURL *tls_handle(struct trace_xfer *x, int id, const char *host, const char *path, char *errbuf) {
  CURL *h = trace_easy_new(x, id, NULL);
  x->keep_body = 1;
  curl_easy_setopt(h, CURLOPT_URL, tls_url(host, path));
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
  errbuf[0] = '\0';
  return h;
}

/* Performs and prints what both libraries must agree on. */
static CURLcode tls_perform(const char *label, CURL *h, struct trace_xfer *x, const char *errbuf) {
  CURLcode rc = curl_easy_perform(h);
  trace_result(label, rc, x);
  trace_line("%s: errorbuffer %s", label, errbuf[0] ? "non-empty" : "empty");
  long v = -1;
  curl_easy_getinfo(h, CURLINFO_SSL_VERIFYRESULT, &v);
  trace_line("%s: SSL_VERIFYRESULT %ld", label, v);
  INFO_LONG(h, RESPONSE_CODE);
  INFO_LONG(h, NUM_CONNECTS);
  struct curl_tlssessioninfo *ti = NULL;
  CURLcode irc = curl_easy_getinfo(h, CURLINFO_TLS_SSL_PTR, &ti);
  trace_line("%s: TLS_SSL_PTR rc=%d backend=%d", label, (int)irc, ti ? (int)ti->backend : -1);
  curl_off_t appconnect = -1;
  curl_easy_getinfo(h, CURLINFO_APPCONNECT_TIME_T, &appconnect);
  trace_line("%s: APPCONNECT_TIME_T %s", label, appconnect > 0 ? "positive" : "zero");
  return rc;
}

/* One fresh handle, one transfer, an optional setup step, everything printed and freed. */
__attribute__((unused)) static CURLcode tls_once(const char *label, const char *host, const char *path,
                         void (*setup)(CURL *h)) {
  struct trace_xfer x;
  char err[CURL_ERROR_SIZE];
  CURL *h = tls_handle(&x, 1, host, path, err);
  if (setup) setup(h);
  CURLcode rc = tls_perform(label, h, &x, err);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
  return rc;
}

__attribute__((unused)) static void tls_trust_test_ca(CURL *h) { curl_easy_setopt(h, CURLOPT_CAINFO, tls_file("ca.pem")); }

#endif
