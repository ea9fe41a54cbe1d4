// TlsSession on GnuTLS: a non-blocking client session checked after the handshake as libcurl's GnuTLS build does.
#include "transport/tls_session.h"

#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <new>

#include <gnutls/x509.h>

#include "transport/gnutls/tls_internal.h"
#include "transport/tls_pin.h"

namespace xfer::transport {
namespace {

constexpr Status kHandshake = Status::fail(CURLE_SSL_CONNECT_ERROR, "SSL: the TLS handshake failed");
constexpr Status kPeer = Status::fail(CURLE_PEER_FAILED_VERIFICATION, "SSL: the server certificate did not verify");
constexpr Status kHostName =
    Status::fail(CURLE_PEER_FAILED_VERIFICATION, "SSL: the server certificate does not match the host name");
constexpr Status kNoPeerCert = Status::fail(CURLE_PEER_FAILED_VERIFICATION, "SSL: failed to get server cert");
constexpr Status kRecv = Status::fail(CURLE_RECV_ERROR, "SSL: failure when receiving data from the peer");
constexpr Status kSend = Status::fail(CURLE_SEND_ERROR, "SSL: failure when sending data to the peer");
constexpr Status kOom = Status::fail(CURLE_OUT_OF_MEMORY, "SSL: out of memory");

// The transport below GnuTLS: the socket (send never raises SIGPIPE), or over an HTTPS
// proxy the proxy's TLS session (TLS inside TLS).
struct Transport {
  int fd = -1;
  TlsSession* lower = nullptr;
  gnutls_session_t session = nullptr;
  // Read-ahead: GnuTLS asks for a record's 5-byte header and then its body, two recv calls
  // per record; one recv into this buffer takes several records at once (bulk HTTPS: about
  // half the system calls). Made on first read, freed by release_buffers when empty.
  static constexpr std::size_t kReadAhead = 64 * 1024;
  std::unique_ptr<char[]> ahead;
  std::size_t ahead_pos = 0;
  std::size_t ahead_end = 0;
  bool buffered() const { return ahead_pos < ahead_end; }
};

ssize_t from_lower(Transport* t, const IoResult& r) {
  switch (r.status) {
    case IoStatus::kOk: return static_cast<ssize_t>(r.bytes);
    case IoStatus::kWouldBlock: gnutls_transport_set_errno(t->session, EAGAIN); return -1;
    case IoStatus::kClosed: return 0;
    case IoStatus::kError: gnutls_transport_set_errno(t->session, EIO); return -1;
  }
  return -1;
}

ssize_t push(gnutls_transport_ptr_t p, const void* buf, size_t len) {
  auto* t = static_cast<Transport*>(p);
  if (t->lower) {
    // GnuTLS calls this; an exception from the layer below must not unwind through it.
    try {
      return from_lower(t, t->lower->write(static_cast<const char*>(buf), len));
    } catch (const std::bad_alloc&) {
      gnutls_transport_set_errno(t->session, ENOMEM);
      return -1;
    }
  }
  const ssize_t n = ::send(t->fd, buf, len, MSG_NOSIGNAL);
  // EINPROGRESS: a TCP Fast Open handshake started by this first write.
  if (n < 0) gnutls_transport_set_errno(t->session, errno == EINPROGRESS ? EAGAIN : errno);
  return n;
}

ssize_t pull(gnutls_transport_ptr_t p, void* buf, size_t len) {
  auto* t = static_cast<Transport*>(p);
  if (t->lower) {
    try {
      return from_lower(t, t->lower->read(static_cast<char*>(buf), len));
    } catch (const std::bad_alloc&) {
      gnutls_transport_set_errno(t->session, ENOMEM);
      return -1;
    }
  }
  if (!t->buffered()) {
    if (!t->ahead) {
      t->ahead.reset(new (std::nothrow) char[Transport::kReadAhead]);
      if (!t->ahead) {
        // No memory for read-ahead: read straight into GnuTLS's buffer.
        const ssize_t n = ::recv(t->fd, buf, len, 0);
        if (n < 0) gnutls_transport_set_errno(t->session, errno);
        return n;
      }
    }
    const ssize_t n = ::recv(t->fd, t->ahead.get(), Transport::kReadAhead, 0);
    if (n <= 0) {
      if (n < 0) gnutls_transport_set_errno(t->session, errno);
      return n;
    }
    t->ahead_pos = 0;
    t->ahead_end = static_cast<std::size_t>(n);
  }
  const std::size_t take = std::min(len, t->ahead_end - t->ahead_pos);
  std::memcpy(buf, t->ahead.get() + t->ahead_pos, take);
  t->ahead_pos += take;
  return static_cast<ssize_t>(take);
}

// GnuTLS asks whether a read would find data (waiting at most `ms`) before some reads: the
// read-ahead buffer (or the proxy's TLS session) may hold bytes the socket no longer shows.
int pull_timeout(gnutls_transport_ptr_t p, unsigned ms) {
  auto* t = static_cast<Transport*>(p);
  if (t->buffered() || (t->lower && t->lower->has_pending())) return 1;
  pollfd pfd{t->fd, POLLIN, 0};
  const int n = ::poll(&pfd, 1, ms == GNUTLS_INDEFINITE_TIMEOUT ? -1 : static_cast<int>(ms));
  if (n < 0) gnutls_transport_set_errno(t->session, errno);
  return n;
}

// ALPN lists, as libcurl offers them.
const gnutls_datum_t kHttp11[] = {{reinterpret_cast<unsigned char*>(const_cast<char*>("http/1.1")), 8}};
const gnutls_datum_t kH2Http11[] = {{reinterpret_cast<unsigned char*>(const_cast<char*>("h2")), 2},
                                    {reinterpret_cast<unsigned char*>(const_cast<char*>("http/1.1")), 8}};

}  // namespace

long tls_initial_verify_result() { return 0; }

struct TlsSession::State {
  gnutls_session_t session = nullptr;
  Transport transport;
  SessionStore* sessions = nullptr;  // null: tickets are not kept
  TlsPeer peer;
  OptText ca_file;  // named in the chain failure message
  // The ALPN list goes in once, at the first handshake step: GnuTLS 3.7 leaves an empty
  // entry behind when a second list replaces the first.
  enum class Alpn { kOff, kHttp11, kH2 } alpn = Alpn::kOff;
  bool alpn_set = false;
  bool handshaken = false;

