// CookieJar's Set-Cookie limit: 50 per request, counted by the jar or by the caller's counter.
#include <catch2/catch.hpp>

#include <string>

#include "http/cookie_jar.h"

using xfer::http::CookieJar;
using xfer::http::CookieOrigin;
using xfer::http::kMaxSetCookiesPerRequest;

namespace {

constexpr std::int64_t kNow = 1700000000;

bool set(CookieJar& jar, int n, int* taken = nullptr) {
  CookieOrigin o;
  o.host = "example.com";
  o.path = "/";
  const std::string line = " c" + std::to_string(n) + "=1";
  return jar.set_cookie_header(line, o, kNow, taken);
}

}  // namespace

TEST_CASE("the jar's own counter refuses the 51st Set-Cookie until the next request", "[cookies]") {
  CookieJar jar;
  for (int i = 0; i < kMaxSetCookiesPerRequest; ++i) CHECK(set(jar, i));
  CHECK_FALSE(set(jar, 50));
  jar.begin_request();
  CHECK(set(jar, 51));
  CHECK(jar.size() == 51);
}

// The engine counts per easy handle: two handles sharing one jar each get 50 per request,
// and a handle's next request starts again from zero (the counter's owner resets it). Before
// the engine kept its own counter, a jar stopped taking any cookie after its 50th.
TEST_CASE("a caller's counter limits its own request only", "[cookies]") {
  CookieJar jar;
  int first = 0;
  int second = 0;
  for (int i = 0; i < kMaxSetCookiesPerRequest; ++i) CHECK(set(jar, i, &first));
  CHECK_FALSE(set(jar, 100, &first));
  CHECK(first == kMaxSetCookiesPerRequest);
  CHECK(set(jar, 101, &second));  // another handle's request is not affected
  CHECK(second == 1);
  first = 0;  // the first handle's next request
  CHECK(set(jar, 102, &first));
  CHECK(jar.size() == 52);
}
