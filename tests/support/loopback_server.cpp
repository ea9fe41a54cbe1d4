// The server's listening socket and epoll loop: accepts, dispatches events, fires deadlines.
#include "loopback_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstring>
#include <optional>
#include <queue>
#include <unordered_map>

#include "connection.h"
#include "server_shared.h"
#include "url_responder.h"

namespace xfer::test {
namespace {

// epoll user data for the two non-connection descriptors; connection ids start above them.
constexpr std::uint64_t listen_id = 0;
constexpr std::uint64_t wake_id = 1;
// Unix-socket listeners are tagged with this bit plus their index; connections never get it.
constexpr std::uint64_t unix_listen_bit = std::uint64_t{1} << 62;
// The loop wakes at least this often even when idle, so a lost wake-up cannot hang a test.
constexpr milliseconds max_wait{500};
// After EMFILE the listener rests instead of spinning on a connection it cannot accept.
constexpr milliseconds accept_pause{20};
constexpr int accepts_per_wake = 512;

void raise_fd_limit() {
  rlimit lim{};
  if (::getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur < lim.rlim_max) {
    lim.rlim_cur = lim.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &lim);
  }
}

struct TimerEntry {
  TimePoint when;
  std::uint64_t id;
  bool operator>(const TimerEntry& other) const { return when > other.when; }
};

// The loop's state lives here for the lifetime of serve().
class Loop {
 public:
  Loop(int epoll_fd, int listen_fd, const std::vector<int>& unix_fds, int wake_fd, ServerShared& shared)
      : epoll_fd_(epoll_fd), listen_fd_(listen_fd), unix_fds_(unix_fds), wake_fd_(wake_fd), shared_(shared) {}

  void run() {
    epoll_event events[256];
    while (!shared_.stopping.load()) {
      int n = ::epoll_wait(epoll_fd_, events, 256, wait_ms());
      TimePoint now = SteadyClock::now();
      for (int i = 0; i < n; ++i) {
        std::uint64_t id = events[i].data.u64;
        if (id == listen_id) {
          accept_some(listen_fd_, now);
        } else if (id & unix_listen_bit) {
          accept_some(unix_fds_[id & ~unix_listen_bit], now);
        } else if (id == wake_id) {
          std::uint64_t count;
          [[maybe_unused]] auto r = ::read(wake_fd_, &count, sizeof count);
        } else {
          dispatch(id, now, false);
        }
      }
      now = SteadyClock::now();
      fire_timers(now);
      resume_accepting(now);
    }
    conns_.clear();
  }

 private:
  int wait_ms() const {
    TimePoint now = SteadyClock::now();
    TimePoint until = now + max_wait;
    if (!timers_.empty() && timers_.top().when < until) until = timers_.top().when;
    if (accept_paused_until_ && *accept_paused_until_ < until) until = *accept_paused_until_;
    if (until <= now) return 0;
    auto ms = std::chrono::ceil<milliseconds>(until - now).count();
    return static_cast<int>(ms);
  }

