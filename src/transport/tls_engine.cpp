// OpenSSL engine lookup for CURLOPT_SSLENGINE (the ENGINE API is deprecated in OpenSSL 3,
// but it is what libcurl 7.88 uses and what the option names).
#define OPENSSL_SUPPRESS_DEPRECATED
#include "transport/tls_engine.h"

#include <openssl/engine.h>

namespace xfer::transport {

bool tls_engine_exists(const char* id) {
#ifdef OPENSSL_NO_ENGINE
  (void)id;
  return false;
#else
  ENGINE* e = ENGINE_by_id(id);
  if (!e) return false;
  ENGINE_free(e);
  return true;
#endif
}

}  // namespace xfer::transport
