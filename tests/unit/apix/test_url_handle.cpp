// Unit tests for xfer::http::UrlHandle and the escaping helpers (libcurl 7.88 URL API rules).
#include <catch2/catch.hpp>

#include <string>

#include "http/url_escape.h"
#include "http/url_handle.h"

using xfer::http::UrlHandle;

namespace {

std::string get(const UrlHandle& u, CURLUPart part, unsigned int flags = 0) {
  std::string out;
  CURLUcode rc = u.get_part(part, flags, out);
  return rc == CURLUE_OK ? out : "rc=" + std::to_string(rc);
}

}  // namespace

TEST_CASE("escape helpers", "[url_handle]") {
  CHECK(xfer::http::escape_unreserved("a b/~") == "a%20b%2F~");
  CHECK(xfer::http::unescape_all("%41%zz%4") == "A%zz%4");
}

TEST_CASE("parsing splits and normalizes", "[url_handle]") {
  UrlHandle u;
  REQUIRE(u.set_url("https://user:pass@Example.COM:8443/a/b/../c?x=1#frag", 0) == CURLUE_OK);
  CHECK(get(u, CURLUPART_URL) == "https://user:pass@Example.COM:8443/a/c?x=1#frag");
  CHECK(get(u, CURLUPART_HOST) == "Example.COM");
  CHECK(get(u, CURLUPART_PORT) == "8443");
  CHECK(get(u, CURLUPART_PATH) == "/a/c");
  CHECK(get(u, CURLUPART_OPTIONS) == "rc=" + std::to_string(CURLUE_NO_OPTIONS));
}

TEST_CASE("parse errors are libcurl's codes", "[url_handle]") {
  UrlHandle u;
  CHECK(u.set_url("example.com", 0) == CURLUE_BAD_SCHEME);
  CHECK(u.set_url("foo://x/", 0) == CURLUE_UNSUPPORTED_SCHEME);
  CHECK(u.set_url("http:////x/", 0) == CURLUE_BAD_SLASHES);
  CHECK(u.set_url("http://x:65536/", 0) == CURLUE_BAD_PORT_NUMBER);
  CHECK(u.set_url("http://[::1/", 0) == CURLUE_BAD_IPV6);
  CHECK(u.set_url("http://a b/", 0) == CURLUE_BAD_HOSTNAME);
  CHECK(u.set_url("file://elsewhere/x", 0) == CURLUE_BAD_FILE_URL);
}

TEST_CASE("relative references resolve against the handle", "[url_handle]") {
  UrlHandle u;
  REQUIRE(u.set_url("http://h:81/dir/sub/file?q#f", 0) == CURLUE_OK);
  REQUIRE(u.set_url("../up x", 0) == CURLUE_OK);
  CHECK(get(u, CURLUPART_URL) == "http://h:81/dir/up%20x");
}

TEST_CASE("part edits", "[url_handle]") {
  UrlHandle u;
  REQUIRE(u.set_url("http://example.com/p?q=1", 0) == CURLUE_OK);
  CHECK(u.set_part(CURLUPART_QUERY, "name=a b&c", CURLU_APPENDQUERY | CURLU_URLENCODE) == CURLUE_OK);
  CHECK(get(u, CURLUPART_QUERY) == "q=1&name=a+b%26c");
  CHECK(get(u, CURLUPART_QUERY, CURLU_URLDECODE) == "q=1&name=a b&c");
  CHECK(u.set_part(CURLUPART_PORT, "0", 0) == CURLUE_BAD_PORT_NUMBER);
  CHECK(u.clear_part(CURLUPART_URL) == CURLUE_OK);
  CHECK(get(u, CURLUPART_URL) == "rc=" + std::to_string(CURLUE_NO_HOST));
}
