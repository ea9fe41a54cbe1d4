// TlsOptions: every TLS-related easy option as copied values, plus the key that groups equal configs.
#pragma once

#include <array>
#include <optional>
#include <string>

#include <curl/curl.h>

#include "transport/tls_backend.h"
#include "util/opt_text.h"

namespace xfer::transport {

// The backend's built-in CA bundle and directory, shared by every handle that keeps them.
OptText default_ca_info();
OptText default_ca_path();

// Defaults are what Debian's libcurl 7.88 was built with (for CAINFO: with this backend). A string without a
// value stands for the option set to NULL (for CAINFO/CAPATH that disables the default).
struct TlsOptions {
  bool verify_peer = true;
  long verify_host = 2;  // 0 or 2; setopt turns 1 into 2 as 7.88 does
  bool verify_status = false;

  OptText ca_info{default_ca_info()};
  OptText ca_path{default_ca_path()};
  OptText ca_info_blob;  // PEM bytes, used in addition to the others

  OptText cert;       // SSLCERT: file name (or PKCS#12 file)
  OptText cert_type;  // "PEM" (default), "DER", "P12"
  OptText cert_blob;  // SSLCERT_BLOB bytes
  OptText key;        // SSLKEY: file name
  OptText key_type;   // "PEM" (default), "DER"; "ENG" is refused
  OptText key_blob;   // SSLKEY_BLOB bytes
  OptText key_passwd;

  long ssl_version = CURL_SSLVERSION_DEFAULT;  // min in low 16 bits, max in high bits
  OptText cipher_list;
  OptText tls13_ciphers;
  OptText ec_curves;
  OptText pinned_public_key;  // "sha256//..;sha256//.." or a PEM/DER file
  long ssl_options = 0;                          // CURLSSLOPT_* bits
  bool session_id_cache = true;
  bool cert_info = false;
  bool enable_alpn = true;

  // False when SSLVERSION's maximum is below its minimum: libcurl refuses that with 35 before
  // any TLS work starts (SSL_VERIFYRESULT untouched), on every backend.
  bool version_range_valid() const;

  // Everything that shapes the SSL_CTX or the verification outcome, as one string:
  // connections (and cached sessions) are shared only between equal keys.
  std::string config_key() const;
  // The SHA-256 behind config_key(), raw: what a handle keeps between transfers.
  std::array<char, 32> config_digest() const;
};

// What every backend's session takes from TlsOptions for one connection: the name it
// checks and sends, and which checks follow the handshake.
struct TlsPeer {
  std::string host;  // without IPv6 brackets: SNI (unless `ip`) and the verified name
  bool ip = false;   // the host is an address literal, so no SNI
  bool verify_peer = true;
  bool verify_host = true;
  bool verify_status = false;
  bool cert_info = false;
  OptText pinned;
  std::string session_key;  // "host:port|config": where its resumable session is kept
  static TlsPeer make(const TlsOptions& opts, const std::string& url_host, unsigned port);
};

// What a handle without any TLS option uses.
const TlsOptions& default_tls_options();

}  // namespace xfer::transport
