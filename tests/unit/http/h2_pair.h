// A client H2Session wired to a plain nghttp2 server session in memory, for the codec's unit tests.
#pragma once

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "http/h2_session.h"

namespace h2test {

using xfer::Status;
using xfer::http::H2Pull;
using xfer::http::H2RequestFields;
using xfer::http::H2Session;
using xfer::http::H2SessionEvents;
using xfer::http::H2SessionOptions;
using xfer::http::H2StreamEvents;
using xfer::http::HeaderLine;
using xfer::http::h2_request_fields;

// ---- the server side: a plain nghttp2 server session ---------------------------------------

struct Body {
  std::string data;
  std::size_t off = 0;
  std::vector<std::pair<std::string, std::string>> trailers;
};

struct ServerStream {
  std::vector<std::string> fields;  // "name: value" as received
  std::string body;
  bool ended = false;
  std::uint32_t closed = 0xffffffff;  // not closed
  std::unique_ptr<Body> out;
};

inline nghttp2_nv nv_of(const std::string& name, const std::string& value) {
  nghttp2_nv nv;
  nv.name = reinterpret_cast<std::uint8_t*>(const_cast<char*>(name.data()));
  nv.namelen = name.size();
  nv.value = reinterpret_cast<std::uint8_t*>(const_cast<char*>(value.data()));
  nv.valuelen = value.size();
  nv.flags = NGHTTP2_NV_FLAG_NONE;
  return nv;
}

class Server {
 public:
  explicit Server(std::vector<nghttp2_settings_entry> settings = {}) {
    nghttp2_session_callbacks* cbs = nullptr;
    nghttp2_session_callbacks_new(&cbs);
    nghttp2_session_callbacks_set_on_header_callback(
        cbs, [](nghttp2_session*, const nghttp2_frame* f, const std::uint8_t* n, std::size_t nl,
                const std::uint8_t* v, std::size_t vl, std::uint8_t, void* u) -> int {
          static_cast<Server*>(u)->streams[f->hd.stream_id].fields.push_back(
              std::string(reinterpret_cast<const char*>(n), nl) + ": " +
              std::string(reinterpret_cast<const char*>(v), vl));
          return 0;
        });
    nghttp2_session_callbacks_set_on_data_chunk_recv_callback(
        cbs, [](nghttp2_session*, std::uint8_t, std::int32_t id, const std::uint8_t* d, std::size_t len,
                void* u) -> int {
          static_cast<Server*>(u)->streams[id].body.append(reinterpret_cast<const char*>(d), len);
          return 0;
        });
    nghttp2_session_callbacks_set_on_frame_recv_callback(
        cbs, [](nghttp2_session*, const nghttp2_frame* f, void* u) -> int {
          if ((f->hd.type == NGHTTP2_HEADERS || f->hd.type == NGHTTP2_DATA) &&
              (f->hd.flags & NGHTTP2_FLAG_END_STREAM))
            static_cast<Server*>(u)->streams[f->hd.stream_id].ended = true;
          if (f->hd.type == NGHTTP2_SETTINGS && !(f->hd.flags & NGHTTP2_FLAG_ACK))
            static_cast<Server*>(u)->client_settings.assign(f->settings.iv, f->settings.iv + f->settings.niv);
          if (f->hd.type == NGHTTP2_HEADERS && (f->hd.flags & NGHTTP2_FLAG_PRIORITY))
            static_cast<Server*>(u)->priority[f->hd.stream_id] = f->headers.pri_spec;
          if (f->hd.type == NGHTTP2_PRIORITY) static_cast<Server*>(u)->priority[f->hd.stream_id] = f->priority.pri_spec;
          if (f->hd.type == NGHTTP2_WINDOW_UPDATE && f->hd.stream_id == 0)
            static_cast<Server*>(u)->connection_window_updates.push_back(f->window_update.window_size_increment);
          return 0;
        });
    nghttp2_session_callbacks_set_on_stream_close_callback(
        cbs, [](nghttp2_session*, std::int32_t id, std::uint32_t code, void* u) -> int {
          static_cast<Server*>(u)->streams[id].closed = code;
          return 0;
        });
    REQUIRE(nghttp2_session_server_new(&s, cbs, this) == 0);
    nghttp2_session_callbacks_del(cbs);
    REQUIRE(nghttp2_submit_settings(s, NGHTTP2_FLAG_NONE, settings.data(), settings.size()) == 0);
  }
  ~Server() { nghttp2_session_del(s); }

  void recv(const std::string& bytes) {
    const ssize_t rv = nghttp2_session_mem_recv(s, reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    REQUIRE(rv == static_cast<ssize_t>(bytes.size()));
  }
  std::string send() {
    std::string out;
    for (;;) {
      const std::uint8_t* p = nullptr;
      const ssize_t n = nghttp2_session_mem_send(s, &p);
      REQUIRE(n >= 0);
      if (n == 0) return out;
      out.append(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n));
    }
  }

