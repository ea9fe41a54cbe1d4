// Multi: the engine behind CURLM*: ready transfers, timers, poller, pool and resolver.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include <curl/curl.h>

#include "engine/clock.h"
#include "engine/doh.h"
#include "engine/easy.h"
#include "engine/h2_link.h"
#include "engine/poller.h"
#include "engine/pool.h"
#include "engine/timer_heap.h"
#include "engine/transfer.h"
#include "transport/dns_cache.h"
#include "transport/resolver.h"
#include "transport/tls_context.h"
#include "util/intrusive_list.h"
#include "util/slab.h"

namespace xfer {

class Multi : private SocketReporter {
 public:
  explicit Multi(Clock& clock = SystemClock::instance());
  std::uint64_t serial() const { return serial_; }
  ~Multi();
  Multi(const Multi&) = delete;
  Multi& operator=(const Multi&) = delete;

  static constexpr std::uint32_t kMagic = 0x786d756c;
  bool valid() const { return magic_ == kMagic && poller_.ok(); }

  // The C API's operations; argument checks are done by the caller (src/api).
  CURLMcode add(Easy& e);
  CURLMcode remove(Easy& e);
  CURLMcode perform(int* running);
  CURLMcode wait(curl_waitfd extra[], unsigned n, int timeout_ms, int* numfds, bool interruptible);
  CURLMcode wakeup();
  CURLMcode timeout(long* ms);
  CURLMcode fdset(fd_set* r, fd_set* w, fd_set* x, int* max_fd);
  CURLMsg* info_read(int* msgs_in_queue);
  // Event-driven operation (CURLMOPT_SOCKETFUNCTION / TIMERFUNCTION).
  CURLMcode socket_action(curl_socket_t fd, int ev_bitmask, int* running);
  CURLMcode socket_all(int* running);
  CURLMcode assign(curl_socket_t fd, void* socketp);
  CURLMcode waitfds(curl_waitfd* ufds, unsigned size, unsigned* fd_count);
  void set_socket_callback(curl_socket_callback fn, void* data);
  void set_timer_callback(curl_multi_timer_callback fn, void* data);
  curl_socket_callback socket_callback() const { return socket_fn_; }
  void* socket_data() const { return socket_data_; }
  curl_multi_timer_callback timer_callback() const { return timer_fn_; }
  void* timer_data() const { return timer_data_; }
  CURL** handles() const;  // curl_multi_get_handles: NULL-terminated, malloc'ed

  // Options (CURLMOPT_*).
  Pool& pool() { return pool_; }
  // CURLMOPT_PIPELINING's CURLPIPE_MULTIPLEX bit and CURLMOPT_MAX_CONCURRENT_STREAMS:
  // kept for HTTP/2 (issue 18); over HTTP/1.1 a connection serves one transfer at a time.
  bool multiplexing = true;
  long max_concurrent_streams = 100;
  // CURLMOPT_PUSHFUNCTION/PUSHDATA: kept for HTTP/2, the only protocol with server push.
  curl_push_callback push_fn = nullptr;
  void* push_data = nullptr;

  // Services for transfers.
  TimePoint now() const { return now_; }
  Poller& poller() { return poller_; }
  transport::Resolver& resolver();
  // Test seam: replaces the resolver pool (e.g. with transport::FakeResolver) before use.
  void set_resolver(std::unique_ptr<transport::Resolver> r);
  Clock& clock() { return clock_; }
  transport::DnsCache& dns() { return dns_; }
  transport::TlsContextCache& tls_cache();
  void make_ready(Transfer& t);
  // An HTTP/2 connection has frames to send or input to read for its streams: it is
  // pumped in this pass, after the ready transfers (one write for all their new streams).
  void link_due(H2Link& l);
  void forget_link(H2Link& l) {
    links_due_.remove(&l);
    links_owed_.remove(&l);
  }
  // make_ready from outside a pass (curl_easy_pause): an event-driven application also
  // hears from the timer callback that work is due.
  void make_ready_soon(Transfer& t);
  void schedule(Transfer& t, TimePoint deadline) { timers_.schedule(t.timer_, deadline); }
  // t runs again at the next pass with no event to call for it. The application's timer
  // callback hears "0" each time, even when its last answer was "0" already: the deadline
  // looks unchanged, yet the app's timer has fired since.
  void schedule_at_once(Transfer& t) {
    timers_.schedule(t.timer_, TimePoint::min());
    app_timer_ = TimePoint::max();
  }
  void transfer_done(Transfer& t);
  // Drops t from the ready list, the timers and the resolver.
  void forget(Transfer& t);
  // quick_exit (CURLOPT_QUICK_EXIT): the engine's cleanup will not wait for this lookup.
  // Fails when the resolver has no descriptor to signal results on (EMFILE).
  Status start_resolve(Transfer& t, const std::string& host, std::uint16_t port, long ip_version,
                       bool quick_exit);
  void cancel_resolve(Transfer& t);
  // Takes a handle off the engine without reporting to the application (remove's work).
  void detach(Easy& e);
  std::size_t handle_count() const { return handles_.size(); }
  // A pushed stream's new handle (transfer_push.cpp): added and given its transfer at once,
  // not at the next pass, since the stream's frames may follow in the same read. Throws
  // bad_alloc with nothing changed.
  Transfer* adopt(Easy& e);
  // The handle at `p` when it is one of this multi's, else null (p is never followed).
  const Easy* handle_if_added(const void* p) const;
  // The receive buffer lent to whichever transfer reads; never held across waits.
  char* recv_buffer() { return recv_buf_.get(); }
  // A string for building pool keys and URL texts within one step; keeps its capacity,
  // so those allocate nothing.
  std::string& scratch_text() { return scratch_text_; }
  // Where a transfer builds its request head: sent from here within the same run, it
  // costs the transfer no buffer of its own (Transfer::keep_request_text).
  std::string& scratch_request() { return scratch_request_; }
  Slab& opening_slab() { return opening_slab_; }
  // One buffer for every transfer's reads. A bulk download over loopback spends half the
  // kernel time per GiB reading 64 KiB at a time that it spends reading 256 KiB (larger
  // reads gained nothing more); only the pages a read fills are ever touched.
  static constexpr std::size_t kRecvBufferSize = 256 * 1024;

