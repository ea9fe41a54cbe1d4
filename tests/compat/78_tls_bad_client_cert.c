/* Scenario: unusable client certificates (58): garbage file, missing file, wrong key password, mismatched key. */
// server: --tls server
#include "tls_scenario.h"

static const char *cert_file;
static const char *key_file;
static const char *pass;

static void client(CURL *h) {
  tls_trust_test_ca(h);
  curl_easy_setopt(h, CURLOPT_SSLCERT, cert_file);
  if (key_file) curl_easy_setopt(h, CURLOPT_SSLKEY, key_file);
  if (pass) curl_easy_setopt(h, CURLOPT_KEYPASSWD, pass);
}

int main(int argc, char **argv) {
  tls_begin(argc, argv);
  cert_file = tls_file("garbage.pem");
  tls_once("garbage-cert", "localhost", "/", client);
  cert_file = tls_file("does-not-exist.pem");
  tls_once("missing-cert", "localhost", "/", client);
  cert_file = tls_file("client.pem");
  key_file = tls_file("client-enc.key");
  pass = "wrong";
  tls_once("wrong-password", "localhost", "/", client);
  key_file = tls_file("server.key");
  pass = NULL;
  tls_once("mismatched-key", "localhost", "/", client);
  curl_global_cleanup();
  return 0;
}
