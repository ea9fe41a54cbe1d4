// Unit tests through the C entry points: option table, printf family, escape, stubs.
#include <catch2/catch.hpp>

#include <cstring>

#include <curl/curl.h>
#include <curl/mprintf.h>
#include <curl/options.h>

TEST_CASE("option table lookups", "[easyoption]") {
  const curl_easyoption* o = curl_easy_option_by_name("url");
  REQUIRE(o);
  CHECK(o->id == CURLOPT_URL);
  CHECK(o->type == CURLOT_STRING);
  const curl_easyoption* alias = curl_easy_option_by_name("FILE");
  REQUIRE(alias);
  CHECK((alias->flags & CURLOT_FLAG_ALIAS) != 0);
  CHECK(std::strcmp(curl_easy_option_by_id(CURLOPT_WRITEDATA)->name, "WRITEDATA") == 0);
  int n = 0;
  for (const curl_easyoption* p = curl_easy_option_next(nullptr); p && n < 1000;
       p = curl_easy_option_next(p))
    ++n;
  CHECK(n == 316);
}

TEST_CASE("printf family", "[mprintf]") {
  char buf[8];
  CHECK(curl_msnprintf(buf, sizeof buf, "%s", "0123456789") == 7);
  CHECK(std::strcmp(buf, "0123456") == 0);
  char* s = curl_maprintf("[%s|%05.1f|%d]", static_cast<const char*>(nullptr), 3.25, 7);
  REQUIRE(s);
  CHECK(std::strcmp(s, "[(nil)|  3.2|7]") == 0);
  curl_free(s);
}

TEST_CASE("escape and stubs", "[misc]") {
  char* e = curl_easy_escape(nullptr, "a b", 0);
  REQUIRE(e);
  CHECK(std::strcmp(e, "a%20b") == 0);
  curl_free(e);
  CHECK(curl_strequal("Host", "hOST") == 1);
  CHECK(curl_strnequal(nullptr, nullptr, 0) == 0);
  CHECK(curl_ws_meta(nullptr) == nullptr);
  size_t n = 0;
  CHECK(curl_ws_send(nullptr, "x", 1, &n, 0, 0) == CURLE_NOT_BUILT_IN);
  CHECK(curl_pushheader_bynum(nullptr, 0) == nullptr);
}
