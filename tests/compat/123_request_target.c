/* Scenario: REQUEST_TARGET replaces the URL's path and query in the request line (OPTIONS *),
   for every request of the transfer; with UNRESTRICTED_AUTH the application's own
   Authorization: header follows a redirect to another host name too. */
#include <stdio.h>

#include "trace.h"

/* The request line as it left: the first line of the outgoing header block. */
static int first_line_out(CURL *h, curl_infotype type, char *data, size_t size, void *userdata) {
  (void)h;
  (void)userdata;
  if (type != CURLINFO_HEADER_OUT) return 0;
  size_t n = 0;
  while (n < size && data[n] != '\r' && data[n] != '\n') n++;
  trace_line("request line: %.*s", (int)n, data);
  return 0;
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 1, "/ignored/path?echo=1");
  x.keep_body = 1;
  curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, "OPTIONS");
  curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, first_line_out);
  curl_easy_setopt(h, CURLOPT_VERBOSE, 1L);
  trace_code("REQUEST_TARGET", curl_easy_setopt(h, CURLOPT_REQUEST_TARGET, "*"));
  trace_result("options-star", curl_easy_perform(h), &x);
  trace_xfer_print_body_text("options-star", &x);
  INFO_STR(h, EFFECTIVE_URL);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);

  for (long unrestricted = 0; unrestricted <= 1; unrestricted++) {
    char path[160];
    const char *label = unrestricted ? "app-auth-unrestricted" : "app-auth-restricted";
    snprintf(path, sizeof path, "/hop?status=302&location=http://localhost:%d/e%%3Fecho%%3D1", trace_port());
    h = trace_easy_new(&x, 2, path);
    x.keep_body = 1;
    struct curl_slist *hdrs = curl_slist_append(NULL, "Authorization: Bearer app-token");
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(h, CURLOPT_UNRESTRICTED_AUTH, unrestricted);
    trace_result(label, curl_easy_perform(h), &x);
    trace_xfer_print_body_text(label, &x);
    curl_easy_cleanup(h);
    curl_slist_free_all(hdrs);
    trace_xfer_free(&x);
  }
  curl_global_cleanup();
  return 0;
}
