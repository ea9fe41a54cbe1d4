// ChunkSkipper: where a chunked body ends, fed whole and split at every byte.
#include <catch2/catch.hpp>

#include <algorithm>

#include <string>

#include "http/chunk_skipper.h"

using xfer::http::ChunkSkipper;

namespace {

// Feeds `text` in pieces of `step` bytes; returns how many bytes the body took.
std::size_t body_length(const std::string& text, std::size_t step, bool& done, bool& bad) {
  ChunkSkipper s;
  std::size_t used = 0;
  for (std::size_t at = 0; at < text.size() && !s.done() && !s.bad(); at += step) {
    const std::size_t n = std::min(step, text.size() - at);
    const std::size_t took = s.feed(text.data() + at, n);
    used += took;
    if (took < n) break;
  }
  done = s.done();
  bad = s.bad();
  return used;
}

}  // namespace

TEST_CASE("a chunked body ends after the last chunk and the blank line, split anywhere") {
  const std::string body = "5\r\nhello\r\n1A;ext=1\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\n\r\n";
  const std::string next = "HTTP/1.1 200 OK\r\n";
  for (std::size_t step = 1; step <= body.size() + next.size(); ++step) {
    bool done = false, bad = false;
    CHECK(body_length(body + next, step, done, bad) == body.size());
    CHECK(done);
    CHECK_FALSE(bad);
  }
}

TEST_CASE("trailers belong to the chunked body; bare LFs are taken") {
  const std::string body = "3\nabc\n0\nX-T: 1\r\nY: 2\n\n";
  bool done = false, bad = false;
  CHECK(body_length(body + "rest", 1, done, bad) == body.size());
  CHECK(done);
}

TEST_CASE("an incomplete body is not done; broken framing is bad") {
  bool done = false, bad = false;
  body_length("5\r\nhel", 2, done, bad);
  CHECK_FALSE(done);
  CHECK_FALSE(bad);
  body_length("zz\r\n", 1, done, bad);
  CHECK(bad);
  body_length("2\r\nabX\r\n", 1, done, bad);
  CHECK(bad);
  body_length("11111111111111111\r\n", 1, done, bad);
  CHECK(bad);
}

TEST_CASE("framing read as libcurl reads it: a size line to its LF, a trailer CR before an LF") {
  // Found by tests/fuzz, where the skipper and the response parser ended a body at
  // different bytes. Both read the framing with ChunkDecoder now (libcurl 7.88's rules).
  for (const std::string& body : {std::string("3\r5\r\nabc\r\n0\r\n\r\n"), std::string("3xyz\nabc\n0\r2\r3\n\n"),
                                 std::string("000\ra\n\r\n"), std::string("0\nT: a\nU: b\r\n\n")}) {
    INFO(body);
    for (std::size_t step = 1; step <= body.size() + 4; ++step) {
      bool done = false, bad = false;
      CHECK(body_length(body + "NEXT", step, done, bad) == body.size());
      CHECK(done);
      CHECK_FALSE(bad);
    }
  }
  using namespace std::string_literals;
  for (const std::string& body : {"0\r\n\r\0\n"s, "0\r\nT: a\rb\n\r\n"s, "0\r\n\rX"s}) {
    INFO(body);
    for (std::size_t step = 1; step <= body.size(); ++step) {
      bool done = false, bad = false;
      body_length(body, step, done, bad);
      CHECK(bad);
      CHECK_FALSE(done);
    }
  }
  // A size of 2^63 or more is no size libcurl can hold.
  bool done = false, bad = false;
  body_length("8000000000000000\r\n", 1, done, bad);
  CHECK(bad);
}
