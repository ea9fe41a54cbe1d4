// .netrc lookup: curl's own netrc test files, quirks checked against curl 7.88.1, file paths.
#include <catch2/catch.hpp>

#include <pwd.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "engine/netrc_file.h"
#include "http/netrc.h"

using xfer::http::netrc_lookup;
using xfer::http::NetrcCredentials;
using xfer::http::NetrcResult;

namespace {

// "login:password" with '-' for a side libcurl leaves NULL, or "none" / "syntax".
std::string lookup(std::string_view text, std::string_view host,
                   std::optional<std::string_view> user = std::nullopt) {
  NetrcCredentials c;
  switch (netrc_lookup(text, host, user, c)) {
    case NetrcResult::no_match:
      CHECK(!c.has_login);
      CHECK(!c.has_password);
      return "none";
    case NetrcResult::syntax_error:
      return "syntax";
    case NetrcResult::found:
      break;
  }
  return (c.has_login ? c.login : "-") + ":" + (c.has_password ? c.password : "-");
}

const char* const kHost = "127.0.0.1";  // %HOSTIP in curl's test files

}  // namespace

// Test files from curl's tests/data, with the credentials each test's request shows.
TEST_CASE("netrc: curl test files", "[netrc]") {
  SECTION("130: no user, first entry for the host; commented lines skipped") {
    const char* t =
        "# the following two lines were created while testing curl\n"
        "# machine 127.0.0.1 login user1 password commented\n"
        "machine 127.0.0.1 login user1 password passwd1\n"
        "machine 127.0.0.1 login user2 password passwd2\n"
        "default login userdef password passwddef\n";
    CHECK(lookup(t, kHost) == "user1:passwd1");
    CHECK(lookup(t, "elsewhere.example") == "userdef:passwddef");
  }
  SECTION("131, 380, 682, 683: a given user picks its own entry") {
    const char* t =
        "machine 127.0.0.1 login user1 password passwd1\n"
        "machine 127.0.0.1 login user2 password passwd2\n";
    CHECK(lookup(t, kHost, "user1") == "user1:passwd1");
    CHECK(lookup(t, kHost, "user2") == "user2:passwd2");
    const char* t380 =
        "machine 127.0.0.1 login frankenstein password wrongone\n"
        "machine 127.0.0.1 login mary password yram\n";
    CHECK(lookup(t380, kHost, "mary") == "mary:yram");
  }
  SECTION("257: host decides between entries") {
    const char* t =
        "machine supersite.com login user1 password passwd1\n"
        "machine anotherone.com login user2 password passwd2\n";
    CHECK(lookup(t, "supersite.com") == "user1:passwd1");
    CHECK(lookup(t, "anotherone.com") == "user2:passwd2");
    CHECK(lookup(t, "third.com") == "none");
  }
  SECTION("478: several entries for one host, login after password, quoted \\r") {
    const char* t =
        "\nmachine github.com\npassword weird\npassword firstone\nlogin daniel\n\n"
        "machine github.com\n\nmachine github.com\nlogin debbie\n\n"
        "machine github.com\npassword weird\npassword \"second\\r\"\nlogin debbie\n\n";
    CHECK(lookup(t, "github.com", "debbie") == "debbie:second\r");
  }
  SECTION("479: default with login only gives a blank password") {
    const char* t =
        "\nmachine a.com\n  login alice\n  password alicespassword\n\ndefault\n  login bob\n\n";
    CHECK(lookup(t, "a.com") == "alice:alicespassword");
    CHECK(lookup(t, "b.com") == "bob:");
  }
  SECTION("480: control bytes pass through (the caller rejects them for POP3)") {
    CHECK(lookup("machine 127.0.0.1\n  login alice\n  password \"password\\r\\ncommand\"\n",
                 kHost) == "alice:password\r\ncommand");
  }
  SECTION("486: default with no credentials is no match") {
    const char* t = "\nmachine a.com\n  login alice\n  password alicespassword\n\ndefault\n\n";
    CHECK(lookup(t, "b.com") == "none");
  }
  SECTION("494: macdef body skipped to the empty line") {
    const char* t =
        "\nmacdef testmacro\n\tbin\n\tcd default\n\tcd login\n\tput login.bin\n\tcd ..\n"
        "\tcd password\n\tput password.bin\n\tquit\n\n"
        "machine 127.0.0.1 login user1 password passwd1\n";
    CHECK(lookup(t, kHost) == "user1:passwd1");
  }
  SECTION("679: quoted password with escapes; unknown escape is the letter") {
    CHECK(lookup("machine 127.0.0.1 login user1 password \"with spaces and \\\"\\n\\r\\t\\a\"\n",
                 kHost) == "user1:with spaces and \"\n\r\ta");
  }
  SECTION("680: missing end quote is a syntax error even for another host") {
    const char* t = "machine 127.0.0.1 login user1 password \"with spaces and \\\"\\n\\r\\t\\a\n";
    CHECK(lookup(t, "http.example", "user1") == "syntax");
  }
  SECTION("684, 685: password-only entry; a given user takes its password") {
    CHECK(lookup("machine 127.0.0.1 password 5up3r53cr37\n", kHost) == "-:5up3r53cr37");
    CHECK(lookup("machine 127.0.0.1 password 5up3r53cr37\n", kHost, "user") ==
          "user:5up3r53cr37");
  }
  SECTION("2039: a default before the machines wins") {
    const char* t =
        "default login userdef password passwddef\n"
        "machine 127.0.0.1 login user1 password passwd1\n";
    CHECK(lookup(t, kHost) == "userdef:passwddef");
  }
}

