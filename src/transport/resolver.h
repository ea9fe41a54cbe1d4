// Resolver: asynchronous name lookups (interface) and the bounded thread-pool implementation.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "transport/address.h"
#include "util/status.h"
#include "util/time.h"

namespace xfer::transport {

struct ResolveResult {
  std::uint64_t ticket = 0;
  Status status;
  std::vector<Address> addresses;  // every entry carries the submitted port
};

// An interface so engine tests can script answers (see FakeResolver).
class Resolver {
 public:
  virtual ~Resolver() = default;
  // ip_version: CURL_IPRESOLVE_WHATEVER/V4/V6. Returns a ticket (never 0).
  virtual std::uint64_t submit(const std::string& host, std::uint16_t port, long ip_version) = 0;
  // The ticket's result is dropped, even if it already finished but was not collected.
  virtual void cancel(std::uint64_t ticket) = 0;
  // CURLOPT_QUICK_EXIT: destroying the resolver does not wait for this ticket's lookup.
  virtual void dont_wait_for(std::uint64_t /*ticket*/) {}
  // Readable (eventfd) while results are waiting; -1 if the resolver has none.
  virtual int notify_fd() const = 0;
  // Appends finished results to out and drains the eventfd.
  virtual void collect(std::vector<ResolveResult>& out) = 0;
};

// Whether this machine can open an IPv6 socket (decided once per process, as libcurl does).
bool ipv6_works();

// Static reason used for every failed lookup (CURLE_COULDNT_RESOLVE_HOST).
inline constexpr const char* kResolveFailedReason = "Could not resolve host";
inline constexpr const char* kResolveNoMemoryReason = "Out of memory while resolving";

// The blocking lookup a pool thread runs. Replaceable so tests can hold a thread inside a
// "lookup" without touching DNS. Must be thread-safe.
using LookupFunction = std::function<Status(const std::string& host, std::uint16_t port,
                                            long ip_version, std::vector<Address>& out)>;

// getaddrinfo the way libcurl 7.88's threaded resolver calls it: ai_family AF_INET for V4,
// AF_INET6 for V6, for WHATEVER AF_UNSPEC when the machine can open an IPv6 socket else
// AF_INET; SOCK_STREAM; no AI_ADDRCONFIG flag. Results in getaddrinfo's order.
Status blocking_lookup(const std::string& host, std::uint16_t port, long ip_version,
                       std::vector<Address>& out);

// Pool with at most max_threads threads (<= 0 means 4), started lazily by submit; a thread
// idle for idle_timeout exits, so an idle pool holds no threads; the destructor joins
// every thread (a lookup in progress is waited for), unless a lookup in progress was marked
// dont_wait_for: then the threads are detached and finish on their own. IP literals are answered on the
// caller's thread without a pool thread (the result still arrives through collect()).
class ThreadPoolResolver final : public Resolver {
 public:
  explicit ThreadPoolResolver(int max_threads, Duration idle_timeout = std::chrono::seconds(30),
                              LookupFunction lookup = blocking_lookup);
  ~ThreadPoolResolver() override;
  ThreadPoolResolver(const ThreadPoolResolver&) = delete;
  ThreadPoolResolver& operator=(const ThreadPoolResolver&) = delete;

  std::uint64_t submit(const std::string& host, std::uint16_t port, long ip_version) override;
  void cancel(std::uint64_t ticket) override;
  void dont_wait_for(std::uint64_t ticket) override;
  int notify_fd() const override;
  void collect(std::vector<ResolveResult>& out) override;

  // For tests and diagnostics.
  int thread_count() const;    // threads alive right now
  int max_threads() const;
  std::size_t queued() const;  // submitted, not yet picked up by a thread

  struct State;  // shared with the pool threads, which may outlive a lookup's caller

 private:
  std::shared_ptr<State> state_;
};

std::unique_ptr<Resolver> make_thread_pool_resolver(int max_threads);

}  // namespace xfer::transport
