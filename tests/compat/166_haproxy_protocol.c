/* Scenario: CURLOPT_HAPROXYPROTOCOL. A new connection opens with a PROXY protocol v1 line
   ("PROXY TCP4 <local ip> <server ip> <local port> <server port>", the client's port shown
   as CPORT), then the request; a reused connection sends no second line; a fresh one does;
   0 turns it off. The server echoes what it read. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace.h"

/* The echoed request with the PROXY line's client port masked. */
static void show(const char *label, const struct trace_xfer *x) {
  if (!x->body) {
    trace_line("%s: no body", label);
    return;
  }
  const char *body = x->body;
  if (strncmp(body, "PROXY ", 6) == 0) {
    const char *eol = strstr(body, "\r\n");
    char line[200];
    size_t n = eol ? (size_t)(eol - body) : strlen(body);
    if (n >= sizeof line) n = sizeof line - 1;
    memcpy(line, body, n);
    line[n] = '\0';
    char proto[16], src[64], dst[64];
    unsigned sport = 0, dport = 0;
    if (sscanf(line, "PROXY %15s %63s %63s %u %u", proto, src, dst, &sport, &dport) == 5)
      trace_line("%s: proxy line: PROXY %s %s %s CPORT %s", label, proto, src, dst,
                 (int)dport == trace_port() ? "PORT" : "other");
    else
      trace_line("%s: proxy line malformed", label);
    body = eol ? eol + 2 : body + n;
  } else {
    trace_line("%s: no proxy line", label);
  }
  const char *eol = strstr(body, "\r\n");
  trace_line("%s: request line: %.*s", label, eol ? (int)(eol - body) : (int)strlen(body), body);
}

static void get(CURL *h, struct trace_xfer *x, const char *label) {
  trace_xfer_free(x);
  trace_xfer_init(x, 1);
  x->keep_body = 1;
  trace_xfer_attach(h, x);
  CURLcode rc = curl_easy_perform(h);
  trace_code(label, rc);
  show(label, x);
  INFO_LONG(h, NUM_CONNECTS);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 1, "/h?echo=1");
  trace_code("setopt 1", curl_easy_setopt(h, CURLOPT_HAPROXYPROTOCOL, 1L));
  get(h, &x, "first");
  get(h, &x, "reused");
  curl_easy_setopt(h, CURLOPT_FRESH_CONNECT, 1L);
  get(h, &x, "fresh");
  curl_easy_setopt(h, CURLOPT_FRESH_CONNECT, 0L);
  trace_code("setopt 0", curl_easy_setopt(h, CURLOPT_HAPROXYPROTOCOL, 0L));
  curl_easy_setopt(h, CURLOPT_FORBID_REUSE, 1L);
  get(h, &x, "off");
  curl_easy_cleanup(h);
  trace_xfer_free(&x);

  curl_global_cleanup();
  return 0;
}
