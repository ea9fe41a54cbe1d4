// H2Session against a server nghttp2_session in the same test: bytes passed back and forth in memory.
#include <catch2/catch.hpp>

#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "http/h2_session.h"
#include "h2_pair.h"

namespace {

// The pair's server and recorders, and the codec's names (h2_pair.h).
using namespace h2test;

// The GET exchange every split must see the same way.
void run_get(std::size_t split, std::string& lines, std::string& body, std::vector<std::string>& req) {
  Pair p(split);
  Stream st;
  const std::int32_t id = p.get(st, "/index?x=1");
  p.pump();
  REQUIRE(p.server.streams[id].ended);
  p.server.respond(id, "200", {{"content-type", "text/plain"}, {"x-Mixed", "A b"}}, "hello, h2 world");
  p.pump();
  CHECK(st.closed == NGHTTP2_NO_ERROR);
  CHECK(st.close_count == 1);
  lines = st.lines;
  body = st.body;
  req = p.server.streams[id].fields;
}

}  // namespace

TEST_CASE("our preface: SETTINGS as libcurl's, then the connection window to 32 MiB", "[h2_session]") {
  Pair p;
  p.pump();
  REQUIRE(p.server.client_settings.size() == 3);
  CHECK(p.server.client_settings[0].settings_id == NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS);
  CHECK(p.server.client_settings[0].value == 100);
  CHECK(p.server.client_settings[1].settings_id == NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE);
  CHECK(p.server.client_settings[1].value == (32u << 20));
  CHECK(p.server.client_settings[2].settings_id == NGHTTP2_SETTINGS_ENABLE_PUSH);
  CHECK(p.server.client_settings[2].value == 0);
  REQUIRE(p.server.connection_window_updates.size() == 1);
  CHECK(p.server.connection_window_updates[0] == (32 << 20) - 65535);
  // The server's own SETTINGS (no limit named) was reported.
  REQUIRE(p.log.settings.size() == 1);
  CHECK(p.log.settings[0] == 0xffffffffu);
}

TEST_CASE("a GET: request fields, response lines, body, end, close", "[h2_session]") {
  std::string lines, body;
  std::vector<std::string> req;
  run_get(0, lines, body, req);
  CHECK(req == std::vector<std::string>{":method: GET", ":path: /index?x=1", ":scheme: https",
                                        ":authority: example.com", "accept: */*"});
  CHECK(lines == "HTTP/2 200 \r\ncontent-type: text/plain\r\nx-mixed: A b\r\n\r\n[complete][end]");
  CHECK(body == "hello, h2 world");
}

TEST_CASE("server bytes split at every byte (and in odd pieces) give the same events", "[h2_session]") {
  std::string lines0, body0;
  std::vector<std::string> req0;
  run_get(0, lines0, body0, req0);
  for (std::size_t split : {1, 2, 3, 7, 9, 10, 13}) {
    INFO("split " << split);
    std::string lines, body;
    std::vector<std::string> req;
    run_get(split, lines, body, req);
    CHECK(lines == lines0);
    CHECK(body == body0);
    CHECK(req == req0);
  }
}

TEST_CASE("a header-only response ends with its HEADERS", "[h2_session]") {
  Pair p(1);
  Stream st;
  const std::int32_t id = p.get(st);
  p.pump();
  p.server.respond(id, "204", {}, "");
  p.pump();
  CHECK(st.lines == "HTTP/2 204 \r\n\r\n[complete][end]");
  CHECK(st.closed == NGHTTP2_NO_ERROR);
}

TEST_CASE("a POST sends its body from pull_body, in pieces and after a deferral", "[h2_session]") {
  Pair p;
  Stream st;
  st.upload = std::string(100000, 'u');
  for (std::size_t i = 0; i < st.upload.size(); ++i) st.upload[i] = static_cast<char>('a' + i % 26);
  st.pull_step = 1000;
  st.defer = true;
  REQUIRE(h2_request_fields("POST /up HTTP/1.1\r\nHost: h\r\nContent-Length: 100000\r\n\r\n", "http", p.fields));
  const std::int32_t id = p.client.submit_request(p.fields, st, true);
  REQUIRE(id == 1);
  p.pump();
  CHECK(p.server.streams[id].body.empty());
  CHECK_FALSE(p.server.streams[id].ended);
  st.defer = false;
  p.client.resume_body(id);
  p.pump();
  CHECK(p.server.streams[id].ended);
  CHECK(p.server.streams[id].body == st.upload);
  CHECK(p.server.streams[id].fields ==
        std::vector<std::string>{":method: POST", ":path: /up", ":scheme: http", ":authority: h",
                                 "content-length: 100000"});
  p.server.respond(id, "201", {}, "ok");
  p.pump();
  CHECK(st.body == "ok");
  CHECK(st.closed == NGHTTP2_NO_ERROR);
}

