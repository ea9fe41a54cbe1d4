// H2Session's server push (PUSH_PROMISE to a parent stream's verdict) and request priority.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "h2_pair.h"
#include "http/h2_push.h"

using namespace h2test;
using xfer::http::H2Priority;
using xfer::http::H2PushVerdict;
using xfer::http::push_field;

namespace {

// A parent stream that answers every promise with `verdict`, handing `child` on kAccept.
struct Parent : Stream {
  H2PushVerdict verdict = H2PushVerdict::kAccept;
  Stream* child = nullptr;
  std::vector<std::string> seen;
  std::int32_t promised = 0;
  H2PushVerdict on_push(std::int32_t id, const std::vector<std::string>& fields, H2StreamEvents*& pushed) noexcept override {
    promised = id;
    seen = fields;
    pushed = child;
    return verdict;
  }
};

H2SessionOptions push_on() {
  H2SessionOptions o;
  o.settings.enable_push = true;
  return o;
}

std::int32_t promise(Server& server, std::int32_t parent, const std::string& path) {
  const std::string m = ":method", mv = "GET", sc = ":scheme", scv = "https", a = ":authority", av = "example.com",
                    pa = ":path";
  const nghttp2_nv nv[] = {nv_of(m, mv), nv_of(sc, scv), nv_of(a, av), nv_of(pa, path)};
  const std::int32_t id = nghttp2_submit_push_promise(server.s, NGHTTP2_FLAG_NONE, parent, nv, 4, nullptr);
  REQUIRE(id > 0);
  return id;
}

}  // namespace

TEST_CASE("push_field finds a promise's fields as curl_pushheader_byname does") {
  const std::vector<std::string> f = {":method:GET", ":path:/a:b", "x-one:1", "x-one:2"};
  CHECK(std::string(push_field(f, ":path")) == "/a:b");
  CHECK(std::string(push_field(f, "x-one")) == "1");
  CHECK(push_field(f, ":") == nullptr);
  CHECK(push_field(f, "") == nullptr);
  CHECK(push_field(f, nullptr) == nullptr);
  CHECK(push_field(f, "x-on") == nullptr);
  CHECK(push_field(f, "x:one") == nullptr);
}

TEST_CASE("an accepted push delivers the promised response to the stream that took it") {
  Pair p(0, push_on());
  Parent parent;
  Stream child;
  parent.child = &child;
  const std::int32_t id = p.get(parent, "/page");
  p.pump();
  const std::int32_t pushed = promise(p.server, id, "/style.css");
  p.server.respond(id, "200", {}, "page");
  p.server.respond(pushed, "200", {{"content-type", "text/css"}}, "body{}");
  p.pump();
  CHECK(parent.promised == pushed);
  CHECK(parent.seen == std::vector<std::string>{":method:GET", ":scheme:https", ":authority:example.com", ":path:/style.css"});
  CHECK(parent.body == "page");
  CHECK(child.lines == "HTTP/2 200 \r\ncontent-type: text/css\r\n\r\n[complete][end]");
  CHECK(child.body == "body{}");
  CHECK(child.closed == 0);
  CHECK(p.server.streams[pushed].closed == 0);
}

TEST_CASE("a denied push costs one RST_STREAM and leaves the parent alone") {
  Pair p(0, push_on());
  Parent parent;
  parent.verdict = H2PushVerdict::kDeny;
  const std::int32_t id = p.get(parent, "/page");
  p.pump();
  const std::int32_t pushed = promise(p.server, id, "/x");
  p.server.respond(id, "200", {}, "page");
  p.pump();
  CHECK(parent.body == "page");
  CHECK(parent.closed == 0);
  CHECK(p.server.streams[pushed].closed == NGHTTP2_CANCEL);
}

TEST_CASE("CURL_PUSH_ERROROUT's verdict fails the whole session") {
  Pair p(0, push_on());
  Parent parent;
  parent.verdict = H2PushVerdict::kFailConnection;
  const std::int32_t id = p.get(parent, "/page");
  p.pump();
  promise(p.server, id, "/x");
  const std::string sb = p.server.send();
  const Status st = p.client.feed(sb.data(), sb.size());
  CHECK(st.code == CURLE_RECV_ERROR);
}

TEST_CASE("without ENABLE_PUSH the client announces push off") {
  Pair p(0);
  Stream st;
  p.get(st);
  p.pump();
  bool seen = false;
  for (const auto& e : p.server.client_settings)
    if (e.settings_id == NGHTTP2_SETTINGS_ENABLE_PUSH) {
      seen = true;
      CHECK(e.value == 0);
    }
  CHECK(seen);
}

TEST_CASE("a request's priority goes on its HEADERS only when it is not the default") {
  Pair p(0);
  Stream a, b;
  const std::int32_t ia = p.get(a, "/a");
  REQUIRE(h2_request_fields("GET /b HTTP/1.1\r\nHost: example.com\r\n\r\n", "https", p.fields));
  const std::int32_t ib = p.client.submit_request(p.fields, b, false, H2Priority{ia, 42, true});
  REQUIRE(ib > 0);
  p.pump();
  CHECK(p.server.priority.count(ia) == 0);
  REQUIRE(p.server.priority.count(ib) == 1);
  CHECK(p.server.priority[ib].stream_id == ia);
  CHECK(p.server.priority[ib].weight == 42);
  CHECK(p.server.priority[ib].exclusive == 1);
  p.client.reprioritize(ib, H2Priority{0, 7, false});
  p.pump();
  CHECK(p.server.priority[ib].stream_id == 0);
  CHECK(p.server.priority[ib].weight == 7);
  CHECK(p.server.priority[ib].exclusive == 0);
}
