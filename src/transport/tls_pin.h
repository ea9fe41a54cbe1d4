// CURLOPT_PINNEDPUBLICKEY's match, the same for every TLS backend: the backend hands in the DER key.
#pragma once

#include <string>

#include "util/status.h"

namespace xfer::transport {

// `spki_der` is the peer's DER SubjectPublicKeyInfo; `pin` is "sha256//<base64>[;sha256//...]"
// or the name of a PEM or DER public-key file. Any failure, unreadable file or empty key
// included, is CURLE_SSL_PINNEDPUBKEYNOTMATCH, as in libcurl.
Status match_pinned_key(const std::string& spki_der, const std::string& pin);

}  // namespace xfer::transport
