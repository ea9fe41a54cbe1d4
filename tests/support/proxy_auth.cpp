// The scripted proxy's Basic / Digest / NTLM checks (see proxy_auth.h).
#include "proxy_auth.h"

#include <map>

#include <openssl/evp.h>

#include "ntlm_server.h"
#include "util/ascii.h"

namespace xfer::test {
namespace {

constexpr std::string_view kBasicOk = "Basic dXNlcjpwYXNz";  // user:pass
constexpr std::string_view kRealm = "p";
constexpr std::string_view kNonce = "proxynonce";

bool starts_ci(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && ascii_iequals(s.substr(0, prefix.size()), prefix);
}

std::string md5_hex(std::string_view in) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned len = 0;
  EVP_Digest(in.data(), in.size(), out, &len, EVP_md5(), nullptr);
  static const char* hex = "0123456789abcdef";
  std::string s;
  for (unsigned i = 0; i < len; ++i) {
    s += hex[out[i] >> 4];
    s += hex[out[i] & 15];
  }
  return s;
}

// The name=value pairs after "Digest " (values quoted or not).
std::map<std::string, std::string> digest_params(std::string_view s) {
  std::map<std::string, std::string> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == ',')) ++i;
    std::size_t eq = s.find('=', i);
    if (eq == std::string_view::npos) break;
    std::string name(s.substr(i, eq - i));
    i = eq + 1;
    std::string value;
    if (i < s.size() && s[i] == '"') {
      for (++i; i < s.size() && s[i] != '"'; ++i) {
        if (s[i] == '\\' && i + 1 < s.size()) ++i;
        value += s[i];
      }
      ++i;
    } else {
      while (i < s.size() && s[i] != ',') value += s[i++];
    }
    out[name] = value;
  }
  return out;
}

// user:pass, the challenge's realm and nonce, and a response that hashes the request's
// own method with the uri it names.
bool digest_ok(std::string_view value, std::string_view method) {
  auto p = digest_params(value.substr(7));
  if (p["username"] != "user" || p["realm"] != kRealm || p["nonce"] != kNonce) return false;
  const std::string ha1 = md5_hex("user:" + std::string(kRealm) + ":pass");
  const std::string ha2 = md5_hex(std::string(method) + ":" + p["uri"]);
  std::string expect;
  if (p.count("qop"))
    expect = md5_hex(ha1 + ":" + std::string(kNonce) + ":" + p["nc"] + ":" + p["cnonce"] + ":" + p["qop"] + ":" + ha2);
  else
    expect = md5_hex(ha1 + ":" + std::string(kNonce) + ":" + ha2);
  return p["response"] == expect;
}

}  // namespace

ProxyAuthVerdict proxy_auth_verdict(std::string_view schemes, const Request& r) {
  ProxyAuthVerdict v;
  bool basic = false, digest = false, ntlm = false;
  std::vector<std::string> offered;
  for (std::string_view rest = schemes; !rest.empty();) {
    std::string_view item = rest.substr(0, rest.find(','));
    rest.remove_prefix(std::min(rest.size(), item.size() + 1));
    if (item == "basic" || item == "1") {
      basic = true;
      offered.push_back("Basic realm=\"" + std::string(kRealm) + "\"");
    } else if (item == "digest") {
      digest = true;
      offered.push_back("Digest realm=\"" + std::string(kRealm) + "\", nonce=\"" + std::string(kNonce) + "\"");
    } else if (item == "ntlm") {
      ntlm = true;
      offered.push_back("NTLM");
    }
  }
  const std::string_view auth = r.header("Proxy-Authorization");
  if (ntlm && (auth.empty() || starts_ci(auth, "NTLM "))) {
    NtlmSettings s;
    s.proxy = true;
    NtlmVerdict n = ntlm_check(s, r);
    v.headers = std::move(n.headers);
    v.close = n.close;
    if (!n.refused) return v;
    // A type-2 goes alone; a refusal offers everything again.
    if (starts_ci(auth, "NTLM ") && n.challenges.size() == 1 && n.challenges[0].size() > 4) {
      v.refused = true;
      v.challenges = std::move(n.challenges);
      return v;
    }
  }
  if (basic && auth == kBasicOk) return v;
  if (digest && starts_ci(auth, "Digest ") && digest_ok(auth, r.method)) return v;
  v.refused = true;
  v.challenges = std::move(offered);
  return v;
}

}  // namespace xfer::test