  bool wants_write = false;
  long verify_result = 0;
  Status failure;
  std::string detail;
  std::vector<std::vector<std::string>> certinfo;

  ~State() {
    if (session) gnutls_deinit(session);
  }

  IoResult fail(Status why) {
    failure = why;
    if (detail.empty() && why.reason) detail = why.reason;
    return {0, IoStatus::kError, 0};
  }
  IoResult would_block() {
    wants_write = gnutls_record_get_direction(session) == 1;
    return {0, IoStatus::kWouldBlock, 0};
  }

  // The session as GnuTLS can resume it, kept under this connection's key.
  void keep_session() {
    if (!sessions) return;
    gnutls_datum_t data{};
    if (gnutls_session_get_data2(session, &data) < 0 || data.size == 0) return;
    auto* ticket = new (std::nothrow) TlsTicket(data);
    if (!ticket) {
      gnutls_free(data.data);
      return;
    }
    try {
      sessions->store_session(peer.session_key, TlsTicketRef(ticket));
    } catch (const std::bad_alloc&) {
      // A session that cannot be stored is not kept; the transfer goes on.
    }
  }

  Status check_peer();
};


// libcurl's GnuTLS order after the handshake: peer present, certinfo, chain (with
// VERIFYPEER), OCSP (VERIFYSTATUS), host name (with VERIFYHOST), pin.
Status TlsSession::State::check_peer() {
  unsigned chain_len = 0;
  const gnutls_datum_t* chain = gnutls_certificate_get_peers(session, &chain_len);
  if (!chain || chain_len == 0) {
    if (peer.verify_peer || peer.verify_host) {
      verify_result = GNUTLS_E_NO_CERTIFICATE_FOUND;
      return kNoPeerCert;
    }
    return Status::ok();
  }
  if (peer.cert_info) certinfo = gnutls_collect_certinfo(session);
  if (peer.verify_peer) {
    unsigned status = 0;
    const int rc = gnutls_certificate_verify_peers2(session, &status);
    if (rc < 0) {
      verify_result = rc;
      detail = "SSL: server cert verify failed: " + std::to_string(rc);
      return kHandshake;
    }
    verify_result = static_cast<long>(status);
    if (status & GNUTLS_CERT_INVALID) {
      // libcurl's words, which applications have been seen to match on.
      detail = "server certificate verification failed. CAfile: " + ca_file.value_or("none") + " CRLfile: none";
      return kPeer;
    }
  }
  if (peer.verify_status) {
    const Status s = gnutls_check_ocsp(session, detail);
    if (!s) return s;
  }
  if (peer.verify_host) {
    gnutls_x509_crt_t cert = nullptr;
    bool match = false;
    if (gnutls_x509_crt_init(&cert) == 0) {
      if (gnutls_x509_crt_import(cert, &chain[0], GNUTLS_X509_FMT_DER) == 0)
        match = gnutls_x509_crt_check_hostname2(cert, peer.host.c_str(), 0) != 0;
      gnutls_x509_crt_deinit(cert);
    }
    if (!match) {
      detail = "SSL: certificate subject name (" + gnutls_peer_common_name(session) + ") does not match target host name '" +
               peer.host + "'";
      return kHostName;
    }
  }
  if (peer.pinned) {
    const Status s = match_pinned_key(gnutls_peer_spki(session), *peer.pinned);
    if (!s) return s;
  }
  return Status::ok();
}

std::unique_ptr<TlsSession> TlsSession::create(TlsContextCache& cache, const TlsOptions& opts,
                                               const std::string& host_in, std::uint16_t port, int fd,
                                               Status& error, std::string* detail, SessionStore* sessions,
                                               long* verify_result) {
  SessionStore& store = sessions ? *sessions : static_cast<SessionStore&>(cache.sessions());
  std::string ignored;
  std::string& why = detail ? *detail : ignored;
  why.clear();
  long ca_error = 0;
  GnutlsContext* ctx = cache.contexts().context_for(opts, error, why, ca_error);
  if (!ctx && ca_error && verify_result) *verify_result = ca_error;
  if (!ctx) return nullptr;

  std::unique_ptr<TlsSession> s(new (std::nothrow) TlsSession());
  if (!s || !(s->st_ = std::unique_ptr<State>(new (std::nothrow) State()))) {
    error = kOom;
    return nullptr;
  }
  State& st = *s->st_;
  st.peer = TlsPeer::make(opts, host_in, port);
  st.ca_file = opts.ca_info;
  st.transport.fd = fd;
  if (opts.session_id_cache) st.sessions = &store;

  // No session tickets, as libcurl's GnuTLS build: a TLS 1.2 session resumes by its ID, a
  // TLS 1.3 one not at all (the hello carries neither extension).
  unsigned flags = GNUTLS_CLIENT | GNUTLS_NONBLOCK | GNUTLS_NO_TICKETS;
  if (gnutls_init(&st.session, flags) < 0) {
    st.session = nullptr;
    error = kOom;
    return nullptr;
  }
  st.transport.session = st.session;
  gnutls_transport_set_ptr(st.session, &st.transport);
  gnutls_transport_set_push_function(st.session, push);
  gnutls_transport_set_pull_function(st.session, pull);
  gnutls_transport_set_pull_timeout_function(st.session, pull_timeout);
  if (gnutls_priority_set(st.session, ctx->priority) < 0 ||
      gnutls_credentials_set(st.session, GNUTLS_CRD_CERTIFICATE, ctx->cred) < 0) {
    error = kHandshake;
    why = "SSL: could not set up the GnuTLS session";
    return nullptr;
  }
  // SNI carries names only; an address in it is a protocol violation some servers reject.
  if (!st.peer.ip &&
      gnutls_server_name_set(st.session, GNUTLS_NAME_DNS, st.peer.host.data(), st.peer.host.size()) < 0) {
    error = kHandshake;
    why = "SSL: could not set the SNI host name";
    return nullptr;
  }
  st.alpn = opts.enable_alpn ? State::Alpn::kHttp11 : State::Alpn::kOff;
  if (st.peer.verify_status) gnutls_ocsp_status_request_enable_client(st.session, nullptr, 0, nullptr);
  if (st.sessions) {
    if (TlsTicketRef cached = store.find_session(st.peer.session_key))
      gnutls_session_set_data(st.session, cached->data.data, cached->data.size);
  }
  error = Status::ok();
  return s;
}

TlsSession::~TlsSession() = default;

IoResult TlsSession::handshake() {
  State& st = *st_;
  if (!st.alpn_set) {
    st.alpn_set = true;
    if (st.alpn == State::Alpn::kHttp11) gnutls_alpn_set_protocols(st.session, kHttp11, 1, 0);
    if (st.alpn == State::Alpn::kH2) gnutls_alpn_set_protocols(st.session, kH2Http11, 2, 0);
  }
  int rc = 0;
  // A warning (a non-fatal alert) does not end the handshake: it goes on, as in libcurl;
  // so does AGAIN while the read-ahead buffer holds bytes the socket will not announce.
  for (int i = 0; i < 64; ++i) {
    rc = gnutls_handshake(st.session);
    const bool again = rc == GNUTLS_E_AGAIN || rc == GNUTLS_E_INTERRUPTED;
    if (rc >= 0 || (again && !st.transport.buffered()) || (!again && gnutls_error_is_fatal(rc))) break;
  }
  if (rc == GNUTLS_E_AGAIN || rc == GNUTLS_E_INTERRUPTED) return st.would_block();
  if (rc < 0) {
    if (rc == GNUTLS_E_FATAL_ALERT_RECEIVED || rc == GNUTLS_E_WARNING_ALERT_RECEIVED) {
      const char* alert = gnutls_alert_get_name(gnutls_alert_get(st.session));
      st.detail = std::string("SSL: gnutls_handshake() failed: ") + gnutls_strerror(rc) + " (" + (alert ? alert : "?") + ")";
    } else {
      st.detail = std::string("SSL: gnutls_handshake() failed: ") + gnutls_strerror(rc);
    }
    return st.fail(kHandshake);
  }
  st.handshaken = true;
  const Status s = st.check_peer();
  if (!s) return st.fail(s);
  // Without tickets only a TLS 1.2 session can be resumed (by its ID).
  if (gnutls_protocol_get_version(st.session) != GNUTLS_TLS1_3) st.keep_session();
  return {0, IoStatus::kOk, 0};
}

IoResult TlsSession::read(char* buf, std::size_t cap) {
  State& st = *st_;
  ssize_t n = gnutls_record_recv(st.session, buf, cap);
  // GnuTLS answers AGAIN after a post-handshake message (a session ticket) even when the
  // read-ahead buffer already holds the next record: go on while it does, since the socket
  // will not say so.
  for (int i = 0; i < 64 && (n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED) && st.transport.buffered(); ++i)
    n = gnutls_record_recv(st.session, buf, cap);
  if (n > 0) return {static_cast<std::size_t>(n), IoStatus::kOk, 0};
  if (n == 0) return {0, IoStatus::kClosed, 0};
  if (n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED) return st.would_block();
  // A server asking to renegotiate gets a refusal (an alert) and the stream goes on.
  if (n == GNUTLS_E_REHANDSHAKE) {
    gnutls_alert_send(st.session, GNUTLS_AL_WARNING, GNUTLS_A_NO_RENEGOTIATION);
    return st.would_block();
  }
  st.detail = "SSL: GnuTLS recv error (" + std::to_string(n) + "): " + gnutls_strerror(static_cast<int>(n));
  return st.fail(kRecv);
}

IoResult TlsSession::write(const char* buf, std::size_t len) {
  State& st = *st_;
  if (len == 0) return {0, IoStatus::kOk, 0};
  // After GNUTLS_E_AGAIN GnuTLS finishes the record it already built and reports that
  // record's length, whatever this call offers: the engine's retry offers at least as much.
  const ssize_t n = gnutls_record_send(st.session, buf, len);
  if (n >= 0) return {static_cast<std::size_t>(n), IoStatus::kOk, 0};
  if (n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED) return st.would_block();
  const int sys = n == GNUTLS_E_PUSH_ERROR ? errno : 0;
  st.detail = "SSL: GnuTLS send error (" + std::to_string(n) + "): " + gnutls_strerror(static_cast<int>(n));
  IoResult res = st.fail(kSend);
  res.err = sys;
  return res;
}

bool TlsSession::wants_write() const { return st_->wants_write; }

// Decrypted bytes inside GnuTLS, or records in the read-ahead buffer: neither makes the
// socket readable again.
bool TlsSession::has_pending() const {
  return gnutls_record_check_pending(st_->session) > 0 || st_->transport.buffered();
}

void TlsSession::close_notify() {
  if (st_->handshaken) gnutls_bye(st_->session, GNUTLS_SHUT_WR);
}

// The read-ahead buffer goes when it holds nothing; GnuTLS's own buffers are small.
bool TlsSession::release_buffers() {
  Transport& t = st_->transport;
  if (t.buffered()) return false;
  t.ahead.reset();
  t.ahead_pos = t.ahead_end = 0;
  return true;
}

Status TlsSession::failure() const { return st_->failure; }

const std::string& TlsSession::detail() const { return st_->detail; }

TlsInfo TlsSession::info() const {
  const State& st = *st_;
  TlsInfo out;
  out.verify_result = st.verify_result;
  out.certinfo = st.certinfo;
  gnutls_datum_t proto{};
  if (gnutls_alpn_get_selected_protocol(st.session, &proto) == 0)
    out.alpn.assign(reinterpret_cast<const char*>(proto.data), proto.size);
  if (const char* v = gnutls_protocol_get_name(gnutls_protocol_get_version(st.session))) out.version = v;
  out.resumed = gnutls_session_is_resumed(st.session) != 0;
  return out;
}

void* TlsSession::native_handle() const { return st_->session; }

void TlsSession::detach_session_cache() { st_->sessions = nullptr; }

void TlsSession::run_over(TlsSession* lower) { st_->transport.lower = lower; }

void TlsSession::offer_h2() {
  if (st_->alpn == State::Alpn::kHttp11) st_->alpn = State::Alpn::kH2;
}

bool TlsSession::alpn_h2() const {
  gnutls_datum_t proto{};
  return gnutls_alpn_get_selected_protocol(st_->session, &proto) == 0 && proto.size == 2 && proto.data[0] == 'h' &&
         proto.data[1] == '2';
}

}  // namespace xfer::transport
