// curl_global_sslset: xfer has exactly one TLS backend, OpenSSL, and answers for it alone.
#include <strings.h>

#include <curl/curl.h>

namespace {

const curl_ssl_backend kOpenSsl = {CURLSSLBACKEND_OPENSSL, "openssl"};
const curl_ssl_backend* const kAvailable[] = {&kOpenSsl, nullptr};

}  // namespace

extern "C" CURL_EXTERN CURLsslset curl_global_sslset(curl_sslbackend id, const char* name,
                                                     const curl_ssl_backend*** avail) {
  // The list is filled whatever the answer, so a caller can learn what exists.
  if (avail) *avail = const_cast<const curl_ssl_backend**>(kAvailable);
  const bool by_id = id == CURLSSLBACKEND_OPENSSL;
  const bool by_name = name && strcasecmp(name, kOpenSsl.name) == 0;
  return (by_id || by_name) ? CURLSSLSET_OK : CURLSSLSET_UNKNOWN_BACKEND;
}
