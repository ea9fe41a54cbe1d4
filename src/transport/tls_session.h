// TlsSession: one client TLS connection over a connected non-blocking socket, whichever backend the build has.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "transport/socket_io.h"
#include "transport/tls_context.h"
#include "transport/tls_options.h"
#include "util/status.h"

namespace xfer::transport {

// What CURLINFO_SSL_VERIFYRESULT says for a TLS connect that failed before the peer's
// chain was judged (TlsSession::create failed, handshake error, host-name mismatch):
// libcurl 7.88 on OpenSSL starts every TLS connect at X509_V_ERR_UNSPECIFIED (1), on GnuTLS
// at 0 (its verify status bits, none set).
long tls_initial_verify_result();

// Copied into getinfo after the handshake, also after a failed one (verify_result then says
// why the chain was rejected, or tls_initial_verify_result()).
struct TlsInfo {
  long verify_result = 0;  // CURLINFO_SSL_VERIFYRESULT (OpenSSL: X509_V_OK = 0; GnuTLS: status bits)
  // CURLOPT_CERTINFO: one entry per certificate in the peer chain, "Name:value" lines.
  std::vector<std::vector<std::string>> certinfo;
  std::string alpn;      // negotiated protocol, empty when none
  std::string version;   // "TLSv1.3" ...
  bool resumed = false;  // the handshake resumed a cached session
};

class TlsSession {
 public:
  // host: the URL host (SNI unless an IP literal; the verification name); fd: a connected
  // socket that stays owned by the caller. Returns nullptr with `error` set when the
  // context cannot be built (77, 58, 59, 35 ...); `detail` (optional) receives the text.
  // sessions: where resumable sessions are found and kept (null: cache's own).
  // verify_result: where a backend that reports CA-loading errors there (GnuTLS) puts them.
  static std::unique_ptr<TlsSession> create(TlsContextCache& cache, const TlsOptions& opts,
                                            const std::string& host, std::uint16_t port,
                                            int fd, Status& error,
                                            std::string* detail = nullptr,
                                            SessionStore* sessions = nullptr,
                                            long* verify_result = nullptr);
  ~TlsSession();  // frees the SSL; never closes fd (no close_notify is sent either)
  TlsSession(const TlsSession&) = delete;
  TlsSession& operator=(const TlsSession&) = delete;

  // kOk when done, kWouldBlock (see wants_write()), kError with failure() giving
  // CURLE_SSL_CONNECT_ERROR (35), CURLE_PEER_FAILED_VERIFICATION (60),
  // CURLE_SSL_CERTPROBLEM (58), CURLE_SSL_PINNEDPUBKEYNOTMATCH (90),
  // CURLE_SSL_INVALIDCERTSTATUS (91) ...
  IoResult handshake();
  // kClosed on close_notify or EOF; kError with failure() = CURLE_RECV_ERROR (56).
  IoResult read(char* buf, std::size_t cap);
  // Never raises SIGPIPE. After kWouldBlock, call again with at least the same bytes
  // (the buffer may move). kError with failure() = CURLE_SEND_ERROR (55).
  IoResult write(const char* buf, std::size_t len);
  // The last kWouldBlock waits for writability (else for readability).
  bool wants_write() const;
  // Bytes already buffered inside the TLS library: read() returns data without the
  // socket becoming readable again.
  bool has_pending() const;
  // Best effort, never blocks: queue a close_notify before the caller closes the socket.
  void close_notify();
  // Frees the TLS library's record buffers; the next read or write makes them again. False (and
  // nothing freed) while they hold data not yet read or not yet sent.
  bool release_buffers();

  Status failure() const;              // static reason
  const std::string& detail() const;   // longer text for ERRORBUFFER (cert names ...)
  TlsInfo info() const;
  // The connection leaves the engine whose session cache it fed (a share's connection
  // cache): tickets that arrive later are not stored anywhere.
  void detach_session_cache();
  void* native_handle() const;         // SSL* or gnutls_session_t (CURLINFO_TLS_SSL_PTR / TLS_SESSION_INFO)
  // Before the handshake, with ALPN enabled: offer "h2" ahead of "http/1.1", as libcurl
  // does for the HTTP/2 versions of CURLOPT_HTTP_VERSION.
  void offer_h2();
  // After the handshake: the server picked "h2".
  bool alpn_h2() const;
  // Before the handshake: records go through `lower` (the TLS session to an HTTPS proxy,
  // which outlives this one) instead of the socket.
  void run_over(TlsSession* lower);

 private:
  TlsSession() = default;
  struct State;
  friend struct TlsSessionAccess;
  std::unique_ptr<State> st_;
};

}  // namespace xfer::transport
