/* Scenario: a self-signed leaf: 60, then accepted with VERIFYPEER 0. */
// server: --tls selfsigned
#include "tls_scenario.h"

static void no_peer(CURL *h) { curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L); }

int main(int argc, char **argv) {
  tls_begin(argc, argv);
  tls_once("self-signed", "localhost", "/", tls_trust_test_ca);
  tls_once("self-signed-nopeer", "localhost", "/?text=ok", no_peer);
  curl_global_cleanup();
  return 0;
}
