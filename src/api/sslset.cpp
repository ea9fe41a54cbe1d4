// curl_global_sslset: each xfer library has exactly one TLS backend and answers for it alone.
#include <strings.h>

#include <curl/curl.h>

#include "transport/tls_backend.h"

namespace {

const curl_ssl_backend kBackend = {xfer::transport::tls_backend_id(), xfer::transport::tls_backend_name()};
const curl_ssl_backend* const kAvailable[] = {&kBackend, nullptr};

}  // namespace

extern "C" CURL_EXTERN CURLsslset curl_global_sslset(curl_sslbackend id, const char* name,
                                                     const curl_ssl_backend*** avail) {
  // The list is filled whatever the answer, so a caller can learn what exists.
  if (avail) *avail = const_cast<const curl_ssl_backend**>(kAvailable);
  const bool by_id = id == kBackend.id;
  const bool by_name = name && strcasecmp(name, kBackend.name) == 0;
  return (by_id || by_name) ? CURLSSLSET_OK : CURLSSLSET_UNKNOWN_BACKEND;
}
