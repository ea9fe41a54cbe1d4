// OptText: optional-string semantics, shared built-in defaults, deep copies of set values.
#include <catch2/catch.hpp>

#include <string>
#include <utility>

#include "util/opt_text.h"

using xfer::OptText;

TEST_CASE("OptText is empty, set or reset like an optional string", "[opt_text]") {
  OptText t;
  CHECK_FALSE(t.has_value());
  CHECK_FALSE(static_cast<bool>(t));
  CHECK(t.value_or("fallback") == "fallback");
  t = "abc";
  REQUIRE(t.has_value());
  CHECK(*t == "abc");
  CHECK(t->size() == 3);
  t = std::string("with\0nul", 8);  // blobs carry NUL bytes
  CHECK(t->size() == 8);
  t = std::nullopt;
  CHECK_FALSE(t.has_value());
  t = "x";
  t.reset();
  CHECK_FALSE(t.has_value());
  CHECK(sizeof(OptText) == sizeof(void*));
}

TEST_CASE("OptText copies set values and shares fixed ones", "[opt_text]") {
  static const std::string kForever("/etc/ssl/certs");
  const OptText fixed = OptText::fixed(kForever);
  OptText copy = fixed;
  CHECK(&*copy == &kForever);  // no copy of a built-in default
  copy = "changed";
  CHECK(*copy == "changed");
  CHECK(*fixed == "/etc/ssl/certs");  // the shared value is never written or freed

  OptText a("one");
  OptText b = a;
  CHECK(&*a != &*b);
  b = "two";
  CHECK(*a == "one");
  OptText moved = std::move(b);
  CHECK(*moved == "two");
  CHECK_FALSE(b.has_value());  // NOLINT: a moved-from OptText is empty
  a = a;  // self-assignment keeps the value
  CHECK(*a == "one");
}

TEST_CASE("OptText compares by value and by presence", "[opt_text]") {
  static const std::string kSame("v");
  CHECK(OptText() == OptText(std::nullopt));
  CHECK_FALSE(OptText() == OptText(""));
  CHECK(OptText("v") == OptText::fixed(kSame));
  CHECK_FALSE(OptText("v") == OptText("w"));
}
