// HTTP/2 answers for the test server: streams become Requests, Reply steps become frames.
#include "h2_peer.h"

#include <nghttp2/nghttp2.h>

#include <algorithm>
#include <cstring>
#include <deque>
#include <utility>

#include "body_stream.h"
#include "h1_reply_reader.h"
#include "query.h"

namespace xfer::test {
namespace {

template <class... Fs>
struct Overloaded : Fs... {
  using Fs::operator()...;
};
template <class... Fs>
Overloaded(Fs...) -> Overloaded<Fs...>;

nghttp2_nv field(const std::string& name, const std::string& value) {
  // nghttp2 copies names and values when a frame is submitted, so borrowing is enough.
  return nghttp2_nv{reinterpret_cast<std::uint8_t*>(const_cast<char*>(name.data())),
                    reinterpret_cast<std::uint8_t*>(const_cast<char*>(value.data())), name.size(),
                    value.size(), NGHTTP2_NV_FLAG_NONE};
}

// The RFC 7540 priority a client gave a stream; the defaults are the RFC's (§5.3.5).
struct Priority {
  std::int32_t depends_on = 0;
  std::int32_t weight = NGHTTP2_DEFAULT_WEIGHT;
  bool exclusive = false;
};

Priority priority_of(const nghttp2_priority_spec& spec) {
  return Priority{spec.stream_id, spec.weight, spec.exclusive != 0};
}

std::vector<nghttp2_nv> fields_of(const FieldList& list) {
  std::vector<nghttp2_nv> out;
  out.reserve(list.size());
  for (const auto& [name, value] : list) out.push_back(field(name, value));
  return out;
}

}  // namespace

// One request stream from its HEADERS to its close.
struct H2Stream {
  std::int32_t id = 0;
  Request request;
  std::string head_lines;  // the header block as received, "name: value\r\n" each
  std::string scheme;      // :scheme and :authority, which a PUSH_PROMISE repeats
  std::string authority;
  Priority priority;            // from the HEADERS, then from each PRIORITY frame
  std::size_t priority_frames = 0;
  bool echo_priority = false;   // h2prio=1
  std::string status_text;            // h2status=TEXT: the final :status as given (else the reply's)
  std::vector<std::string> interim;   // h2info=TEXT: before it, a HEADERS with only :status TEXT each
  bool answered = false;   // the handler has been asked
  std::deque<Step> steps;
  H1ReplyReader reader;
  bool head_sent = false;
  std::string data;                   // body bytes waiting for DATA frames
  std::unique_ptr<BodyStream> body;   // a Body step, generated as the window opens
  FieldList trailers;
  std::optional<TimePoint> wake;      // a Sleep in progress
  bool hanging = false;
  bool early = false;       // h2early=1: answered on its HEADERS, the body is dropped
  bool steps_over = false;  // every step ran: the body ends once data and body are out
  bool deferred = false;    // the data source waits for bytes (nghttp2_session_resume_data)
  bool ended = false;       // the final DATA or an RST_STREAM is submitted
  bool close_after = false;   // a Close step: the connection ends with this stream
  bool goaway_after = false;  // h2goaway=1
};

// nghttp2's callbacks, friends of H2Peer; user_data is the peer.
struct H2Callbacks {
  static H2Peer& peer(void* user_data) { return *static_cast<H2Peer*>(user_data); }

  static H2Stream* find(H2Peer& p, std::int32_t id) {
    auto it = p.streams_.find(id);
    return it == p.streams_.end() ? nullptr : it->second.get();
  }

  static int on_begin_headers(nghttp2_session*, const nghttp2_frame* frame, void* user_data) {
    if (frame->hd.type != NGHTTP2_HEADERS || frame->headers.cat != NGHTTP2_HCAT_REQUEST) return 0;
    auto s = std::make_unique<H2Stream>();
    s->id = frame->hd.stream_id;
    // Without the PRIORITY flag the stream keeps the RFC's defaults.
    if (frame->hd.flags & NGHTTP2_FLAG_PRIORITY) s->priority = priority_of(frame->headers.pri_spec);
    H2Peer& p = peer(user_data);
    ++p.streams_seen_;
    p.streams_[s->id] = std::move(s);
    return 0;
  }

