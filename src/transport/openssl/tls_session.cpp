// TlsSession: a non-blocking OpenSSL client connection with libcurl's verification order and codes.
#include "transport/tls_session.h"

#include <sys/socket.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <new>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "transport/openssl/tls_internal.h"
#include "transport/openssl/tls_verify.h"

namespace xfer::transport {
namespace {

// SSL_get_error reads the thread's error queue, so errors left there (by an earlier failure
// or by the application's own OpenSSL use) must go before each call. ERR_clear_error walks
// all sixteen slots (about 800 instructions); peeking first costs little when the queue is
// empty, as it is on every healthy read and write.
void clear_stale_errors() {
  if (ERR_peek_error() != 0) ERR_clear_error();
}

constexpr Status kHandshake = Status::fail(CURLE_SSL_CONNECT_ERROR, "SSL: the TLS handshake failed");
constexpr Status kPeer = Status::fail(CURLE_PEER_FAILED_VERIFICATION, "SSL: the server certificate did not verify");
constexpr Status kHostName =
    Status::fail(CURLE_PEER_FAILED_VERIFICATION, "SSL: the server certificate does not match the host name");
constexpr Status kNoPeerCert = Status::fail(CURLE_PEER_FAILED_VERIFICATION, "SSL: the server sent no certificate");
constexpr Status kClientCert = Status::fail(CURLE_SSL_CLIENTCERT, "SSL: the server requires a client certificate");
constexpr Status kRecv = Status::fail(CURLE_RECV_ERROR, "SSL: failure when receiving data from the peer");
constexpr Status kSend = Status::fail(CURLE_SEND_ERROR, "SSL: failure when sending data to the peer");
constexpr Status kOom = Status::fail(CURLE_OUT_OF_MEMORY, "SSL: out of memory");

// The socket BIO: plain recv/send, but send never raises SIGPIPE, and EOF is remembered so
// OpenSSL can tell a closed stream from a broken one. Over an HTTPS proxy the bytes go
// through the proxy's TLS session instead (TLS inside TLS).
struct BioState {
  int fd = -1;
  bool eof = false;
  TlsSession* lower = nullptr;
};

// The lower session's answer as a BIO's: bytes, 0 at EOF, -1 with a retry flag to wait.
int from_lower(BIO* b, BioState* st, const IoResult& r, bool writing) {
  switch (r.status) {
    case IoStatus::kOk: return static_cast<int>(r.bytes);
    case IoStatus::kWouldBlock:
      if (writing || st->lower->wants_write()) BIO_set_retry_write(b);
      else BIO_set_retry_read(b);
      return -1;
    case IoStatus::kClosed:
      st->eof = true;
      return 0;
    case IoStatus::kError: return -1;
  }
  return -1;
}

int bio_write(BIO* b, const char* buf, int len) {
  auto* st = static_cast<BioState*>(BIO_get_data(b));
  BIO_clear_retry_flags(b);
  // OpenSSL calls this; an exception from the layer below must not unwind through it.
  if (st->lower) {
    try {
      return from_lower(b, st, st->lower->write(buf, static_cast<std::size_t>(len)), true);
    } catch (const std::bad_alloc&) {
      return -1;
    }
  }
  const ssize_t n = ::send(st->fd, buf, static_cast<std::size_t>(len), MSG_NOSIGNAL);
  // EINPROGRESS: a TCP Fast Open handshake started by this first write.
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR || errno == EINPROGRESS))
    BIO_set_retry_write(b);
  return static_cast<int>(n);
}

int bio_read(BIO* b, char* buf, int len) {
  auto* st = static_cast<BioState*>(BIO_get_data(b));
  BIO_clear_retry_flags(b);
  if (!buf || len <= 0) return 0;
  if (st->lower) {
    try {
      return from_lower(b, st, st->lower->read(buf, static_cast<std::size_t>(len)), false);
    } catch (const std::bad_alloc&) {
      return -1;
    }
  }
  const ssize_t n = ::recv(st->fd, buf, static_cast<std::size_t>(len), 0);
  if (n == 0) st->eof = true;
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) BIO_set_retry_read(b);
  return static_cast<int>(n);
}

long bio_ctrl(BIO* b, int cmd, long, void*) {
  auto* st = static_cast<BioState*>(BIO_get_data(b));
  switch (cmd) {
    case BIO_CTRL_FLUSH: return 1;
    case BIO_CTRL_EOF: return st && st->eof ? 1 : 0;
    default: return 0;
  }
}

