/* Scenario: an HTTPS server that ends the TCP stream without a TLS close_notify (the test
   server's nonotify=1), at points of an HTTP/1.x answer where the framing says the body is
   (a) unfinished: in the middle of a Content-Length body, (b) finished: a body delimited by
   the connection's close (HTTP/1.0, Connection: close), (c) unfinished: in the middle of a
   chunked body, (d) not begun: right after the header block; also before any byte of the
   answer, and after a complete Content-Length body. Each case also runs with close_notify
   for contrast. For each: the result code, the header lines, the bytes received,
   RESPONSE_CODE and the sizes. libcurl 7.88 with OpenSSL takes the missing close_notify for
   an ordinary EOF (18 when the framing wants more, 0 for a close-delimited body); with GnuTLS
   (the dropin-gnutls suite) every read that meets it fails with 56, a complete close-delimited
   body included, after the bytes that did arrive reached the application. A connection that
   ends inside the header block after a Content-Length or chunked line is 18 either way. */
// server: --tls server
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "tls_scenario.h"

/* "/?raw=REPLY" percent-encoded, with nonotify=1 unless notify; a static buffer. */
static const char *raw_path(const char *reply, int notify) {
  static char out[4096];
  size_t at = (size_t)snprintf(out, sizeof out, "/r?%sraw=", notify ? "" : "nonotify=1&");
  for (const char *p = reply; *p && at + 4 < sizeof out; ++p) {
    unsigned char c = (unsigned char)*p;
    if (isalnum(c) || c == '/' || c == '.' || c == '-')
      out[at++] = (char)c;
    else
      at += (size_t)snprintf(out + at, sizeof out - at, "%%%02X", c);
  }
  out[at] = '\0';
  return out;
}

static void run(const char *label, const char *path) {
  struct trace_xfer x;
  char err[CURL_ERROR_SIZE];
  CURL *h = tls_handle(&x, 1, "localhost", path, err);
  tls_trust_test_ca(h);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 5000L);
  CURLcode rc = curl_easy_perform(h);
  trace_result(label, rc, &x);
  trace_line("%s: errorbuffer %s", label, err[0] ? "non-empty" : "empty");
  /* Small bodies as text; a large one is the server's pattern (byte i is 'a' + i % 26). */
  if (x.body_len <= 64) {
    trace_xfer_print_body_text(label, &x);
  } else {
    size_t i = 0;
    while (i < x.body_len && x.body[i] == 'a' + (char)(i % 26)) ++i;
    trace_line("%s: pattern %s", label, i == x.body_len ? "intact" : "broken");
  }
  INFO_LONG(h, RESPONSE_CODE);
  INFO_LONG(h, HTTP_VERSION);
  INFO_OFF(h, SIZE_DOWNLOAD_T);
  INFO_OFF(h, CONTENT_LENGTH_DOWNLOAD_T);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
}

/* The same reply without, then with close_notify. */
static void both(const char *label, const char *reply) {
  char l[128];
  snprintf(l, sizeof l, "%s, no notify", label);
  run(l, raw_path(reply, 0));
  snprintf(l, sizeof l, "%s, notify", label);
  run(l, raw_path(reply, 1));
}

int main(int argc, char **argv) {
  tls_begin(argc, argv);

  /* (a) In the middle of a Content-Length body. */
  both("a length mid-body", "HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\n0123456789");
  both("a length one short", "HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\n0123456789");
  /* (b) At the end of a body that the close delimits. */
  both("b http10 close-delimited", "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\n0123456789");
  both("b connection close", "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n0123456789");
  both("b http11 no length", "HTTP/1.1 200 OK\r\n\r\n0123456789");
  both("b empty close-delimited", "HTTP/1.0 200 OK\r\n\r\n");
  /* (c) In the middle of a chunked body: inside a chunk, between chunks, before the last
     chunk's CRLF. */
  both("c chunk mid-chunk", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nabcde\r\n5\r\nab");
  both("c chunk between chunks", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nabcde\r\n");
  both("c chunk last unfinished", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nabcde\r\n0\r\n");
  /* (d) Right after the header block. */
  both("d after head, length", "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n");
  both("d after head, chunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
  both("d in the head", "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n");
  /* Complete answers the server closes after. */
  both("complete length", "HTTP/1.1 200 OK\r\nContent-Length: 10\r\nConnection: close\r\n\r\n0123456789");
  both("complete chunked",
       "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\nabcde\r\n0\r\n\r\n");

  /* No answer at all, and a large close-delimited body (many TLS records). */
  run("nothing, no notify", "/r?nothing=1&nonotify=1");
  run("nothing, notify", "/r?nothing=1");
  run("big close-delimited, no notify", "/r?size=300000&close=1&nonotify=1");
  run("big close-delimited, notify", "/r?size=300000&close=1");
  run("big length cut, no notify", "/r?size=300000&cut=100000&nonotify=1");
  run("big length cut, notify", "/r?size=300000&cut=100000");

  curl_global_cleanup();
  return 0;
}