TEST_CASE("two concurrent streams keep their own events", "[h2_session]") {
  Pair p;
  Stream a, b;
  const std::int32_t ia = p.get(a, "/a");
  const std::int32_t ib = p.get(b, "/b");
  CHECK(ia == 1);
  CHECK(ib == 3);
  p.pump();
  // Answered in the other order, the first one with a body large enough for several frames.
  p.server.respond(ib, "404", {}, "no b");
  p.server.respond(ia, "200", {}, std::string(50000, 'a'));
  p.pump();
  CHECK(a.lines.rfind("HTTP/2 200 \r\n", 0) == 0);
  CHECK(b.lines.rfind("HTTP/2 404 \r\n", 0) == 0);
  CHECK(a.body == std::string(50000, 'a'));
  CHECK(b.body == "no b");
  CHECK(a.closed == NGHTTP2_NO_ERROR);
  CHECK(b.closed == NGHTTP2_NO_ERROR);
}

TEST_CASE("1xx blocks, then the final one, then trailers without a blank line", "[h2_session]") {
  Pair p(1);
  Stream st;
  const std::int32_t id = p.get(st, "/t", "TE: trailers\r\n");
  p.pump();
  CHECK(p.server.streams[id].fields.back() == "te: trailers");
  p.server.informational(id, "103");
  p.server.respond(id, "200", {{"trailer", "x-sum"}}, "data", {{"x-sum", "42"}});
  p.pump();
  CHECK(st.lines ==
        "HTTP/2 103 \r\n\r\nHTTP/2 200 \r\ntrailer: x-sum\r\n\r\n[complete]x-sum: 42\r\n[end]");
  CHECK(st.body == "data");
  CHECK(st.closed == NGHTTP2_NO_ERROR);
}

TEST_CASE("RST_STREAM from the server closes the stream with its code", "[h2_session]") {
  Pair p;
  Stream st, other;
  const std::int32_t id = p.get(st);
  const std::int32_t id2 = p.get(other);
  p.pump();
  REQUIRE(nghttp2_submit_rst_stream(p.server.s, NGHTTP2_FLAG_NONE, id, NGHTTP2_ENHANCE_YOUR_CALM) == 0);
  p.pump();
  CHECK(st.closed == NGHTTP2_ENHANCE_YOUR_CALM);
  CHECK(st.close_count == 1);
  CHECK(st.lines.empty());
  // The connection goes on.
  p.server.respond(id2, "200", {}, "fine");
  p.pump();
  CHECK(other.body == "fine");
  CHECK(other.closed == NGHTTP2_NO_ERROR);
}

TEST_CASE("GOAWAY: reported, streams above its last id refused, the rest run on", "[h2_session]") {
  Pair p;
  Stream a, b;
  const std::int32_t ia = p.get(a);
  const std::int32_t ib = p.get(b);
  p.pump();
  REQUIRE(nghttp2_submit_goaway(p.server.s, NGHTTP2_FLAG_NONE, ia, NGHTTP2_NO_ERROR, nullptr, 0) == 0);
  p.server.respond(ia, "200", {}, "first");
  p.pump();
  REQUIRE(p.log.goaways.size() == 1);
  CHECK(p.log.goaways[0] == std::pair<std::int32_t, std::uint32_t>(ia, NGHTTP2_NO_ERROR));
  CHECK(b.closed == NGHTTP2_REFUSED_STREAM);
  CHECK(b.lines.empty());
  (void)ib;
  CHECK(a.body == "first");
  CHECK(a.closed == NGHTTP2_NO_ERROR);
  // A request after GOAWAY is never sent: refused at once or closed as refused.
  Stream c;
  REQUIRE(h2_request_fields("GET / HTTP/1.1\r\nHost: h\r\n\r\n", "https", p.fields));
  const std::int32_t ic = p.client.submit_request(p.fields, c, false);
  if (ic > 0) {
    p.pump();
    CHECK(c.closed == NGHTTP2_REFUSED_STREAM);
  }
}