int bio_create(BIO* b) {
  BIO_set_init(b, 1);
  return 1;
}

int bio_destroy(BIO*) { return 1; }

BIO_METHOD* socket_bio_method() {
  static BIO_METHOD* method = [] {
    BIO_METHOD* m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "xfer socket");
    if (m) {
      BIO_meth_set_write(m, bio_write);
      BIO_meth_set_read(m, bio_read);
      BIO_meth_set_ctrl(m, bio_ctrl);
      BIO_meth_set_create(m, bio_create);
      BIO_meth_set_destroy(m, bio_destroy);
    }
    return m;
  }();
  return method;
}

int state_index() {
  static const int index = SSL_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
  return index;
}

// X509_V_ERR_UNSPECIFIED, where libcurl's OpenSSL build starts each connect.
constexpr long kOpensslUnknown = 1;

}  // namespace

long tls_initial_verify_result() { return kOpensslUnknown; }

struct TlsSession::State {
  SSL* ssl = nullptr;
  BioState bio;
  tls_detail::SessionSink sink;
  TlsPeer peer;
  bool alpn_on = false;  // CURLOPT_SSL_ENABLE_ALPN: a protocol list goes in the hello

  bool wants_write = false;
  long first_verify_error = 0;  // X509_V_OK until the chain check reports something
  long verify_result = kOpensslUnknown;  // what getinfo shows, following libcurl's order
  bool host_mismatch = false;
  Status failure;
  std::string detail;
  std::vector<std::vector<std::string>> certinfo;

  ~State() {
    if (ssl) SSL_free(ssl);
  }

  IoResult fail(Status why) {
    failure = why;
    if (detail.empty() && why.reason) detail = why.reason;
    return {0, IoStatus::kError, 0};
  }
  IoResult would_block(bool write) {
    wants_write = write;
    return {0, IoStatus::kWouldBlock, 0};
  }
};

// A name mismatch is remembered and the chain check goes on, so that the handshake fails
// for the chain first and for the name only afterwards, the order libcurl reports them in.
// Chain errors are fatal only with VERIFYPEER; the first one is what VERIFYRESULT shows.
struct TlsSessionAccess {
  static int verify(int ok, X509_STORE_CTX* store);
};

int TlsSessionAccess::verify(int ok, X509_STORE_CTX* store) {
  if (ok) return 1;
  auto* ssl = static_cast<SSL*>(X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx()));
  auto* st = ssl ? static_cast<TlsSession::State*>(SSL_get_ex_data(ssl, state_index())) : nullptr;
  if (!st) return 0;
  const int err = X509_STORE_CTX_get_error(store);
  if (err == X509_V_ERR_HOSTNAME_MISMATCH || err == X509_V_ERR_IP_ADDRESS_MISMATCH) {
    st->host_mismatch = true;
    return 1;
  }
  if (st->first_verify_error == 0) st->first_verify_error = err;
  return st->peer.verify_peer ? 0 : 1;
}

