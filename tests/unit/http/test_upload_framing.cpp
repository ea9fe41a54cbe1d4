// lf_to_crlf and trailer_block: CURLOPT_CRLF's conversion and the chunked upload's trailer lines.
#include <catch2/catch.hpp>

#include <string>

#include "http/upload_framing.h"

using xfer::http::lf_to_crlf;
using xfer::http::trailer_block;

namespace {

std::string convert(const std::string& in) {
  std::string out(in.size() * 2, '\0');
  out.resize(lf_to_crlf(in.data(), in.size(), out.data()));
  return out;
}

}  // namespace

TEST_CASE("every LF gains a CR, even one that had it", "[upload_framing]") {
  CHECK(convert("") == "");
  CHECK(convert("abc") == "abc");
  CHECK(convert("a\nb") == "a\r\nb");
  CHECK(convert("\n\n") == "\r\n\r\n");
  CHECK(convert("a\r\nb") == "a\r\r\nb");
  CHECK(convert(std::string("x\0\ny", 4)) == std::string("x\0\r\ny", 5));
}

TEST_CASE("trailer lines need a colon and a space after it", "[upload_framing]") {
  CHECK(trailer_block(nullptr) == "\r\n");
  char a[] = "X-A: 1";
  char b[] = "X-B:2";
  char c[] = "no colon";
  char d[] = "X-D:  two: spaces";
  char e[] = "X-E :x: y";
  curl_slist le = {e, nullptr};
  curl_slist ld = {d, &le};
  curl_slist lc = {c, &ld};
  curl_slist lb = {b, &lc};
  curl_slist la = {a, &lb};
  std::size_t skipped = 0;
  CHECK(trailer_block(&la, &skipped) == "X-A: 1\r\nX-D:  two: spaces\r\n\r\n");
  CHECK(skipped == 3);
}
