// HeaderStore: trimming, folding, request indexes and the lookup/iteration rules of libcurl 7.88.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "engine/header_store.h"

using xfer::HeaderStore;

namespace {

constexpr unsigned kMark = 1u << 27;

void feed(HeaderStore& s, std::initializer_list<const char*> lines, unsigned origin = CURLH_HEADER) {
  for (const char* l : lines) s.add(l, origin);
}

std::string value_of(HeaderStore& s, const char* name, std::size_t index = 0,
                     unsigned origin = CURLH_HEADER, int request = -1) {
  curl_header* h = nullptr;
  CURLHcode c = s.get(name, index, origin, request, &h);
  if (c != CURLHE_OK) return "code " + std::to_string(c);
  return h->value;
}

std::vector<std::string> walk(HeaderStore& s, unsigned origin, int request) {
  std::vector<std::string> out;
  curl_header* p = nullptr;
  for (int guard = 0; guard < 100 && (p = s.next(origin, request, p)); ++guard)
    out.push_back(std::string(p->name) + "=" + p->value + " " + std::to_string(p->index) +
                  "/" + std::to_string(p->amount));
  return out;
}

}  // namespace

TEST_CASE("an empty store answers NOHEADERS before anything else") {
  HeaderStore s;
  curl_header* h = nullptr;
  CHECK(s.get("x", 0, CURLH_HEADER, 5, &h) == CURLHE_NOHEADERS);
  CHECK(s.get("x", 0, CURLH_HEADER, -1, &h) == CURLHE_NOHEADERS);
  CHECK(s.next(CURLH_HEADER, -1, nullptr) == nullptr);
}

TEST_CASE("argument checks come first") {
  HeaderStore s;
  curl_header* h = nullptr;
  CHECK(s.get(nullptr, 0, CURLH_HEADER, 0, &h) == CURLHE_BAD_ARGUMENT);
  CHECK(s.get("x", 0, CURLH_HEADER, 0, nullptr) == CURLHE_BAD_ARGUMENT);
  CHECK(s.get("x", 0, 0, 0, &h) == CURLHE_BAD_ARGUMENT);
  CHECK(s.get("x", 0, 64, 0, &h) == CURLHE_BAD_ARGUMENT);
  CHECK(s.get("x", 0, CURLH_HEADER, -2, &h) == CURLHE_BAD_ARGUMENT);
}

TEST_CASE("status lines and the blank line are not stored; values are trimmed") {
  HeaderStore s;
  feed(s, {"HTTP/1.1 200 OK\r\n", "Content-Type:  text/plain \t\r\n", "X-Empty:\r\n",
           "X-Blank:   \r\n", "X-NoCR: v\n", "\r\n"});
  CHECK(s.size() == 4);
  CHECK(value_of(s, "content-type") == "text/plain");
  // libcurl keeps the CR of an empty value: trimming never removes the value's first byte.
  CHECK(value_of(s, "x-empty") == "\r");
  CHECK(value_of(s, "x-blank") == "\r");
  CHECK(value_of(s, "X-NOCR") == "v");
}

TEST_CASE("several headers of one name: amount, index, case-insensitive names") {
  HeaderStore s;
  feed(s, {"HTTP/1.1 200 OK\r\n", "X-A: 1\r\n", "x-a: two\r\n", "Other: o\r\n", "X-A: 3\r\n", "\r\n"});
  curl_header* h = nullptr;
  REQUIRE(s.get("X-a", 1, CURLH_HEADER, -1, &h) == CURLHE_OK);
  CHECK(std::string(h->name) == "x-a");  // the case as received
  CHECK(std::string(h->value) == "two");
  CHECK(h->amount == 3);
  CHECK(h->index == 1);
  CHECK(h->origin == (CURLH_HEADER | kMark));
  CHECK(value_of(s, "x-a", 2) == "3");
  CHECK(value_of(s, "x-a", 3) == "code 1");   // BADINDEX
  CHECK(value_of(s, "nope") == "code 2");     // MISSING
  CHECK(value_of(s, "x-a", 0, CURLH_HEADER, 1) == "code 4");  // NOREQUEST
  CHECK(value_of(s, "x-a", 0, CURLH_1XX) == "code 2");
  CHECK(value_of(s, "x-a", 0, CURLH_1XX | CURLH_HEADER) == "1");
}

