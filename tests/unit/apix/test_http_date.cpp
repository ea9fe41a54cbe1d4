// Unit tests for xfer::parse_http_date / getdate_value (curl_getdate's rules).
#include <catch2/catch.hpp>

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
