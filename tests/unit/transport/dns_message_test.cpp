// Tests for the DoH message codec: query bytes, and each check an answer must pass.
#include <catch2/catch.hpp>

#include <string>

#include "transport/dns_message.h"

using namespace xfer::transport;
using namespace xfer::transport::dns;

namespace {

std::string bytes(std::initializer_list<int> list) {
  std::string out;
  for (int b : list) out.push_back(static_cast<char>(b));
  return out;
}

// An answer to "foo.example" A: header (ID 0, response, rcode), the question, then records.
std::string header(int rcode, int answers, int id = 0) {
  return bytes({id >> 8, id & 0xff, 0x81, 0x80 | rcode, 0, 1, 0, answers, 0, 0, 0, 0});
}
const std::string kQuestion = bytes({3, 'f', 'o', 'o', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0, 0, 1, 0, 1});
std::string a_record(int last_octet) {
  return bytes({0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 127, 0, 0, last_octet});
}

}  // namespace

TEST_CASE("a DoH query is ID 0 with recursion desired and one IN question", "[dns]") {
  std::string q;
  REQUIRE(encode_query("foo.example.com", kTypeA, q) == QueryError::kOk);
  CHECK(q == bytes({0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 3, 'f', 'o', 'o', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c',
                    'o', 'm', 0, 0, 1, 0, 1}));
  CHECK(q.size() == 33);  // the Content-Length curl's test 2100 expects
  std::string dotted;
  REQUIRE(encode_query("foo.example.com.", kTypeAaaa, dotted) == QueryError::kOk);
  CHECK(dotted.substr(0, 29) == q.substr(0, 29));
  CHECK(dotted.substr(29, 2) == bytes({0, 28}));
}

TEST_CASE("names with empty or over-long labels make no query", "[dns]") {
  std::string q;
  CHECK(encode_query("a..b", kTypeA, q) == QueryError::kBadLabel);
  CHECK(encode_query("", kTypeA, q) == QueryError::kBadLabel);
  CHECK(encode_query(".", kTypeA, q) == QueryError::kBadLabel);
  CHECK(encode_query(std::string(64, 'x') + ".example", kTypeA, q) == QueryError::kBadLabel);
  CHECK(encode_query(std::string(63, 'x') + ".example", kTypeA, q) == QueryError::kOk);
  std::string longname;
  for (int i = 0; i < 30; ++i) longname += "abcdefghi.";
  CHECK(encode_query(longname, kTypeA, q) == QueryError::kTooLong);
}

TEST_CASE("addresses of an answer are read in order", "[dns]") {
  Answer a;
  REQUIRE(decode_answer(header(0, 2) + kQuestion + a_record(1) + a_record(2), kTypeA, a) == DecodeError::kOk);
  REQUIRE(a.addresses.size() == 2);
  CHECK(a.addresses[0].ip_string() == "127.0.0.1");
  CHECK(a.addresses[1].ip_string() == "127.0.0.2");
}

TEST_CASE("a CNAME answer gives its target and the target's addresses", "[dns]") {
  const std::string cname = bytes({0xc0, 12, 0, 5, 0, 1, 0, 0, 0, 60, 0, 7, 4, 'r', 'e', 'a', 'l', 0xc0, 16});
  const std::string owned = bytes({0xc0, 29, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 10, 0, 0, 1});
  Answer a;
  REQUIRE(decode_answer(header(0, 2) + kQuestion + cname + owned, kTypeA, a) == DecodeError::kOk);
  REQUIRE(a.aliases.size() == 1);
  CHECK(a.aliases[0] == "real.example");
  REQUIRE(a.addresses.size() == 1);
  CHECK(a.addresses[0].ip_string() == "10.0.0.1");
}

TEST_CASE("AAAA answers hold IPv6 addresses", "[dns]") {
  std::string q6 = kQuestion;
  q6[14] = 28;
  std::string rec = bytes({0xc0, 12, 0, 28, 0, 1, 0, 0, 0, 60, 0, 16});
  rec += std::string(15, '\0') + bytes({1});
  Answer a;
  REQUIRE(decode_answer(header(0, 1) + q6 + rec, kTypeAaaa, a) == DecodeError::kOk);
  REQUIRE(a.addresses.size() == 1);
  CHECK(a.addresses[0].ip_string() == "::1");
}

TEST_CASE("broken answers are refused with their reason", "[dns]") {
  Answer a;
  CHECK(decode_answer(bytes({0, 0, 0x81}), kTypeA, a) == DecodeError::kTooShort);
  CHECK(decode_answer(header(0, 1, 7) + kQuestion + a_record(1), kTypeA, a) == DecodeError::kBadId);
  CHECK(decode_answer(header(3, 0) + kQuestion, kTypeA, a) == DecodeError::kBadRcode);
  CHECK(decode_answer(header(0, 0) + kQuestion, kTypeA, a) == DecodeError::kNoContent);
  const std::string full = header(0, 1) + kQuestion + a_record(1);
  CHECK(decode_answer(full.substr(0, full.size() - 2), kTypeA, a) == DecodeError::kOutOfRange);
  CHECK(decode_answer(full + bytes({0, 0, 0}), kTypeA, a) == DecodeError::kMalformed);
  CHECK(decode_answer(full, kTypeAaaa, a) == DecodeError::kUnexpectedType);
  std::string chaos = full;
  chaos[kQuestion.size() + 12 + 5] = 3;  // class CH
  CHECK(decode_answer(chaos, kTypeA, a) == DecodeError::kUnexpectedClass);
  std::string wide = full;
  wide[wide.size() - 5] = 5;  // rdlength 5 for an A record
  CHECK(decode_answer(wide + bytes({0}), kTypeA, a) == DecodeError::kRdataLength);
  std::string bad_label = header(0, 0) + bytes({0x80, 0, 0, 1, 0, 1});
  CHECK(decode_answer(bad_label, kTypeA, a) == DecodeError::kBadLabel);
  // A CNAME whose target points at itself.
  const std::string loop = bytes({0xc0, 12, 0, 5, 0, 1, 0, 0, 0, 60, 0, 2, 0xc0, 41});
  CHECK(decode_answer(header(0, 1) + kQuestion + loop, kTypeA, a) == DecodeError::kLabelLoop);
}

TEST_CASE("no more than 24 addresses are kept from one answer", "[dns]") {
  std::string msg = header(0, 30) + kQuestion;
  for (int i = 0; i < 30; ++i) msg += a_record(i + 1);
  Answer a;
  REQUIRE(decode_answer(msg, kTypeA, a) == DecodeError::kOk);
  CHECK(a.addresses.size() == kMaxAddresses);
}
