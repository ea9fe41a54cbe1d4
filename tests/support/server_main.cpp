// xfer-testserver: the URL-driven loopback server as a program; prints its port, serves until told to stop.
#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "gss_acceptor.h"
#include "loopback_server.h"

namespace {

void usage() {
  std::fprintf(stderr,
               "usage: xfer-testserver [--ipv6] [--port N] [--no-stdin] [--unix PATH]...\n"
               "                       [--tls CERT KEY [--client-ca CA] [--tls-max 12|13] [--plain-too]]\n"
               "                       [--h2 [--h2-max-streams N]]\n"
               "  prints the port, serves until stdin reaches EOF or SIGTERM/SIGINT\n"
               "  --no-stdin  ignore stdin (serve until a signal)\n"
               "  --unix      also serve on this unix socket ('@name': abstract; '{port}' is\n"
               "              replaced by the TCP port)\n"
               "  --tls       speak TLS with this PEM certificate (chain) and key\n"
               "  --client-ca require a client certificate signed by this CA\n"
               "  --tls-max   highest TLS version offered (12 or 13)\n"
               "  --plain-too also serve plain HTTP on the TLS port (the first byte decides)\n"
               "  --h2        also speak HTTP/2: ALPN h2 on TLS, the client preface or\n"
               "              Upgrade: h2c on plain\n"
               "  --h2-max-streams  SETTINGS_MAX_CONCURRENT_STREAMS announced (default 100)\n"
               "usage: xfer-testserver --features\n"
               "  prints the optional parts built in, one a line (gssapi), and exits\n");
}

}  // namespace

int main(int argc, char** argv) {
  xfer::test::LoopbackServer::Options options;
  bool watch_stdin = true;
  std::string client_ca;
  int tls_max = 0;
  bool plain_too = false;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--features") {
      // Lets a test runner skip what this build cannot serve (run_scenario.py's `needs: kdc`).
      if (xfer::test::GssAcceptor::available()) std::printf("gssapi\n");
      return 0;
    } else if (arg == "--ipv6") {
      options.family = xfer::test::LoopbackServer::Family::ipv6;
    } else if (arg == "--port" && i + 1 < argc) {
      options.port = static_cast<std::uint16_t>(std::atoi(argv[++i]));
    } else if (arg == "--tls" && i + 2 < argc) {
      options.tls.emplace();
      options.tls->cert_file = argv[++i];
      options.tls->key_file = argv[++i];
    } else if (arg == "--client-ca" && i + 1 < argc) {
      client_ca = argv[++i];
    } else if (arg == "--tls-max" && i + 1 < argc) {
      tls_max = std::atoi(argv[++i]);
    } else if (arg == "--h2") {
      options.h2 = true;
    } else if (arg == "--h2-max-streams" && i + 1 < argc) {
      options.h2_max_streams = static_cast<std::size_t>(std::atoi(argv[++i]));
    } else if (arg == "--plain-too") {
      plain_too = true;
    } else if (arg == "--unix" && i + 1 < argc) {
      options.unix_paths.emplace_back(argv[++i]);
    } else if (arg == "--no-stdin") {
      watch_stdin = false;
    } else {
      usage();
      return 2;
    }
  }

  if (options.tls) {
    options.tls->client_ca_file = client_ca;
    options.tls->max_version = tls_max;
    options.tls->plain_too = plain_too;
  } else if (!client_ca.empty() || tls_max || plain_too) {
    usage();
    return 2;
  }

  // Blocked before the server thread starts so that only signalfd sees them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);
  int sig_fd = signalfd(-1, &stop_signals, SFD_CLOEXEC);

  xfer::test::LoopbackServer server(options);
  if (!server.ok()) {
    if (!server.tls_error().empty()) {
      std::fprintf(stderr, "xfer-testserver: %s\n", server.tls_error().c_str());
      return 1;
    }
    std::fprintf(stderr, "xfer-testserver: cannot listen: %s\n", std::strerror(errno));
    return 1;
  }
  // A long-lived server would otherwise keep every request it ever saw.
  server.record_requests(false);
  std::printf("%u\n", static_cast<unsigned>(server.port()));
  std::fflush(stdout);

  pollfd fds[2] = {{sig_fd, POLLIN, 0}, {watch_stdin ? 0 : -1, POLLIN, 0}};
  for (;;) {
    int n = poll(fds, 2, -1);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 || (fds[0].revents & POLLIN)) break;
    if (fds[1].revents & (POLLIN | POLLHUP | POLLERR | POLLNVAL)) {
      char buf[4096];
      ssize_t r = read(0, buf, sizeof buf);
      if (r <= 0) break;  // EOF: whoever started us is gone or wants us to stop
    }
  }
  return 0;
}
