// Checks ResponseParser::content_encoding(): the final response's codings, lines joined in order.
#include <catch2/catch.hpp>
#include <string>

#include "http/response_parser.h"

using namespace xfer::http;

namespace {

class Ignore : public ResponseEvents {
 public:
  bool on_header_line(const xfer::http::HeaderLine&) override { return true; }
  bool on_headers_complete() override { return true; }
  bool on_body(const char*, std::size_t) override { return true; }
};

std::string encoding_of(const std::string& response) {
  ResponseParser p;
  p.reset(false);
  Ignore ev;
  FeedResult r = p.feed(response.data(), response.size(), ev);
  REQUIRE(r.state == ParseState::kComplete);
  return std::string(p.content_encoding());
}

}  // namespace

TEST_CASE("content_encoding of the final response", "[parser][decode]") {
  CHECK(encoding_of("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n").empty());
  CHECK(encoding_of("HTTP/1.1 200 OK\r\nContent-Encoding: gzip \r\nContent-Length: 0\r\n\r\n") ==
        "gzip");
  CHECK(encoding_of("HTTP/1.1 200 OK\r\ncontent-encoding: identity, deflate\r\n"
                    "Content-Length: 0\r\nCONTENT-ENCODING: gzip\r\n\r\n") ==
        "identity, deflate, gzip");
  // A 1xx response's headers do not carry over.
  CHECK(encoding_of("HTTP/1.1 100 Continue\r\nContent-Encoding: br\r\n\r\n"
                    "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
            .empty());
}
