/* Scenario: a trusted leaf for another name: 60 for names and addresses. */
// server: --tls wrongname
#include "tls_scenario.h"

int main(int argc, char **argv) {
  tls_begin(argc, argv);
  tls_once("wrong-name", "localhost", "/", tls_trust_test_ca);
  tls_once("wrong-ip", "127.0.0.1", "/", tls_trust_test_ca);
  curl_global_cleanup();
  return 0;
}
