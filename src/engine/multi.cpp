// Multi: engine passes (readiness, due timers, ready transfers) and the multi operations.
#include "engine/multi.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/select.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <new>

#include "engine/callback_scope.h"
#include "engine/transfer_dns.h"

namespace xfer {

Multi::Multi(Clock& clock)
    : clock_(clock), pool_(*this), recv_buf_(new char[kRecvBufferSize]) {
  now_ = clock_.now();
  resolver_target_.multi = this;
  wake_slot_.fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  wake_slot_.target = &wake_target_;
  wake_slot_.internal = true;
  if (wake_slot_.fd >= 0) poller_.update(wake_slot_, EPOLLIN);
}

std::uint64_t Multi::next_serial() {
  static std::atomic<std::uint64_t> counter{0};
  return ++counter;
}

Multi::~Multi() {
  // DoH probes belong to their lookups, not to the application: they go first.
  for (auto& [ticket, lookup] : doh_) {
    if (Transfer* owner = lookup->owner()) owner->resolve_ticket_ = 0;
  }
  doh_.clear();
  doh_probes_.clear();
  doh_finished_.clear();
  // Handles still added become free-standing again, as with libcurl's multi_cleanup.
  // Their transfer objects go with this engine: kept, each would point at a dead engine,
  // and one made later at this same address would take it for its own and reuse it.
  while (Easy* e = handles_.front()) {
    remove(*e);
    e->transfer.reset();
  }
  pool_.close_all();
  tls_cache_.reset();
  if (resolver_) poller_.forget(resolver_slot_);
  resolver_.reset();
  poller_.forget(wake_slot_);
  if (wake_slot_.fd >= 0) close(wake_slot_.fd);
  magic_ = 0;
}

transport::Resolver& Multi::resolver() {
  if (!resolver_) {
    resolver_ = transport::make_thread_pool_resolver(4);
    resolver_slot_.fd = resolver_->notify_fd();
    resolver_slot_.target = &resolver_target_;
    if (resolver_slot_.fd >= 0) poller_.update(resolver_slot_, EPOLLIN);
  }
  return *resolver_;
}

transport::TlsContextCache& Multi::tls_cache() {
  if (!tls_cache_) tls_cache_ = std::make_unique<transport::TlsContextCache>();
  return *tls_cache_;
}

void Multi::set_resolver(std::unique_ptr<transport::Resolver> r) {
  if (resolver_) poller_.forget(resolver_slot_);
  resolver_ = std::move(r);
  resolver_slot_ = PollSlot{};
  resolver_slot_.fd = resolver_->notify_fd();
  resolver_slot_.target = &resolver_target_;
  if (resolver_slot_.fd >= 0) poller_.update(resolver_slot_, EPOLLIN);
}

// ---- multi operations ---------------------------------------------------------------------

CURLMcode Multi::add(Easy& e) {
  if (e.multi) return CURLM_ADDED_ALREADY;
  if (in_callback) return CURLM_RECURSIVE_API_CALL;
  e.multi = this;
  e.msg = CURLMsg{};
  handles_.push_back(&e);
  ++alive_;
  // Started by the next perform, as libcurl's "timeout 0" after an add does; and, as there,
  // an add always tells the timer callback, even when the deadline looks unchanged. The
  // transfer object is made only then: an added handle that has not started costs no more
  // than the handle itself.
  const bool was_idle = ready_.empty() && starting_.empty();
  starting_.push_back(&e);
  // Only the application's timer callback reads ready_since_ (next_deadline); without one
  // the clock read is saved.
  if (was_idle && timer_fn_) ready_since_ = clock_.now();
  app_timer_ = TimePoint::min();
  return finish_call(nullptr);
}

Transfer* Multi::adopt(Easy& e) {
  e.transfer = std::make_unique<Transfer>(e, *this);
  e.multi = this;
  e.msg = CURLMsg{};
  handles_.push_back(&e);
  ++alive_;
  e.transfer->rearm();
  return e.transfer.get();
}

const Easy* Multi::handle_if_added(const void* p) const {
  if (!p) return nullptr;
  for (Easy* e = handles_.front(); e; e = handles_.next_of(e))
    if (e == p) return e;
  return nullptr;
}

CURLMcode Multi::remove(Easy& e) {
  if (in_callback) return CURLM_RECURSIVE_API_CALL;
  if (!e.multi) return CURLM_OK;
  if (e.multi != this) return CURLM_BAD_EASY_HANDLE;
  detach(e);
  // A lookup the handle was waiting for leaves with it.
  reap_doh();
  return finish_call(nullptr);
}

void Multi::detach(Easy& e) {
  if (e.start_hook.linked()) {
    starting_.remove(&e);
    --alive_;
  } else if (e.transfer && e.transfer->attached()) {
    // Readiness already fetched for the sockets this abandon releases leaves with them
    // (Poller::forget); the rest stays for the next perform.
    if (!e.transfer->done()) --alive_;
    e.transfer->abandon();
  }
  if (e.lingering) {
    e.lingering->slot.easy = nullptr;
    e.lingering = nullptr;
  }
  msgs_.remove(&e);
  handles_.remove(&e);
  e.multi = nullptr;
  aborted_.clear();
  if (alive_ == 0 && poller_.reporting()) pool_.sweep_lingering(true);
  pool_.reap();
}

CURLMcode Multi::perform(int* running) {
  if (in_callback) return CURLM_RECURSIVE_API_CALL;
  // An event-driven engine driven by perform too needs the epoll set after all.
  poller_.mirror_epoll();
  run_pass();
  return finish_drive(running);
}

void Multi::run_pass() {
  now_ = clock_.now();
  // Events a wait fetched are this pass's; only without them is the epoll set asked.
  if (!poller_.has_pending()) poller_.harvest(0);
  run_ready();
}

void Multi::deliver_pending() {
  poller_.deliver_pending([](const PollEvent& ev) { ev.target->on_ready(ev.fd, ev.events); });
}

void Multi::run_ready() {
  // Fetched readiness goes first, whichever call drives the engine: a wait's events are
  // not to be lost on an engine driven by socket_action as well.
  if (poller_.has_pending()) deliver_pending();
  while (Easy* e = starting_.front()) {
    // A handle added again to the same engine reuses its transfer object and its buffers.
    // The handle leaves the starting list only once it has one: when the allocation
    // throws, the call reports OUT_OF_MEMORY and the next pass tries again (popped first,
    // the handle was never started and its application waited for it forever).
    if (!e->transfer || e->transfer->engine_serial() != serial_) e->transfer = std::make_unique<Transfer>(*e, *this);
    starting_.remove(e);
    e->transfer->rearm();
    make_ready(*e->transfer);
  }
  while (TimerEntry* te = timers_.pop_due(now_)) static_cast<Transfer*>(te->owner)->on_timer();
  // HTTP/2 connections are pumped after the transfers that ran (their new streams leave
  // in one write); what a pump's input decides for a stream runs its transfer in turn.
  // Bounded: what is left goes on in the next pass.
  for (int round = 0; round < 64; ++round) {
    while (Transfer* t = ready_.pop_front()) {
      t->run();
      process_aborts();
    }
    if (links_due_.empty()) break;
    while (H2Link* l = links_due_.pop_front()) {
      if (!l->pump(recv_buffer(), kRecvBufferSize)) links_owed_.push_back(l);
    }
    if (ready_.empty()) break;
  }
  while (H2Link* l = links_owed_.pop_front()) link_due(*l);
  if (!doh_finished_.empty()) reap_doh();
  pool_.reap();
}

void Multi::process_aborts() {
  // Targets stay alive until reap(), which runs only after this.
  while (!aborted_.empty()) {
    PollTarget* target = aborted_.back();
    aborted_.pop_back();
    target->on_socket_refused();
  }
}

CURLMcode Multi::finish_drive(int* running) {
  if (poller_.reporting()) pool_.sweep_lingering(alive_ == 0);
  pool_.release_quiet_tls();
  return finish_call(running);
}

CURLMcode Multi::finish_call(int* running) {
  // A socket callback that failed ends the call at once, running count untouched (7.88).
  if (died_) {
    died_ = false;
    return CURLM_ABORTED_BY_CALLBACK;
  }
  if (running) *running = alive_;
  return update_app_timer() ? CURLM_OK : CURLM_ABORTED_BY_CALLBACK;
}

// ---- event-driven operation ---------------------------------------------------------------

void Multi::set_socket_callback(curl_socket_callback fn, void* data) {
  socket_fn_ = fn;
  socket_data_ = data;
  poller_.set_reporter(fn ? this : nullptr);
}

void Multi::set_timer_callback(curl_multi_timer_callback fn, void* data) {
  timer_fn_ = fn;
  timer_data_ = data;
  app_timer_ = TimePoint::max();
}

void Multi::report(PollSlot& slot, int what) {
  if (!socket_fn_ || dead_) return;
  int rc;
  {
    CallbackScope scope(*this);
    rc = socket_fn_(slot.easy, slot.fd, what, socket_data_, slot.socketp);
  }
  // libcurl 7.88 takes -1 from the socket callback as fatal for the whole engine: the
  // current call returns CURLM_ABORTED_BY_CALLBACK and every transfer fails afterwards.
  if (rc == -1) {
    dead_ = true;
    died_ = true;
  }
}

TimePoint Multi::next_deadline() const {
  if (work_waiting()) return ready_since_;
  return timers_.earliest();
}

bool Multi::update_app_timer() {
  if (!timer_fn_ || dead_) return true;
  const TimePoint due = next_deadline();
  if (due == app_timer_) return true;
  app_timer_ = due;
  long ms = -1;
  if (due != TimePoint::max()) {
    const TimePoint now = clock_.now();
    const auto us = due > now ? std::chrono::duration_cast<std::chrono::microseconds>(due - now).count() : 0;
    ms = static_cast<long>((us + 999) / 1000);
  }
  int rc;
  {
    CallbackScope scope(*this);
    rc = timer_fn_(static_cast<Curl_multi*>(this), ms, timer_data_);
  }
  if (rc == -1) dead_ = true;
  return rc != -1;
}

CURLMcode Multi::socket_action(curl_socket_t fd, int ev_bitmask, int* running) {
  if (in_callback) return CURLM_RECURSIVE_API_CALL;
  // Event loops often fire timers a little early (millisecond clocks); like libcurl, take
  // "now" 40 ms later so such a wakeup still finds its deadline due.
  now_ = clock_.now() + std::chrono::milliseconds(40);
  if (fd != CURL_SOCKET_TIMEOUT) {
    PollSlot* slot = poller_.reporting() ? poller_.find(fd) : nullptr;
    // A socket the engine no longer knows is a stale event from the app's loop: ignored.
    if (slot && slot->target) {
      std::uint32_t ev = 0;
      if (ev_bitmask & CURL_CSELECT_IN) ev |= EPOLLIN;
      if (ev_bitmask & CURL_CSELECT_OUT) ev |= EPOLLOUT;
      if (ev_bitmask & CURL_CSELECT_ERR) ev |= EPOLLERR;
      if (ev == 0) ev = EPOLLIN | EPOLLOUT;  // "figure it out yourself"
      slot->target->on_ready(fd, ev);
    }
  }
  run_ready();
  return finish_drive(running);
}

CURLMcode Multi::socket_all(int* running) {
  if (in_callback) return CURLM_RECURSIVE_API_CALL;
  now_ = clock_.now();
  // The old "check every socket" call: every transfer with a socket gets a look.
  for (Easy* e = handles_.front(); e; e = handles_.next_of(e)) {
    if (e->transfer && e->transfer->attached() && !e->transfer->done()) make_ready(*e->transfer);
  }
  if (!lookups_.empty()) collect_resolved();
  run_ready();
  return finish_drive(running);
}

CURLMcode Multi::assign(curl_socket_t fd, void* socketp) {
  PollSlot* slot = poller_.find(fd);
  if (!slot) return CURLM_BAD_SOCKET;
  slot->socketp = socketp;
  return CURLM_OK;
}

CURLMcode Multi::waitfds(curl_waitfd* ufds, unsigned size, unsigned* fd_count) {
  if (in_callback) return CURLM_RECURSIVE_API_CALL;
  if (!ufds && size) return CURLM_BAD_FUNCTION_ARGUMENT;
  unsigned n = 0;
  bool overflow = false;
  auto put = [&](const PollSlot& s) {
    if (s.fd < 0 || s.events == 0) return;
    if (n < size) {
      short ev = 0;
      if (s.events & EPOLLIN) ev |= CURL_WAIT_POLLIN;
      if (s.events & EPOLLOUT) ev |= CURL_WAIT_POLLOUT;
      ufds[n] = curl_waitfd{s.fd, ev, 0};
    } else {
      overflow = true;
    }
    ++n;
  };
  for (Easy* e = handles_.front(); e; e = handles_.next_of(e)) {
    if (e->transfer) e->transfer->visit_slots(put);
  }
  if (!lookups_.empty()) put(resolver_slot_);
  if (fd_count) *fd_count = n;
  return overflow ? CURLM_OUT_OF_MEMORY : CURLM_OK;
}

CURLMcode Multi::timeout(long* ms) {
  if (in_callback) return CURLM_RECURSIVE_API_CALL;
  const bool needs_clock = !work_waiting() && !timers_.empty();
  *ms = timeout_at(needs_clock ? clock_.now() : TimePoint());
  return CURLM_OK;
}

long Multi::timeout_at(TimePoint now) const {
  if (work_waiting()) return 0;
  if (timers_.empty()) return -1;
  const TimePoint due = timers_.earliest();
  if (due <= now) return 0;
  // Round up so that a wait of *ms finds the timer due rather than a busy loop.
  const auto us = std::chrono::duration_cast<std::chrono::microseconds>(due - now).count();
  return static_cast<long>((us + 999) / 1000);
}

CURLMcode Multi::wait(curl_waitfd extra[], unsigned n, int timeout_ms, int* numfds, bool interruptible) {
  if (in_callback) return CURLM_RECURSIVE_API_CALL;
  if (timeout_ms < 0) return CURLM_BAD_FUNCTION_ARGUMENT;
  if (numfds) *numfds = 0;
  // One clock read serves both the engine's own deadline and the time already waited.
  const TimePoint start = clock_.now();
  const long engine_ms = timeout_at(start);
  if (engine_ms >= 0 && engine_ms < timeout_ms) timeout_ms = static_cast<int>(engine_ms);

  poller_.mirror_epoll();
  if (!interruptible && !watching_sockets() && n == 0) {
    // curl_multi_wait with nothing to wait on returns at once; curl_multi_poll sleeps.
    return CURLM_OK;
  }
  // A wakeup set aside by an earlier curl_multi_wait is this poll's to see.
  if (interruptible && !wake_slot_.registered && wake_slot_.fd >= 0) poller_.update(wake_slot_, EPOLLIN);
  const int total_ms = timeout_ms;
  for (;;) {
    int count = 0;
    if (n == 0) {
      // Only the engine's own sockets: one epoll_wait both waits and fetches the events
      // that the next perform runs (a poll() on the epoll fd would cost a second syscall).
      // Events fetched by an earlier wait and not yet run answer this one at once.
      if (!poller_.has_pending() && poller_.harvest(timeout_ms) < 0) {
        if (errno == EINTR) return CURLM_OK;
        return CURLM_UNRECOVERABLE_POLL;
      }
    } else {
      const CURLMcode mc = wait_with_extra(extra, n, timeout_ms, count);
      if (mc != CURLM_OK) return mc;
    }
    // curl_multi_wait does not answer to curl_multi_wakeup (libcurl's wait never looks at
    // its wakeup pipe): the eventfd leaves the epoll set unread until the next poll puts it
    // back, and a wait that saw nothing else goes on for the time left.
    if (!interruptible && drop_wake_event()) {
      poller_.update(wake_slot_, 0);
      if (!poller_.has_pending() && count == 0) {
        const auto spent = std::chrono::duration_cast<std::chrono::milliseconds>(clock_.now() - start).count();
        timeout_ms = total_ms - static_cast<int>(std::min<long long>(spent, total_ms));
        if (timeout_ms > 0) continue;
      }
    }
    take_prefetched();
    if (numfds) *numfds = count + static_cast<int>(poller_.pending_count());
    return CURLM_OK;
  }
}

CURLMcode Multi::wait_with_extra(curl_waitfd extra[], unsigned n, int timeout_ms, int& count) {
  constexpr unsigned kStackFds = 16;
  pollfd stack_fds[kStackFds];
  std::unique_ptr<pollfd[]> heap_fds;
  pollfd* pfds = stack_fds;
  if (n + 1 > kStackFds) {
    heap_fds.reset(new (std::nothrow) pollfd[n + 1]);
    if (!heap_fds) return CURLM_OUT_OF_MEMORY;
    pfds = heap_fds.get();
  }
  pfds[0] = pollfd{poller_.fd(), POLLIN, 0};
  for (unsigned i = 0; i < n; ++i) {
    short ev = 0;
    if (extra[i].events & CURL_WAIT_POLLIN) ev |= POLLIN;
    if (extra[i].events & CURL_WAIT_POLLPRI) ev |= POLLPRI;
    if (extra[i].events & CURL_WAIT_POLLOUT) ev |= POLLOUT;
    pfds[i + 1] = pollfd{extra[i].fd, ev, 0};
  }
  const int rc = ::poll(pfds, n + 1, timeout_ms);
  if (rc < 0) {
    if (errno == EINTR) return CURLM_OK;
    return CURLM_UNRECOVERABLE_POLL;
  }
  count = 0;
  for (unsigned i = 0; i < n; ++i) {
    unsigned short r = 0;
    if (pfds[i + 1].revents & POLLIN) r |= CURL_WAIT_POLLIN;
    if (pfds[i + 1].revents & POLLPRI) r |= CURL_WAIT_POLLPRI;
    if (pfds[i + 1].revents & POLLOUT) r |= CURL_WAIT_POLLOUT;
    extra[i].revents = static_cast<short>(r);
    if (r) ++count;
  }
  // Take the engine's events now; the next perform uses them instead of asking again.
  if ((pfds[0].revents & POLLIN) && !poller_.has_pending()) poller_.harvest(0);
  return CURLM_OK;
}

bool Multi::drop_wake_event() { return poller_.drop_pending(&wake_target_); }

void Multi::take_prefetched() {
  // A wakeup only ends the wait; the rest is kept for the next perform.
  if (drop_wake_event()) {
    std::uint64_t v;
    [[maybe_unused]] ssize_t r = read(wake_slot_.fd, &v, sizeof v);
  }
}

CURLMcode Multi::wakeup() {
  if (wake_slot_.fd < 0) return CURLM_WAKEUP_FAILURE;
  const std::uint64_t one = 1;
  if (write(wake_slot_.fd, &one, sizeof one) < 0 && errno != EAGAIN) return CURLM_WAKEUP_FAILURE;
  return CURLM_OK;
}

// A wakeup belongs to curl_multi_poll: a perform that sees it leaves it pending (libcurl's
// perform never reads its wakeup pipe either), and the next poll returns at once and drains it.
void Multi::WakeTarget::on_ready(int, std::uint32_t) {}

bool Multi::watching_sockets() const {
  return poller_.registered() > (wake_slot_.registered ? 1u : 0u);
}

CURLMcode Multi::fdset(fd_set* r, fd_set* w, fd_set* x, int* max_fd) {
  if (in_callback) return CURLM_RECURSIVE_API_CALL;
  (void)x;
  int top = -1;
  auto put = [&](const PollSlot& s) {
    if (s.events == 0 || s.fd < 0 || s.fd >= FD_SETSIZE) return;
    if ((s.events & EPOLLIN) && r) FD_SET(s.fd, r);
    if ((s.events & EPOLLOUT) && w) FD_SET(s.fd, w);
    top = std::max(top, s.fd);
  };
  for (Easy* e = handles_.front(); e; e = handles_.next_of(e)) {
    if (e->transfer) e->transfer->visit_slots(put);
  }
  if (!lookups_.empty()) put(resolver_slot_);
  if (max_fd) *max_fd = top;
  return CURLM_OK;
}

CURLMsg* Multi::info_read(int* msgs_in_queue) {
  if (msgs_in_queue) *msgs_in_queue = 0;
  if (in_callback) return nullptr;
  Easy* e = msgs_.pop_front();
  if (!e) return nullptr;
  if (msgs_in_queue) *msgs_in_queue = static_cast<int>(msgs_.size());
  return &e->msg;
}

CURL** Multi::handles() const {
  auto** out = static_cast<CURL**>(std::malloc(sizeof(CURL*) * (handles_.size() + 1)));
  if (!out) return nullptr;
  std::size_t i = 0;
  for (Easy* e = handles_.front(); e; e = handles_.next_of(e))
    if (!is_doh_probe(*e)) out[i++] = static_cast<Curl_easy*>(e);
  out[i] = nullptr;
  return out;
}

// ---- services for transfers ---------------------------------------------------------------

void Multi::make_ready(Transfer& t) {
  if (t.ready_hook_.linked()) return;
  if (ready_.empty() && starting_.empty()) ready_since_ = now_;
  ready_.push_back(&t);
}

void Multi::link_due(H2Link& l) {
  if (l.due_hook.linked()) return;
  if (!work_waiting()) ready_since_ = now_;
  links_due_.push_back(&l);
}

void Multi::make_ready_soon(Transfer& t) {
  const bool was_idle = ready_.empty() && starting_.empty();
  make_ready(t);
  if (was_idle) ready_since_ = clock_.now();
  app_timer_ = TimePoint::min();
  update_app_timer();
}

void Multi::forget(Transfer& t) {
  ready_.remove(&t);
  timers_.cancel(t.timer_);
  cancel_resolve(t);
}

void Multi::transfer_done(Transfer& t) {
  Easy& e = t.easy();
  --alive_;
  ready_.remove(&t);
  timers_.cancel(t.timer_);
  if (is_doh_probe(e)) return doh_probe_done(e, t.result().is_ok());
  e.msg.msg = CURLMSG_DONE;
  e.msg.easy_handle = static_cast<Curl_easy*>(&e);
  e.msg.data.result = t.result().code;
  msgs_.push_back(&e);
}

Status Multi::start_resolve(Transfer& t, const std::string& host, std::uint16_t port,
                            long ip_version, bool quick_exit) {
  if (t.easy().opts.rare_view().doh_url.is_set() && !is_doh_probe(t.easy()))
    return start_doh(t, host, port, ip_version);
  if (resolver().notify_fd() < 0) {
    // Its eventfd could not be made (EMFILE): no answer would ever be heard of, so the
    // lookup fails now, as libcurl's does when its socketpair cannot be made. No lookup
    // can be running on it, so the next one gets a new resolver and another try.
    poller_.forget(resolver_slot_);
    resolver_.reset();
    resolver_slot_ = PollSlot{};
    return Status::fail(CURLE_COULDNT_RESOLVE_HOST, "Could not start the resolver");
  }
  const std::uint64_t ticket = resolver().submit(host, port, ip_version);
  if (quick_exit) resolver().dont_wait_for(ticket);
  t.resolve_ticket_ = ticket;
  lookups_[ticket] = Lookup{&t, host, port};
  return Status::ok();
}

void Multi::cancel_resolve(Transfer& t) {
  if (!t.resolve_ticket_) return;
  if (t.resolve_ticket_ & kDohTicket) {
    // Its probes may be mid-step: the lookup is only marked here and leaves at reap_doh.
    if (auto it = doh_.find(t.resolve_ticket_); it != doh_.end() && it->second->owner()) {
      it->second->orphan();
      doh_finished_.push_back(it->first);
    }
    t.resolve_ticket_ = 0;
    return;
  }
  lookups_.erase(t.resolve_ticket_);
  if (resolver_) resolver_->cancel(t.resolve_ticket_);
  t.resolve_ticket_ = 0;
}

void Multi::ResolverTarget::on_ready(int, std::uint32_t) { multi->collect_resolved(); }

void Multi::collect_resolved() {
  resolved_.clear();
  resolver_->collect(resolved_);
  for (transport::ResolveResult& r : resolved_) {
    auto it = lookups_.find(r.ticket);
    if (it == lookups_.end()) continue;
    Lookup l = it->second;
    lookups_.erase(it);
    // An answer the cache has no room for is still used: had the exception left here, the
    // lookup (already forgotten) would never reach its transfer, nor would later results.
    if (r.status) {
      try {
        l.transfer->with_dns([&](transport::DnsCache& c) { c.store(l.host, l.port, r.addresses, now_); });
      } catch (const std::bad_alloc&) {
      }
    }
    l.transfer->on_resolved(r.status, std::move(r.addresses));
  }
}

// ---- DNS-over-HTTPS ------------------------------------------------------------------------

Status Multi::start_doh(Transfer& t, const std::string& host, std::uint16_t port, long ip_version) {
  const std::uint64_t ticket = kDohTicket | ++doh_serial_;
  auto lookup = std::make_unique<DohLookup>(*this, t, host, port);
  if (Status st = lookup->prepare(t.easy().opts, ip_version, t.connect_time_left()); !st) return st;
  DohLookup& l = *lookup;
  doh_.emplace(ticket, std::move(lookup));
  t.resolve_ticket_ = ticket;
  for (DohLookup::Probe& p : l.probes()) {
    doh_probes_.emplace(p.easy.get(), ticket);
    if (Share* share = t.easy().share) {
      p.easy->share = share;
      share->attach(p.easy.get());
    }
    enlist_internal(*p.easy);
  }
  return Status::ok();
}

void Multi::enlist_internal(Easy& e) {
  // As add(), but started within this pass: the owner already waits for it.
  e.multi = this;
  e.msg = CURLMsg{};
  handles_.push_back(&e);
  ++alive_;
  e.transfer = std::make_unique<Transfer>(e, *this);
  e.transfer->rearm();
  make_ready(*e.transfer);
}

void Multi::doh_probe_done(Easy& e, bool ok) {
  const std::uint64_t ticket = doh_probes_.at(&e);
  DohLookup& l = *doh_.at(ticket);
  if (!l.probe_done(e, ok)) return;
  Transfer* owner = l.owner();
  if (!owner) return;  // already marked finished by cancel_resolve
  std::vector<transport::Address> addrs;
  const Status st = l.result(addrs);
  l.orphan();
  doh_finished_.push_back(ticket);
  if (st) {
    try {
      owner->with_dns([&](transport::DnsCache& c) { c.store(l.host(), l.port(), addrs, now_); });
    } catch (const std::bad_alloc&) {
    }
  }
  owner->on_resolved(st, std::move(addrs));
}

void Multi::reap_doh() {
  while (!doh_finished_.empty()) {
    const std::uint64_t ticket = doh_finished_.back();
    doh_finished_.pop_back();
    auto it = doh_.find(ticket);
    if (it == doh_.end()) continue;
    for (DohLookup::Probe& p : it->second->probes()) doh_probes_.erase(p.easy.get());
    doh_.erase(it);  // detaches the probes and frees their handles
  }
}

}  // namespace xfer
