/* Scenario: an HTTP/2 server that answers a POST before reading its body (h2early=1: the
   response with END_STREAM, then RST_STREAM(NO_ERROR), as nginx does for a request it
   refuses early). RFC 9113 section 8.1: the client must not discard that response. xfer
   reports it (CURLE_OK, the response's status and body) and keeps the connection for the
   next transfer; libcurl 7.88 fails the transfer with 92 here (and spins until its timeout
   against nginx, curl #7821), so 218_h2_early_answer.expected is the judge. Over TLS (ALPN)
   and cleartext prior knowledge; a 100 kB memory body and a read-callback body of 200 kB. */
// server: --tls server --plain-too --h2
// oracle: 218_h2_early_answer.expected
#include <stdio.h>
#include <string.h>

#include "tls_scenario.h"

static char big[100000];

struct source {
  size_t left;
};

static size_t read_zeros(char *buf, size_t size, size_t nmemb, void *userdata) {
  struct source *s = userdata;
  size_t n = size * nmemb;
  if (n > s->left) n = s->left;
  memset(buf, 'z', n);
  s->left -= n;
  return n;
}

static void run(const char *label, CURL *h, const char *url, int id) {
  struct trace_xfer x;
  trace_xfer_init(&x, id);
  x.keep_body = 1;
  trace_xfer_attach(h, &x);
  curl_easy_setopt(h, CURLOPT_URL, url);
  curl_easy_setopt(h, CURLOPT_TIMEOUT, 10L);
  CURLcode rc = curl_easy_perform(h);
  trace_result(label, rc, &x);
  INFO_LONG(h, RESPONSE_CODE);
  INFO_LONG(h, HTTP_VERSION);
  INFO_LONG(h, NUM_CONNECTS);
  trace_xfer_free(&x);
}

int main(int argc, char **argv) {
  tls_begin(argc, argv);
  memset(big, 'b', sizeof big);
  char url[256];

  for (int tls = 1; tls >= 0; --tls) {
    const char *name = tls ? "tls" : "h2c";
    char label[64];
    CURL *h = curl_easy_init();
    if (tls) {
      tls_trust_test_ca(h);
    } else {
      curl_easy_setopt(h, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE);
    }
    const char *base = tls ? "https://localhost" : "http://127.0.0.1";
    snprintf(url, sizeof url, "%s:%d/?h2early=1&status=403&text=refused", base, trace_port());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)sizeof big);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, big);
    snprintf(label, sizeof label, "%s memory body", name);
    run(label, h, url, 1);

    struct source src = {200000};
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, NULL);
    curl_easy_setopt(h, CURLOPT_POST, 1L);
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, 200000L);
    curl_easy_setopt(h, CURLOPT_READFUNCTION, read_zeros);
    curl_easy_setopt(h, CURLOPT_READDATA, &src);
    snprintf(label, sizeof label, "%s read body", name);
    run(label, h, url, 2);

    curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
    snprintf(url, sizeof url, "%s:%d/?size=4", base, trace_port());
    snprintf(label, sizeof label, "%s next", name);
    run(label, h, url, 3);
    curl_easy_cleanup(h);
  }
  curl_global_cleanup();
  return 0;
}
