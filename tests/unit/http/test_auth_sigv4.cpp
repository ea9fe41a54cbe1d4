// AWS SigV4 headers pinned to curl's tests 1933-1937 and 1955-1959 (time 0) and to what
// Debian's libcurl 7.88.1 sent to a loopback server.
#include <catch2/catch.hpp>

#include <string>

#include "http/auth_sigv4.h"
#include "header_list.h"

using xfer::http::SigV4Headers;
using xfer::http::SigV4Request;

using xfer::test::Headers;

namespace {

SigV4Request curl_test(const char* param, const char* host, const char* path,
                       const Headers& headers) {
  SigV4Request r;
  r.param = param;
  r.access_key = "xxx";
  r.secret = "";
  r.method = "GET";
  r.hostname = host;
  r.host_header = host == std::string_view("127.0.0.1") ? "127.0.0.1:9000" : "exam.ple.com:9000";
  r.path = path;
  r.headers = headers.get();
  return r;
}

std::string sign(const SigV4Request& r) {
  SigV4Headers h;
  REQUIRE(xfer::http::sigv4_sign(r, h).is_ok());
  return h.authorization;
}

constexpr std::time_t kObserved = 1796542500;  // 20261206T073500Z

}  // namespace

TEST_CASE("SigV4 providers, region and service", "[auth][sigv4]") {
  Headers json{"Content-Type: application/json"};
  SigV4Request r = curl_test("xxx", "127.0.0.1", "/1933/testapi/test", json);
  r.secret = "yyy";
  SigV4Headers h;
  REQUIRE(xfer::http::sigv4_sign(r, h).is_ok());
  CHECK(h.authorization ==
        "XXX4-HMAC-SHA256 Credential=xxx/19700101/0/127/xxx4_request, "
        "SignedHeaders=content-type;host;x-xxx-date, "
        "Signature=3d8e00a02e437211a596143dcd590fcc805b731365c68f7f48951ea6eda39c4f");
  CHECK(h.date_name == "X-Xxx-Date");
  CHECK(h.date_value == "19700101T000000Z");

  r.param = "xxx:yyy";
  r.path = "/1934/testapi/test";
  REQUIRE(xfer::http::sigv4_sign(r, h).is_ok());
  CHECK(h.date_name == "X-Yyy-Date");
  CHECK(h.authorization ==
        "XXX4-HMAC-SHA256 Credential=xxx/19700101/0/127/xxx4_request, "
        "SignedHeaders=content-type;host;x-yyy-date, "
        "Signature=cf8dc9a4af903a1a9bb1385d8e2366d780afb501e266436598438395e502d58c");
  r.param = "xxx:yyy:rrr";
  r.path = "/1935/testapi/test";
  CHECK(sign(r) ==
        "XXX4-HMAC-SHA256 Credential=xxx/19700101/rrr/127/xxx4_request, "
        "SignedHeaders=content-type;host;x-yyy-date, "
        "Signature=a0b11b97b54689428d4188b788ed32865d607822d85d3e91cf06141f479dac0b");
  r.param = "xxx:yyy:rrr:sss";
  r.path = "/1936/testapi/test";
  CHECK(sign(r) ==
        "XXX4-HMAC-SHA256 Credential=xxx/19700101/rrr/sss/xxx4_request, "
        "SignedHeaders=content-type;host;x-yyy-date, "
        "Signature=026b713d76b0789bd224c5e41322f74eed088f8a22fd15183ca68376c575c5b0");

  SigV4Request p = curl_test("provider1:provider2:region:service", "127.0.0.1",
                             "/1937/testapi/test", json);
  p.method = "POST";
  p.access_key = "keyId";
  p.secret = "SecretKey";
  p.body = "postData";
  REQUIRE(xfer::http::sigv4_sign(p, h).is_ok());
  CHECK(h.date_name == "X-Provider2-Date");
  CHECK(h.authorization ==
        "PROVIDER14-HMAC-SHA256 Credential=keyId/19700101/region/service/provider14_request, "
        "SignedHeaders=content-type;host;x-provider2-date, "
        "Signature=4928ccf97a9e71fe27f91db5a3b3c943b6080d25e6f4df8593d4c38e7d1e849b");
}

TEST_CASE("SigV4 signs every application header line", "[auth][sigv4]") {
  Headers list{"Content-Type: application/json", "test2: 1234", "test1:", "test0",
               "test_space: t\ts  m\t   end    ", "tesMixCase: MixCase"};
  CHECK(sign(curl_test("xxx", "exam.ple.com", "/aws_sigv4/testapi/test", list)) ==
        "XXX4-HMAC-SHA256 Credential=xxx/19700101/ple/exam/xxx4_request, "
        "SignedHeaders=content-type;host;tesmixcase;test0;test1;test2;test_space;x-xxx-date, "
        "Signature=779a8ff876528aece8bf03b1296702af0644a4745aa5feabb6ebb1a7bb0d907e");
}

