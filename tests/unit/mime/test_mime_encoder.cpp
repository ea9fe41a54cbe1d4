// Base64 and quoted-printable encoders: known outputs and input split at every byte.
#include <catch2/catch.hpp>

#include <string>

#include "http/mime_encoder.h"

using xfer::http::Base64Encoder;
using xfer::http::QuotedPrintableEncoder;

namespace {

// Feeds `in` in two pieces split at `cut`, the way a stream might deliver it.
template <typename Enc>
std::string encode_split(const std::string& in, std::size_t cut) {
  Enc enc;
  std::string out;
  std::string pending = in.substr(0, cut);
  pending.erase(0, enc.encode(pending, false, out));
  pending += in.substr(cut);
  pending.erase(0, enc.encode(pending, true, out));
  REQUIRE(pending.empty());
  return out;
}

template <typename Enc>
std::string encode_all(const std::string& in) {
  return encode_split<Enc>(in, in.size());
}

}  // namespace

TEST_CASE("base64 vectors", "[mime][encoder]") {
  CHECK(encode_all<Base64Encoder>("") == "");
  CHECK(encode_all<Base64Encoder>("f") == "Zg==");
  CHECK(encode_all<Base64Encoder>("fo") == "Zm8=");
  CHECK(encode_all<Base64Encoder>("foo") == "Zm9v");
  CHECK(encode_all<Base64Encoder>("foobar") == "Zm9vYmFy");
  // 57 bytes fill one 76-character line exactly, with no line break after it.
  std::string line57(57, 'x');
  std::string enc = encode_all<Base64Encoder>(line57);
  CHECK(enc.size() == 76);
  CHECK(enc.find("\r\n") == std::string::npos);
  std::string enc58 = encode_all<Base64Encoder>(line57 + "x");
  CHECK(enc58.substr(76, 2) == "\r\n");
  CHECK(enc58.size() == 76 + 2 + 4);
}

TEST_CASE("quoted-printable vectors", "[mime][encoder]") {
  CHECK(encode_all<QuotedPrintableEncoder>("plain") == "plain");
  CHECK(encode_all<QuotedPrintableEncoder>("a=b") == "a=3Db");
  CHECK(encode_all<QuotedPrintableEncoder>("end ") == "end=20");
  CHECK(encode_all<QuotedPrintableEncoder>("tab\t\r\nx") == "tab=09\r\nx");
  CHECK(encode_all<QuotedPrintableEncoder>("lone\rcr") == "lone=0Dcr");
  CHECK(encode_all<QuotedPrintableEncoder>("lf\nonly") == "lf=0Aonly");
  CHECK(encode_all<QuotedPrintableEncoder>("last\r") == "last=0D");
  CHECK(encode_all<QuotedPrintableEncoder>("\xff") == "=FF");
  // The 76th column may be used only right before a line end or the end of data.
  std::string a76(76, 'a');
  CHECK(encode_all<QuotedPrintableEncoder>(a76) == a76);
  CHECK(encode_all<QuotedPrintableEncoder>(a76 + "a") == std::string(75, 'a') + "=\r\n" + "aa");
  CHECK(encode_all<QuotedPrintableEncoder>(a76 + "\r\n") == a76 + "\r\n");
  CHECK(encode_all<QuotedPrintableEncoder>(std::string(75, 'a')) == std::string(75, 'a'));
  CHECK(encode_all<QuotedPrintableEncoder>(std::string(75, 'a') + "\r\nb") == std::string(75, 'a') + "\r\nb");
}

TEST_CASE("encoders give the same bytes wherever the input is split", "[mime][encoder]") {
  std::string in = "line one \r\nh\xe9llo=x\ttab \nend " + std::string(150, 'a') + " \r\n\r\r\n =\t";
  std::string qp = encode_all<QuotedPrintableEncoder>(in);
  std::string b64 = encode_all<Base64Encoder>(in);
  for (std::size_t cut = 0; cut <= in.size(); ++cut) {
    CHECK(encode_split<QuotedPrintableEncoder>(in, cut) == qp);
    CHECK(encode_split<Base64Encoder>(in, cut) == b64);
  }
}
