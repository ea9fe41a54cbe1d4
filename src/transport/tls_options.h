// TlsOptions: every TLS-related easy option as copied values, plus the key that groups equal configs.
#pragma once

#include <optional>
#include <string>

#include <curl/curl.h>

namespace xfer::transport {

// Defaults are what Debian's libcurl 7.88 was built with. A string that is std::nullopt
// stands for the option set to NULL (for CAINFO/CAPATH that disables the default).
struct TlsOptions {
  bool verify_peer = true;
  long verify_host = 2;  // 0 or 2; setopt turns 1 into 2 as 7.88 does
  bool verify_status = false;

  std::optional<std::string> ca_info{"/etc/ssl/certs/ca-certificates.crt"};
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

  // Everything that shapes the SSL_CTX or the verification outcome, as one string:
  // connections (and cached sessions) are shared only between equal keys.
  std::string config_key() const;
};

// What a handle without any TLS option uses.
const TlsOptions& default_tls_options();

}  // namespace xfer::transport
