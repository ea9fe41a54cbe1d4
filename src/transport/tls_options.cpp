// TlsOptions helpers: the config key that decides which connections and sessions may be shared.
#include "transport/tls_options.h"

#include "transport/address.h"
#include "util/hash.h"

namespace xfer::transport {
namespace {

// Length-prefixed so that no two different option sets serialise alike.
void put(std::string& out, const OptText& s) {
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

OptText default_ca_info() {
  const char* ca = tls_default_ca_info();
  if (!ca) return std::nullopt;
  static const std::string kCaInfo(ca);
  return OptText::fixed(kCaInfo);
}

OptText default_ca_path() {
  static const std::string kCaPath("/etc/ssl/certs");
  return OptText::fixed(kCaPath);
}

std::array<char, 32> TlsOptions::config_digest() const {
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
  const std::string digest = hash_raw(HashAlgo::kSha256, raw);
  std::array<char, 32> out{};
  digest.copy(out.data(), out.size());
  return out;
}

std::string TlsOptions::config_key() const {
  const std::array<char, 32> d = config_digest();
  return to_hex(std::string_view(d.data(), d.size()));
}

bool TlsOptions::version_range_valid() const {
  // MAX_NONE (0) and MAX_DEFAULT (1) set no ceiling.
  const long max = ssl_version >> 16;
  return max <= CURL_SSLVERSION_TLSv1 || max >= (ssl_version & 0xffff);
}

TlsPeer TlsPeer::make(const TlsOptions& opts, const std::string& url_host, unsigned port) {
  TlsPeer p;
  // URL hosts may arrive bracketed for IPv6; TLS libraries want the bare address.
  p.host = url_host;
  if (p.host.size() > 2 && p.host.front() == '[' && p.host.back() == ']') p.host = p.host.substr(1, p.host.size() - 2);
  p.ip = is_ip_literal(p.host);
  p.verify_peer = opts.verify_peer;
  p.verify_host = opts.verify_host != 0;
  p.verify_status = opts.verify_status;
  p.cert_info = opts.cert_info;
  p.pinned = opts.pinned_public_key;
  p.session_key = p.host + ":" + std::to_string(port) + "|" + opts.config_key();
  return p;
}

const TlsOptions& default_tls_options() {
  static const TlsOptions kDefaults;
  return kDefaults;
}

}  // namespace xfer::transport
