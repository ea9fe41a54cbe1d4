// What the GnuTLS backend's files share: credentials per config, the ticket type, peer checks.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include <gnutls/gnutls.h>

#include "transport/tls_context.h"
#include "util/status.h"

namespace xfer::transport {

// GnuTLS's serialised session (gnutls_session_get_data2), offered again with set_data.
struct TlsTicket {
  explicit TlsTicket(gnutls_datum_t d) : data(d) {}
  ~TlsTicket() { gnutls_free(data.data); }
  TlsTicket(const TlsTicket&) = delete;
  TlsTicket& operator=(const TlsTicket&) = delete;
  gnutls_datum_t data;
};

// What one TLS config builds once: the trust store and client certificate, and the priority
// (versions, ciphers) every session of that config takes.
struct GnutlsContext {
  gnutls_certificate_credentials_t cred = nullptr;
  gnutls_priority_t priority = nullptr;
  ~GnutlsContext();
};

struct TlsContextCache::Contexts {
  std::unordered_map<std::string, GnutlsContext*> by_key;
  ~Contexts();
  void clear();
  // The context for `opts`, built on first use; nullptr with `error` and `detail` set when
  // a file, key or priority string is refused (codes as libcurl's GnuTLS build gives them).
  // `ca_error` receives GnuTLS's code when the CA material is what failed (libcurl reports it
  // as SSL_VERIFYRESULT).
  GnutlsContext* context_for(const TlsOptions& opts, Status& error, std::string& detail, long& ca_error);
};

// The peer's leaf as DER SubjectPublicKeyInfo, for pinning; empty when it cannot be read.
std::string gnutls_peer_spki(gnutls_session_t session);
// The leaf's subject common name, for the host-name mismatch message.
std::string gnutls_peer_common_name(gnutls_session_t session);
// CURLINFO_CERTINFO lines for each certificate the peer sent.
std::vector<std::vector<std::string>> gnutls_collect_certinfo(gnutls_session_t session);
// CURLOPT_SSL_VERIFYSTATUS: a stapled OCSP response that checked out as "good".
Status gnutls_check_ocsp(gnutls_session_t session, std::string& detail);

}  // namespace xfer::transport
