// OpenSSL engine lookup for CURLOPT_SSLENGINE (the ENGINE API is deprecated in OpenSSL 3,
// but it is what libcurl 7.88 uses and what the option names).
#define OPENSSL_SUPPRESS_DEPRECATED
#include "transport/tls_engine.h"

#include <openssl/crypto.h>
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

std::vector<std::string> tls_engine_ids() {
  std::vector<std::string> ids;
#ifndef OPENSSL_NO_ENGINE
  // libcurl loads OpenSSL's built-in engines when it starts; xfer only when asked.
  OPENSSL_init_crypto(OPENSSL_INIT_ENGINE_ALL_BUILTIN, nullptr);
  // ENGINE_get_next releases the engine it is given and hands out a reference to the next.
  for (ENGINE* e = ENGINE_get_first(); e; e = ENGINE_get_next(e))
    if (const char* id = ENGINE_get_id(e)) ids.emplace_back(id);
#endif
  return ids;
}

}  // namespace xfer::transport