std::unique_ptr<TlsSession> TlsSession::create(TlsContextCache& cache, const TlsOptions& opts,
                                               const std::string& host_in, std::uint16_t port, int fd,
                                               Status& error, std::string* detail, SessionStore* sessions,
                                               long*) {
  SessionStore& store = sessions ? *sessions : static_cast<SessionStore&>(cache.sessions());
  std::string ignored;
  std::string& why = detail ? *detail : ignored;
  why.clear();
  SSL_CTX* ctx = cache.contexts().context_for(opts, error, why);
  if (!ctx) return nullptr;

  std::unique_ptr<TlsSession> s(new (std::nothrow) TlsSession());
  if (!s || !(s->st_ = std::unique_ptr<State>(new (std::nothrow) State()))) {
    error = kOom;
    return nullptr;
  }
  State& st = *s->st_;
  st.peer = TlsPeer::make(opts, host_in, port);
  st.bio.fd = fd;
  st.sink.cache = &store;
  st.sink.key = st.peer.session_key;

  ERR_clear_error();
  st.ssl = SSL_new(ctx);
  BIO* bio = st.ssl ? BIO_new(socket_bio_method()) : nullptr;
  if (!bio) {
    error = kOom;
    return nullptr;
  }
  BIO_set_data(bio, &st.bio);
  SSL_set_bio(st.ssl, bio, bio);
  SSL_set_ex_data(st.ssl, state_index(), &st);
  SSL_set_ex_data(st.ssl, tls_detail::session_sink_index(), opts.session_id_cache ? &st.sink : nullptr);
  SSL_set_verify(st.ssl, SSL_VERIFY_PEER, TlsSessionAccess::verify);

  const bool ip = st.peer.ip;
  // SNI carries names only; an address in it is a protocol violation some servers reject.
  if (!ip && !SSL_set_tlsext_host_name(st.ssl, st.peer.host.c_str())) {
    error = kHandshake;
    why = "SSL: could not set the SNI host name";
    return nullptr;
  }
  if (st.peer.verify_host) {
    X509_VERIFY_PARAM* param = SSL_get0_param(st.ssl);
    X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    const int ok = ip ? X509_VERIFY_PARAM_set1_ip_asc(param, st.peer.host.c_str())
                      : X509_VERIFY_PARAM_set1_host(param, st.peer.host.c_str(), st.peer.host.size());
    if (!ok) {
      error = kHandshake;
      why = "SSL: could not set the verification host name";
      return nullptr;
    }
  }
  if (opts.enable_alpn) {
    static const unsigned char kAlpn[] = {8, 'h', 't', 't', 'p', '/', '1', '.', '1'};
    SSL_set_alpn_protos(st.ssl, kAlpn, sizeof kAlpn);
    st.alpn_on = true;
  }
  if (st.peer.verify_status) SSL_set_tlsext_status_type(st.ssl, TLSEXT_STATUSTYPE_ocsp);
  if (opts.session_id_cache) {
    if (TlsTicketRef cached = store.find_session(st.sink.key)) SSL_set_session(st.ssl, cached->session);
  }
  SSL_set_connect_state(st.ssl);
  error = Status::ok();
  return s;
}

TlsSession::~TlsSession() = default;

IoResult TlsSession::handshake() {
  State& st = *st_;
  clear_stale_errors();
  const int r = SSL_connect(st.ssl);
  if (r != 1) {
    const int e = SSL_get_error(st.ssl, r);
    if (e == SSL_ERROR_WANT_READ) return st.would_block(false);
    if (e == SSL_ERROR_WANT_WRITE) return st.would_block(true);
    const unsigned long err = ERR_peek_error();
    const int reason = ERR_GET_REASON(err);
    if (e == SSL_ERROR_SSL && reason == SSL_R_CERTIFICATE_VERIFY_FAILED) {
      const long v = st.first_verify_error ? st.first_verify_error : SSL_get_verify_result(st.ssl);
      st.verify_result = v;
      st.detail = std::string("SSL certificate problem: ") + X509_verify_cert_error_string(v);
      ERR_clear_error();
      return st.fail(kPeer);
    }
    if (e == SSL_ERROR_SSL && reason == SSL_R_TLSV13_ALERT_CERTIFICATE_REQUIRED) {
      st.detail = take_openssl_error(kClientCert.reason);
      return st.fail(kClientCert);
    }
    if (e == SSL_ERROR_SYSCALL && !err) {
      const int sys = errno;
      st.detail = sys ? std::string("SSL: connection failed during the handshake: ") + std::strerror(sys)
                      : "SSL: connection closed by the peer during the handshake";
    } else {
      st.detail = "SSL: handshake failed: " + take_openssl_error("unknown error");
    }
    ERR_clear_error();
    return st.fail(kHandshake);
  }

  // libcurl's order after the handshake: certinfo, host name, chain result, OCSP, pin.
  if (st.peer.cert_info) st.certinfo = collect_certinfo(st.ssl);
  X509* peer = SSL_get0_peer_certificate(st.ssl);
  if (!peer) {
    if (st.peer.verify_peer || st.peer.verify_host) return st.fail(kNoPeerCert);
    st.verify_result = st.first_verify_error;
    return {0, IoStatus::kOk, 0};
  }
  if (st.peer.verify_host && st.host_mismatch) {
    st.detail = "SSL: certificate names (" + certificate_names(peer) + ") do not match target host '" + st.peer.host + "'";
    return st.fail(kHostName);
  }
  st.verify_result = st.first_verify_error;
  if (st.peer.verify_peer && st.first_verify_error != 0) {
    st.detail = std::string("SSL certificate problem: ") + X509_verify_cert_error_string(st.first_verify_error);
    return st.fail(kPeer);
  }
  if (st.peer.verify_status) {
    const Status s = check_ocsp_staple(st.ssl, st.detail);
    if (!s) return st.fail(s);
  }
  if (st.peer.pinned) {
    const Status s = check_pinned_public_key(peer, *st.peer.pinned);
    if (!s) return st.fail(s);
  }
  return {0, IoStatus::kOk, 0};
}

