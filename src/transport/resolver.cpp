// ThreadPoolResolver: getaddrinfo on a small lazily started thread pool, results signalled by eventfd.
#include "transport/resolver.h"

#include <netdb.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <list>
#include <memory>
#include <mutex>
#include <new>
#include <thread>
#include <unordered_set>

namespace xfer::transport {

// libcurl decides once per process whether IPv6 is usable by opening an IPv6 socket; an
// AF_UNSPEC lookup on a host without IPv6 would only return addresses nobody can use.
bool ipv6_works() {
  static const bool works = [] {
    int fd = ::socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return false;
    ::close(fd);
    return true;
  }();
  return works;
}

namespace {

void signal_eventfd(int fd) {
  if (fd < 0) return;
  std::uint64_t one = 1;
  // A full counter (impossible in practice) still leaves the fd readable, so the result
  // of write can be ignored.
  ssize_t ignored = ::write(fd, &one, sizeof one);
  (void)ignored;
}

void drain_eventfd(int fd) {
  if (fd < 0) return;
  std::uint64_t value;
  ssize_t ignored = ::read(fd, &value, sizeof value);
  (void)ignored;
}

Status answer_literal(const std::string& host, std::uint16_t port, long ip_version,
                      std::vector<Address>& out) {
  Address a;
  if (!Address::from_literal(host, port, a)) {
    return Status::fail(CURLE_COULDNT_RESOLVE_HOST, kResolveFailedReason);
  }
  out.push_back(a);
  filter_by_ip_version(out, ip_version);
  if (out.empty()) return Status::fail(CURLE_COULDNT_RESOLVE_HOST, kResolveFailedReason);
  return Status::ok();
}

}  // namespace

Status blocking_lookup(const std::string& host, std::uint16_t port, long ip_version,
                       std::vector<Address>& out) {
  addrinfo hints{};
  if (ip_version == CURL_IPRESOLVE_V4) {
    hints.ai_family = AF_INET;
  } else if (ip_version == CURL_IPRESOLVE_V6) {
    hints.ai_family = AF_INET6;
  } else {
    hints.ai_family = ipv6_works() ? AF_UNSPEC : AF_INET;
  }
  hints.ai_socktype = SOCK_STREAM;
  char service[8];
  std::snprintf(service, sizeof service, "%u", static_cast<unsigned>(port));

  addrinfo* res = nullptr;
  int rc = ::getaddrinfo(host.c_str(), service, &hints, &res);
  if (rc != 0 || !res) {
    if (res) ::freeaddrinfo(res);
    return Status::fail(CURLE_COULDNT_RESOLVE_HOST, kResolveFailedReason);
  }
  std::unique_ptr<addrinfo, void (*)(addrinfo*)> owned(res, ::freeaddrinfo);
  for (addrinfo* ai = res; ai; ai = ai->ai_next) {
    Address a;
    if (Address::from_sockaddr(ai->ai_addr, ai->ai_addrlen, a)) {
      a.set_port(port);
      out.push_back(a);
    }
  }
  if (out.empty()) return Status::fail(CURLE_COULDNT_RESOLVE_HOST, kResolveFailedReason);
  return Status::ok();
}

struct ThreadPoolResolver::State {
  struct Job {
    std::uint64_t ticket;
    std::string host;
    std::uint16_t port;
    long ip_version;
  };

  std::mutex mu;
  std::condition_variable cv;
  std::deque<Job> queue;
  std::unordered_set<std::uint64_t> running;
  std::unordered_set<std::uint64_t> cancelled_running;
  std::unordered_set<std::uint64_t> quick;  // dont_wait_for tickets not finished yet
  std::vector<ResolveResult> done;
  std::list<std::thread> threads;
  int alive = 0;
  int idle = 0;
  bool stopping = false;
  std::uint64_t next_ticket = 1;

  int max_threads = 4;
  Duration idle_timeout{};
  LookupFunction lookup;
  int event_fd = -1;

  ~State() {
    if (event_fd >= 0) ::close(event_fd);
  }

