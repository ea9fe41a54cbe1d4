// h2_request_fields, the response lines and the SETTINGS we send (HTTP/2 translation).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "http/h2_headers.h"

using xfer::http::H2RequestFields;
using xfer::http::H2Settings;
using xfer::http::h2_field_line;
using xfer::http::h2_request_fields;
using xfer::http::h2_settings_base64url;
using xfer::http::h2_status_line;

namespace {

// The field list as "name: value" strings.
std::vector<std::string> fields(const std::string& head, const char* scheme = "https") {
  static H2RequestFields buf;  // reused across calls, as the engine reuses its scratch
  REQUIRE(h2_request_fields(head, scheme, buf));
  std::vector<std::string> out;
  for (const nghttp2_nv& nv : buf.nv)
    out.push_back(std::string(reinterpret_cast<const char*>(nv.name), nv.namelen) + ": " +
                  std::string(reinterpret_cast<const char*>(nv.value), nv.valuelen));
  return out;
}

using Fields = std::vector<std::string>;

}  // namespace

TEST_CASE("request line and Host become pseudo-headers, Host moved to fourth", "[h2_headers]") {
  CHECK(fields("GET /a?b=1 HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\n\r\n") ==
        Fields{":method: GET", ":path: /a?b=1", ":scheme: https", ":authority: example.com", "accept: */*"});
  CHECK(fields("POST /p HTTP/1.1\r\nUser-Agent: x/1\r\nHost: h:8080\r\nContent-Length: 3\r\n\r\n", "http") ==
        Fields{":method: POST", ":path: /p", ":scheme: http", ":authority: h:8080", "user-agent: x/1",
               "content-length: 3"});
  // No Host line: no :authority.
  CHECK(fields("GET / HTTP/1.1\r\nAccept: */*\r\n\r\n") ==
        Fields{":method: GET", ":path: /", ":scheme: https", "accept: */*"});
  // A path with blanks (CURLOPT_REQUEST_TARGET or CUSTOMREQUEST tricks) runs to the last blank.
  CHECK(fields("OPTIONS /a b HTTP/1.1\r\nHost: h\r\n\r\n") ==
        Fields{":method: OPTIONS", ":path: /a b", ":scheme: https", ":authority: h"});
}

TEST_CASE("a custom Host line wins, as written", "[h2_headers]") {
  // write_request_head puts the app's own Host where the app's list has it.
  CHECK(fields("GET / HTTP/1.1\r\nAccept: */*\r\nX-A: 1\r\nHOST:   Other.Example:99\r\n\r\n") ==
        Fields{":method: GET", ":path: /", ":scheme: https", ":authority: Other.Example:99", "accept: */*",
               "x-a: 1"});
}

TEST_CASE("names are lower-cased, values kept as written", "[h2_headers]") {
  CHECK(fields("GET / HTTP/1.1\r\nHost: h\r\nX-MiXeD-Case: VaLuE \r\nX-Empty:\r\nX-Tab:\tv\r\n\r\n") ==
        Fields{":method: GET", ":path: /", ":scheme: https", ":authority: h", "x-mixed-case: VaLuE ",
               "x-empty: ", "x-tab: v"});
}

TEST_CASE("hop-by-hop fields are dropped, in any case", "[h2_headers]") {
  CHECK(fields("GET / HTTP/1.1\r\nHost: h\r\nConnection: keep-alive, TE\r\nKeep-Alive: 5\r\n"
               "proxy-connection: Keep-Alive\r\nTRANSFER-ENCODING: chunked\r\nUpgrade: h2c\r\n"
               "X-Connection: stays\r\n\r\n") ==
        Fields{":method: GET", ":path: /", ":scheme: https", ":authority: h", "x-connection: stays"});
}

