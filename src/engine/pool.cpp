// Pool: admission, reuse, release and the O(freed slots) wake-up of pending transfers.
#include "engine/pool.h"

#include <unistd.h>

#include "engine/callback_scope.h"
#include "engine/easy.h"
#include "engine/multi.h"
#include "engine/verbose.h"

namespace xfer {

Pool::~Pool() { close_all(); }

void DestRef::reset(Destination* d) {
  if (d == d_) return;
  if (d) ++d->holds;
  if (d_ && --d_->holds == 0) d_->pool->note_unused(*d_);
  d_ = d;
}

Destination& Pool::destination(const std::string& key) {
  auto it = dests_.find(key);
  if (it != dests_.end()) return *it->second;
  auto d = std::make_unique<Destination>();
  d->key = key;
  d->pool = this;
  Destination& ref = *d;
  dests_.emplace(key, std::move(d));
  return ref;
}

Destination* Pool::find_destination(const std::string& key) {
  auto it = dests_.find(key);
  return it == dests_.end() ? nullptr : it->second.get();
}

Connection* Pool::lease_idle(Destination& dest, Transfer& t) { return lease_idle(dest, t, -1); }

bool Pool::binding_fits(const Connection& c, const RareOptions& want) {
  // libcurl: a transfer that asks for no local binding may take a bound connection; one
  // that asks for a port or an interface takes only a connection made with the same ask.
  // libcurl 7.88 also never reuses a connection whose peer address text is empty (it
  // takes it for one "still name resolving"): that is every abstract unix socket's.
  if (c.primary_ip.empty()) return false;
  if (!want.interface.is_set() && want.local_port == 0) return true;
  const ConnectionSetup* s = c.setup.get();
  if ((s ? s->local_port : 0) != want.local_port) return false;
  if ((s ? s->local_port_range : 0) != want.local_port_range) return false;
  if (want.interface.is_set() && (!s || !s->has_device || s->device != want.interface.view())) return false;
  return true;
}

Connection* Pool::lease_idle(Destination& dest, Transfer& t, long id) {
  // A handle whose share holds connections looks only in the share's cache, as libcurl's
  // does: what this pool keeps (from unshared handles, or from the handle before it joined)
  // is not its to take.
  const Share* share = t.easy().share;
  if (share && share->shares_connections()) return nullptr;
  // The longest-idle connection first: libcurl takes the oldest connection of a bundle.
  // Only a transfer asking for a local binding ever skips one.
  const RareOptions& want = t.easy().opts.rare_view();
  close_too_old(dest, t);
  Connection* c = dest.idle.front();
  while (c && !binding_fits(*c, want)) c = dest.idle.next_of(c);
  if (!c) return nullptr;
  if (id >= 0) {
    for (Connection* k = c; k; k = dest.idle.next_of(k)) {
      if (k->id == id && binding_fits(*k, want)) {
        c = k;
        break;
      }
    }
  }
  take_idle(c, t);
  return c;
}

void Pool::take_idle(Connection* c, Transfer& t) {
  c->dest->idle.remove(c);
  global_idle_.remove(c);
  stop_lingering(c);
  c->state = Connection::State::kBusy;
  c->user = &t;
  // The socket stays registered for input (in socket-callback mode too, while it lingers):
  // a kept-alive request costs no epoll_ctl.
}

std::size_t Pool::stream_limit(const H2Link& l) const {
  if (!multi_.multiplexing) return 1;
  const auto ours = static_cast<std::size_t>(multi_.max_concurrent_streams);
  return std::min<std::size_t>(ours, l.peer_limit());
}

Connection* Pool::lease_stream(Destination& dest, Transfer& t) {
  // Connections a share holds serve only its handles, and the others only the rest: a
  // stream goes where the connection's streams come from the same cache.
  const auto cache_of = [](const Share* s) { return s && s->shares_connections() ? s : nullptr; };
  const Share* mine = cache_of(t.easy().share);
  const RareOptions& want = t.easy().opts.rare_view();
  const TimePoint now = multi_.now();
  Connection* best = nullptr;
  for (H2Link* l = dest.shared.front(); l; l = dest.shared.next_of(l)) {
    Connection& c = l->conn();
    if (!l->usable() || l->streams() >= stream_limit(*l) || !binding_fits(c, want)) continue;
    if (cache_of(l->first_member()->share()) != mine) continue;
    if (want.max_lifetime_conn > 0 && c.age_seconds(now) > want.max_lifetime_conn) continue;
    if (!best || c.id < best->id) best = &c;
  }
  // An idle connection opened earlier comes first (ids count up in opening order); the
  // pool's own idle connections are not a share's to take.
  if (!mine) {
    close_too_old(dest, t);
    for (Connection* c = dest.idle.front(); c; c = dest.idle.next_of(c)) {
      if (best && c->id > best->id) continue;
      if (binding_fits(*c, want)) best = c;
    }
  }
  if (!best) return nullptr;
  if (best->state == Connection::State::kIdle) take_idle(best, t);
  best->user = &t;
  return best;
}

void Pool::place_h2(Connection& c) {
  H2Link* l = c.h2();
  if (!l || !c.dest) return;
  Destination& dest = *c.dest;
  const std::size_t limit = stream_limit(*l);
  const bool room = c.state == Connection::State::kBusy && l->usable() && l->streams() > 0 && l->streams() < limit;
  if (!room) {
    dest.shared.remove(l);
    return;
  }
  if (!l->shared_hook.linked()) dest.shared.push_back(l);
  // Each free stream slot lets one transfer held by a cap try again: the host cap's queue
  // first, then this destination's transfers on the total cap's.
  std::size_t free = limit - l->streams();
  for (; free > 0; --free) {
    Transfer* t = dest.pending.pop_front();
    if (!t) break;
    t->pending_in_ = nullptr;
    multi_.make_ready(*t);
  }
  for (Transfer* t = total_pending_.front(); t && free > 0 && dest.total_waiting > 0;) {
    Transfer* next = total_pending_.next_of(t);
    if (t->pending_in_ == &dest) {
      unwait(*t);
      multi_.make_ready(*t);
      --free;
    }
    t = next;
  }
}

void Pool::note_probe(Connection& c) {
  c.probe = true;
  ++c.dest->probes;
}

void Pool::protocol_known(Connection& c) {
  Destination& dest = *c.dest;
  if (dest.multiuse == Destination::Multiuse::kUnknown)
    dest.multiuse = c.h2() ? Destination::Multiuse::kMultiplex : Destination::Multiuse::kSingle;
  if (c.probe) end_probe(c);
}

void Pool::end_probe(Connection& c) {
  c.probe = false;
  Destination& dest = *c.dest;
  --dest.probes;
  // Every PIPEWAIT transfer looks again: it takes a stream, or opens its own connection.
  while (Transfer* t = dest.pipe_waiters.pop_front()) {
    t->pending_in_ = nullptr;
    t->pending_pipe_ = false;
    multi_.make_ready(*t);
  }
}

bool Pool::too_old(const Connection& c, const RareOptions& ask, TimePoint now) {
  // Whole seconds, exceeded strictly, as libcurl counts them.
  const auto seconds = [](auto d) { return std::chrono::duration_cast<std::chrono::seconds>(d).count(); };
  if (seconds(now - c.idle_since) > ask.max_age_conn) return true;
  return ask.max_lifetime_conn > 0 && c.age_seconds(now) > ask.max_lifetime_conn;
}

void Pool::close_too_old(Destination& dest, Transfer& t) {
  const RareOptions& ask = t.easy().opts.rare_view();
  const TimePoint now = multi_.now();
  for (Connection* c = dest.idle.front(); c;) {
    Connection* next = dest.idle.next_of(c);
    if (too_old(*c, ask, now)) {
      verbose_text(t.easy(), "Closing connection %ld", c->id);
      close(c);
    }
    c = next;
  }
}

long Pool::cache_limit() const {
  if (maxconnects_ > 0) return maxconnects_;
  return 4 * static_cast<long>(multi_.handle_count());
}

void Pool::evict_oldest_idle() {
  if (Connection* c = global_idle_.front()) close(c);
}

Pool::Admit Pool::admit(Destination& dest) {
  if (max_host_ > 0 && dest.open >= max_host_) {
    // An idle connection of this destination would have been reused already; only a
    // connection in use can be holding the cap.
    if (dest.idle.empty()) return Admit::kHostFull;
    close(dest.idle.front());
  }
  if (max_total_ > 0 && static_cast<long>(total_open_) >= max_total_) {
    if (global_idle_.empty()) return Admit::kTotalFull;
    evict_oldest_idle();
  }
  return Admit::kOk;
}

Connection* Pool::open(Destination& dest, Transfer& t) {
  auto c = std::make_unique<Connection>();
  c->dest = &dest;
  c->pool = this;
  c->user = &t;
  // With a shared connection cache the share numbers connections, as libcurl's does.
  Share* share = t.easy().share;
  c->id = share && share->shares_connections()
              ? share->with_connections(static_cast<Curl_easy*>(&t.easy()),
                                        [](SharedConnections& s) { return s.next_id(); })
              : next_id_++;
  c->state = Connection::State::kConnecting;
  c->opened_at = Connection::ticks(multi_.now());
  c->slot.target = c.get();
  Connection* raw = c.get();
  conns_.emplace(raw, std::move(c));
  ++dest.open;
  ++total_open_;
  return raw;
}

bool Pool::reusable_after(Connection* c, bool reusable) {
  // The peer may have hung up with its last bytes; a response that ended exactly at a full
  // read may have left something behind. Either way no later event would say so.
  return reusable && c->fd() >= 0 && !c->peer_gone && !(c->input_owed && !c->quiet_while_idle(0));
}

Connection* Pool::adopt(Destination& dest, std::unique_ptr<Connection> c, Transfer& t) {
  Connection* raw = c.get();
  raw->dest = &dest;
  raw->pool = this;
  raw->user = &t;
  raw->state = Connection::State::kBusy;
  raw->input_owed = false;
  raw->slot.target = raw;
  conns_.emplace(raw, std::move(c));
  ++dest.open;
  ++total_open_;
  return raw;
}

void Pool::forget_h2(Connection& c) {
  if (c.probe) end_probe(c);
  if (H2Link* l = c.h2()) {
    c.dest->shared.remove(l);
    multi_.forget_link(*l);
  }
}

bool Pool::release(Connection* c, bool reusable) {
  if (H2Link* l = c->h2()) c->dest->shared.remove(l);
  if (!reusable_after(c, reusable)) {
    close(c);
    return false;
  }
  Easy& last = c->user->easy();
  c->user = nullptr;
  c->state = Connection::State::kIdle;
  c->idle_since = multi_.now();
  ++c->requests;
  c->dest->idle.push_back(c);
  global_idle_.push_back(c);
  // Watching an idle socket costs nothing per pass and tells us when the peer hangs up. An
  // application's event loop keeps watching it only while it lingers: libcurl 7.88 removes
  // the sockets of finished transfers (differential scenarios 90-95), which the sweep does
  // once nothing runs or the grace is over.
  multi_.poller().update(c->slot, c->read_events());
  if (multi_.poller().reporting()) {
    // Its REMOVE names the handle that used it last, as libcurl's does, while that handle
    // stays in the engine; each handle is named by at most one lingering connection.
    if (last.lingering) last.lingering->slot.easy = nullptr;
    last.lingering = c;
    lingering_.push_back(c);
  } else {
    c->slot.easy = nullptr;
  }
  Destination& dest = *c->dest;
  bool kept = true;
  if (static_cast<long>(total_open_) > cache_limit() && !global_idle_.empty()) {
    // libcurl says so in the verbose log of the transfer that filled the cache (curl test 1506).
    verbose_text(last, "Connection cache is full, closing the oldest one");
    do {
      Connection* oldest = global_idle_.front();
      verbose_text(last, "Closing connection %ld", oldest->id);
      if (oldest == c) kept = false;
      close(oldest);
    } while (static_cast<long>(total_open_) > cache_limit() && !global_idle_.empty());
  }
  wake_after_free(dest, false);
  return kept;
}

void Pool::close(Connection* c) {
  auto it = conns_.find(c);
  if (it == conns_.end()) return;
  Destination& dest = *c->dest;
  dest.idle.remove(c);
  global_idle_.remove(c);
  stop_lingering(c);
  forget_h2(*c);
  if (c->tls_link) tls_buffered_.remove(c->tls_link.get());
  multi_.poller().forget(c->slot);
  {
    CallbackScope scope(multi_);  // a close socket callback may run
    c->close_socket();
  }
  c->user = nullptr;
  --dest.open;
  --total_open_;
  retired_.push_back(it->second.release());
  conns_.erase(it);
  wake_after_free(dest, true);
  if (dest.open == 0) {
    dest.multiuse = Destination::Multiuse::kUnknown;
    note_unused(dest);
  }
}

std::unique_ptr<Connection> Pool::detach(Connection* c) {
  auto it = conns_.find(c);
  if (it == conns_.end()) return nullptr;
  std::unique_ptr<Connection> owned = std::move(it->second);
  conns_.erase(it);
  if (c->tls_link) tls_buffered_.remove(c->tls_link.get());
  forget_h2(*c);
  Destination& dest = *c->dest;
  multi_.poller().forget(c->slot);
  c->user = nullptr;
  c->dest = nullptr;
  c->pool = nullptr;
  --dest.open;
  --total_open_;
  wake_after_free(dest, true);
  if (dest.open == 0) note_unused(dest);
  return owned;
}

void Pool::wake_after_free(Destination& dest, bool slot_freed) {
  // One freed slot (or one idle connection) lets exactly one waiting transfer proceed.
  if (Transfer* t = dest.pending.pop_front()) {
    t->pending_in_ = nullptr;
    multi_.make_ready(*t);
    return;
  }
  if (slot_freed || !global_idle_.empty()) {
    if (Transfer* t = total_pending_.pop_front()) {
      t->pending_total_ = false;
      --t->pending_in_->total_waiting;
      t->pending_in_ = nullptr;
      multi_.make_ready(*t);
    }
  }
}

void Pool::wait(Transfer& t, Destination& dest, Admit why) {
  unwait(t);
  t.pending_in_ = &dest;
  if (why == Admit::kHostFull) {
    dest.pending.push_back(&t);
  } else {
    // pending_in_ names the destination it waits for: a stream slot there frees it too.
    total_pending_.push_back(&t);
    t.pending_total_ = true;
    ++dest.total_waiting;
  }
}

void Pool::wait_pipe(Transfer& t, Destination& dest) {
  unwait(t);
  dest.pipe_waiters.push_back(&t);
  t.pending_in_ = &dest;
  t.pending_pipe_ = true;
}

void Pool::unwait(Transfer& t) {
  if (t.pending_total_) {
    total_pending_.remove(&t);
    --t.pending_in_->total_waiting;
  } else if (t.pending_pipe_) {
    t.pending_in_->pipe_waiters.remove(&t);
  } else if (t.pending_in_) {
    t.pending_in_->pending.remove(&t);
  }
  t.pending_in_ = nullptr;
  t.pending_total_ = false;
  t.pending_pipe_ = false;
}

void Pool::sweep_lingering(bool all) {
  while (Connection* c = lingering_.front()) {
    if (!all && multi_.now() - c->idle_since < kLingerGrace) break;
    stop_lingering(c);
    multi_.poller().update(c->slot, 0);
    c->slot.easy = nullptr;
  }
}

void Pool::stop_lingering(Connection* c) {
  if (!c->linger_hook.linked()) return;
  lingering_.remove(c);
  if (c->slot.easy) {
    Easy& named = *static_cast<Curl_easy*>(c->slot.easy);
    if (named.lingering == c) named.lingering = nullptr;
  }
}

void Pool::tls_active(Connection* c) {
  if (!c->tls_link) c->tls_link = std::make_unique<TlsLink>(c);
  TlsLink* link = c->tls_link.get();
  link->io_at = multi_.now();
  if (tls_buffered_.back() == link) return;
  tls_buffered_.remove(link);
  tls_buffered_.push_back(link);
}

void Pool::release_quiet_tls() {
  const TimePoint now = multi_.now();
  while (TlsLink* link = tls_buffered_.front()) {
    if (now - link->io_at < kTlsBufferGrace) break;
    tls_buffered_.remove(link);
    // Buffers still holding unread records stay: the connection goes round again.
    if (!link->conn->tls->release_buffers()) {
      link->io_at = now;
      tls_buffered_.push_back(link);
    }
  }
}

void Pool::note_unused(Destination& dest) {
  if (!dest.unused_hook.linked()) unused_.push_back(&dest);
}

void Pool::reap() {
  while (Connection* c = retired_.pop_front()) delete c;
  // A destination is looked at once per time it lost a user; one still needed stays.
  while (Destination* d = unused_.pop_front()) {
    if (d->holds == 0 && d->open == 0 && d->idle.empty() && d->pending.empty() && d->pipe_waiters.empty() &&
        d->total_waiting == 0)
      dests_.erase(d->key);
  }
}

void Pool::close_all() {
  while (!conns_.empty()) {
    Connection* c = conns_.begin()->first;
    close(c);
  }
  reap();
}

curl_socket_t Pool::idle_fd(long id) const {
  for (Connection* c = global_idle_.front(); c; c = global_idle_.next_of(c))
    if (c->id == id) return c->fd();
  return CURL_SOCKET_BAD;
}

}  // namespace xfer
