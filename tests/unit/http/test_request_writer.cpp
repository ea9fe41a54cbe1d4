// Request heads pinned byte for byte to what libcurl 7.88 sent to a loopback listener.
#include <catch2/catch.hpp>

#include <initializer_list>
#include <string>

#include "http/request_writer.h"
#include "header_list.h"

using xfer::http::RequestSpec;
using xfer::test::Headers;

namespace {

xfer::http::Url test_url(const char* text = "http://127.0.0.1:8080/a") {
  xfer::http::Url u;
  REQUIRE(xfer::http::parse_url(text, u));
  return u;
}

std::string head(const RequestSpec& spec) {
  std::string out;
  xfer::http::write_request_head(spec, out);
  return out;
}

RequestSpec post(const xfer::http::Url& u, std::int64_t size) {
  RequestSpec s;
  s.method = "POST";
  s.url = &u;
  s.has_body = true;
  s.body_size = size;
  s.body_is_postfields = true;
  return s;
}

}  // namespace

TEST_CASE("plain GET and HEAD", "[request]") {
  auto u = test_url();
  RequestSpec s;
  s.method = "GET";
  s.url = &u;
  CHECK(head(s) == "GET /a HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nAccept: */*\r\n\r\n");

  s.method = "HEAD";
  s.user_agent = "ua";
  s.referer = "http://r/";
  s.accept_encoding = "";
  CHECK(head(s) ==
        "HEAD /a HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: ua\r\nAccept: */*\r\n"
        "Accept-Encoding: deflate, gzip, br, zstd\r\nReferer: http://r/\r\n\r\n");

  s.method = "GET";
  s.http_minor = 0;
  s.referer = nullptr;
  s.accept_encoding = nullptr;
  s.user_agent = "u";
  CHECK(head(s) == "GET /a HTTP/1.0\r\nHost: 127.0.0.1:8080\r\nUser-Agent: u\r\nAccept: */*\r\n\r\n");

  s.user_agent = "";  // an empty agent sends no header at all
  s.http_minor = 1;
  CHECK(head(s) == "GET /a HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nAccept: */*\r\n\r\n");
}

TEST_CASE("default port, IPv6 and query in the request line", "[request]") {
  auto u = test_url("http://[::1]:81/x?q#frag");
  RequestSpec s;
  s.method = "GET";
  s.url = &u;
  CHECK(head(s) == "GET /x?q HTTP/1.1\r\nHost: [::1]:81\r\nAccept: */*\r\n\r\n");
  auto d = test_url("http://localhost:80/?");
  s.url = &d;
  CHECK(head(s) == "GET /? HTTP/1.1\r\nHost: localhost\r\nAccept: */*\r\n\r\n");
}

TEST_CASE("HTTPHEADER replaces, removes and blanks headers", "[request]") {
  auto u = test_url();
  RequestSpec s;
  s.method = "GET";
  s.url = &u;
  s.user_agent = "ua";
  Headers h{"X-A: 1", "accept: text/x", "Host: foo", "X-B;", "User-Agent:", "X-C:",
            "X-D:   spaced  "};
  s.headers = h.get();
  CHECK(head(s) ==
        "GET /a HTTP/1.1\r\nHost: foo\r\nX-A: 1\r\naccept: text/x\r\nX-B:\r\n"
        "X-D:   spaced  \r\n\r\n");

  Headers odd{"X-E;junk", "X-F ; ", "noColon", ":empty", "Y: a", "y: b"};
  s.headers = odd.get();
  s.user_agent = nullptr;
  CHECK(head(s) == "GET /a HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nAccept: */*\r\nY: a\r\ny: b\r\n\r\n");

  Headers host_gone{"Host:"};
  s.headers = host_gone.get();
  CHECK(head(s) == "GET /a HTTP/1.1\r\nAccept: */*\r\n\r\n");
  Headers host_tight{"Host:foo"};
  s.headers = host_tight.get();
  CHECK(head(s) == "GET /a HTTP/1.1\r\nHost:foo\r\nAccept: */*\r\n\r\n");
  Headers host_semi{"host;"};
  s.headers = host_semi.get();
  CHECK(head(s) == "GET /a HTTP/1.1\r\nHost:\r\nAccept: */*\r\n\r\n");
  Headers accept_blank{"Accept;"};
  s.headers = accept_blank.get();
  CHECK(head(s) == "GET /a HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nAccept:\r\n\r\n");

  Headers ae_ref{"Accept-Encoding: foo", "Referer: x"};
  s.headers = ae_ref.get();
  s.accept_encoding = "gzip";
  s.referer = "y";
  CHECK(head(s) ==
        "GET /a HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nAccept: */*\r\nAccept-Encoding: foo\r\n"
        "Referer: x\r\n\r\n");
}

