/* Built by tests/install against an installed xfer, the ways applications build against
 * libcurl. Prints what the libcurl it runs on reports, and fails unless that is xfer. */
#include <stdio.h>
#include <string.h>

#include <curl/curl.h>

int main(void) {
  const char *version = curl_version();
  const curl_version_info_data *info = curl_version_info(CURLVERSION_NOW);
  printf("version: %s\n", version);
  printf("features:");
  if (info->age >= CURLVERSION_ELEVENTH) {
    for (const char *const *name = info->feature_names; *name; ++name) printf(" %s", *name);
  }
  printf("\nprotocols:");
  for (const char *const *name = info->protocols; *name; ++name) printf(" %s", *name);
  printf("\n");

  /* A little more of the API than one call, so the link needs more than one symbol. */
  CURLM *multi = curl_multi_init();
  CURL *easy = curl_easy_init();
  if (!multi || !easy || curl_easy_setopt(easy, CURLOPT_URL, "http://127.0.0.1:9/") != CURLE_OK ||
      curl_multi_add_handle(multi, easy) != CURLM_OK || curl_multi_remove_handle(multi, easy) != CURLM_OK) {
    printf("the easy/multi calls failed\n");
    return 2;
  }
  curl_easy_cleanup(easy);
  curl_multi_cleanup(multi);
  return strstr(version, "(xfer") ? 0 : 1;
}