  // Unix listeners are not paused on EMFILE: tests use them for a handful of connections.
  void accept_some(int listener, TimePoint now) {
    for (int i = 0; i < accepts_per_wake; ++i) {
      int fd = ::accept4(listener, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd < 0) {
        if (errno == EINTR || errno == ECONNABORTED) continue;
        if (listener == listen_fd_ && (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM))
          pause_accepting(now);
        return;
      }
      int one = 1;
      if (listener == listen_fd_) ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      std::size_t number = ++shared_.connections;
      std::uint64_t id = next_id_++;
      ssl_st* ssl = nullptr;
      if (shared_.tls_ctx && !(ssl = new_server_tls(shared_.tls_ctx, fd))) {
        ::close(fd);
        continue;
      }
      auto conn = std::make_unique<Connection>(fd, number, shared_.plan_for(number), shared_, ssl);
      epoll_event ev{};
      ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
      ev.data.u64 = id;
      if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev) != 0) continue;  // conn closes fd
      conns_.emplace(id, std::move(conn));
      dispatch(id, now, false);
    }
  }

  void pause_accepting(TimePoint now) {
    epoll_event ev{};
    ev.data.u64 = listen_id;
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, listen_fd_, &ev);
    accept_paused_until_ = now + accept_pause;
  }

  void resume_accepting(TimePoint now) {
    if (!accept_paused_until_ || now < *accept_paused_until_) return;
    accept_paused_until_.reset();
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = listen_id;
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, listen_fd_, &ev);
  }

  void dispatch(std::uint64_t id, TimePoint now, bool timer) {
    auto it = conns_.find(id);
    if (it == conns_.end()) return;
    Connection& conn = *it->second;
    if (timer) {
      conn.on_timer(now);
    } else {
      conn.on_event(now);
    }
    if (conn.finished()) {
      conns_.erase(it);  // closing the fd also removes it from epoll
      return;
    }
    if (conn.take_deadline_change() && conn.deadline()) timers_.push({*conn.deadline(), id});
  }

  void fire_timers(TimePoint now) {
    // Entries are never removed early; a stale one is recognised because the connection
    // is gone or now has a different deadline.
    while (!timers_.empty() && timers_.top().when <= now) {
      TimerEntry entry = timers_.top();
      timers_.pop();
      auto it = conns_.find(entry.id);
      if (it == conns_.end()) continue;
      const auto& deadline = it->second->deadline();
      if (!deadline || *deadline != entry.when) continue;
      dispatch(entry.id, now, true);
    }
  }

  int epoll_fd_;
  int listen_fd_;
  const std::vector<int>& unix_fds_;
  int wake_fd_;
  ServerShared& shared_;
  std::uint64_t next_id_ = 2;
  std::unordered_map<std::uint64_t, std::unique_ptr<Connection>> conns_;
  std::priority_queue<TimerEntry, std::vector<TimerEntry>, std::greater<>> timers_;
  std::optional<TimePoint> accept_paused_until_;
};

int open_listener(LoopbackServer::Family family, std::uint16_t want_port, std::uint16_t& port) {
  bool v6 = family == LoopbackServer::Family::ipv6;
  int fd = ::socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_storage addr{};
  socklen_t len = 0;
  if (v6) {
    auto* a = reinterpret_cast<sockaddr_in6*>(&addr);
    a->sin6_family = AF_INET6;
    a->sin6_port = htons(want_port);
    a->sin6_addr = in6addr_loopback;
    ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
    len = sizeof *a;
  } else {
    auto* a = reinterpret_cast<sockaddr_in*>(&addr);
    a->sin_family = AF_INET;
    a->sin_port = htons(want_port);
    a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    len = sizeof *a;
  }
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), len) != 0 || ::listen(fd, 65535) != 0) {
    ::close(fd);
    return -1;
  }
  len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  port = ntohs(v6 ? reinterpret_cast<sockaddr_in6*>(&addr)->sin6_port
                  : reinterpret_cast<sockaddr_in*>(&addr)->sin_port);
  return fd;
}

// An AF_UNIX listener on `path` ("@name": abstract); any stale socket file is replaced.
int open_unix_listener(const std::string& path) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  const bool abstract = !path.empty() && path[0] == '@';
  const std::string name = abstract ? path.substr(1) : path;
  if (name.empty() || name.size() + 1 > sizeof addr.sun_path) return -1;
  std::memcpy(addr.sun_path + (abstract ? 1 : 0), name.data(), name.size());
  const auto len = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + name.size() + 1);
  int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  if (!abstract) ::unlink(name.c_str());
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), len) != 0 || ::listen(fd, 4096) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

}  // namespace

std::vector<std::string> LoopbackServer::unix_paths() const {
  std::vector<std::string> out;
  for (std::string p : options_.unix_paths) {
    const std::string digits = std::to_string(port_);
    for (std::size_t at = p.find("{port}"); at != std::string::npos; at = p.find("{port}", at + digits.size()))
      p.replace(at, 6, digits);
    out.push_back(std::move(p));
  }
  return out;
}

LoopbackServer::LoopbackServer() : LoopbackServer(Options{}) {}