TEST_CASE("the peer's SETTINGS_MAX_CONCURRENT_STREAMS is reported, 100 assumed before", "[h2_session]") {
  Pair p(0, {}, {{NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, 1}});
  CHECK(p.client.peer_max_concurrent_streams() == 100);
  p.pump();
  REQUIRE(p.log.settings.size() == 1);
  CHECK(p.log.settings[0] == 1);
  CHECK(p.client.peer_max_concurrent_streams() == 1);
  // Lowered again later.
  nghttp2_settings_entry iv{NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, 0};
  REQUIRE(nghttp2_submit_settings(p.server.s, NGHTTP2_FLAG_NONE, &iv, 1) == 0);
  p.pump();
  REQUIRE(p.log.settings.size() == 2);
  CHECK(p.log.settings[1] == 0);
}

TEST_CASE("flow control: no DATA beyond the stream window until consume()", "[h2_session]") {
  H2SessionOptions opts;
  opts.settings.initial_window_size = 16384;
  Pair p(0, opts);
  Stream st;
  const std::int32_t id = p.get(st);
  p.pump();
  p.server.respond(id, "200", {}, std::string(40000, 'w'));
  p.pump();
  CHECK(st.body.size() == 16384);
  p.pump();
  CHECK(st.body.size() == 16384);  // nothing more without consume
  p.client.consume(id, 10000);
  p.pump();
  CHECK(st.body.size() == 26384);
  p.client.consume(id, 16384);
  p.pump();
  CHECK(st.body.size() == 40000);
  CHECK(st.closed == NGHTTP2_NO_ERROR);
  // The connection window was reopened all along (the server saw it grow).
  CHECK(nghttp2_session_get_remote_window_size(p.server.s) > (32 << 20) - 40000 - 1);
}

TEST_CASE("a refusing or throwing event resets only its stream", "[h2_session]") {
  struct Refuser : Stream {
    bool on_body(const char*, std::size_t) override { return false; }
  };
  struct Thrower : Stream {
    Status failed;
    bool on_header_line(const HeaderLine&) override { throw std::bad_alloc(); }
    void on_failed(Status why) noexcept override { failed = why; }
  };
  Pair p;
  Refuser r;
  Thrower t;
  Stream ok;
  const std::int32_t ir = p.get(r);
  const std::int32_t it = p.get(t);
  const std::int32_t io = p.get(ok);
  p.pump();
  p.server.respond(ir, "200", {}, std::string(30000, 'r'));
  p.server.respond(it, "200", {}, "t");
  p.server.respond(io, "200", {}, "o");
  p.pump();
  CHECK(r.closed == NGHTTP2_CANCEL);
  CHECK(r.lines.find("[end]") == std::string::npos);
  CHECK(t.failed.code == CURLE_OUT_OF_MEMORY);
  CHECK(t.closed == NGHTTP2_INTERNAL_ERROR);
  CHECK(ok.body == "o");
  CHECK(ok.closed == NGHTTP2_NO_ERROR);
}

TEST_CASE("a detached stream hears nothing more and is reset", "[h2_session]") {
  Pair p;
  auto gone = std::make_unique<Stream>();
  Stream ok;
  const std::int32_t ig = p.get(*gone);
  const std::int32_t io = p.get(ok);
  p.pump();
  p.client.detach(ig);
  gone.reset();  // the events object may go at once
  p.server.respond(ig, "200", {}, std::string(1000, 'g'));
  p.server.respond(io, "200", {}, "o");
  p.pump();
  CHECK(p.server.streams[ig].closed == NGHTTP2_CANCEL);
  CHECK(ok.body == "o");
}

TEST_CASE("a broken frame fails the session", "[h2_session]") {
  Pair p;
  p.pump();
  CHECK(p.log.goaways.empty());
  // A DATA frame on stream 0 is a connection error.
  const std::string bad("\x00\x00\x01\x00\x00\x00\x00\x00\x00x", 10);
  CHECK(p.client.feed(bad.data(), bad.size()).code == CURLE_HTTP2);
  // Its GOAWAY(PROTOCOL_ERROR) goes out, then the session wants nothing more.
  std::string out;
  REQUIRE(p.client.drain_output(out));
  p.server.recv(out);
  CHECK_FALSE(p.client.want_read());
  CHECK_FALSE(p.client.want_write());
}

TEST_CASE("our own GOAWAY lets open streams finish", "[h2_session]") {
  Pair p;
  Stream st;
  const std::int32_t id = p.get(st);
  p.pump();
  p.client.shutdown();
  p.pump();
  p.server.respond(id, "200", {}, "after goaway");
  p.pump();
  CHECK(st.body == "after goaway");
  CHECK(st.closed == NGHTTP2_NO_ERROR);
  CHECK(p.log.goaways.empty());
}