TEST_CASE("netrc: tokens", "[netrc]") {
  SECTION("keywords and host compare ASCII case-insensitively, logins exactly") {
    CHECK(lookup("MACHINE Example.COM LOGIN a PASSWORD b\n", "example.com") == "a:b");
    CHECK(lookup("machine h login Mary password b\n", "h", "Mary") == "Mary:b");
    CHECK(lookup("machine h login Mary password b\nmachine h login mary password c\n", "h",
                 "mary") == "mary:c");
  }
  SECTION("tabs, newlines, no final newline") {
    CHECK(lookup("machine\th\n\tlogin\ta\n\tpassword\tb", "h") == "a:b");
  }
  SECTION("'#' starts a comment only where a token starts") {
    CHECK(lookup("machine h login a # password x\npassword p\n", "h") == "a:p");
    CHECK(lookup("machine h login a password p#q\n", "h") == "a:p#q");
    // The pending password takes the next line's first token.
    CHECK(lookup("machine h login a password #p\nq\n", "h") == "a:q");
  }
  SECTION("quoted tokens") {
    CHECK(lookup("machine h login \"a b\" password \"\\\\x\\\"\"\n", "h") == "a b:\\x\"");
    CHECK(lookup("machine h login \"\" password \"\"\n", "h") == ":");
    CHECK(lookup("\"machine\" \"h\" \"login\" a password b\n", "h") == "a:b");
    CHECK(lookup("machine h login a\"b password c\n", "h") == "a\"b:c");  // quote mid-token
    // The byte after a closing quote is skipped, whatever it is.
    CHECK(lookup("machine h login \"abc\"xpassword p\n", "h") == "abc:p");
  }
  SECTION("bad quoting is a syntax error, unless the match already completed") {
    CHECK(lookup("machine h login a password \"p\\\"\n", "h") == "syntax");
    CHECK(lookup("machine h login a password \"x\nmore\"\n", "h") == "syntax");
    CHECK(lookup("machine h login a password p\nmachine b password \"x\n", "h") == "a:p");
  }
  SECTION("a missing value at the end is not a syntax error") {
    CHECK(lookup("machine h login a password", "h") == "a:");
    CHECK(lookup("machine h login\n", "h") == "none");
    CHECK(lookup("machine\n", "h") == "none");
  }
  SECTION("trailing blanks and CR end a line with an empty token") {
    CHECK(lookup("machine h login a password \nsecret\n", "h") == "a:");
    CHECK(lookup("machine h login a password\r\nsecret\r\n", "h") == "a:");
    CHECK(lookup("machine h\r\nlogin a\r\npassword b\r\n", "h") == "a:b");
  }
  SECTION("account and its value are ordinary ignored tokens") {
    CHECK(lookup("machine h account acct login a password b\n", "h") == "a:b");
    CHECK(lookup("machine h account login a password b\n", "h") == "a:b");
  }
  SECTION("macdef") {
    // A blank-looking line (spaces) does not end the macro; an empty one does.
    CHECK(lookup("macdef m\n  \nmachine h login a password b\n\nmachine h login c password d\n",
                 "h") == "c:d");
    // An empty token on the macdef line itself (trailing blank, CRLF) ends it at once.
    CHECK(lookup("macdef m \nmachine h login a password b\n", "h") == "a:b");
    CHECK(lookup("macdef m\r\nmachine h login a password b\n", "h") == "a:b");
  }
}

TEST_CASE("netrc: entry matching as curl 7.88 does it", "[netrc]") {
  SECTION("given user: a single entry with another login still gives its password") {
    CHECK(lookup("machine h login other password p\n", "h", "me") == "me:p");
  }
  SECTION("given user: a later default completes at its login, password blank") {
    CHECK(lookup("machine h login other password p\ndefault login me password d\n", "h",
                 "me") == "me:");
  }
  SECTION("given user: a bare matching entry or default is found without a password") {
    CHECK(lookup("machine h\n", "h", "me") == "me:-");
    CHECK(lookup("default\n", "h", "me") == "me:-");
    CHECK(lookup("machine x login me password p\n", "h", "me") == "none");
  }
  SECTION("a matched login is remembered across the next machine line") {
    CHECK(lookup("machine h login me\nmachine h password s\n", "h", "me") == "me:s");
    CHECK(lookup("machine h login a\nmachine x login b password c\n", "h") == "-:");
  }
  SECTION("default inside a matched entry drops credentials but not what was seen") {
    CHECK(lookup("machine h login a\ndefault password x\n", "h") == "-:x");
  }
  SECTION("no user: login without password gives a blank password") {
    CHECK(lookup("machine h login a\n", "h") == "a:");
  }
  SECTION("top-level login/password outside any entry are ignored") {
    CHECK(lookup("login a password b\nmachine h login c password d\n", "h") == "c:d");
    CHECK(lookup("login a password b\n", "h") == "none");
  }
  SECTION("empty text") { CHECK(lookup("", "h") == "none"); }
}

