/* Scenario: CAINFO that is garbage or missing (77), ignored with VERIFYPEER 0; CAINFO_BLOB works. */
// server: --tls server
#include "tls_scenario.h"

static const char *ca;

static void with_ca(CURL *h) { curl_easy_setopt(h, CURLOPT_CAINFO, ca); }

static void with_ca_nopeer(CURL *h) {
  with_ca(h);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
}

static char blob_bytes[8192];

static void with_blob(CURL *h) {
  struct curl_blob blob;
  FILE *f = fopen(tls_file("ca.pem"), "rb");
  size_t n = f ? fread(blob_bytes, 1, sizeof blob_bytes, f) : 0;
  if (f) fclose(f);
  blob.data = blob_bytes;
  blob.len = n;
  blob.flags = CURL_BLOB_COPY;
  curl_easy_setopt(h, CURLOPT_CAINFO_BLOB, &blob);
}

int main(int argc, char **argv) {
  tls_begin(argc, argv);
  ca = tls_file("garbage.pem");
  tls_once("garbage-ca", "localhost", "/", with_ca);
  ca = tls_file("does-not-exist.pem");
  tls_once("missing-ca", "localhost", "/", with_ca);
  tls_once("missing-ca-nopeer", "localhost", "/?text=ok", with_ca_nopeer);
  tls_once("ca-blob", "localhost", "/?text=ok", with_blob);
  curl_global_cleanup();
  return 0;
}
