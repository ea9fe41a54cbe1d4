/* Scenario: a server that requires a client certificate: without one, PEM files, DER, P12, encrypted key. */
// server: --tls server --client-ca
#include "tls_scenario.h"

static void pem(CURL *h) {
  tls_trust_test_ca(h);
  curl_easy_setopt(h, CURLOPT_SSLCERT, tls_file("client.pem"));
  curl_easy_setopt(h, CURLOPT_SSLKEY, tls_file("client.key"));
}

static void der(CURL *h) {
  tls_trust_test_ca(h);
  curl_easy_setopt(h, CURLOPT_SSLCERT, tls_file("client.der"));
  curl_easy_setopt(h, CURLOPT_SSLCERTTYPE, "DER");
  curl_easy_setopt(h, CURLOPT_SSLKEY, tls_file("client-key.der"));
  curl_easy_setopt(h, CURLOPT_SSLKEYTYPE, "DER");
}

static void p12(CURL *h) {
  tls_trust_test_ca(h);
  curl_easy_setopt(h, CURLOPT_SSLCERT, tls_file("client.p12"));
  curl_easy_setopt(h, CURLOPT_SSLCERTTYPE, "P12");
  curl_easy_setopt(h, CURLOPT_KEYPASSWD, "secret");
}

static void encrypted(CURL *h) {
  pem(h);
  curl_easy_setopt(h, CURLOPT_SSLKEY, tls_file("client-enc.key"));
  curl_easy_setopt(h, CURLOPT_KEYPASSWD, "secret");
}

int main(int argc, char **argv) {
  tls_begin(argc, argv);
  {
    /* With TLS 1.3 the server rejects the missing certificate after the client's handshake
       is done, so whether the request write (55) or the response read (56) meets the
       rejection is a race in libcurl too; both mean "refused, nothing received". */
    struct trace_xfer x;
    char err[CURL_ERROR_SIZE];
    CURL *h = tls_handle(&x, 1, "localhost", "/", err);
    tls_trust_test_ca(h);
    CURLcode rc = curl_easy_perform(h);
    trace_line("no-client-cert: refused: %d", rc == CURLE_SEND_ERROR || rc == CURLE_RECV_ERROR);
    trace_line("no-client-cert: body bytes=%zu", x.body_len);
    curl_easy_cleanup(h);
    trace_xfer_free(&x);
  }
  tls_once("pem", "localhost", "/?text=pem", pem);
  tls_once("der", "localhost", "/?text=der", der);
  tls_once("p12", "localhost", "/?text=p12", p12);
  tls_once("encrypted-key", "localhost", "/?text=enc", encrypted);
  curl_global_cleanup();
  return 0;
}