TEST_CASE("SigV4 takes the payload hash from x-<provider2>-content-sha256", "[auth][sigv4]") {
  struct Case {
    const char* header;
    const char* signature;
  } cases[] = {
      {"X-Xxx-Content-Sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
       "dfe78c8846a9b7d65d1eb4c1d6ea7bc886650d03f3568088cb8d5b4c3778287f"},
      {"X-Xxx-Content-Sha256: arbitrary",
       "25b4cac711ea8f65010c485d3778885f5f3870d0b8ff0b3ab58a8d7eeab991ff"},
      {"X-Xxx-Content-Sha256: \tarbitrary ",
       "25b4cac711ea8f65010c485d3778885f5f3870d0b8ff0b3ab58a8d7eeab991ff"},
      {"X-Xxx-Content-Sha256: "
       "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
       "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
       "7b343a4aa55d73ffc05005d84480bc705a3367373ed8cae1a1c0fbd2b3aa0483"},
  };
  for (const Case& k : cases) {
    Headers list{"Content-Type: application/json", k.header};
    CHECK(sign(curl_test("xxx", "exam.ple.com", "/aws_sigv4/testapi/test", list)) ==
          std::string("XXX4-HMAC-SHA256 Credential=xxx/19700101/ple/exam/xxx4_request, "
                      "SignedHeaders=content-type;host;x-xxx-content-sha256;x-xxx-date, "
                      "Signature=") +
              k.signature);
  }
}

TEST_CASE("SigV4 as Debian's libcurl signed it", "[auth][sigv4]") {
  Headers none{};
  SigV4Request r;
  r.access_key = "AK";
  r.secret = "SK";
  r.method = "GET";
  r.hostname = "127.0.0.1";
  r.host_header = "127.0.0.1:36993";
  r.now = kObserved;

  // The query goes in as sent: no sorting, no re-encoding.
  r.param = "xxx";
  r.path = "/x/y";
  r.query = "b=2&a=1&c=%2f&d=x%20y&a=0";
  CHECK(sign(r) ==
        "XXX4-HMAC-SHA256 Credential=AK/20261206/0/127/xxx4_request, "
        "SignedHeaders=host;x-xxx-date, "
        "Signature=f69364ab384994975fa9d45f2f7142e9c0a8b82d119ad90e168071131edc8a3a");

  // Lines sort whole ("test-a:" before "test:"); blanks in values collapse.
  Headers list{"test: a", "test-a: b", "sp:   a\t b  "};
  r.param = "aWs:aMz";
  r.query = "";
  r.headers = list.get();
  SigV4Headers h;
  REQUIRE(xfer::http::sigv4_sign(r, h).is_ok());
  CHECK(h.date_name == "X-Amz-Date");
  CHECK(h.date_value == "20261206T073500Z");
  CHECK(h.authorization ==
        "AWS4-HMAC-SHA256 Credential=AK/20261206/0/127/aws4_request, "
        "SignedHeaders=host;sp;test-a;test;x-amz-date, "
        "Signature=62a2e7d1ca5df6067f8793aff2b19705a1b186bedc34c2dcf26cab7d37b86f9b");

  // A POST body is hashed; libcurl's own Content-Type is not signed, and 7.88 adds no
  // x-amz-content-sha256 header even for s3.
  r.headers = nullptr;
  r.param = "aws:amz:us-east-1:s3";
  r.method = "POST";
  r.path = "/b/k";
  r.body = "body=1";
  CHECK(sign(r) ==
        "AWS4-HMAC-SHA256 Credential=AK/20261206/us-east-1/s3/aws4_request, "
        "SignedHeaders=host;x-amz-date, "
        "Signature=35251f33792de90d846ad2a2304891e36e663ebdafe2802056e8c32495b3e95e");
}

TEST_CASE("SigV4 needs a service from the parameter or the host name", "[auth][sigv4]") {
  SigV4Request r;
  r.param = "xxx:yyy:rrr";
  r.access_key = "AK";
  r.method = "GET";
  r.hostname = "localhost";
  r.host_header = "localhost";
  r.path = "/";
  SigV4Headers h;
  CHECK(xfer::http::sigv4_sign(r, h).code == CURLE_URL_MALFORMAT);
  r.param = "xxx:yyy:rrr:sss";
  CHECK(xfer::http::sigv4_sign(r, h).is_ok());
  CHECK(h.authorization.find("Credential=AK/19700101/rrr/sss/xxx4_request") != std::string::npos);
}
