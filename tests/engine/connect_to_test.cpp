// CURLOPT_CONNECT_TO matching: first match naming a target wins, "any" parts, brackets, syntax.
#include <catch2/catch.hpp>

#include <initializer_list>

#include "engine/connect_to.h"

using namespace xfer;

namespace {

struct List {
  curl_slist* head = nullptr;
  List(std::initializer_list<const char*> entries) {
    for (const char* e : entries) head = curl_slist_append(head, e);
  }
  ~List() { curl_slist_free_all(head); }
};

ConnectTo match(std::initializer_list<const char*> entries, const char* host, std::uint16_t port, bool v6 = false,
                CURLcode want = CURLE_OK) {
  List l(entries);
  ConnectTo out;
  const Status st = match_connect_to(l.head, host, v6, port, out);
  CHECK(st.code == want);
  return out;
}

}  // namespace

TEST_CASE("connect_to: empty host and port match anything", "[connect_to]") {
  const ConnectTo t = match({"::10.0.0.2:81"}, "a.example", 80);
  CHECK(t.host == "10.0.0.2");
  CHECK(t.port == 81);
}

TEST_CASE("connect_to: host compared without case, port must equal", "[connect_to]") {
  CHECK_FALSE(match({"a.example:81:h:1"}, "a.example", 80).routed());
  CHECK_FALSE(match({"b.example:80:h:1"}, "a.example", 80).routed());
  CHECK_FALSE(match({"a.examplex:80:h:1"}, "a.example", 80).routed());
  CHECK(match({"A.EXAMPLE:80:h:1"}, "a.example", 80).host == "h");
}

TEST_CASE("connect_to: a match naming no target does not stop the walk", "[connect_to]") {
  const ConnectTo t = match({"a.example:80::", "x.example:80:n:2", ":80:h:"}, "a.example", 80);
  CHECK(t.host == "h");
  CHECK(t.port == -1);
}

TEST_CASE("connect_to: the first match naming a target wins", "[connect_to]") {
  const ConnectTo t = match({":80::9000", "::h:1"}, "a.example", 80);
  CHECK(t.host.empty());
  CHECK(t.port == 9000);
}

TEST_CASE("connect_to: IPv6 URL hosts in brackets, IPv6 targets", "[connect_to]") {
  // Unbracketed, "::1:..." reads as any host, any port, then target "1" with a bad port.
  match({"::1:80:h:1"}, "::1", 80, true, CURLE_SETOPT_OPTION_SYNTAX);
  const ConnectTo t = match({"[::2]:80:h:1", "[::1]:80:[fe80::1]:8080"}, "::1", 80, true);
  CHECK(t.host == "fe80::1");
  CHECK(t.port == 8080);
}

TEST_CASE("connect_to: the URL's own host or port is no target", "[connect_to]") {
  const ConnectTo t = match({"::A.example:80"}, "a.example", 80);
  CHECK_FALSE(t.routed());
}

TEST_CASE("connect_to: a bad port in a matching entry is a syntax error", "[connect_to]") {
  match({"::example.com:example.com"}, "a.example", 80, false, CURLE_SETOPT_OPTION_SYNTAX);
  match({"::h:70000"}, "a.example", 80, false, CURLE_SETOPT_OPTION_SYNTAX);
  CHECK_FALSE(match({"b.example::h:x"}, "a.example", 80).routed());  // never parsed
}
