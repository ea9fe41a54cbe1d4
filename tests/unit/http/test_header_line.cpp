// split_header_line and is_lowercase_name: kinds, names and libcurl's value trimming.
#include <catch2/catch.hpp>

#include <string>

#include "http/header_line.h"

using xfer::http::HeaderLine;
using xfer::http::is_lowercase_name;
using xfer::http::LineKind;
using xfer::http::split_header_line;

TEST_CASE("header lines are classified by their first bytes", "[header_line]") {
  CHECK(split_header_line("HTTP/1.1 200 OK\r\n").kind == LineKind::kStatus);
  CHECK(split_header_line("\r\n").kind == LineKind::kBlank);
  CHECK(split_header_line("\n").kind == LineKind::kBlank);
  CHECK(split_header_line(" more\r\n").kind == LineKind::kContinuation);
  CHECK(split_header_line("\tmore\r\n").kind == LineKind::kContinuation);
  CHECK(split_header_line("no colon here\r\n").kind == LineKind::kOther);
  CHECK(split_header_line(": empty name\r\n").kind == LineKind::kOther);
  CHECK(split_header_line("").kind == LineKind::kOther);
}

TEST_CASE("a field splits at its first colon, value trimmed as libcurl trims", "[header_line]") {
  const HeaderLine h = split_header_line("Content-Type: \ttext/plain \t\r\n");
  REQUIRE(h.kind == LineKind::kField);
  CHECK(h.name == "Content-Type");
  CHECK(h.value == "text/plain");
  CHECK(h.raw == "Content-Type: \ttext/plain \t\r\n");

  CHECK(split_header_line("X-Time: 12:30:00\r\n").value == "12:30:00");
  CHECK(split_header_line("X-Bare: lf only\n").value == "lf only");
  CHECK(split_header_line("X-Unended: no terminator").value == "no terminator");
  // The value ends at the line's first CR, whatever follows it.
  CHECK(split_header_line("X-Cr: a\rb\r\n").value == "a");
}

TEST_CASE("an empty value keeps its terminator byte, as libcurl's header API shows", "[header_line]") {
  CHECK(split_header_line("X-Empty:\r\n").value == "\r");
  CHECK(split_header_line("X-Empty: \t \r\n").value == "\r");
  CHECK(split_header_line("X-Empty:\n").value == "\n");
  CHECK(split_header_line("X-Empty:").value.empty());
}

TEST_CASE("a line break before the colon makes no field", "[header_line]") {
  CHECK(split_header_line("Name\r: value\r\n").kind == LineKind::kOther);
  CHECK(split_header_line("Name\n: value").kind == LineKind::kOther);
  CHECK(split_header_line("Name\n: value\r\n").kind == LineKind::kOther);
  CHECK(split_header_line("Name\r\n: value\r\n").kind == LineKind::kOther);
}

TEST_CASE("is_lowercase_name folds ASCII case against a lowercase literal", "[header_line]") {
  CHECK(is_lowercase_name("Content-Type", "content-type"));
  CHECK(is_lowercase_name("CONTENT-TYPE", "content-type"));
  CHECK(is_lowercase_name("content-type", "content-type"));
  CHECK_FALSE(is_lowercase_name("Content-Typ", "content-type"));
  CHECK_FALSE(is_lowercase_name("Content_Type", "content-type"));
  CHECK_FALSE(is_lowercase_name("Content-Tape", "content-type"));
  CHECK_FALSE(is_lowercase_name("close ", "close"));
}