TEST_CASE("netrc: lines as libcurl's 4 KiB line reader sees them", "[netrc]") {
  const std::string head = "machine h login u password ";
  auto line_of = [&](std::size_t len) { return head + std::string(len - head.size(), 'x'); };
  const std::string later = "\nmachine h login late password late\n";
  SECTION("4094 bytes before the newline fit") {
    CHECK(lookup(line_of(4094) + later, "h") == "u:" + std::string(4094 - head.size(), 'x'));
  }
  SECTION("4095 bytes do not: the whole line is dropped") {
    CHECK(lookup(line_of(4095) + later, "h") == "late:late");
    CHECK(lookup(line_of(10000) + later, "h") == "late:late");
  }
  SECTION("an unterminated last line of 4094 bytes fits") {
    CHECK(lookup(line_of(4094), "h") == "u:" + std::string(4094 - head.size(), 'x'));
    CHECK(lookup(line_of(4095), "h") == "none");
  }
  SECTION("NUL inside a line drops that line and the next; at a line start it ends the file") {
    using namespace std::string_literals;
    CHECK(lookup("machine h lo\0gin a\nmachine h login b password c\n"
                 "machine h login d password e\n"s,
                 "h") == "d:e");
    CHECK(lookup("\0machine h login b password c\n"s, "h") == "none");
    CHECK(lookup("machine h login b\n\0password c\n"s, "h") == "b:");
  }
}

namespace {

// A scratch directory with HOME pointed at it, restored afterwards.
struct TempHome {
  std::filesystem::path dir;
  std::string saved;
  bool had_home = false;
  TempHome() {
    char tmpl[] = "/tmp/xfer_netrc_XXXXXX";
    dir = mkdtemp(tmpl);
    if (const char* h = getenv("HOME")) {
      saved = h;
      had_home = true;
    }
    setenv("HOME", dir.c_str(), 1);
  }
  ~TempHome() {
    if (had_home) setenv("HOME", saved.c_str(), 1);
    else unsetenv("HOME");
    std::filesystem::remove_all(dir);
  }
  void write(const std::string& name, const std::string& text) const {
    std::FILE* f = std::fopen((dir / name).c_str(), "wb");
    REQUIRE(f != nullptr);
    std::fwrite(text.data(), 1, text.size(), f);
    std::fclose(f);
  }
};

}  // namespace

TEST_CASE("netrc file: path rules and reading", "[netrc][file]") {
  using xfer::engine::netrc_lookup_file;
  using xfer::engine::netrc_path;
  TempHome home;
  SECTION("an option path is used as given, even empty") {
    CHECK(netrc_path("/some/where/netrc") == "/some/where/netrc");
    CHECK(netrc_path("") == "");
  }
  SECTION("no option: $HOME/.netrc") {
    CHECK(netrc_path(nullptr) == (home.dir / ".netrc").string());
  }
  SECTION("HOME unset or empty: the effective user's home from the password database") {
    std::string want;
    if (passwd* pw = getpwuid(geteuid())) want = std::string(pw->pw_dir) + "/.netrc";
    setenv("HOME", "", 1);
    CHECK(netrc_path(nullptr) == want);
    unsetenv("HOME");
    CHECK(netrc_path(nullptr) == want);
  }
  SECTION("lookup reads the file; missing, empty path and directories are no match") {
    home.write(".netrc", "machine h login a password b\n");
    NetrcCredentials c;
    CHECK(netrc_lookup_file(netrc_path(nullptr), "h", std::nullopt, c) == NetrcResult::found);
    CHECK(c.login == "a");
    CHECK(c.password == "b");
    CHECK(netrc_lookup_file((home.dir / "absent").string(), "h", std::nullopt, c) ==
          NetrcResult::no_match);
    CHECK(!c.has_login);
    CHECK(netrc_lookup_file("", "h", std::nullopt, c) == NetrcResult::no_match);
    CHECK(netrc_lookup_file(home.dir.string(), "h", std::nullopt, c) == NetrcResult::no_match);
  }
  SECTION("a syntax error in the file is reported") {
    home.write("bad", "machine h password \"open\n");
    NetrcCredentials c;
    CHECK(netrc_lookup_file((home.dir / "bad").string(), "h", "u", c) ==
          NetrcResult::syntax_error);
  }
}