  // True while an application callback runs: the multi API refuses re-entry.
  bool in_callback = false;
  int running() const { return alive_; }

  bool dead() const { return dead_; }

 private:
  void run_pass();
  void run_ready();
  // Hands the events the poller fetched to their targets (which only take note).
  void deliver_pending();
  // SocketReporter: tells the application's socket callback about an interest change.
  void report(PollSlot& slot, int what) override;
  // Calls the timer callback when the engine's next deadline moved; false if it said -1.
  bool update_app_timer();
  void process_aborts();
  TimePoint next_deadline() const;
  // curl_multi_timeout's answer at now: 0 when something is ready, -1 with no deadline.
  long timeout_at(TimePoint now) const;
  CURLMcode finish_call(int* running);
  // The end of a perform / socket_action call: idle sockets leave the app's watch list.
  CURLMcode finish_drive(int* running);
  void collect_resolved();
  // DNS-over-HTTPS (engine/doh.h): a lookup's probes run as internal transfers.
  Status start_doh(Transfer& t, const std::string& host, std::uint16_t port, long ip_version);
  void enlist_internal(Easy& e);
  bool is_doh_probe(const Easy& e) const { return !doh_probes_.empty() && doh_probes_.count(&e) != 0; }
  void doh_probe_done(Easy& e, bool ok);
  // Lookups that finished or lost their owner leave the engine here, outside any step.
  void reap_doh();
  // Keeps the events a wait fetched for the next perform, minus the wakeup's.
  void take_prefetched();
  // The ::poll over the epoll fd and the application's extra fds; count: extra fds ready.
  CURLMcode wait_with_extra(curl_waitfd extra[], unsigned n, int timeout_ms, int& count);
  // Removes the wakeup's pending event; true when there was one.
  bool drop_wake_event();
  // True when a socket other than the wakeup eventfd is in the epoll set.
  bool watching_sockets() const;
  struct WakeTarget final : PollTarget {
    void on_ready(int fd, std::uint32_t events) override;
  };
  struct ResolverTarget final : PollTarget {
    Multi* multi = nullptr;
    void on_ready(int fd, std::uint32_t events) override;
  };

  std::uint32_t magic_ = kMagic;
  Clock& clock_;
  // Which engine this is, for the life of the process: a handle's transfer object made by
  // an engine since destroyed must not pass for one of a new engine at the same address.
  const std::uint64_t serial_ = next_serial();
  static std::uint64_t next_serial();
  TimePoint now_{};
  Poller poller_;
  TimerHeap timers_;
  Pool pool_;
  transport::DnsCache dns_;
  std::unique_ptr<transport::Resolver> resolver_;
  std::unique_ptr<transport::TlsContextCache> tls_cache_;  // made on the first https use
  PollSlot resolver_slot_;
  ResolverTarget resolver_target_;
  PollSlot wake_slot_;
  WakeTarget wake_target_;
  bool woken_ = false;

  IntrusiveList<Easy, &Easy::multi_hook> handles_;
  IntrusiveList<Easy, &Easy::msg_hook> msgs_;
  IntrusiveList<Transfer, &Transfer::ready_hook_> ready_;
  // Something runs in the next pass without an event: a ready transfer, a handle to
  // start, fetched readiness or a connection to pump.
  bool work_waiting() const {
    return !ready_.empty() || !starting_.empty() || poller_.has_pending() || !links_due_.empty();
  }
  IntrusiveList<H2Link, &H2Link::due_hook> links_due_;
  IntrusiveList<H2Link, &H2Link::due_hook> links_owed_;  // read budget ran out: next pass
  IntrusiveList<Easy, &Easy::start_hook> starting_;  // added, not started yet
  struct Lookup {
    Transfer* transfer;
    std::string host;
    std::uint16_t port;
  };
  std::unordered_map<std::uint64_t, Lookup> lookups_;
  std::vector<transport::ResolveResult> resolved_;
  // DoH tickets carry this bit, so they never meet the resolver pool's.
  static constexpr std::uint64_t kDohTicket = std::uint64_t{1} << 63;
  std::uint64_t doh_serial_ = 0;
  std::unordered_map<std::uint64_t, std::unique_ptr<DohLookup>> doh_;
  std::unordered_map<const Easy*, std::uint64_t> doh_probes_;  // probe handle -> its lookup
  std::vector<std::uint64_t> doh_finished_;
  std::unique_ptr<char[]> recv_buf_;
  std::string scratch_text_;
  std::string scratch_request_;
  Slab opening_slab_{Transfer::opening_size()};
  int alive_ = 0;

  curl_socket_callback socket_fn_ = nullptr;
  void* socket_data_ = nullptr;
  curl_multi_timer_callback timer_fn_ = nullptr;
  void* timer_data_ = nullptr;
  TimePoint app_timer_ = TimePoint::max();  // deadline last given to the timer callback
  TimePoint ready_since_{};                  // when the ready list last became non-empty
  bool died_ = false;  // a callback failed during the current API call
  bool dead_ = false;  // the timer callback failed: every transfer fails (libcurl's rule)
  std::vector<PollTarget*> aborted_;         // sockets whose callback returned -1
};

}  // namespace xfer

struct Curl_multi final : xfer::Multi {
  using Multi::Multi;
};
