// TlsOptions: every TLS-related easy option as copied values, plus the key that groups equal configs.
#pragma once

#include <array>
#include <optional>
#include <string>

#include <curl/curl.h>

#include "transport/tls_backend.h"

namespace xfer::transport {

inline std::optional<std::string> default_ca_info() {
  const char* ca = tls_default_ca_info();
  return ca ? std::optional<std::string>(ca) : std::nullopt;
}

// Defaults are what Debian's libcurl 7.88 was built with (for CAINFO: with this backend). A string that is std::nullopt
// stands for the option set to NULL (for CAINFO/CAPATH that disables the default).
struct TlsOptions {
  bool verify_peer = true;
  long verify_host = 2;  // 0 or 2; setopt turns 1 into 2 as 7.88 does
  bool verify_status = false;

  std::optional<std::string> ca_info{default_ca_info()};
  std::optional<std::string> ca_path{"/etc/ssl/certs"};
  std::optional<std::string> ca_info_blob;  // PEM bytes, used in addition to the others

  std::optional<std::string> cert;       // SSLCERT: file name (or PKCS#12 file)
  std::optional<std::string> cert_type;  // "PEM" (default), "DER", "P12"
  std::optional<std::string> cert_blob;  // SSLCERT_BLOB bytes
  std::optional<std::string> key;        // SSLKEY: file name
  std::optional<std::string> key_type;   // "PEM" (default), "DER"; "ENG" is refused
  std::optional<std::string> key_blob;   // SSLKEY_BLOB bytes
  std::optional<std::string> key_passwd;

  long ssl_version = CURL_SSLVERSION_DEFAULT;  // min in low 16 bits, max in high bits
  std::optional<std::string> cipher_list;
  std::optional<std::string> tls13_ciphers;
  std::optional<std::string> ec_curves;
  std::optional<std::string> pinned_public_key;  // "sha256//..;sha256//.." or a PEM/DER file
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
  std::optional<std::string> pinned;
  std::string session_key;  // "host:port|config": where its resumable session is kept
  static TlsPeer make(const TlsOptions& opts, const std::string& url_host, unsigned port);
};

// What a handle without any TLS option uses.
const TlsOptions& default_tls_options();

}  // namespace xfer::transport
