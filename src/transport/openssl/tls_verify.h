// TLS peer checks after the handshake: public-key pinning, OCSP stapling, names and certinfo.
#pragma once

#include <string>
#include <vector>

#include "util/status.h"

struct ssl_st;
struct x509_st;

namespace xfer::transport {

// CURLOPT_PINNEDPUBLICKEY: `pin` is "sha256//<base64>[;sha256//<base64>...]" or the name of
// a PEM or DER public-key file. Any failure, unreadable file included, is
// CURLE_SSL_PINNEDPUBKEYNOTMATCH, as in libcurl.
Status check_pinned_public_key(x509_st* cert, const std::string& pin);

// CURLOPT_SSL_VERIFYSTATUS: the stapled OCSP response must exist, verify against the
// trust store and say "good" for the leaf; otherwise CURLE_SSL_INVALIDCERTSTATUS.
Status check_ocsp_staple(ssl_st* ssl, std::string& detail);

// The certificate's DNS and IP subject-alternative names (or its CN when it has none),
// comma separated, for the ERRORBUFFER text of a host-name mismatch.
std::string certificate_names(x509_st* cert);

// CURLINFO_CERTINFO: one list of "Name:value" lines per certificate of the peer chain.
std::vector<std::vector<std::string>> collect_certinfo(ssl_st* ssl);

// OpenSSL's text for the oldest queued error (or `fallback`), and the queue cleared.
std::string take_openssl_error(const char* fallback);

}  // namespace xfer::transport