  // A request's trailer fields (a HEADERS after its DATA) are not kept.
  static int on_header(nghttp2_session*, const nghttp2_frame* frame, const std::uint8_t* name,
                       std::size_t namelen, const std::uint8_t* value, std::size_t valuelen,
                       std::uint8_t, void* user_data) {
    if (frame->hd.type != NGHTTP2_HEADERS || frame->headers.cat != NGHTTP2_HCAT_REQUEST) return 0;
    H2Stream* s = find(peer(user_data), frame->hd.stream_id);
    if (!s) return 0;
    std::string n(reinterpret_cast<const char*>(name), namelen);
    std::string v(reinterpret_cast<const char*>(value), valuelen);
    s->head_lines += n + ": " + v + "\r\n";
    if (n == ":method") {
      s->request.method = v;
    } else if (n == ":path") {
      s->request.target = v;
    } else if (n == ":scheme") {
      s->scheme = v;
    } else if (n == ":authority") {
      s->authority = v;
    } else if (n.empty() || n[0] != ':') {
      s->request.headers.emplace_back(std::move(n), std::move(v));
    }
    return 0;
  }

  static int on_data_chunk(nghttp2_session*, std::uint8_t, std::int32_t id, const std::uint8_t* data,
                           std::size_t len, void* user_data) {
    H2Stream* s = find(peer(user_data), id);
    if (s && !s->early) s->request.body.append(reinterpret_cast<const char*>(data), len);
    return 0;
  }

  // The request's HEADERS (and body, unless answered early) are in: version and raw as
  // URL-PROTOCOL.md promises for h2.
  static void complete(H2Stream& s) {
    s.request.version = "HTTP/2";
    s.request.raw = s.head_lines + "\r\n" + s.request.body;
  }

  static int on_frame_recv(nghttp2_session*, const nghttp2_frame* frame, void* user_data) {
    H2Peer& p = peer(user_data);
    switch (frame->hd.type) {
      case NGHTTP2_HEADERS:
      case NGHTTP2_DATA:
        on_request_frame(p, frame);
        break;
      case NGHTTP2_PRIORITY:
        on_priority(p, frame);
        break;
      case NGHTTP2_RST_STREAM:
        // Even ids are the server's: a reset one is a push the client refused.
        if (frame->hd.stream_id % 2 == 0) ++p.push_resets_;
        break;
      default:
        break;
    }
    return 0;
  }

  // A PRIORITY frame for a stream not yet opened (or already gone) is not kept.
  static void on_priority(H2Peer& p, const nghttp2_frame* frame) {
    H2Stream* s = find(p, frame->hd.stream_id);
    if (!s) return;
    s->priority = priority_of(frame->priority.pri_spec);
    ++s->priority_frames;
  }

  static void on_request_frame(H2Peer& p, const nghttp2_frame* frame) {
    H2Stream* s = find(p, frame->hd.stream_id);
    if (!s || s->answered) return;
    const bool ended = frame->hd.flags & NGHTTP2_FLAG_END_STREAM;
    // h2early=1 answers on the HEADERS alone, as nginx does before reading a body.
    const bool early = !ended && frame->hd.type == NGHTTP2_HEADERS && Query(s->request.target).flag("h2early");
    if (!ended && !early) return;
    s->early = early;
    complete(*s);
    p.respond(*s, p.now_);
  }

  static int on_frame_send(nghttp2_session*, const nghttp2_frame* frame, void* user_data) {
    const bool answer_frame = frame->hd.type == NGHTTP2_HEADERS || frame->hd.type == NGHTTP2_DATA;
    if (answer_frame && (frame->hd.flags & NGHTTP2_FLAG_END_STREAM))
      peer(user_data).after_end_stream(frame->hd.stream_id);
    return 0;
  }

