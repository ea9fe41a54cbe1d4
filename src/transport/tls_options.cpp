// TlsOptions helpers: the config key that decides which connections and sessions may be shared.
#include "transport/tls_options.h"


#include <openssl/evp.h>

namespace xfer::transport {
namespace {

// Length-prefixed so that no two different option sets serialise alike.
void put(std::string& out, const std::optional<std::string>& s) {
  if (!s) {
    out += "-;";
    return;
  }
  out += std::to_string(s->size());
  out += ':';
  out += *s;
  out += ';';
}

void put(std::string& out, long v) {
  out += std::to_string(v);
  out += ';';
}

}  // namespace

std::string TlsOptions::config_key() const {
  std::string raw;
  put(raw, verify_peer ? 1 : 0);
  put(raw, verify_host);
  put(raw, verify_status ? 1 : 0);
  put(raw, ca_info);
  put(raw, ca_path);
  put(raw, ca_info_blob);
  put(raw, cert);
  put(raw, cert_type);
  put(raw, cert_blob);
  put(raw, key);
  put(raw, key_type);
  put(raw, key_blob);
  put(raw, key_passwd);
  put(raw, ssl_version);
  put(raw, cipher_list);
  put(raw, tls13_ciphers);
  put(raw, ec_curves);
  put(raw, pinned_public_key);
  put(raw, ssl_options);
  put(raw, enable_alpn ? 1 : 0);
  // Blobs can be large and the key is compared often; a digest keeps it short and keeps
  // passwords out of any map a debugger might print.
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int md_len = 0;
  EVP_Digest(raw.data(), raw.size(), md, &md_len, EVP_sha256(), nullptr);
  std::string hex;
  hex.reserve(md_len * 2);
  static constexpr char kDigits[] = "0123456789abcdef";
  for (unsigned int i = 0; i < md_len; ++i) {
    hex += kDigits[md[i] >> 4];
    hex += kDigits[md[i] & 15];
  }
  return hex;
}

const TlsOptions& default_tls_options() {
  static const TlsOptions kDefaults;
  return kDefaults;
}

}  // namespace xfer::transport
