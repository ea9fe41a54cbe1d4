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
    const bool request_frame = frame->hd.type == NGHTTP2_HEADERS || frame->hd.type == NGHTTP2_DATA;
    if (!request_frame) return 0;
    H2Peer& p = peer(user_data);
    H2Stream* s = find(p, frame->hd.stream_id);
    if (!s || s->answered) return 0;
    const bool ended = frame->hd.flags & NGHTTP2_FLAG_END_STREAM;
    // h2early=1 answers on the HEADERS alone, as nginx does before reading a body.
    const bool early = !ended && frame->hd.type == NGHTTP2_HEADERS && Query(s->request.target).flag("h2early");
    if (!ended && !early) return 0;
    s->early = early;
    complete(*s);
    p.respond(*s, p.now_);
    return 0;
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
  Request& r = s.request;
  r.h2_streams = streams_seen_;
  stamp_(r);
  const Query q(r.target);
  s.goaway_after = q.flag("h2goaway");
  if (q.has("h2rst")) {
    end_without_answer(s, static_cast<std::uint32_t>(q.number("h2rst", 0)));
    return;
  }
  for (const std::string& spec : q.all("h2trailer"))
    for (auto& f : H1ReplyReader::parse_lines(spec)) s.trailers.push_back(std::move(f));
  if (handler_.respond)
    for (Step& step : handler_.respond(r)) s.steps.push_back(std::move(step));
  advance(s, now);
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
  const std::string status = std::to_string(s.reader.status());
  const std::string status_name = ":status";
  std::vector<nghttp2_nv> nva;
  nva.push_back(field(status_name, status));
  for (const auto& [name, value] : s.reader.fields()) nva.push_back(field(name, value));
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
    } else if (s.goaway_after && !closing_) {
      nghttp2_submit_goaway(session_, NGHTTP2_FLAG_NONE, id, NGHTTP2_NO_ERROR, nullptr, 0);
    }
    streams_.erase(it);
  }
}

}  // namespace xfer::test