  // Never allocates when called from a worker: submit() reserved a place for every ticket.
  void publish(ResolveResult r) {
    done.push_back(std::move(r));
    signal_eventfd(event_fd);
  }
};

namespace {

using State = ThreadPoolResolver::State;

// Holds its own reference to the state: a thread leaving after its idle timeout detaches
// itself and may still be running its last instructions when the pool is destroyed.
void worker_main(std::shared_ptr<State> st) {
  std::unique_lock lock(st->mu);
  for (;;) {
    if (st->stopping) break;
    if (!st->queue.empty()) {
      State::Job job = std::move(st->queue.front());
      st->queue.pop_front();
      ResolveResult r;
      r.ticket = job.ticket;
      // Nothing may escape this thread (std::terminate): an allocation that fails here
      // becomes the lookup's result, published into room submit() reserved.
      try {
        st->running.insert(job.ticket);
      } catch (const std::bad_alloc&) {
        r.status = Status::fail(CURLE_OUT_OF_MEMORY, kResolveNoMemoryReason);
        st->quick.erase(job.ticket);
        st->publish(std::move(r));
        continue;
      }
      lock.unlock();

      try {
        r.status = st->lookup(job.host, job.port, job.ip_version, r.addresses);
      } catch (const std::bad_alloc&) {
        r.status = Status::fail(CURLE_OUT_OF_MEMORY, kResolveNoMemoryReason);
      }
      if (!r.status) r.addresses.clear();

      lock.lock();
      st->running.erase(job.ticket);
      st->quick.erase(job.ticket);
      if (st->cancelled_running.erase(job.ticket) == 0) st->publish(std::move(r));
      continue;
    }
    ++st->idle;
    bool woken = st->cv.wait_for(lock, st->idle_timeout,
                                 [&] { return st->stopping || !st->queue.empty(); });
    --st->idle;
    if (!woken) break;
  }
  --st->alive;
  if (!st->stopping) {
    auto self = std::this_thread::get_id();
    auto it = std::find_if(st->threads.begin(), st->threads.end(),
                           [&](const std::thread& t) { return t.get_id() == self; });
    if (it != st->threads.end()) {
      it->detach();
      st->threads.erase(it);
    }
  }
}

}  // namespace

ThreadPoolResolver::ThreadPoolResolver(int max_threads, Duration idle_timeout,
                                       LookupFunction lookup)
    : state_(std::make_shared<State>()) {
  state_->max_threads = max_threads > 0 ? max_threads : 4;
  state_->idle_timeout = idle_timeout;
  state_->lookup = lookup ? std::move(lookup) : LookupFunction(blocking_lookup);
  state_->event_fd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
}

ThreadPoolResolver::~ThreadPoolResolver() {
  std::list<std::thread> to_join;
  bool wait = true;
  {
    std::lock_guard lock(state_->mu);
    state_->stopping = true;
    state_->queue.clear();
    to_join.swap(state_->threads);
    for (std::uint64_t t : state_->running) {
      if (state_->quick.count(t)) wait = false;
    }
  }
  state_->cv.notify_all();
  for (auto& t : to_join) {
    // A detached thread keeps the state alive through its own reference.
    if (!wait) t.detach();
    else if (t.joinable()) t.join();
  }
}

void ThreadPoolResolver::dont_wait_for(std::uint64_t ticket) {
  std::lock_guard lock(state_->mu);
  const bool unfinished = state_->running.count(ticket) != 0 ||
                          std::any_of(state_->queue.begin(), state_->queue.end(),
                                      [&](const State::Job& j) { return j.ticket == ticket; });
  if (unfinished) state_->quick.insert(ticket);
}

std::uint64_t ThreadPoolResolver::submit(const std::string& host, std::uint16_t port,
                                         long ip_version) {
  State& st = *state_;
  std::unique_lock lock(st.mu);
  std::uint64_t ticket = st.next_ticket++;

  if (is_ip_literal(host)) {
    ResolveResult r;
    r.ticket = ticket;
    r.status = answer_literal(host, port, ip_version, r.addresses);
    st.publish(std::move(r));
    return ticket;
  }

  // A worker publishes without allocating (it could not report the failure): room in
  // `done` for every ticket that may still finish, taken here where throwing is fine.
  st.done.reserve(st.done.size() + st.queue.size() + st.running.size() + 1);
  st.queue.push_back({ticket, host, port, ip_version});
  if (st.idle < static_cast<int>(st.queue.size()) && st.alive < st.max_threads) {
    // Without any thread the job would wait forever; with one, it just queues. A thread
    // the system refuses (pthread_create's EAGAIN) fails the lookup as libcurl's does,
    // with COULDNT_RESOLVE_HOST; only a failed allocation is OUT_OF_MEMORY.
    CURLcode failed = CURLE_OK;
    try {
      st.threads.emplace_back(worker_main, state_);
      ++st.alive;
    } catch (const std::bad_alloc&) {
      failed = CURLE_OUT_OF_MEMORY;
    } catch (...) {
      failed = CURLE_COULDNT_RESOLVE_HOST;
    }
    if (failed != CURLE_OK && st.alive == 0) {
      st.queue.pop_back();
      st.publish({ticket, Status::fail(failed, "Could not start resolver thread"), {}});
      return ticket;
    }
  }
  lock.unlock();
  st.cv.notify_one();
  return ticket;
}

void ThreadPoolResolver::cancel(std::uint64_t ticket) {
  State& st = *state_;
  std::lock_guard lock(st.mu);
  auto q = std::find_if(st.queue.begin(), st.queue.end(),
                        [&](const State::Job& j) { return j.ticket == ticket; });
  if (q != st.queue.end()) {
    st.queue.erase(q);
    return;
  }
  if (st.running.count(ticket)) {
    st.cancelled_running.insert(ticket);
    return;
  }
  std::erase_if(st.done, [&](const ResolveResult& r) { return r.ticket == ticket; });
}

int ThreadPoolResolver::notify_fd() const { return state_->event_fd; }

void ThreadPoolResolver::collect(std::vector<ResolveResult>& out) {
  // Draining before taking the results means a result published in between leaves the
  // fd readable: at worst one empty wake-up, never a lost one.
  drain_eventfd(state_->event_fd);
  std::lock_guard lock(state_->mu);
  // Room first: a push_back that threw half way would lose the results already moved.
  // Without room, the fd is made readable again so that a later pass collects them.
  try {
    out.reserve(out.size() + state_->done.size());
  } catch (const std::bad_alloc&) {
    signal_eventfd(state_->event_fd);
    throw;
  }
  for (auto& r : state_->done) out.push_back(std::move(r));
  state_->done.clear();
}

int ThreadPoolResolver::thread_count() const {
  std::lock_guard lock(state_->mu);
  return state_->alive;
}

int ThreadPoolResolver::max_threads() const { return state_->max_threads; }

std::size_t ThreadPoolResolver::queued() const {
  std::lock_guard lock(state_->mu);
  return state_->queue.size();
}

std::unique_ptr<Resolver> make_thread_pool_resolver(int max_threads) {
  return std::make_unique<ThreadPoolResolver>(max_threads);
}

}  // namespace xfer::transport