TEST_CASE("a stream detached before its HEADERS went out hears nothing", "[h2_session]") {
  Pair p;
  Stream early, ok;
  const std::int32_t ie = p.get(early);
  const std::int32_t io = p.get(ok);
  p.client.detach(ie);
  p.pump();
  if (p.server.streams.count(ie)) p.server.respond(ie, "200", {}, "early");
  p.server.respond(io, "200", {}, "o");
  p.pump();
  CHECK(early.lines.empty());
  CHECK(early.body.empty());
  CHECK(early.close_count == 0);
  CHECK(ok.body == "o");
}

TEST_CASE("a failing body source resets its stream, INTERNAL_ERROR", "[h2_session]") {
  struct Broken : Stream {
    H2Pull pull_body(char*, std::size_t) override { return {0, H2Pull::State::kFailed}; }
  };
  Pair p(1);
  Broken st;
  Stream ok;
  REQUIRE(h2_request_fields("PUT /x HTTP/1.1\r\nHost: h\r\n\r\n", "https", p.fields));
  const std::int32_t id = p.client.submit_request(p.fields, st, true);
  REQUIRE(id > 0);
  const std::int32_t io = p.get(ok);
  p.pump();
  CHECK(st.closed == NGHTTP2_INTERNAL_ERROR);
  CHECK(p.server.streams[id].closed == NGHTTP2_INTERNAL_ERROR);
  p.server.respond(io, "200", {}, "o");
  p.pump();
  CHECK(ok.body == "o");
}

TEST_CASE("flow control with the server's bytes fed one at a time", "[h2_session]") {
  H2SessionOptions opts;
  opts.settings.initial_window_size = 1000;
  Pair p(1, opts);
  Stream st;
  const std::int32_t id = p.get(st);
  p.pump();
  p.server.respond(id, "200", {}, std::string(2500, 'z'));
  p.pump();
  CHECK(st.body.size() == 1000);
  p.client.consume(id, 1000);
  p.pump();
  CHECK(st.body.size() == 2000);
  p.client.consume(id, 1000);
  p.pump();
  CHECK(st.body == std::string(2500, 'z'));
  CHECK(st.lines == "HTTP/2 200 \r\n\r\n[complete][end]");
}

TEST_CASE("every nghttp2 allocation failing once: errors, never a crash or a lost close", "[h2_session][sweep]") {
  using xfer::http::h2_allocation_failure_hit;
  using xfer::http::h2_fail_allocation;
  std::size_t runs = 0;
  for (std::size_t nth = 1;; ++nth) {
    INFO("allocation " << nth);
    h2_fail_allocation(nth);
    SessionLog log;
    Server server;
    Stream get, post;
    post.upload = std::string(70000, 'p');
    bool broken = false;
    {
      H2Session client(log);
      H2RequestFields fields;
      std::int32_t ig = -1, ip = -1;
      if (!client.ok()) {
        broken = true;
      } else {
        REQUIRE(h2_request_fields("GET / HTTP/1.1\r\nHost: h\r\n\r\n", "https", fields));
        ig = client.submit_request(fields, get, false);
        REQUIRE(h2_request_fields("POST / HTTP/1.1\r\nHost: h\r\n\r\n", "https", fields));
        ip = client.submit_request(fields, post, true);
      }
      bool answered = false;
      for (int round = 0; !broken && round < 100; ++round) {
        std::string c;
        if (!client.drain_output(c)) broken = true;
        if (!c.empty()) server.recv(c);
        if (!answered && ig > 0 && ip > 0 && server.streams[ig].ended && server.streams[ip].ended) {
          server.respond(ig, "200", {{"a", "b"}}, std::string(20000, 'g'));
          server.respond(ip, "201", {}, "posted", {{"t", "1"}});
          answered = true;
        }
        const std::string sb = server.send();
        if (!sb.empty() && !client.feed(sb.data(), sb.size())) broken = true;
        if (c.empty() && sb.empty()) break;
      }
      if (!broken && ig > 0 && ip > 0) {
        // Whatever failed, each stream ended one way or another exactly once.
        CHECK(get.close_count == 1);
        CHECK(post.close_count == 1);
      }
    }
    CHECK(get.close_count <= 1);
    CHECK(post.close_count <= 1);
    ++runs;
    const bool hit = h2_allocation_failure_hit();
    h2_fail_allocation(0);
    if (!hit) {
      // The clean run: everything arrived.
      CHECK(get.body == std::string(20000, 'g'));
      CHECK(post.body == "posted");
      CHECK(server.streams[3].body == post.upload);
      break;
    }
    REQUIRE(nth < 100000);
  }
  CHECK(runs > 10);
}