TEST_CASE("plain field lines: token name, no framing name, no control byte, CRLF", "[header_line]") {
  using xfer::http::is_plain_field;
  const auto plain = [](std::string_view raw) { return is_plain_field(split_header_line(raw)); };
  CHECK(plain("Server: nginx\r\n"));
  CHECK(plain("X-Empty:\r\n"));
  CHECK(plain("X-Tab:\tv \t\r\n"));
  CHECK(plain("X-High: caf\xc3\xa9\r\n"));
  CHECK(plain("Content-Type: text/html\r\n"));
  CHECK(plain("Connection-X: close\r\n"));  // llhttp reads only the exact framing names
  CHECK(plain("Content-Lengths: 7\r\n"));
  CHECK(plain("X-Long: 0123456789abcdef0123456789abcdef0123456789\r\n"));
  // Connection lines listing only close and keep-alive change nothing in llhttp.
  CHECK(plain("Connection: close\r\n"));
  CHECK(plain("Connection: Keep-Alive\r\n"));
  CHECK(plain("connection: close , keep-alive\r\n"));
  CHECK(plain("proxy-connection: close\r\n"));
  CHECK_FALSE(plain("Connection: upgrade\r\n"));
  CHECK_FALSE(plain("Connection: keep-alive, Upgrade\r\n"));
  CHECK_FALSE(plain("Connection: foo\r\n"));
  CHECK_FALSE(plain("Connection:\r\n"));
  CHECK_FALSE(plain("Connection: close,\r\n"));
  CHECK_FALSE(plain("Proxy-Connection: upgrade\r\n"));
  CHECK_FALSE(plain("CONTENT-LENGTH: 5\r\n"));
  CHECK_FALSE(plain("Transfer-Encoding: chunked\r\n"));
  CHECK_FALSE(plain("Upgrade: h2c\r\n"));
  CHECK_FALSE(plain("X-Lf: bare\n"));
  CHECK_FALSE(plain("X-Cr: a\rb\r\n"));
  CHECK_FALSE(plain("X-Ctl: a\x01-b\r\n"));
  CHECK_FALSE(plain("X-Del: a\x7f\r\n"));
  CHECK_FALSE(plain("X-Late: 0123456789abcdef0123\x02\r\n"));  // found by the 16-byte step
  CHECK_FALSE(plain("X-Late: 0123456789abcdef0123456789abcdef\x1b\r\n"));
  CHECK_FALSE(plain(std::string_view("X-Nul: a\0-b\r\n", 13)));
  CHECK_FALSE(plain("Bad Name: v\r\n"));
  CHECK_FALSE(plain("Bad(Name): v\r\n"));
  CHECK_FALSE(plain(" folded\r\n"));
  CHECK_FALSE(plain("HTTP/1.1 200 OK\r\n"));
  CHECK_FALSE(plain("\r\n"));
  CHECK_FALSE(plain("NoColon\r\n"));
}

TEST_CASE("a plain field's name is a token, whether short, long or past sixteen bytes", "[header_line]") {
  using xfer::http::is_plain_field;
  const auto plain = [](const std::string& raw) { return is_plain_field(split_header_line(raw)); };
  const std::string tchars = "!#$%&'*+-.^_`|~09AZaz";
  const std::string separators = "\"(),/;<=>?@[\\]{} \t\x80\xff";
  // Every length of name around the sixteen-byte step, each long enough or short enough
  // to take either scan, with the odd byte at every place in the name.
  for (std::size_t len = 1; len <= 40; ++len) {
    for (const std::string value : {"v", "a value long enough for the vector scan"}) {
      std::string name(len, 'n');
      for (std::size_t k = 0; k < len; ++k) name[k] = tchars[k % tchars.size()];
      INFO("name " << name << " value " << value);
      CHECK(plain(name + ": " + value + "\r\n"));
      for (std::size_t at = 0; at < len; ++at) {
        for (const char bad : separators) {
          std::string odd = name;
          odd[at] = bad;
          INFO("odd byte " << int(static_cast<unsigned char>(bad)) << " at " << at);
          CHECK_FALSE(plain(odd + ": " + value + "\r\n"));
        }
      }
    }
  }
}

TEST_CASE("Content-Length lines and values as libcurl 7.88 reads them", "[header_line][length]") {
  using xfer::http::is_length_line;
  using xfer::http::LengthForm;
  using xfer::http::read_content_length;
  CHECK(is_length_line("Content-Length: 5\r\n"));
  CHECK(is_length_line("cONTENT-lENGTH:5\r\n"));
  CHECK_FALSE(is_length_line("Content-Length : 5\r\n"));
  CHECK_FALSE(is_length_line(" Content-Length: 5\r\n"));
  CHECK_FALSE(is_length_line("Content\rLength: 5\r\n"));
  const auto number = [](std::string_view v) {
    const auto r = read_content_length(v);
    return r.form == LengthForm::kNumber ? r.n : -1;
  };
  CHECK(number(" 5\r\n") == 5);
  CHECK(number("5") == 5);
  CHECK(number(" \t+5\r\n") == 5);
  CHECK(number(" 5 bytes\r\n") == 5);
  CHECK(number(" 0005\r\n") == 5);
  CHECK(number(" 5, 5,5 ,\r\n") == 5);
  CHECK(number(" 9223372036854775807\r\n") == 9223372036854775807);
  CHECK(read_content_length(" 9223372036854775808\r\n").form == LengthForm::kOverflow);
  CHECK(read_content_length(" 9223372036854775808, 99999999999999999999\r\n").form == LengthForm::kOverflow);
  for (const char* bad : {" -5\r\n", "\r\n", " \r\n", "", " x\r\n", " +-5\r\n", " + 5\r\n", "\v5\r\n"}) {
    INFO(bad);
    CHECK(read_content_length(bad).form == LengthForm::kInvalid);
  }
  for (const char* two : {" 5, 6\r\n", " 5,x\r\n", " 5, 5x\r\n", " 5, +6\r\n", " 5, 9223372036854775808\r\n"}) {
    INFO(two);
    CHECK(read_content_length(two).form == LengthForm::kConflict);
  }
}
