/* Scenario: PINNEDPUBLICKEY: sha256 match, list, PEM/DER files, mismatch (90), mismatch without verification. */
// server: --tls server
#include "tls_scenario.h"

static const char *pin;

static void pinned(CURL *h) {
  tls_trust_test_ca(h);
  curl_easy_setopt(h, CURLOPT_PINNEDPUBLICKEY, pin);
}

static void pinned_nopeer(CURL *h) {
  pinned(h);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
}

int main(int argc, char **argv) {
  tls_begin(argc, argv);
  char list[1100];
  snprintf(list, sizeof list, "%s;%s", tls_file_text("other.pin"), tls_file_text("server.pin"));
  pin = tls_file_text("server.pin");
  tls_once("sha256-match", "localhost", "/?text=ok", pinned);
  pin = list;
  tls_once("sha256-list", "localhost", "/?text=ok", pinned);
  pin = tls_file("server-pub.pem");
  tls_once("pem-file", "localhost", "/?text=ok", pinned);
  pin = tls_file("server-pub.der");
  tls_once("der-file", "localhost", "/?text=ok", pinned);
  pin = tls_file_text("other.pin");
  tls_once("sha256-mismatch", "localhost", "/", pinned);
  pin = tls_file("other-pub.pem");
  tls_once("file-mismatch", "localhost", "/", pinned);
  pin = tls_file_text("other.pin");
  tls_once("mismatch-nopeer", "localhost", "/", pinned_nopeer);
  curl_global_cleanup();
  return 0;
}
