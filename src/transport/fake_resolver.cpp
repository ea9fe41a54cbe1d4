// FakeResolver: scripted answers on a test clock, delivered through a real eventfd.
#include "transport/fake_resolver.h"

#include <sys/eventfd.h>
#include <unistd.h>

namespace xfer::transport {

FakeResolver::FakeResolver() : event_fd_(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {}

FakeResolver::~FakeResolver() {
  if (event_fd_ >= 0) ::close(event_fd_);
}

void FakeResolver::add_answer(const std::string& host, std::vector<Address> addrs,
                              Duration delay) {
  scripts_[host] = Script{false, std::move(addrs), delay};
}

void FakeResolver::add_answer_literals(const std::string& host,
                                       const std::vector<std::string>& ips, Duration delay) {
  std::vector<Address> addrs;
  for (const auto& ip : ips) {
    Address a;
    if (Address::from_literal(ip, 0, a)) addrs.push_back(a);
  }
  add_answer(host, std::move(addrs), delay);
}

void FakeResolver::add_failure(const std::string& host, Duration delay) {
  scripts_[host] = Script{true, {}, delay};
}

void FakeResolver::set_now(TimePoint now) { now_ = now; }

std::size_t FakeResolver::complete_due(TimePoint now) {
  now_ = now;
  std::size_t n = 0;
  for (auto it = pending_.begin(); it != pending_.end();) {
    if (!it->second.manual_only && it->second.due <= now) {
      finish(it->first, it->second);
      it = pending_.erase(it);
      ++n;
    } else {
      ++it;
    }
  }
  return n;
}

bool FakeResolver::complete(std::uint64_t ticket) {
  auto it = pending_.find(ticket);
  if (it == pending_.end()) return false;
  finish(it->first, it->second);
  pending_.erase(it);
  return true;
}

std::size_t FakeResolver::complete_all() {
  std::size_t n = pending_.size();
  for (auto& [ticket, p] : pending_) finish(ticket, p);
  pending_.clear();
  return n;
}

TimePoint FakeResolver::next_due() const {
  TimePoint best = TimePoint::max();
  for (const auto& [ticket, p] : pending_) {
    if (!p.manual_only && p.due < best) best = p.due;
  }
  return best;
}

std::uint64_t FakeResolver::submit(const std::string& host, std::uint16_t port,
                                   long ip_version) {
  std::uint64_t ticket = next_ticket_++;
  ++submitted_;
  hosts_log_.push_back(host);
  Pending p{host, port, ip_version, now_, false};
  auto it = scripts_.find(host);
  Duration delay = it == scripts_.end() ? Duration::zero() : it->second.delay;
  if (delay == Duration::max()) {
    p.manual_only = true;
  } else {
    p.due = now_ + delay;
  }
  if (!p.manual_only && delay <= Duration::zero()) {
    finish(ticket, p);
  } else {
    pending_.emplace(ticket, std::move(p));
  }
  return ticket;
}

void FakeResolver::cancel(std::uint64_t ticket) {
  bool found = pending_.erase(ticket) > 0;
  found |= std::erase_if(done_, [&](const ResolveResult& r) { return r.ticket == ticket; }) > 0;
  if (found) ++cancelled_;
}

int FakeResolver::notify_fd() const { return event_fd_; }

void FakeResolver::collect(std::vector<ResolveResult>& out) {
  if (event_fd_ >= 0) {
    std::uint64_t value;
    ssize_t ignored = ::read(event_fd_, &value, sizeof value);
    (void)ignored;
  }
  for (auto& r : done_) out.push_back(std::move(r));
  done_.clear();
}

ResolveResult FakeResolver::answer(std::uint64_t ticket, const Pending& p) const {
  ResolveResult r;
  r.ticket = ticket;
  auto it = scripts_.find(p.host);
  if (it != scripts_.end() && !it->second.fail) {
    r.addresses = it->second.addrs;
  } else if (it == scripts_.end()) {
    Address a;
    if (Address::from_literal(p.host, p.port, a)) r.addresses.push_back(a);
  }
  for (auto& a : r.addresses) a.set_port(p.port);
  filter_by_ip_version(r.addresses, p.ip_version);
  r.status = r.addresses.empty()
                 ? Status::fail(CURLE_COULDNT_RESOLVE_HOST, kResolveFailedReason)
                 : Status::ok();
  return r;
}

void FakeResolver::finish(std::uint64_t ticket, const Pending& p) {
  done_.push_back(answer(ticket, p));
  signal();
}

void FakeResolver::signal() {
  if (event_fd_ < 0) return;
  std::uint64_t one = 1;
  ssize_t ignored = ::write(event_fd_, &one, sizeof one);
  (void)ignored;
}

}  // namespace xfer::transport
