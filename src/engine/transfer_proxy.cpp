// Transfer, proxies: choosing the proxy for each URL (option, environment, NOPROXY) and
// what a request through an HTTP proxy carries.
#include <cstdlib>

#include "engine/easy.h"
#include "engine/multi.h"
#include "engine/transfer.h"
#include "engine/verbose.h"
#include "http/auth.h"
#include "http/request_writer.h"

namespace xfer {
namespace {

const char* read_env(const char* name) { return std::getenv(name); }

}  // namespace

Status Transfer::choose_proxy() {
  const RareOptions& ro = easy_.opts.rare_view();
  if (rare_) rare_->via_proxy = false;
  // libcurl keeps proxies and unix sockets apart: the socket wins.
  if (ro.unix_socket_path.is_set()) return Status::ok();
  const char* noproxy = ro.noproxy.is_set() ? ro.noproxy.c_str() : noproxy_from_environment(read_env);
  if (noproxy && noproxy_matches(url_.host, noproxy)) return Status::ok();
  std::string env_text;
  std::string_view text;
  if (ro.proxy.is_set()) {
    text = ro.proxy.view();
  } else {
    env_text = proxy_from_environment(url_.scheme(), read_env);
    if (!env_text.empty()) verbose_text(easy_, "Uses proxy env variable == '%s'", env_text.c_str());
    text = env_text;
  }
  if (text.empty()) return Status::ok();
  Rare& r = rare();
  if (Status st = parse_proxy_url(text, proxy_kind_from_option(ro.proxy_type), ro.proxy_port, r.proxy); !st)
    return st;
  if (!is_http_proxy(r.proxy.kind) || r.proxy.kind == ProxyKind::kHttps)
    return Status::fail(CURLE_NOT_BUILT_IN, "SOCKS and HTTPS proxies are not built yet");
  r.via_proxy = true;
  // https always goes through a tunnel; http when HTTPPROXYTUNNEL asks for one.
  r.tunnel = url_.is_https() || ro.http_proxy_tunnel;
  // The proxy URL's login wins over PROXYUSERPWD / PROXYUSERNAME / PROXYPASSWORD.
  if (!r.proxy.has_login && ro.proxy_user.is_set()) {
    r.proxy.has_login = true;
    r.proxy.user = ro.proxy_user.view();
    r.proxy.password = ro.proxy_password.view();
  }
  return Status::ok();
}

void Transfer::note_proxy_auth_offer(std::string_view value) {
  // PROXYAUTH_AVAIL takes it when the 407 is weighed (answer_challenge).
  http::note_auth_header(value, rare().auth.proxy.offer);
}

void Transfer::append_proxy_key(std::string& key) const {
  const ProxyTarget& p = rare_->proxy;
  // One connection serves every origin behind the same proxy (libcurl compares the kind,
  // host and port only); a tunnel serves its origin only.
  if (rare_->tunnel) key += "|tunnel|";
  else key.assign("proxy|");
  key += p.kind == ProxyKind::kHttp10 ? "http10" : "http";
  key += "://";
  for (char c : p.host) key += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  key += ':';
  key += std::to_string(p.port);
}

void Transfer::add_proxy_request_lines(http::RequestSpec& spec) const {
  if (!via_proxy() || rare_->tunnel) return;
  spec.proxy_form = true;
  const RareOptions& ro = easy_.opts.rare_view();
  spec.proxy_headers = ro.proxy_headers;
  spec.proxy_headers_unified = !ro.separate_headers;
}

}  // namespace xfer