  static int on_stream_close(nghttp2_session*, std::int32_t id, std::uint32_t, void* user_data) {
    // Freed in reap(): the stream may be the one whose code is on the stack.
    peer(user_data).closed_.push_back(id);
    return 0;
  }

  static ssize_t read_body(nghttp2_session* session, std::int32_t id, std::uint8_t* buf,
                           std::size_t length, std::uint32_t* flags, nghttp2_data_source* source,
                           void*) {
    H2Stream& s = *static_cast<H2Stream*>(source->ptr);
    std::size_t n = 0;
    if (!s.data.empty()) {
      n = std::min(length, s.data.size());
      std::memcpy(buf, s.data.data(), n);
      s.data.erase(0, n);
    } else if (s.body && !s.body->done()) {
      // Generated only as far as the window and frame size allow, so a large size= body
      // never sits in memory whole.
      std::string chunk;
      s.body->produce(chunk, length);
      n = std::min(length, chunk.size());
      std::memcpy(buf, chunk.data(), n);
    }
    const bool drained = s.data.empty() && (!s.body || s.body->done());
    if (drained && s.steps_over) {
      *flags |= NGHTTP2_DATA_FLAG_EOF;
      if (!s.trailers.empty()) {
        *flags |= NGHTTP2_DATA_FLAG_NO_END_STREAM;
        std::vector<nghttp2_nv> nva = fields_of(s.trailers);
        nghttp2_submit_trailer(session, id, nva.data(), nva.size());
      }
      s.ended = true;
      return static_cast<ssize_t>(n);
    }
    if (n > 0) return static_cast<ssize_t>(n);
    s.deferred = true;
    return NGHTTP2_ERR_DEFERRED;
  }
};

H2Peer::H2Peer(const Handler& handler, std::function<void(Request&)> stamp, std::size_t max_streams)
    : handler_(handler), stamp_(std::move(stamp)) {
  nghttp2_session_callbacks* cbs = nullptr;
  if (nghttp2_session_callbacks_new(&cbs) != 0) {
    failed_ = true;
    return;
  }
  nghttp2_session_callbacks_set_on_begin_headers_callback(cbs, H2Callbacks::on_begin_headers);
  nghttp2_session_callbacks_set_on_header_callback(cbs, H2Callbacks::on_header);
  nghttp2_session_callbacks_set_on_data_chunk_recv_callback(cbs, H2Callbacks::on_data_chunk);
  nghttp2_session_callbacks_set_on_frame_recv_callback(cbs, H2Callbacks::on_frame_recv);
  nghttp2_session_callbacks_set_on_stream_close_callback(cbs, H2Callbacks::on_stream_close);
  nghttp2_session_callbacks_set_on_frame_send_callback(cbs, H2Callbacks::on_frame_send);
  const int rv = nghttp2_session_server_new(&session_, cbs, this);
  nghttp2_session_callbacks_del(cbs);
  if (rv != 0) {
    session_ = nullptr;
    failed_ = true;
    return;
  }
  nghttp2_settings_entry settings[] = {
      {NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, static_cast<std::uint32_t>(max_streams)}};
  if (nghttp2_submit_settings(session_, NGHTTP2_FLAG_NONE, settings, 1) != 0) failed_ = true;
}

H2Peer::~H2Peer() {
  if (session_) nghttp2_session_del(session_);
}

bool H2Peer::upgrade(Request& request, const std::string& settings, TimePoint now) {
  now_ = now;
  if (failed_) return false;
  const int head = request.method == "HEAD" ? 1 : 0;
  if (nghttp2_session_upgrade2(session_, reinterpret_cast<const std::uint8_t*>(settings.data()),
                               settings.size(), head, nullptr) != 0) {
    failed_ = true;
    return false;
  }
  // Stream 1 is half-closed (remote) now: the request is whole, so it is answered at once,
  // its Request kept as the HTTP/1.1 parser made it (version, raw and body included).
  auto s = std::make_unique<H2Stream>();
  s->id = 1;
  s->request = std::move(request);
  H2Stream& stream = *s;
  ++streams_seen_;
  streams_[1] = std::move(s);
  respond(stream, now);
  reap();
  return true;
}

void H2Peer::receive(std::string& in, TimePoint now) {
  now_ = now;
  if (failed_ || in.empty()) {
    in.clear();
    return;
  }
  const ssize_t rv = nghttp2_session_mem_recv(session_, reinterpret_cast<const std::uint8_t*>(in.data()), in.size());
  in.clear();
  // A client that breaks the protocol gets a GOAWAY (when nghttp2 can still queue one).
  if (rv < 0 && nghttp2_session_terminate_session(session_, NGHTTP2_PROTOCOL_ERROR) != 0) failed_ = true;
  reap();
}

void H2Peer::produce(std::string& out, std::size_t cap, TimePoint now) {
  now_ = now;
  if (failed_) return;
  // Each round lets the streams move past what the last round's DATA drained (a Body that
  // ran out, a Sleep that ended); a round that adds no byte ends it.
  for (int round = 0; round < 64 && out.size() < cap; ++round) {
    for (auto& entry : streams_)
      if (entry.second->answered) advance(*entry.second, now);
    if (reset_) return;
    const std::size_t before = out.size();
    for (int frames = 0; frames < 100000 && out.size() < cap; ++frames) {
      const std::uint8_t* bytes = nullptr;
      const ssize_t n = nghttp2_session_mem_send(session_, &bytes);
      if (n < 0) {
        failed_ = true;
        break;
      }
      if (n == 0) break;
      out.append(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(n));
    }
    reap();
    if (failed_ || out.size() == before) break;
  }
}

std::optional<TimePoint> H2Peer::deadline() const {
  std::optional<TimePoint> soonest;
  for (const auto& entry : streams_) {
    const H2Stream& s = *entry.second;
    if (s.wake && !s.ended && (!soonest || *s.wake < *soonest)) soonest = s.wake;
  }
  return soonest;
}

bool H2Peer::over() const {
  return failed_ || reset_ || (!nghttp2_session_want_read(session_) && !nghttp2_session_want_write(session_));
}

void H2Peer::respond(H2Stream& s, TimePoint now) {
  s.answered = true;
  // Above the last stream of a GOAWAY already submitted (odd ids are the client's): never
  // answered, no RST either; nghttp2 closes it quietly once the GOAWAY is out.
  if (goaway_last_ && s.id > goaway_last_ && s.id % 2 == 1) {
    s.hanging = true;
    return;
  }
  Request& r = s.request;
  r.h2_streams = streams_seen_;
  r.h2_pushed = pushed_;
  r.h2_push_reset = push_resets_;
  stamp_(r);
  const Query q(r.target);
  s.goaway_after = q.flag("h2goaway");
  s.echo_priority = q.flag("h2prio");
  s.status_text = q.get("h2status").value_or("");
  s.interim = q.all("h2info");
  if (q.flag("h2goawaynow")) goaway_now(s.id);
  if (q.has("h2rst")) {
    end_without_answer(s, static_cast<std::uint32_t>(q.number("h2rst", 0)));
    return;
  }
  for (const std::string& spec : q.all("h2trailer"))
    for (auto& f : H1ReplyReader::parse_lines(spec)) s.trailers.push_back(std::move(f));
  // Promised before this stream's HEADERS are submitted, so the PUSH_PROMISEs go first.
  promise_pushes(s, q.all("h2push"));
  if (handler_.respond)
    for (Step& step : handler_.respond(r)) s.steps.push_back(std::move(step));
  advance(s, now);
}

void H2Peer::promise_pushes(const H2Stream& parent, const std::vector<std::string>& paths) {
  // Only a client's stream can carry a promise; a client that said ENABLE_PUSH=0 gets none.
  if (paths.empty() || parent.id % 2 == 0) return;
  if (nghttp2_session_get_remote_settings(session_, NGHTTP2_SETTINGS_ENABLE_PUSH) == 0) return;
  for (const std::string& path : paths) promise(parent, path);
}

void H2Peer::promise(const H2Stream& parent, const std::string& path) {
  // An upgraded request came over HTTP/1.1: its authority is the Host field.
  const std::string authority =
      parent.authority.empty() ? std::string(parent.request.header("Host")) : parent.authority;
  const FieldList fields = {{":method", "GET"},
                            {":scheme", parent.scheme.empty() ? "http" : parent.scheme},
                            {":authority", authority},
                            {":path", path}};
  const std::vector<nghttp2_nv> nva = fields_of(fields);
  const std::int32_t id =
      nghttp2_submit_push_promise(session_, NGHTTP2_FLAG_NONE, parent.id, nva.data(), nva.size(), nullptr);
  if (id <= 0) return;  // NGHTTP2_ERR_PUSH_DISABLED and the like: no push, silently
  ++pushed_;  // counted now, so a request read together with this one already sees it
  // nghttp2 (1.16 and later) opens the promised stream now, so it can be answered at once;
  // no on_begin_headers/on_header runs for it, the Request is made from the promise.
  auto s = std::make_unique<H2Stream>();
  s->id = id;
  s->scheme = fields[1].second;
  s->authority = authority;
  s->request.method = "GET";
  s->request.target = path;
  for (const auto& [name, value] : fields) s->head_lines += name + ": " + value + "\r\n";
  H2Callbacks::complete(*s);
  H2Stream& stream = *s;
  streams_[id] = std::move(s);
  respond(stream, now_);
}

void H2Peer::goaway_now(std::int32_t last) {
  if (closing_ || goaway_last_) return;  // a connection says GOAWAY once
  goaway_last_ = last;
  if (nghttp2_submit_goaway(session_, NGHTTP2_FLAG_NONE, last, NGHTTP2_NO_ERROR, nullptr, 0) != 0) failed_ = true;
}

void H2Peer::advance(H2Stream& s, TimePoint now) {
  if (s.ended || s.hanging || reset_) return;
  // Bounded: each round takes one step off the queue or returns.
  for (int rounds = 0; rounds < 100000; ++rounds) {
    if (s.wake) {
      if (now < *s.wake) return;
      s.wake.reset();
    }
    if (s.body && !s.body->done()) break;  // the data source drains it first
    if (s.steps.empty()) {
      if (!s.head_sent) {
        end_without_answer(s, NGHTTP2_INTERNAL_ERROR);  // nothing (or no head) to answer with
        return;
      }
      if (!s.steps_over)
        for (const auto& f : s.reader.trailers()) s.trailers.push_back(f);
      s.steps_over = true;
      break;
    }
    Step step = std::move(s.steps.front());
    s.steps.pop_front();
    bool stop = false;
    std::visit(Overloaded{
                   [&](const Send& send) {
                     s.reader.feed(send.data, s.data);
                     if (s.reader.failed()) {
                       end_without_answer(s, NGHTTP2_INTERNAL_ERROR);  // no HTTP/1.x reply in it
                       stop = true;
                     } else if (s.reader.head_ready() && !s.head_sent) {
                       submit_head(s);
                     }
                   },
                   [&](const Body& b) {
                     if (!s.head_sent) {
                       end_without_answer(s, NGHTTP2_INTERNAL_ERROR);
                       stop = true;
                       return;
                     }
                     // On h2 the bytes are the body: no chunk framing; its trailer lines
                     // become a trailing HEADERS. drip= pacing is not applied.
                     Body plain = b;
                     plain.chunk = 0;
                     plain.drip = Duration{0};
                     for (auto& f : H1ReplyReader::parse_lines(b.trailer)) s.trailers.push_back(std::move(f));
                     plain.trailer.clear();
                     s.body = std::make_unique<BodyStream>(std::move(plain));
                   },
                   [&](const Sleep& sl) { s.wake = now + sl.duration; },
                   [&](const Close&) {
                     s.close_after = true;
                     s.steps.clear();
                   },
                   [&](const Reset&) {
                     reset_ = true;
                     stop = true;
                   },
                   [&](const Hang&) {
                     s.hanging = true;
                     stop = true;
                   },
                   // Connection-level h1 steps with no meaning for one stream.
                   [&](const ReadRequest&) {}, [&](const CutAfter&) {}, [&](const IdleClose&) {},
                   [&](const StartTls&) {},
               },
               step);
    if (stop) return;
  }
  const bool ready = !s.data.empty() || (s.body && !s.body->done()) || s.steps_over;
  if (s.deferred && ready) {
    s.deferred = false;
    nghttp2_session_resume_data(session_, s.id);
  }
}

void H2Peer::submit_head(H2Stream& s) {
  const std::string status_name = ":status";
  // h2info=: non-final heads (no END_STREAM), sent as given: nghttp2 checks no :status it sends.
  for (const std::string& text : s.interim) {
    const nghttp2_nv info = field(status_name, text);
    if (nghttp2_submit_headers(session_, NGHTTP2_FLAG_NONE, s.id, nullptr, &info, 1, nullptr) < 0) {
      end_without_answer(s, NGHTTP2_INTERNAL_ERROR);
      return;
    }
  }
  const std::string status = s.status_text.empty() ? std::to_string(s.reader.status()) : s.status_text;
  std::vector<nghttp2_nv> nva;
  nva.push_back(field(status_name, status));
  for (const auto& [name, value] : s.reader.fields()) nva.push_back(field(name, value));
  FieldList echoed;  // h2prio=1; nva borrows these strings until the submit below
  if (s.echo_priority) {
    const Priority& p = s.priority;
    echoed = {{"x-h2-priority", std::to_string(p.depends_on) + " " + std::to_string(p.weight) + " " +
                                     (p.exclusive ? "1" : "0")},
              {"x-h2-priority-frames", std::to_string(s.priority_frames)},
              {"x-h2-stream", std::to_string(s.id)}};
  }
  for (const auto& [name, value] : echoed) nva.push_back(field(name, value));
  nghttp2_data_provider provider{};
  provider.source.ptr = &s;
  provider.read_callback = H2Callbacks::read_body;
  if (nghttp2_submit_response(session_, s.id, nva.data(), nva.size(), &provider) != 0) {
    end_without_answer(s, NGHTTP2_INTERNAL_ERROR);
    return;
  }
  s.head_sent = true;
}

void H2Peer::after_end_stream(std::int32_t id) {
  auto it = streams_.find(id);
  if (it == streams_.end() || !it->second->early) return;
  // The client may still be sending: tell it to stop, with no error, as RFC 9113 §8.1 allows.
  if (!nghttp2_session_get_stream_remote_close(session_, id))
    nghttp2_submit_rst_stream(session_, NGHTTP2_FLAG_NONE, id, NGHTTP2_NO_ERROR);
}

void H2Peer::end_without_answer(H2Stream& s, std::uint32_t code) {
  nghttp2_submit_rst_stream(session_, NGHTTP2_FLAG_NONE, s.id, code);
  s.ended = true;
}

void H2Peer::reap() {
  std::vector<std::int32_t> closed;
  closed.swap(closed_);
  for (std::int32_t id : closed) {
    auto it = streams_.find(id);
    if (it == streams_.end()) continue;
    const H2Stream& s = *it->second;
    // Only once its answer is out does a stream's Close or h2goaway end the connection.
    if (s.close_after && !closing_) {
      closing_ = true;
      if (nghttp2_session_terminate_session2(session_, id, NGHTTP2_NO_ERROR) != 0) failed_ = true;
    } else if (s.goaway_after) {
      goaway_now(id);
    }
    streams_.erase(it);
  }
}

}  // namespace xfer::test
