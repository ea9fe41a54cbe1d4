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