TEST_CASE("authorization: default, replaced, removed, dropped after a redirect", "[request]") {
  auto u = test_url();
  RequestSpec s;
  s.method = "GET";
  s.url = &u;
  s.user_agent = "ua";
  std::string auth = xfer::http::basic_authorization("u", "p");
  CHECK(auth == "Basic dTpw");
  s.authorization = auth.c_str();
  CHECK(head(s) ==
        "GET /a HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nAuthorization: Basic dTpw\r\n"
        "User-Agent: ua\r\nAccept: */*\r\n\r\n");
  s.user_agent = nullptr;
  Headers own{"Authorization: x"};
  s.headers = own.get();
  CHECK(head(s) == "GET /a HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nAccept: */*\r\nAuthorization: x\r\n\r\n");
  Headers none{"Authorization:"};
  s.headers = none.get();
  CHECK(head(s) == "GET /a HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nAccept: */*\r\n\r\n");
  s.redirected_to_other_host = true;
  s.authorization = nullptr;
  Headers moved{"Authorization: x", "Host: foo", "Cookie: c=1", "X: y"};
  s.headers = moved.get();
  CHECK(head(s) == "GET /a HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nAccept: */*\r\nX: y\r\n\r\n");
  CHECK(xfer::http::basic_authorization("Aladdin", "open sesame") ==
        "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
  CHECK(xfer::http::basic_authorization("a", "") == "Basic YTo=");
}

TEST_CASE("POST bodies: sizes, content type, Expect", "[request]") {
  auto u = test_url();
  auto s = post(u, 3);
  CHECK(head(s) ==
        "POST /a HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nAccept: */*\r\nContent-Length: 3\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n\r\n");
  CHECK_FALSE(xfer::http::expects_continue(s));

  s = post(u, 0);
  CHECK(head(s) ==
        "POST /a HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nAccept: */*\r\nContent-Length: 0\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n\r\n");

  s = post(u, 1048576);
  CHECK_FALSE(xfer::http::expects_continue(s));
  s = post(u, 1048577);
  CHECK(head(s) ==
        "POST /a HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nAccept: */*\r\nContent-Length: 1048577\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\nExpect: 100-continue\r\n\r\n");
  CHECK(xfer::http::expects_continue(s));
  s.http_minor = 0;
  CHECK_FALSE(xfer::http::expects_continue(s));

  s = post(u, 2);
  Headers custom{"Content-Type: text/plain", "X-A: 1"};
  s.headers = custom.get();
  CHECK(head(s) ==
        "POST /a HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nAccept: */*\r\nContent-Type: text/plain\r\n"
        "X-A: 1\r\nContent-Length: 2\r\n\r\n");
  Headers len{"Content-Length: 10"};
  s.headers = len.get();
  CHECK(head(s) ==
        "POST /a HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nAccept: */*\r\nContent-Length: 10\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n\r\n");
  Headers no_type{"Content-Type:"};
  s.headers = no_type.get();
  CHECK(head(s) == "POST /a HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nAccept: */*\r\nContent-Length: 2\r\n\r\n");
  Headers empty_type{"Content-Type;"};
  s.headers = empty_type.get();
  CHECK(head(s) ==
        "POST /a HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nAccept: */*\r\nContent-Type:\r\n"
        "Content-Length: 2\r\n\r\n");
  Headers expect{"Expect: 100-continue"};
  s.headers = expect.get();
  CHECK(head(s) ==
        "POST /a HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nAccept: */*\r\nExpect: 100-continue\r\n"
        "Content-Length: 2\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\n");
  CHECK(xfer::http::expects_continue(s));

  RequestSpec put_like = post(u, 2);
  put_like.method = "PUT";  // CUSTOMREQUEST with POSTFIELDS keeps the POST headers
  CHECK(head(put_like) ==
        "PUT /a HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nAccept: */*\r\nContent-Length: 2\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n\r\n");
}

TEST_CASE("chunked uploads and PUT uploads", "[request]") {
  auto u = test_url();
  auto s = post(u, -1);
  Headers x{"X-A: 1"};
  s.headers = x.get();
  s.referer = "r";
  s.accept_encoding = "gzip";
  CHECK(head(s) ==
        "POST /a HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nAccept: */*\r\nAccept-Encoding: gzip\r\n"
        "Referer: r\r\nTransfer-Encoding: chunked\r\nX-A: 1\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\nExpect: 100-continue\r\n\r\n");
  CHECK(xfer::http::uses_chunked_upload(s));

  s = post(u, -1);
  Headers no_expect{"Expect:"};
  s.headers = no_expect.get();
  CHECK(head(s) ==
        "POST /a HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nAccept: */*\r\nTransfer-Encoding: chunked\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n\r\n");
  CHECK_FALSE(xfer::http::expects_continue(s));

  s = post(u, 1);
  Headers te{"Transfer-Encoding: chunked"};
  s.headers = te.get();
  CHECK(xfer::http::uses_chunked_upload(s));
  CHECK(head(s) ==
        "POST /a HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nAccept: */*\r\nTransfer-Encoding: chunked\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n\r\n");

  s = post(u, -1);
  s.http_minor = 0;
  CHECK(xfer::http::validate_request(s).code == CURLE_UPLOAD_FAILED);
  s.http_minor = 1;
  CHECK(xfer::http::validate_request(s).is_ok());

  RequestSpec put;
  put.method = "PUT";
  put.url = &u;
  put.has_body = true;
  put.is_upload = true;
  put.body_size = 2;
  CHECK(head(put) ==
        "PUT /a HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nAccept: */*\r\nContent-Length: 2\r\n"
        "Expect: 100-continue\r\n\r\n");
  put.body_size = 0;
  CHECK(head(put) == "PUT /a HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nAccept: */*\r\nContent-Length: 0\r\n\r\n");
  put.body_size = -1;
  CHECK(head(put) ==
        "PUT /a HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nAccept: */*\r\nTransfer-Encoding: chunked\r\n"
        "Expect: 100-continue\r\n\r\n");
  put.body_size = 2;
  put.http_minor = 0;
  CHECK(head(put) == "PUT /a HTTP/1.0\r\nHost: 127.0.0.1:8080\r\nAccept: */*\r\nContent-Length: 2\r\n\r\n");
}

TEST_CASE("the application's Transfer-Encoding on HTTP/2: left out, and no length", "[request]") {
  // Scenario 241 against nginx: 7.88 counts no such line and sends no content-length.
  auto u = test_url();
  RequestSpec put;
  put.method = "PUT";
  put.url = &u;
  put.has_body = true;
  put.is_upload = true;
  put.body_size = 40;
  put.http2 = true;
  Headers te{"Transfer-Encoding: chunked", "X-A: 1"};
  put.headers = te.get();
  CHECK_FALSE(xfer::http::uses_chunked_upload(put));
  CHECK(head(put) == "PUT /a HTTP/2\r\nHost: 127.0.0.1:8080\r\nAccept: */*\r\nX-A: 1\r\n\r\n");
  Headers gzip{"Transfer-Encoding: gzip"};
  put.headers = gzip.get();
  CHECK(head(put) == "PUT /a HTTP/2\r\nHost: 127.0.0.1:8080\r\nAccept: */*\r\nContent-Length: 40\r\n\r\n");
}

TEST_CASE("time condition header: after the cookies, before the app's, unless the app names it", "[request]") {
  auto u = test_url();
  RequestSpec s;
  s.method = "GET";
  s.url = &u;
  s.condition_name = "If-Modified-Since";
  s.condition_date = "Sun, 12 Dec 1999 12:00:00 GMT";
  Headers own{"X-Own: 1"};
  s.headers = own.get();
  CHECK(head(s) ==
        "GET /a HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nAccept: */*\r\n"
        "If-Modified-Since: Sun, 12 Dec 1999 12:00:00 GMT\r\nX-Own: 1\r\n\r\n");
  Headers same{"if-modified-since: now"};
  s.headers = same.get();
  CHECK(head(s) == "GET /a HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nAccept: */*\r\nif-modified-since: now\r\n\r\n");
  Headers removed{"If-Modified-Since:"};
  s.headers = removed.get();
  CHECK(head(s) == "GET /a HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nAccept: */*\r\n\r\n");
}
