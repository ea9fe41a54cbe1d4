// Table tests for parse_url and resolve_reference, expectations taken from libcurl 7.88.
#include <catch2/catch.hpp>

#include "http/url.h"

using xfer::http::parse_url;
using xfer::http::resolve_reference;
using xfer::http::Url;

namespace {

struct Row {
  const char* input;
  CURLcode code;
  const char* effective;  // CURLINFO_EFFECTIVE_URL
  const char* target;     // request-target on the wire
};

// Every row was checked against Debian's libcurl (curl_url() with the flags a transfer uses).
const Row kRows[] = {
    {"http://Example.COM/a/b", CURLE_OK, "http://Example.COM/a/b", "/a/b"},
    {"example.com", CURLE_OK, "http://example.com/", "/"},
    {"example.com:8080/x?y#z", CURLE_OK, "http://example.com:8080/x?y#z", "/x?y"},
    {"HTTPS://EXAMPLE.com:443/", CURLE_OK, "https://EXAMPLE.com:443/", "/"},
    {"http://u:p@h/", CURLE_OK, "http://u:p@h/", "/"},
    {"http://@h/", CURLE_OK, "http://@h/", "/"},
    {"http://:p@h/", CURLE_OK, "http://:p@h/", "/"},
    {"http://[::1]:8080/x", CURLE_OK, "http://[::1]:8080/x", "/x"},
    {"http://[0:0::1]/", CURLE_OK, "http://[::1]/", "/"},
    {"http://[::FFFF:1.2.3.4]/", CURLE_OK, "http://[::FFFF:1.2.3.4]/", "/"},
    {"http://[fe80::1%25eth0]/", CURLE_OK, "http://[fe80::1%25eth0]/", "/"},
    {"http://h:/", CURLE_OK, "http://h/", "/"},
    {"http://h:00080/", CURLE_OK, "http://h:80/", "/"},
    {"http://h:0/", CURLE_OK, "http://h:0/", "/"},
    {"http:///x", CURLE_OK, "http://x/", "/"},
    {"http:/h/x", CURLE_OK, "http://h/x", "/x"},
    {"http://h/a/./b/../c", CURLE_OK, "http://h/a/c", "/a/c"},
    {"http://h/../../x", CURLE_OK, "http://h/x", "/x"},
    {"http://h/a/.", CURLE_OK, "http://h/a/", "/a/"},
    {"http://h/a/%2e%2e/b", CURLE_OK, "http://h/a/%2e%2e/b", "/a/%2e%2e/b"},
    {"http://h/a?x/../y", CURLE_OK, "http://h/a?x/../y", "/a?x/../y"},
    {"http://h?q", CURLE_OK, "http://h/?q", "/?q"},
    {"http://h/?", CURLE_OK, "http://h/", "/?"},
    {"http://h#f", CURLE_OK, "http://h/#f", "/"},
    {"http://h/p?q#f#g", CURLE_OK, "http://h/p?q#f#g", "/p?q"},
    {"http://h/\xc3\xa4", CURLE_OK, "http://h/\xc3\xa4", "/%c3%a4"},
    {"http://h%41/", CURLE_OK, "http://hA/", "/"},
    {"http://127.1/", CURLE_OK, "http://127.0.0.1/", "/"},
    {"http://0x7f.1/", CURLE_OK, "http://127.0.0.1/", "/"},
    {"http://4294967295/", CURLE_OK, "http://255.255.255.255/", "/"},
    {"http://256.1.1.1/", CURLE_OK, "http://256.1.1.1/", "/"},
    {"http://h:8080@evil/", CURLE_OK, "http://h:8080@evil/", "/"},
    {"http://user:pa:ss@h/", CURLE_OK, "http://user:pa:ss@h/", "/"},
    {"http://h/x\\y", CURLE_OK, "http://h/x\\y", "/x\\y"},
    {"ftp://h/", CURLE_UNSUPPORTED_PROTOCOL, nullptr, nullptr},
    {"foo://h/", CURLE_UNSUPPORTED_PROTOCOL, nullptr, nullptr},
    {"ftp.example.com/x", CURLE_UNSUPPORTED_PROTOCOL, nullptr, nullptr},
    {"http://[::1", CURLE_URL_MALFORMAT, nullptr, nullptr},
    {"http://[::1]x/", CURLE_URL_MALFORMAT, nullptr, nullptr},
    {"http://[1.2.3.4]/", CURLE_URL_MALFORMAT, nullptr, nullptr},
    {"http://h:65536/", CURLE_URL_MALFORMAT, nullptr, nullptr},
    {"http://h:abc/", CURLE_URL_MALFORMAT, nullptr, nullptr},
    {"http://h:+80/", CURLE_URL_MALFORMAT, nullptr, nullptr},
    {"http://h:8080:80/", CURLE_URL_MALFORMAT, nullptr, nullptr},
    {"http://", CURLE_URL_MALFORMAT, nullptr, nullptr},
    {"//h/x", CURLE_URL_MALFORMAT, nullptr, nullptr},
    {"http:h/x", CURLE_URL_MALFORMAT, nullptr, nullptr},
    {"http://h/a b", CURLE_URL_MALFORMAT, nullptr, nullptr},
    {" http://h/", CURLE_URL_MALFORMAT, nullptr, nullptr},
    {"http://h/x?a b", CURLE_URL_MALFORMAT, nullptr, nullptr},
    {"http://h\\x", CURLE_URL_MALFORMAT, nullptr, nullptr},
    {"http://h!x/", CURLE_URL_MALFORMAT, nullptr, nullptr},
    {"http://a@b@c/", CURLE_URL_MALFORMAT, nullptr, nullptr},
    {"http://h/\x01", CURLE_URL_MALFORMAT, nullptr, nullptr},
};

}  // namespace

