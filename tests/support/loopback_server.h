// A loopback HTTP/1.1 (and optionally HTTP/2) test server on its own thread: URL-driven, scripted, or per-request callback.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "server_tls.h"
#include "steps.h"

namespace xfer::test {

struct ServerShared;

class LoopbackServer {
 public:
  enum class Family { ipv4, ipv6 };
  struct Options {
    Family family = Family::ipv4;
    std::uint16_t port = 0;  // 0: the kernel picks one
    // Set: every connection speaks TLS with this certificate (url() then says https).
    std::optional<TlsServerConfig> tls;
    // Also serve on these AF_UNIX stream sockets (the same URL protocol, the same TLS). A
    // leading '@' names a Linux abstract socket; "{port}" becomes the TCP port, so servers
    // running side by side get their own paths. A file path is unlinked at destruction.
    std::vector<std::string> unix_paths;
    // Also speak HTTP/2 (h2_peer.h): chosen by ALPN on TLS, by the client preface or an
    // `Upgrade: h2c` request (h2_upgrade.h) on a plain connection. Off: nothing changes, and
    // no ALPN is answered.
    bool h2 = false;
    std::size_t h2_max_streams = 100;  // SETTINGS_MAX_CONCURRENT_STREAMS announced
  };

  // Starts in URL-driven mode; check ok() before use.
  LoopbackServer();
  explicit LoopbackServer(Options options);
  ~LoopbackServer();
  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;

  bool ok() const { return listen_fd_ >= 0; }
  std::uint16_t port() const { return port_; }
  // options.unix_paths with "{port}" replaced, as the listeners use them.
  std::vector<std::string> unix_paths() const;
  // "http://127.0.0.1:PORT" (or "[::1]") followed by `path`, which should start with '/'.
  std::string url(std::string_view path = "/") const;

  // Each of these applies to connections accepted after the call.
  void url_mode();
  // Every connection runs `steps`; when they run out the connection is closed.
  void script(Script steps);
  // The i-th connection runs scripts[i]; later connections repeat the last one.
  void scripts(std::vector<Script> per_connection);
  // Every request is answered by `respond` (called on the server thread).
  void handler(std::function<Reply(const Request&)> respond);
  void handler(Handler handler);
  // Whether scripts and plain handlers answer "Expect: 100-continue" by themselves.
  void auto_continue(bool on);

  // Raw bytes of each complete request, in completion order.
  std::vector<std::string> requests() const;
  void clear_requests();
  // Turning recording off keeps memory flat in long benchmark runs.
  void record_requests(bool on);
  std::size_t connection_count() const;
  std::size_t request_count() const;
  // TLS mode: completed handshakes and how many of them resumed a session.
  std::size_t tls_handshake_count() const;
  std::size_t tls_resumed_count() const;
  // Why ok() is false when the TLS files did not load.
  const std::string& tls_error() const { return tls_error_; }

 private:
  void serve();

  Options options_;
  int listen_fd_ = -1;
  int wake_fd_ = -1;
  int epoll_fd_ = -1;
  std::uint16_t port_ = 0;
  std::unique_ptr<ServerShared> shared_;
  std::string tls_error_;
  std::vector<int> unix_fds_;        // listeners of options_.unix_paths, in that order
  std::vector<std::string> unix_files_;  // socket files to unlink
  std::thread thread_;
};

}  // namespace xfer::test
