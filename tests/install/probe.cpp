// The C++ side of tests/install: a C++ program linking libxfer.a with the flags of
// `pkg-config --static xfer`. Fails unless curl_version() names xfer.
#include <cstdio>
#include <memory>
#include <string>

#include <curl/curl.h>

int main() {
  const std::string version = curl_version();
  std::printf("version: %s\n", version.c_str());
  const std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> easy(curl_easy_init(), curl_easy_cleanup);
  if (!easy || curl_easy_setopt(easy.get(), CURLOPT_URL, "https://127.0.0.1:9/") != CURLE_OK) {
    std::printf("curl_easy_init/setopt failed\n");
    return 2;
  }
  return version.find("(xfer") != std::string::npos ? 0 : 1;
}