TEST_CASE("TE is kept only as 'te: trailers' when it lists trailers", "[h2_headers]") {
  const Fields base{":method: GET", ":path: /", ":scheme: https", ":authority: h"};
  auto with = [&](const char* te) { return fields(std::string("GET / HTTP/1.1\r\nHost: h\r\nTE: ") + te + "\r\n\r\n"); };
  Fields kept = base;
  kept.push_back("te: trailers");
  CHECK(with("trailers") == kept);
  CHECK(with("gzip, Trailers") == kept);
  CHECK(with("gzip,trailers ,deflate") == kept);
  CHECK(with("gzip") == base);
  CHECK(with("trailers;q=1") == base);
  CHECK(with("trailersx") == base);
  CHECK(with("") == base);
}

TEST_CASE("malformed heads are refused", "[h2_headers]") {
  H2RequestFields buf;
  CHECK(h2_request_fields("GET / HTTP/1.1", "https", buf).code == CURLE_HTTP2);  // no CRLF
  CHECK(h2_request_fields("GET\r\n\r\n", "https", buf).code == CURLE_HTTP2);
  CHECK(h2_request_fields(" / HTTP/1.1\r\n\r\n", "https", buf).code == CURLE_HTTP2);
  CHECK(h2_request_fields("GET / HTTP/1.1\r\nno colon\r\n\r\n", "https", buf).code == CURLE_HTTP2);
  CHECK(h2_request_fields("GET / HTTP/1.1\r\nA: b", "https", buf).code == CURLE_HTTP2);
}

TEST_CASE("the field storage is reused without allocating once warm", "[h2_headers]") {
  H2RequestFields buf;
  const std::string head = "GET /x HTTP/1.1\r\nHost: h\r\nAccept: */*\r\nX-Long: " + std::string(300, 'v') + "\r\n\r\n";
  REQUIRE(h2_request_fields(head, "https", buf));
  const char* text = buf.text.data();
  const nghttp2_nv* nv = buf.nv.data();
  REQUIRE(h2_request_fields("GET / HTTP/1.1\r\nHost: h\r\n\r\n", "https", buf));
  REQUIRE(h2_request_fields(head, "https", buf));
  CHECK(buf.text.data() == text);
  CHECK(buf.nv.data() == nv);
  CHECK(buf.size() == 6);
}

TEST_CASE("status and field lines look like libcurl's", "[h2_headers]") {
  char b[16];
  CHECK(h2_status_line(200, b) == "HTTP/2 200 \r\n");
  CHECK(h2_status_line(103, b) == "HTTP/2 103 \r\n");
  CHECK(h2_status_line(599, b) == "HTTP/2 599 \r\n");
  std::string line = "old";
  h2_field_line("content-type", "text/plain", line);
  CHECK(line == "content-type: text/plain\r\n");
  h2_field_line("x-e", "", line);
  CHECK(line == "x-e: \r\n");
}

TEST_CASE("HTTP2-Settings of the defaults is curl test 1800's", "[h2_headers]") {
  CHECK(h2_settings_base64url(H2Settings{}) == "AAMAAABkAAQCAAAAAAIAAAAA");
  H2Settings push;
  push.enable_push = true;
  push.max_concurrent_streams = 1;
  // 00 03 00000001 | 00 04 02000000 | 00 02 00000001
  CHECK(h2_settings_base64url(push) == "AAMAAAABAAQCAAAAAAIAAAAB");
}

TEST_CASE("the debug view of an h2 head lower-cases names but Host's", "[h2_headers]") {
  std::string head =
      "POST /a:b HTTP/2\r\nHost: Example.COM:8\r\nUser-Agent: X/1\r\nX-Mixed-Case: Value Kept\r\n"
      "Content-Length: 3\r\n\r\n";
  xfer::http::lowercase_field_names(head, "host");
  CHECK(head ==
        "POST /a:b HTTP/2\r\nHost: Example.COM:8\r\nuser-agent: X/1\r\nx-mixed-case: Value Kept\r\n"
        "content-length: 3\r\n\r\n");
  std::string bare = "GET / HTTP/2\r\n\r\n";
  xfer::http::lowercase_field_names(bare, "host");
  CHECK(bare == "GET / HTTP/2\r\n\r\n");
}
