// OpenSSL crypto engines, as CURLOPT_SSLENGINE names them.
#pragma once

#include <string>
#include <vector>

namespace xfer::transport {

// Whether OpenSSL can load the engine with this id (ENGINE_by_id), as libcurl checks it
// before anything else: an unknown name is CURLE_SSL_ENGINE_NOTFOUND.
bool tls_engine_exists(const char* id);
// The ids of the engines OpenSSL has loaded, for CURLINFO_SSL_ENGINES (as libcurl lists them).
std::vector<std::string> tls_engine_ids();

}  // namespace xfer::transport