TEST_CASE("folded lines extend the previous value, leading whitespace squeezed to one byte") {
  HeaderStore s;
  feed(s, {"X-F: one\r\n", "  \ttwo \r\n", "\tthree\r\n", "X-G: g\r\n"});
  CHECK(value_of(s, "x-f") == "one\ttwo\tthree");
  CHECK(value_of(s, "x-g") == "g");
  HeaderStore lone;
  feed(lone, {"HTTP/1.1 200 OK\r\n", " stray\r\n"});
  CHECK(lone.size() == 0);
}

TEST_CASE("nextheader walks in arrival order with per-name index and amount") {
  HeaderStore s;
  feed(s, {"HTTP/1.1 200 OK\r\n", "A: 1\r\n", "B: 2\r\n", "a: 3\r\n", "\r\n"});
  feed(s, {"T: t\r\n", "\r\n"}, CURLH_TRAILER);
  CHECK(walk(s, CURLH_HEADER, -1) ==
        std::vector<std::string>{"A=1 0/2", "B=2 0/1", "a=3 1/2"});
  CHECK(walk(s, CURLH_TRAILER, -1) == std::vector<std::string>{"T=t 0/1"});
  CHECK(walk(s, CURLH_HEADER | CURLH_TRAILER, 0).size() == 4);
  CHECK(s.next(CURLH_HEADER, 1, nullptr) == nullptr);
  curl_header bogus{};
  bogus.anchor = reinterpret_cast<void*>(std::uintptr_t{99});
  CHECK(s.next(CURLH_HEADER, -1, &bogus) == nullptr);
  bogus.anchor = nullptr;
  CHECK(s.next(CURLH_HEADER, -1, &bogus) == nullptr);
}

TEST_CASE("get and next share one result struct, as libcurl 7.88's do") {
  HeaderStore s;
  feed(s, {"A: 1\r\n", "B: 2\r\n"});
  curl_header* h = nullptr;
  REQUIRE(s.get("b", 0, CURLH_HEADER, -1, &h) == CURLHE_OK);
  curl_header* n = s.next(CURLH_HEADER, -1, nullptr);
  CHECK(n == h);
  CHECK(std::string(h->name) == "A");
}

TEST_CASE("1xx headers belong to the same request as the final response") {
  HeaderStore s;
  s.begin_request();  // before any response: still request 0
  feed(s, {"HTTP/1.1 103 Early Hints\r\n", "Link: </a>\r\n", "\r\n"}, CURLH_1XX);
  feed(s, {"HTTP/1.1 200 OK\r\n", "Link: </b>\r\n", "\r\n"});
  CHECK(s.request_count() == 1);
  CHECK(value_of(s, "link", 0, CURLH_1XX, 0) == "</a>");
  CHECK(value_of(s, "link", 0, CURLH_HEADER, 0) == "</b>");
  CHECK(value_of(s, "link", 1, CURLH_1XX | CURLH_HEADER, 0) == "</b>");
}

TEST_CASE("redirects: each request has its own index, -1 is the last") {
  HeaderStore s;
  s.begin_request();
  feed(s, {"HTTP/1.1 302 Found\r\n", "Location: /b\r\n", "X: 1\r\n", "\r\n"});
  s.begin_request();
  feed(s, {"HTTP/1.1 200 OK\r\n", "X: 2\r\n", "\r\n"});
  CHECK(value_of(s, "x", 0, CURLH_HEADER, 0) == "1");
  CHECK(value_of(s, "x", 0, CURLH_HEADER, 1) == "2");
  CHECK(value_of(s, "x", 0, CURLH_HEADER, -1) == "2");
  CHECK(value_of(s, "location", 0, CURLH_HEADER, -1) == "code 2");
  CHECK(value_of(s, "x", 0, CURLH_HEADER, 2) == "code 4");
  CHECK(walk(s, CURLH_HEADER, 1) == std::vector<std::string>{"X=2 0/1"});
}

TEST_CASE("clear forgets everything and keeps the capacity") {
  HeaderStore s;
  for (int round = 0; round < 3; ++round) {
    s.clear();
    s.begin_request();
    feed(s, {"HTTP/1.1 302 Found\r\n", "X: 1\r\n", "\r\n"});
    s.begin_request();
    feed(s, {"HTTP/1.1 200 OK\r\n", "X: 2\r\n", "\r\n"});
    CHECK(s.request_count() == 2);
    CHECK(value_of(s, "x", 0, CURLH_HEADER, 0) == "1");
  }
  s.clear();
  CHECK(value_of(s, "x") == "code 3");
  CHECK(s.request_count() == 1);
}
