// FakeResolver: a scripted Resolver for tests: fixed answers, failures and delays on a test clock.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "transport/resolver.h"

namespace xfer::transport {

// Answers come from a script keyed by host name. A zero delay answers during submit();
// a positive delay answers at the first complete_due(now) with now >= submit time + delay
// (the submit time is the last value given to set_now()/complete_due()); a delay of
// Duration::max() answers only through complete(ticket) or complete_all(). Unscripted
// hosts fail with CURLE_COULDNT_RESOLVE_HOST (IP literals answer themselves). Answers are
// filtered by ip_version and carry the submitted port, like the real resolver. The
// notify_fd is a real eventfd, so an engine can poll it.
class FakeResolver final : public Resolver {
 public:
  FakeResolver();
  ~FakeResolver() override;
  FakeResolver(const FakeResolver&) = delete;
  FakeResolver& operator=(const FakeResolver&) = delete;

  // Scripting (replaces an earlier script for the same host).
  void add_answer(const std::string& host, std::vector<Address> addrs,
                  Duration delay = Duration::zero());
  // Convenience: literals such as {"127.0.0.1", "::1"}; the port is set at submit.
  void add_answer_literals(const std::string& host, const std::vector<std::string>& ips,
                           Duration delay = Duration::zero());
  void add_failure(const std::string& host, Duration delay = Duration::zero());

  void set_now(TimePoint now);
  // Completes every pending lookup whose delay has passed at now; returns how many.
  std::size_t complete_due(TimePoint now);
  bool complete(std::uint64_t ticket);  // false when the ticket is not pending
  std::size_t complete_all();
  // The earliest time a delayed lookup becomes due; TimePoint::max() when none.
  TimePoint next_due() const;

  // Resolver
  std::uint64_t submit(const std::string& host, std::uint16_t port, long ip_version) override;
  void cancel(std::uint64_t ticket) override;
  int notify_fd() const override;
  void collect(std::vector<ResolveResult>& out) override;

  // What the code under test did.
  std::size_t submitted() const { return submitted_; }
  std::size_t cancelled() const { return cancelled_; }
  std::size_t pending() const { return pending_.size(); }   // not yet answered
  std::size_t ready() const { return done_.size(); }        // answered, not collected
  std::vector<std::string> submitted_hosts() const { return hosts_log_; }

 private:
  struct Script {
    bool fail = false;
    std::vector<Address> addrs;
    Duration delay{};
  };
  struct Pending {
    std::string host;
    std::uint16_t port = 0;
    long ip_version = 0;
    TimePoint due;
    bool manual_only = false;
  };

  ResolveResult answer(std::uint64_t ticket, const Pending& p) const;
  void finish(std::uint64_t ticket, const Pending& p);
  void signal();

  std::map<std::string, Script> scripts_;
  std::map<std::uint64_t, Pending> pending_;
  std::vector<ResolveResult> done_;
  std::vector<std::string> hosts_log_;
  TimePoint now_{};
  std::uint64_t next_ticket_ = 1;
  std::size_t submitted_ = 0;
  std::size_t cancelled_ = 0;
  int event_fd_ = -1;
};

}  // namespace xfer::transport