LoopbackServer::LoopbackServer(Options options)
    : options_(options), shared_(std::make_unique<ServerShared>()) {
  shared_->handler = url_handler();
  raise_fd_limit();
  shared_->h2 = options_.h2;
  shared_->h2_max_streams = options_.h2_max_streams;
  if (options_.tls) {
    shared_->tls_ctx = make_server_tls_context(*options_.tls, tls_error_);
    if (!shared_->tls_ctx) return;
    shared_->tls_plain_too = options_.tls->plain_too;
    if (options_.h2) offer_h2_alpn(shared_->tls_ctx);
  }
  listen_fd_ = open_listener(options_.family, options_.port, port_);
  if (listen_fd_ < 0) return;
  epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
  wake_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.u64 = listen_id;
  bool ready = epoll_fd_ >= 0 && wake_fd_ >= 0 &&
               ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, listen_fd_, &ev) == 0;
  ev.data.u64 = wake_id;
  ready = ready && ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &ev) == 0;
  for (const std::string& path : unix_paths()) {
    if (!ready) break;
    const int fd = open_unix_listener(path);
    if (fd < 0) {
      ready = false;
      break;
    }
    if (path[0] != '@') unix_files_.push_back(path);
    ev.data.u64 = unix_listen_bit | unix_fds_.size();
    unix_fds_.push_back(fd);
    ready = ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev) == 0;
  }
  if (!ready) {
    ::close(listen_fd_);
    listen_fd_ = -1;
    return;
  }
  thread_ = std::thread([this] { serve(); });
}

LoopbackServer::~LoopbackServer() {
  shared_->stopping.store(true);
  if (wake_fd_ >= 0) {
    std::uint64_t one = 1;
    [[maybe_unused]] auto r = ::write(wake_fd_, &one, sizeof one);
  }
  if (thread_.joinable()) thread_.join();
  if (listen_fd_ >= 0) ::close(listen_fd_);
  for (int fd : unix_fds_) ::close(fd);
  for (const std::string& f : unix_files_) ::unlink(f.c_str());
  if (wake_fd_ >= 0) ::close(wake_fd_);
  if (epoll_fd_ >= 0) ::close(epoll_fd_);
  if (shared_->tls_ctx) free_server_tls_context(shared_->tls_ctx);
}

void LoopbackServer::serve() { Loop(epoll_fd_, listen_fd_, unix_fds_, wake_fd_, *shared_).run(); }

std::string LoopbackServer::url(std::string_view path) const {
  std::string host = options_.family == Family::ipv6 ? "[::1]" : "127.0.0.1";
  return std::string(options_.tls ? "https://" : "http://") + host + ":" + std::to_string(port_) + std::string(path);
}

void LoopbackServer::url_mode() { handler(url_handler()); }

void LoopbackServer::script(Script steps) {
  std::vector<Script> one;
  one.push_back(std::move(steps));
  scripts(std::move(one));
}

void LoopbackServer::scripts(std::vector<Script> per_connection) {
  std::lock_guard lock(shared_->mutex);
  shared_->use_handler = false;
  shared_->scripts = std::move(per_connection);
}

void LoopbackServer::handler(std::function<Reply(const Request&)> respond) {
  handler(Handler{nullptr, std::move(respond), nullptr});
}

void LoopbackServer::handler(Handler handler) {
  std::lock_guard lock(shared_->mutex);
  shared_->use_handler = true;
  shared_->handler = std::move(handler);
}

void LoopbackServer::auto_continue(bool on) {
  std::lock_guard lock(shared_->mutex);
  shared_->auto_continue = on;
}

std::vector<std::string> LoopbackServer::requests() const {
  std::lock_guard lock(shared_->mutex);
  return shared_->recorded;
}

void LoopbackServer::clear_requests() {
  std::lock_guard lock(shared_->mutex);
  shared_->recorded.clear();
}

void LoopbackServer::record_requests(bool on) { shared_->record.store(on); }

std::size_t LoopbackServer::connection_count() const { return shared_->connections.load(); }

std::size_t LoopbackServer::request_count() const { return shared_->requests.load(); }

std::size_t LoopbackServer::tls_handshake_count() const { return shared_->tls_handshakes.load(); }

std::size_t LoopbackServer::tls_resumed_count() const { return shared_->tls_resumed.load(); }

}  // namespace xfer::test
