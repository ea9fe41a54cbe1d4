/* Scenarios that script a whole reply with the test server's raw= knob (hostile servers,
   tests/support/URL-PROTOCOL.md): one GET per case, printed with its ERRORBUFFER. */
#ifndef XFER_COMPAT_RAW_REPLY_H
#define XFER_COMPAT_RAW_REPLY_H

#include <string.h>

#include "trace.h"

/* Header lines are printed one by one, or (quiet) only counted: a flood of trailers would
   make a trace of megabytes. */
static inline void raw_print(const char *label, CURL *h, CURLcode rc, struct trace_xfer *x, const char *err, int quiet) {
  char what[256];
  snprintf(what, sizeof what, "%s: result", label);
  trace_code(what, rc);
  if (rc != CURLE_OK) trace_line("%s: errorbuffer: %s", label, err);
  if (quiet) {
    long lines = 0;
    for (size_t i = 0; x->headers && i < x->headers_len; ++i) lines += x->headers[i] == '\n';
    trace_line("%s: header lines=%ld", label, lines);
  } else {
    trace_xfer_print_headers(label, x);
  }
  trace_xfer_print_body_text(label, x);
  INFO_LONG(h, RESPONSE_CODE);
  INFO_LONG(h, HEADER_SIZE);
  /* After a failure libcurl's count depends on which read carried the bad bytes. */
  if (rc == CURLE_OK) INFO_OFF(h, SIZE_DOWNLOAD_T);
}

/* GET path (a query for the test server); follow: CURLOPT_FOLLOWLOCATION. */
static inline void raw_get(const char *label, const char *path, int quiet, long follow) {
  struct trace_xfer x;
  char err[CURL_ERROR_SIZE] = "";
  CURL *h = trace_easy_new(&x, 1, path);
  x.keep_body = 1;
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, err);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 5000L);
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, follow);
  CURLcode rc = curl_easy_perform(h);
  raw_print(label, h, rc, &x, err, quiet);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
}

#endif
