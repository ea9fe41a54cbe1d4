/* Scenario: a certificate from an unknown CA against the default bundle: CURLE_PEER_FAILED_VERIFICATION. */
// server: --tls server
#include "tls_scenario.h"

int main(int argc, char **argv) {
  tls_begin(argc, argv);
  tls_once("default-bundle", "localhost", "/", NULL);
  tls_once("default-bundle-ip", "127.0.0.1", "/", NULL);
  curl_global_cleanup();
  return 0;
}
