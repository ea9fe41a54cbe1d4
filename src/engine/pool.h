// Pool: connections per destination, idle LRU lists, connection caps and the pending queues.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/connection.h"
#include "engine/h2_link.h"
#include "engine/transfer.h"
#include "util/intrusive_list.h"

namespace xfer {

class Multi;
struct RareOptions;

class Pool;

// A destination is "scheme://host:port"; its connections share the host cap. It lives
// while a connection, a waiting transfer or a DestRef needs it: a program that visits
// many hosts keeps nothing per host it no longer uses (the pool drops it at reap()).
struct Destination {
  std::string key;
  Pool* pool = nullptr;
  int open = 0;  // connections of this destination in any state
  int holds = 0;  // DestRefs pointing here
  ListHook unused_hook;  // on the pool's list of destinations to look at (no allocation)
  IntrusiveList<Connection, &Connection::dest_idle_hook> idle;   // front: least recently used
  IntrusiveList<Transfer, &Transfer::pending_hook_> pending;     // FIFO of transfers held by the host cap
  // HTTP/2 connections in use with room for another stream, oldest first.
  IntrusiveList<H2Link, &H2Link::shared_hook> shared;
  // PIPEWAIT transfers waiting to learn whether a connection being opened multiplexes.
  IntrusiveList<Transfer, &Transfer::pending_hook_> pipe_waiters;
  int probes = 0;  // such connections (opened by a transfer that may multiplex)
  int total_waiting = 0;  // its transfers on the pool's total-cap queue
  // Whether its connections multiplex, as libcurl's bundle knows it: learnt from the first
  // connection that starts a request, forgotten when the last one closes. PIPEWAIT waits
  // only while it is unknown.
  enum class Multiuse : std::uint8_t { kUnknown, kMultiplex, kSingle };
  Multiuse multiuse = Multiuse::kUnknown;
};

class Pool {
 public:
  explicit Pool(Multi& multi) : multi_(multi) {}
  ~Pool();
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  void set_max_host(long n) { max_host_ = n; }
  void set_max_total(long n) { max_total_ = n; }
  void set_maxconnects(long n) { maxconnects_ = n; }
  Multi& multi() { return multi_; }

  Destination& destination(const std::string& key);
  // The destination of key if there is one (never made here).
  Destination* find_destination(const std::string& key);

  // The longest-idle connection to dest, now leased to t; nullptr if none.
  Connection* lease_idle(Destination& dest, Transfer& t);
  // The same, taking connection `id` when it is idle there (an auth handshake's next step
  // must go on the connection it began on), else the usual one.
  Connection* lease_idle(Destination& dest, Transfer& t, long id);
  // For a transfer that may multiplex: the first connection of dest, in the order they
  // were opened (libcurl's bundle order), that is idle or an h2 one with room for another
  // stream, now t's; nullptr if none.
  Connection* lease_stream(Destination& dest, Transfer& t);
  // How many streams an h2 connection may carry at once: CURLMOPT_MAX_CONCURRENT_STREAMS
  // and the peer's SETTINGS, or one without CURLPIPE_MULTIPLEX.
  std::size_t stream_limit(const H2Link& l) const;
  // An h2 connection's streams, limit or usability changed: on dest.shared or off it, and
  // one queued transfer woken per stream slot it has free.
  void place_h2(Connection& c);
  // A connection opened by a transfer that may multiplex: PIPEWAIT transfers wait on it
  // until it knows its protocol (protocol_known) or closes.
  void note_probe(Connection& c);
  void protocol_known(Connection& c);
  // Closes dest's idle connections the transfer finds too old (MAXAGE_CONN, MAXLIFETIME_CONN).
  void close_too_old(Destination& dest, Transfer& t);

