/* Scenario: an expired leaf: 60 with verification, accepted with VERIFYPEER 0 (result still reported). */
// server: --tls expired
#include "tls_scenario.h"

static void no_peer(CURL *h) {
  tls_trust_test_ca(h);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
}

int main(int argc, char **argv) {
  tls_begin(argc, argv);
  tls_once("expired", "localhost", "/", tls_trust_test_ca);
  tls_once("expired-nopeer", "localhost", "/?text=ok", no_peer);
  curl_global_cleanup();
  return 0;
}
