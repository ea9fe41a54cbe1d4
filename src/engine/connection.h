// Connection: one TCP connection in the pool, leased to at most one transfer at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "engine/poller.h"
#include "transport/address.h"
#include "transport/socket_io.h"
#include "transport/tls_session.h"
#include "util/intrusive_list.h"
#include "util/time.h"

namespace xfer {

class H2Link;
class Pool;
class Transfer;
struct Destination;

struct Connection;

// Only on https connections (made at the first TLS step), so a plain connection stays small.
struct TlsLink {
  explicit TlsLink(Connection* c) : conn(c) {}
  Connection* conn;
  ListHook hook;       // on Pool's list of TLS connections holding record buffers
  TimePoint io_at{};   // the last TLS read, write or handshake step
};

// What a connection was opened with beyond its destination, kept only when a transfer set
// one of these rare options: the close socket callback (the one set when the connection
// was made closes it, as in libcurl) and the local binding, which decides reuse; and the
// HTTP/2 codec of an h2 connection.
// Deleted out of line, so this header needs no nghttp2.
struct H2LinkDelete {
  void operator()(H2Link* l) const;
};
using H2LinkPtr = std::unique_ptr<H2Link, H2LinkDelete>;

struct ConnectionSetup {
  curl_closesocket_callback close_fn = nullptr;
  void* close_data = nullptr;
  std::uint16_t local_port = 0;        // CURLOPT_LOCALPORT
  std::uint16_t local_port_range = 0;  // CURLOPT_LOCALPORTRANGE
  bool has_device = false;             // CURLOPT_INTERFACE was set
  std::string device;
  // The HTTP/2 codec, once ALPN (or prior knowledge) chose h2. Kept here, out of line, so
  // an HTTP/1 connection stays as small as before (memory per parked transfer is a target).
  H2LinkPtr h2;
};

struct Connection final : PollTarget {
  Connection() = default;
  ~Connection();  // closes a socket nobody closed (a CONNECT_ONLY connection)
  // An idle connection became readable: an h2 one reads what came (control frames), an
  // HTTP/1 one must stay quiet. False: it is no longer reusable.
  bool idle_readable(std::uint32_t events);
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Every state counts against the host and total caps; only kIdle can be reused or evicted.
  enum class State : std::uint8_t { kConnecting, kBusy, kIdle };

  PollSlot slot;                 // the socket and its epoll registration
  std::unique_ptr<transport::TlsSession> tls;  // set on https connections
  // TLS to an HTTPS proxy: what the socket carries; `tls` (to the origin), when there is
  // one, runs inside it.
  std::unique_ptr<transport::TlsSession> proxy_tls;
  State state = State::kConnecting;
  // Input was reported on the edge-triggered socket and it has not been read dry since:
  // what is already there raises no further event, so whoever stops reading comes back.
  // (These flags are bits, so the opening time below fits where padding was: connection
  // memory is a benchmark target.)
  bool input_owed : 1 = false;
  bool peer_gone : 1 = false;    // a hang-up was reported: no further request goes on it
  bool http10 : 1 = false;       // its last reply was HTTP/1.0: requests on it are 1.0 too
  bool ntlm_done : 1 = false;    // an NTLM handshake logged it in: requests need no more
  bool proxy_ntlm_done : 1 = false;  // ... and the same with its proxy
  bool probe : 1 = false;        // opened to multiplex, protocol not known yet (PIPEWAIT)
  // When it was opened (MAXLIFETIME_CONN counts from here), in 1/64 s of the steady clock,
  // modulo 2^32: ages of up to two years read right.
  std::uint32_t opened_at = 0;
  Destination* dest = nullptr;
  Transfer* user = nullptr;      // the lessee while connecting or busy
  Pool* pool = nullptr;
  long id = 0;                   // libcurl's "connection #N", counted per engine
  std::string primary_ip;        // text forms, made once at connect: reuses only copy them
  std::string local_ip;
  std::uint16_t primary_port = 0;
  std::uint16_t local_port = 0;
  std::uint32_t requests = 0;    // responses completed on it (beside the ports: no padding)
  TimePoint idle_since{};
  ListHook dest_idle_hook;       // on Destination::idle (LRU order)
  ListHook global_idle_hook;     // on Pool's global idle list (LRU order)
  ListHook linger_hook;          // idle, yet still on the application's watch list
  std::unique_ptr<TlsLink> tls_link;  // https: the pool's view of its record buffers
  std::unique_ptr<ConnectionSetup> setup;  // rare socket options it was opened with


  int fd() const { return slot.fd; }
  // The connection speaks HTTP/2 through this codec (null: HTTP/1).
  H2Link* h2() const { return setup ? setup->h2.get() : nullptr; }
  // Owning the link until it is placed: an allocation failing here frees it.
  void set_h2(H2LinkPtr link);
  static std::uint32_t ticks(TimePoint t) {
    using Tick = std::chrono::duration<std::int64_t, std::ratio<1, 64>>;
    return static_cast<std::uint32_t>(std::chrono::duration_cast<Tick>(t.time_since_epoch()).count());
  }
  // Whole seconds since it was opened.
  long age_seconds(TimePoint now) const { return static_cast<long>((ticks(now) - opened_at) / 64u); }
  // Closes the socket (through the close socket callback if it was opened with one).
  void close_socket();

  // Byte stream I/O, through TLS when the connection has it. Never blocks.
  transport::IoResult handshake();  // TLS connections only
  transport::IoResult recv(char* buf, std::size_t cap);
  transport::IoResult send(const char* buf, std::size_t len);
  transport::IoResult send2(const char* a, std::size_t alen, const char* b, std::size_t blen);
  // The readiness to wait for after a would-block: TLS can need the other direction.
  std::uint32_t wait_events(std::uint32_t plain) const;
  // What a connection waiting for input is watched for. A plain socket is edge-triggered:
  // epoll_wait then skips re-checking a drained socket at every call, and reads are taken
  // to EAGAIN anyway (a short read empties TCP's queue). TLS stays level-triggered, as
  // OpenSSL reads record by record and can leave bytes in the socket.
  std::uint32_t read_events() const;
  // An idle connection still good to reuse: nothing unasked to read and no hang-up.
  bool quiet_while_idle(std::uint32_t events);
  // Bytes already decrypted and waiting: no readiness event will announce them.
  bool has_buffered() const { return (tls && tls->has_pending()) || (proxy_tls && proxy_tls->has_pending()); }
  // The socket carries TLS records (to the origin or to a proxy).
  bool secure() const { return tls || proxy_tls; }
  // Readiness goes to the lessee; on an idle connection it means the peer closed or sent
  // something unasked, and either way the connection is no longer reusable.
  void on_ready(int fd, std::uint32_t events) override;
  void on_socket_refused() override;
};

}  // namespace xfer
