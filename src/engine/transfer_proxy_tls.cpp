// Transfer, HTTPS proxies: the TLS handshake with the proxy (PROXY_* TLS options), under a
// CONNECT tunnel or plain requests, and under the origin's TLS for https:// (TLS in TLS).
#include <sys/epoll.h>

#include "engine/easy.h"
#include "engine/multi.h"
#include "engine/transfer.h"
#include "engine/verbose.h"

namespace xfer {

const transport::TlsOptions& Transfer::proxy_tls_options() const {
  const transport::TlsOptions* t = easy_.opts.rare_view().proxy_tls.ptr();
  return t ? *t : transport::default_tls_options();
}

Transfer::Step Transfer::start_proxy_tls() {
  const ProxyTarget& p = rare_->proxy;
  Status st;
  std::string detail;
  if (!proxy_tls_options().version_range_valid())
    return fail(Status::fail(CURLE_SSL_CONNECT_ERROR, "CURL_SSLVERSION_MAX incompatible with CURL_SSLVERSION"));
  easy_.info().rare_set().proxy_verify_result = transport::tls_initial_verify_result();
  transport::SessionStore* sessions = easy_.share ? easy_.share->tls_sessions() : nullptr;
  conn_->proxy_tls = transport::TlsSession::create(multi_.tls_cache(), proxy_tls_options(), p.host, p.port,
                                                   conn_->fd(), st, &detail, sessions,
                                                   &easy_.info().rare_set().proxy_verify_result);
  if (!conn_->proxy_tls) {
    rare().tls_error = detail;
    return fail(st.is_ok() ? Status::fail(CURLE_SSL_CONNECT_ERROR, "TLS setup failed") : with_detail(st));
  }
  enter(TransferState::kProxyTls);
  return Step::kContinue;
}

Transfer::Step Transfer::step_proxy_tls() {
  transport::TlsSession& tls = *conn_->proxy_tls;
  const transport::IoResult r = tls.handshake();
  if (r.status == transport::IoStatus::kWouldBlock) {
    multi_.poller().update(conn_->slot, tls.wants_write() ? EPOLLOUT : EPOLLIN);
    return Step::kWait;
  }
  const transport::TlsInfo ti = tls.info();
  easy_.info().rare_set().proxy_verify_result = ti.verify_result;
  if (r.status != transport::IoStatus::kOk) {
    rare().tls_error = tls.detail();
    const Status why = with_detail(tls.failure());
    release_connection(false);
    return fail(why);
  }
  verbose_text(easy_, "Proxy TLS handshake done: %s%s", ti.version.c_str(), ti.resumed ? " (resumed)" : "");
  return after_proxy_tls();
}

}  // namespace xfer