  enum class Admit { kOk, kHostFull, kTotalFull };
  // Whether a new connection to dest fits the caps; closes idle connections to make room.
  Admit admit(Destination& dest);
  // A new connection record in kConnecting, counted against the caps, leased to t.
  Connection* open(Destination& dest, Transfer& t);
  // The lessee is done with c: keep it for reuse or close it. A full cache then closes
  // its oldest idle connections, c itself if it is the only one. True when c was kept.
  bool release(Connection* c, bool reusable);
  void close(Connection* c);
  // Hands c to its user for good (CURLOPT_CONNECT_ONLY): it leaves the pool and its caps.
  std::unique_ptr<Connection> detach(Connection* c);
  // Takes in a connection another engine made (a share's cache), leased to t and counted
  // against dest's caps from now on.
  Connection* adopt(Destination& dest, std::unique_ptr<Connection> c, Transfer& t);
  // Whether c may serve a transfer with these options, as far as the local binding goes
  // (and c has a peer address text: libcurl 7.88 never reuses an abstract unix socket's).
  static bool binding_fits(const Connection& c, const RareOptions& want);
  // Whether the asking transfer's MAXAGE_CONN or MAXLIFETIME_CONN rules c out at `now`.
  static bool too_old(const Connection& c, const RareOptions& ask, TimePoint now);
  // Whether c, leaving its lessee, could carry another request (release()'s own test).
  static bool reusable_after(Connection* c, bool reusable);

  // t waits for a slot; woken (made ready) in FIFO order as slots free up.
  void wait(Transfer& t, Destination& dest, Admit why);
  // t (PIPEWAIT) waits until a connection of dest being opened knows its protocol.
  void wait_pipe(Transfer& t, Destination& dest);
  void unwait(Transfer& t);

  // Socket-callback mode: an idle connection stays on the application's watch list while
  // other transfers run (up to kLingerGrace), so a reuse costs the application no callback
  // and no epoll_ctl. Called at the end of each driving call; `all` when nothing runs.
  void sweep_lingering(bool all);
  static constexpr Duration kLingerGrace = std::chrono::seconds(1);

  // OpenSSL keeps a TLS connection's record buffers (about 80 KB) from one read or write to
  // the next, which spares a busy connection an allocation per record; a connection quiet
  // for kTlsBufferGrace (idle in the pool, or waiting on a slow answer) gives them back.
  // tls_active runs on each TLS step, release_quiet_tls at the end of each driving call.
  void tls_active(Connection* c);
  void release_quiet_tls();
  static constexpr Duration kTlsBufferGrace = std::chrono::seconds(1);
  std::size_t tls_buffered_count() const { return tls_buffered_.size(); }

  // Connections retired during a pass are destroyed when the pass ends, and destinations
  // nothing needs any more are dropped.
  void reap();
  // dest may have lost its last user: reap() looks at it.
  void note_unused(Destination& dest);
  std::size_t destination_count() const { return dests_.size(); }
  void close_all();
  std::size_t open_count() const { return total_open_; }
  std::size_t idle_count() const { return global_idle_.size(); }
  // The socket of idle connection `id`, CURL_SOCKET_BAD when the pool no longer has it
  // (CURLINFO_LASTSOCKET after a transfer; a walk, for a rare question).
  curl_socket_t idle_fd(long id) const;

 private:
  long cache_limit() const;
  void evict_oldest_idle();
  void stop_lingering(Connection* c);
  void wake_after_free(Destination& dest, bool slot_freed);
  void end_probe(Connection& c);
  void take_idle(Connection* c, Transfer& t);  // c leaves the idle lists, leased to t
  void forget_h2(Connection& c);  // c closes or leaves: off the h2 lists, probe ended

  Multi& multi_;
  std::unordered_map<std::string, std::unique_ptr<Destination>> dests_;
  std::unordered_map<Connection*, std::unique_ptr<Connection>> conns_;
  IntrusiveList<Connection, &Connection::global_idle_hook> global_idle_;
  IntrusiveList<Connection, &Connection::linger_hook> lingering_;  // oldest first
  IntrusiveList<TlsLink, &TlsLink::hook> tls_buffered_;  // least recent I/O first
  IntrusiveList<Transfer, &Transfer::pending_hook_> total_pending_;  // held by the total cap
  // Closed connections, owned here until reap(): a list through the idle hook (a closed
  // connection is never idle again), so closing never allocates and ~Multi cannot throw.
  IntrusiveList<Connection, &Connection::global_idle_hook> retired_;
  IntrusiveList<Destination, &Destination::unused_hook> unused_;  // destinations that may be unused
  std::size_t total_open_ = 0;
  long next_id_ = 0;
  long max_host_ = 0;
  long max_total_ = 0;
  long maxconnects_ = 0;
};

}  // namespace xfer