  // Answers stream id: status, fields, then body (none: END_STREAM on HEADERS unless
  // trailers), then trailers.
  void respond(std::int32_t id, const std::string& status, std::vector<std::pair<std::string, std::string>> fields,
               std::string body, std::vector<std::pair<std::string, std::string>> trailers = {}) {
    std::vector<std::string> keep;  // backing for nv (nghttp2 copies)
    std::vector<nghttp2_nv> nv;
    fields.insert(fields.begin(), {":status", status});
    for (auto& f : fields) nv.push_back(nv_of(f.first, f.second));
    auto& st = streams[id];
    st.out = std::make_unique<Body>();
    st.out->data = std::move(body);
    st.out->trailers = std::move(trailers);
    nghttp2_data_provider dp;
    dp.source.ptr = st.out.get();
    dp.read_callback = [](nghttp2_session* session, std::int32_t sid, std::uint8_t* buf, std::size_t len,
                          std::uint32_t* flags, nghttp2_data_source* src, void*) -> ssize_t {
      auto* b = static_cast<Body*>(src->ptr);
      const std::size_t n = std::min(len, b->data.size() - b->off);
      std::memcpy(buf, b->data.data() + b->off, n);
      b->off += n;
      if (b->off == b->data.size()) {
        *flags |= NGHTTP2_DATA_FLAG_EOF;
        if (!b->trailers.empty()) {
          *flags |= NGHTTP2_DATA_FLAG_NO_END_STREAM;
          std::vector<nghttp2_nv> tv;
          for (auto& t : b->trailers) tv.push_back(nv_of(t.first, t.second));
          nghttp2_submit_trailer(session, sid, tv.data(), tv.size());
        }
      }
      return static_cast<ssize_t>(n);
    };
    const bool has_data = !st.out->data.empty() || !st.out->trailers.empty();
    REQUIRE(nghttp2_submit_response(s, id, nv.data(), nv.size(), has_data ? &dp : nullptr) == 0);
  }
  void informational(std::int32_t id, const std::string& status) {
    const std::string name = ":status";
    nghttp2_nv nv = nv_of(name, status);
    REQUIRE(nghttp2_submit_headers(s, NGHTTP2_FLAG_NONE, id, nullptr, &nv, 1, nullptr) == 0);
  }

  nghttp2_session* s = nullptr;
  std::map<std::int32_t, ServerStream> streams;
  std::vector<nghttp2_settings_entry> client_settings;
  std::map<std::int32_t, nghttp2_priority_spec> priority;  // from HEADERS or PRIORITY frames
  std::vector<std::int32_t> connection_window_updates;
};

// ---- the client side: recorders for H2Session's events --------------------------------------

struct Stream : H2StreamEvents {
  std::string lines;        // every header line as delivered, "[complete]" marks, "[end]"
  std::string body;
  std::uint32_t closed = 0xffffffff;
  int close_count = 0;
  std::string upload;       // request body served by pull_body
  std::size_t up_off = 0;
  std::size_t pull_step = 1 << 20;  // at most this much per pull
  bool defer = false;

  bool on_header_line(const HeaderLine& line) override {
    lines.append(line.raw);
    return true;
  }
  bool on_headers_complete() override {
    lines.append("[complete]");
    return true;
  }
  bool on_body(const char* data, std::size_t len) override {
    body.append(data, len);
    return true;
  }
  void on_end() override { lines.append("[end]"); }
  void on_failed(Status) noexcept override {}
  void on_closed(std::uint32_t code) noexcept override {
    closed = code;
    ++close_count;
  }
  H2Pull pull_body(char* buf, std::size_t cap) override {
    if (defer) return {0, H2Pull::State::kDeferred};
    const std::size_t n = std::min({cap, pull_step, upload.size() - up_off});
    std::memcpy(buf, upload.data() + up_off, n);
    up_off += n;
    return {n, up_off == upload.size() ? H2Pull::State::kEnd : H2Pull::State::kMore};
  }
};

struct SessionLog : H2SessionEvents {
  std::vector<std::uint32_t> settings;
  std::vector<std::pair<std::int32_t, std::uint32_t>> goaways;
  void on_settings(std::uint32_t n) noexcept override { settings.push_back(n); }
  void on_goaway(std::int32_t last, std::uint32_t code) noexcept override { goaways.emplace_back(last, code); }
};

// A client and a server wired together. split: feed the client's server bytes in pieces of
// that many bytes (0: whole).
struct Pair {
  explicit Pair(std::size_t split_ = 0, H2SessionOptions opts = {}, std::vector<nghttp2_settings_entry> ss = {})
      : client(log, opts), server(std::move(ss)), split(split_) {
    REQUIRE(client.ok());
  }

  void pump() {
    for (int round = 0; round < 1000; ++round) {
      std::string c;
      REQUIRE(client.drain_output(c));
      if (!c.empty()) server.recv(c);
      const std::string sb = server.send();
      if (!sb.empty()) feed(sb);
      if (c.empty() && sb.empty()) return;
    }
    FAIL("no quiet point");
  }
  void feed(const std::string& bytes) {
    const std::size_t step = split ? split : bytes.size();
    for (std::size_t off = 0; off < bytes.size(); off += step) {
      // A fresh copy per piece: the codec may not read around what it was given.
      const std::string piece = bytes.substr(off, step);
      REQUIRE(client.feed(piece.data(), piece.size()));
    }
  }
  std::int32_t get(Stream& st, const std::string& path = "/", const char* extra = "") {
    REQUIRE(h2_request_fields("GET " + path + " HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\n" + extra + "\r\n",
                              "https", fields));
    const std::int32_t id = client.submit_request(fields, st, false);
    REQUIRE(id > 0);
    return id;
  }

  SessionLog log;
  H2Session client;
  Server server;
  std::size_t split;
  H2RequestFields fields;
};

}  // namespace h2test
