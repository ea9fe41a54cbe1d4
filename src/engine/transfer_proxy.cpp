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
  if (rare_) rare_->via_proxy = rare_->via_socks = false;
  // libcurl keeps proxies and unix sockets apart: the socket wins.
  if (ro.unix_socket_path.is_set()) return Status::ok();
  const char* noproxy = ro.noproxy.is_set() ? ro.noproxy.c_str() : noproxy_from_environment(read_env);
  if (noproxy && noproxy_matches(url_.host, noproxy)) return Status::ok();
  std::string env_text;
  std::string_view text = ro.proxy.view();
  const std::string_view pre = ro.pre_proxy.view();
  // The environment speaks only when neither PROXY nor PRE_PROXY is set.
  if (!ro.proxy.is_set() && !ro.pre_proxy.is_set()) {
    env_text = proxy_from_environment(url_.scheme(), read_env);
    if (!env_text.empty()) verbose_text(easy_, "Uses proxy env variable == '%s'", env_text.c_str());
    text = env_text;
  }
  if (text.empty() && pre.empty()) return Status::ok();
  Rare& r = rare();
  // Each text names an HTTP or a SOCKS proxy by its scheme (or PROXYTYPE); PRE_PROXY is
  // read second, so it wins its kind's place, as in libcurl.
  bool http = false;
  for (std::string_view t : {text, pre}) {
    if (t.empty()) continue;
    ProxyTarget p;
    if (Status st = parse_proxy_url(t, proxy_kind_from_option(ro.proxy_type), ro.proxy_port, p); !st) return st;
    if (is_http_proxy(p.kind)) {
      r.proxy = std::move(p);
      http = true;
    } else {
      r.socks = std::move(p);
      r.via_socks = true;
    }
  }
  // PROXYUSERPWD / PROXYUSERNAME / PROXYPASSWORD log in to the HTTP proxy, or to a SOCKS
  // proxy alone; a login in the proxy URL wins.
  ProxyTarget& login = http ? r.proxy : r.socks;
  if (!login.has_login && ro.proxy_user.is_set()) {
    login.has_login = true;
    login.user = ro.proxy_user.view();
    login.password = ro.proxy_password.view();
  }
  if (!http) return Status::ok();
  r.via_proxy = true;
  // https always goes through a tunnel; http when HTTPPROXYTUNNEL asks for one.
  r.tunnel = url_.is_https() || ro.http_proxy_tunnel;
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
  key += p.kind == ProxyKind::kHttp10 ? "http10" : p.kind == ProxyKind::kHttps ? "https" : "http";
  key += "://";
  for (char c : p.host) key += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  key += ':';
  key += std::to_string(p.port);
  if (p.kind == ProxyKind::kHttps) {
    key += '#';
    key += proxy_tls_options().config_key();
  }
}

void Transfer::append_socks_key(std::string& key) {
  Rare& r = *rare_;
  // The SOCKS proxy reaches what the connection would otherwise go to: the HTTP proxy,
  // CONNECT_TO's target, or the URL's host.
  if (r.route.routed()) {
    r.socks_host = r.route.host.empty() ? url_.host : r.route.host;
    r.socks_port = r.route.port >= 0 ? static_cast<std::uint16_t>(r.route.port) : url_.port;
    r.socks_ipv6 = r.route.host.empty() ? url_.ipv6_literal : r.socks_host.find(':') != std::string::npos;
  } else {
    r.socks_host = url_.host;
    r.socks_port = url_.port;
    r.socks_ipv6 = url_.ipv6_literal;
  }
  // A connection through a SOCKS proxy serves the proxy, login and destination it was
  // made with (libcurl compares the proxy's kind, host, port, user and password).
  const ProxyTarget& p = r.socks;
  static constexpr const char* kNames[] = {"", "", "", "socks4", "socks4a", "socks5", "socks5h"};
  key += "|socks|";
  key += kNames[static_cast<int>(p.kind)];
  key += "://";
  for (char c : p.host) key += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  key += ':';
  key += std::to_string(p.port);
  key += p.unix_path;
  if (p.has_login) {
    key += '|';
    key += std::to_string(p.user.size());
    key += ':';
    key += p.user;
    key += p.password;
  }
  r.route = ConnectTo{p.host, p.port};
}

void Transfer::add_proxy_request_lines(http::RequestSpec& spec) const {
  if (!via_proxy() || rare_->tunnel) return;
  spec.proxy_form = true;
  const RareOptions& ro = easy_.opts.rare_view();
  spec.proxy_headers = ro.proxy_headers;
  spec.proxy_headers_unified = !ro.separate_headers;
}

}  // namespace xfer
