/* Scenario: a wrong-name leaf with VERIFYHOST 0, VERIFYPEER 0 (the name is still checked in 7.88), both 0. */
// server: --tls wrongname
#include "tls_scenario.h"

static void no_host(CURL *h) {
  tls_trust_test_ca(h);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
}

static void no_peer(CURL *h) {
  tls_trust_test_ca(h);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
}

static void neither(CURL *h) {
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
}

int main(int argc, char **argv) {
  tls_begin(argc, argv);
  tls_once("verifyhost-0", "localhost", "/?text=ok", no_host);
  tls_once("verifypeer-0", "localhost", "/", no_peer);
  tls_once("both-0", "127.0.0.1", "/?text=ok", neither);
  curl_global_cleanup();
  return 0;
}