IoResult TlsSession::read(char* buf, std::size_t cap) {
  State& st = *st_;
  clear_stale_errors();
  std::size_t n = 0;
  const int r = SSL_read_ex(st.ssl, buf, cap, &n);
  if (r == 1) return {n, IoStatus::kOk, 0};
  const int e = SSL_get_error(st.ssl, r);
  switch (e) {
    case SSL_ERROR_WANT_READ: return st.would_block(false);
    case SSL_ERROR_WANT_WRITE: return st.would_block(true);
    case SSL_ERROR_ZERO_RETURN: return {0, IoStatus::kClosed, 0};
    case SSL_ERROR_SYSCALL:
      if (!ERR_peek_error() && (errno == 0 || st.bio.eof)) return {0, IoStatus::kClosed, 0};
      {
        const int sys = errno;
        st.detail = std::string("SSL: receive failed: ") + std::strerror(sys);
        IoResult res = st.fail(kRecv);
        res.err = sys;
        return res;
      }
    default:
      st.detail = "SSL: receive failed: " + take_openssl_error("unknown error");
      return st.fail(kRecv);
  }
}

IoResult TlsSession::write(const char* buf, std::size_t len) {
  State& st = *st_;
  if (len == 0) return {0, IoStatus::kOk, 0};
  clear_stale_errors();
  std::size_t n = 0;
  const int r = SSL_write_ex(st.ssl, buf, len, &n);
  if (r == 1) return {n, IoStatus::kOk, 0};
  const int e = SSL_get_error(st.ssl, r);
  if (e == SSL_ERROR_WANT_WRITE) return st.would_block(true);
  if (e == SSL_ERROR_WANT_READ) return st.would_block(false);
  const int sys = e == SSL_ERROR_SYSCALL ? errno : 0;
  st.detail = sys ? std::string("SSL: send failed: ") + std::strerror(sys)
                  : "SSL: send failed: " + take_openssl_error("connection closed");
  IoResult res = st.fail(kSend);
  res.err = sys;
  return res;
}

bool TlsSession::wants_write() const { return st_->wants_write; }

// Read-ahead can leave whole records in OpenSSL's buffer that no socket readiness will
// announce: SSL_has_pending counts those too (SSL_pending only decrypted bytes).
bool TlsSession::has_pending() const { return SSL_has_pending(st_->ssl) == 1; }

void TlsSession::close_notify() {
  ERR_clear_error();
  if (SSL_is_init_finished(st_->ssl)) SSL_shutdown(st_->ssl);
  ERR_clear_error();
}

bool TlsSession::release_buffers() { return SSL_free_buffers(st_->ssl) == 1; }

Status TlsSession::failure() const { return st_->failure; }

const std::string& TlsSession::detail() const { return st_->detail; }

TlsInfo TlsSession::info() const {
  const State& st = *st_;
  TlsInfo out;
  out.verify_result = st.verify_result;
  out.certinfo = st.certinfo;
  const unsigned char* alpn = nullptr;
  unsigned int alpn_len = 0;
  SSL_get0_alpn_selected(st.ssl, &alpn, &alpn_len);
  if (alpn) out.alpn.assign(reinterpret_cast<const char*>(alpn), alpn_len);
  out.version = SSL_get_version(st.ssl);
  out.resumed = SSL_session_reused(st.ssl) == 1;
  return out;
}

void* TlsSession::native_handle() const { return st_->ssl; }

void TlsSession::detach_session_cache() { st_->sink.cache = nullptr; }

void TlsSession::run_over(TlsSession* lower) { st_->bio.lower = lower; }

void TlsSession::offer_h2() {
  if (!st_->alpn_on) return;
  static const unsigned char kAlpn[] = {2, 'h', '2', 8, 'h', 't', 't', 'p', '/', '1', '.', '1'};
  SSL_set_alpn_protos(st_->ssl, kAlpn, sizeof kAlpn);
}

bool TlsSession::alpn_h2() const {
  const unsigned char* alpn = nullptr;
  unsigned int len = 0;
  SSL_get0_alpn_selected(st_->ssl, &alpn, &len);
  return alpn && len == 2 && alpn[0] == 'h' && alpn[1] == '2';
}

}  // namespace xfer::transport