TEST_CASE("parse_url matches libcurl 7.88", "[url]") {
  for (const Row& row : kRows) {
    INFO("input: " << row.input);
    Url url;
    xfer::Status st = parse_url(row.input, url);
    CHECK(st.code == row.code);
    if (row.code == CURLE_OK && st.code == CURLE_OK) {
      CHECK(url.to_string() == row.effective);
      CHECK(url.target == row.target);
    }
  }
}

TEST_CASE("url parts, ports and the Host header", "[url]") {
  Url u;
  REQUIRE(parse_url("https://User:Pw@[::1]:8443/p?q#f", u));
  CHECK(u.scheme() == "https");
  CHECK(u.user() == "User");
  CHECK(u.password() == "Pw");
  CHECK(u.host == "::1");
  CHECK(u.ipv6_literal);
  CHECK(u.port == 8443);
  CHECK(u.port_explicit);
  CHECK(u.authority_for_host_header() == "[::1]:8443");
  CHECK(u.destination_key() == "https://::1:8443");

  REQUIRE(parse_url("http://Example.com:80/", u));
  CHECK(u.port == 80);
  CHECK(u.authority_for_host_header() == "Example.com");  // libcurl keeps the case
  CHECK(u.destination_key() == "http://example.com:80");
  REQUIRE(parse_url("https://h", u));
  CHECK(u.port == 443);
  CHECK_FALSE(u.port_explicit);
  REQUIRE(parse_url("http://127.0.0.1:8080", u));
  CHECK(u.authority_for_host_header() == "127.0.0.1:8080");
  REQUIRE(parse_url("http://h:443/", u));
  CHECK(u.authority_for_host_header() == "h:443");
  REQUIRE(parse_url("https://h:9/", u));
  CHECK(u.authority_for_host_header() == "h:9");
  REQUIRE(parse_url("http://a-rather-long-host-name.example:65535/", u));
  std::string out = "Host: ";
  u.append_authority_for_host_header(out);
  CHECK(out == "Host: a-rather-long-host-name.example:65535");
}

TEST_CASE("resolve_reference follows RFC 3986 section 5.2", "[url]") {
  Url base;
  REQUIRE(parse_url("http://a/b/c/d;p?q", base));
  const std::pair<const char*, const char*> cases[] = {
      {"g", "http://a/b/c/g"},         {"./g", "http://a/b/c/g"},
      {"g/", "http://a/b/c/g/"},       {"/g", "http://a/g"},
      {"//g", "http://g"},             {"?y", "http://a/b/c/d;p?y"},
      {"g?y", "http://a/b/c/g?y"},     {"#s", "http://a/b/c/d;p?q#s"},
      {"g#s", "http://a/b/c/g#s"},     {";x", "http://a/b/c/;x"},
      {"", "http://a/b/c/d;p?q"},      {".", "http://a/b/c/"},
      {"..", "http://a/b/"},           {"../g", "http://a/b/g"},
      {"../..", "http://a/"},          {"../../../g", "http://a/g"},
      {"/./g", "http://a/g"},          {"g.", "http://a/b/c/g."},
      {"https://x:1/y", "https://x:1/y"},
      {"/a b", "http://a/a%20b"},
  };
  for (const auto& [ref, want] : cases) {
    INFO("reference: " << ref);
    CHECK(resolve_reference(base, ref) == want);
  }
  Url with_port;
  REQUIRE(parse_url("http://127.0.0.1:9/x/y", with_port));
  CHECK(resolve_reference(with_port, "z") == "http://127.0.0.1:9/x/z");
}

TEST_CASE("percent_decode leaves broken escapes alone", "[url]") {
  CHECK(xfer::http::percent_decode("a%40b%zz%4") == "a@b%zz%4");
}

TEST_CASE("url keeps raw 8-bit paths, empty queries and fragments out of the target", "[url]") {
  Url u;
  REQUIRE(parse_url("http://h/a/\xc3\xa9/../b?x=1#frag", u));
  CHECK(u.target == "/a/b?x=1");
  CHECK(u.path() == "/a/b");
  CHECK(u.query() == "x=1");
  CHECK(u.fragment() == "frag");
  CHECK(u.to_string() == "http://h/a/b?x=1#frag");

  REQUIRE(parse_url("http://h/\xc3\xa9t\xc3\xa9?", u));
  CHECK(u.target == "/%c3%a9t%c3%a9?");  // libcurl 7.88 writes lowercase hex here
  CHECK(u.path() == "/\xc3\xa9t\xc3\xa9");
  CHECK(u.has_query);
  CHECK(u.query().empty());
  CHECK(u.to_string() == "http://h/\xc3\xa9t\xc3\xa9");
  CHECK_FALSE(u.is_https());
  CHECK(u.scheme() == "http");

  // A plain URL needs none of the out-of-line parts.
  REQUIRE(parse_url("https://example.com:8443/x", u));
  CHECK_FALSE(u.extra);
  CHECK(u.destination_key() == "https://example.com:8443");
}
