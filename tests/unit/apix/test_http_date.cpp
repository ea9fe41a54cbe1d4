// Unit tests for xfer::parse_http_date / getdate_value (curl_getdate's rules).
#include <catch2/catch.hpp>

#include <limits>
#include <string>

#include "util/http_date.h"

using xfer::getdate_value;

TEST_CASE("the three HTTP date formats agree", "[http_date]") {
  CHECK(getdate_value("Sun, 06 Nov 1994 08:49:37 GMT") == 784111777);
  CHECK(getdate_value("Sunday, 06-Nov-94 08:49:37 GMT") == 784111777);
  CHECK(getdate_value("Sun Nov  6 08:49:37 1994") == 784111777);
}

TEST_CASE("zones shift the instant", "[http_date]") {
  CHECK(getdate_value("Sun, 06 Nov 1994 08:49:37 +0100") == 784111777 - 3600);
  CHECK(getdate_value("Sun, 06 Nov 1994 08:49:37 EST") == 784111777 + 5 * 3600);
  CHECK(getdate_value("19941106 08:49:37") == 784111777);
}

TEST_CASE("failures and edges", "[http_date]") {
  CHECK(getdate_value("garbage") == -1);
  CHECK(getdate_value("") == -1);
  CHECK(getdate_value("Sun, 06 Nov 1994 24:00:00 GMT") == -1);
  CHECK(getdate_value("Fri, 01 Jan 1500 00:00:00 GMT") == -1);
  CHECK(getdate_value("Wed, 31 Dec 1969 23:59:59 GMT") == 0);
  CHECK(getdate_value("Thu, 01 Jan 1970 00:00:00 GMT") == 0);
}

TEST_CASE("dates written as libcurl writes time conditions", "[http_date]") {
  std::string s;
  REQUIRE(xfer::format_http_date(945000000, s));
  CHECK(s == "Sun, 12 Dec 1999 12:00:00 GMT");
  REQUIRE(xfer::format_http_date(0, s));
  CHECK(s == "Thu, 01 Jan 1970 00:00:00 GMT");
  REQUIRE(xfer::format_http_date(-1, s));
  CHECK(s == "Wed, 31 Dec 1969 23:59:59 GMT");
  REQUIRE(xfer::format_http_date(784111777, s));
  CHECK(s == "Sun, 06 Nov 1994 08:49:37 GMT");
  // "%4d": a short year is padded with blanks.
  REQUIRE(xfer::format_http_date(-30636662400, s));
  CHECK(s == "Fri, 01 Mar  999 00:00:00 GMT");
  // Too far for a struct tm's int year: libcurl's "Invalid TIMEVALUE".
  CHECK_FALSE(xfer::format_http_date(std::numeric_limits<std::time_t>::max(), s));
  // The round trip through the parser.
  REQUIRE(xfer::format_http_date(1566210680, s));
  CHECK(getdate_value(s) == 1566210680);
}
