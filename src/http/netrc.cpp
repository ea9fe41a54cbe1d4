// .netrc parsing: libcurl 7.88's line reader, tokenizer and entry state machine, quirks kept.
#include "http/netrc.h"

#include <algorithm>

#include "util/ascii.h"

namespace xfer::http {
namespace {

// libcurl reads the file through a 4096-byte fgets buffer, so one read returns at most 4095
// bytes. A line that does not fit (4095 bytes or more before its newline) is dropped whole.
constexpr std::size_t kLineBuffer = 4096;
constexpr std::size_t kReadMax = kLineBuffer - 1;

// Hands out lines the way libcurl's line reader sees them: always ending in '\n' (one is
// added to an unterminated last line), cut at an embedded NUL because the reader measures
// lines with strlen. A cut line no longer ends in '\n', so it counts as overlong: it and
// the next line are dropped. A read that starts with NUL ends the file.
class LineReader {
 public:
  explicit LineReader(std::string_view text) : text_(text) {}

  bool next(std::string& line) {
    bool overlong = false;
    while (pos_ < text_.size()) {
      std::size_t end = std::min(text_.size(), pos_ + kReadMax);
      const std::size_t nl = text_.find('\n', pos_);
      if (nl != std::string_view::npos && nl < end) end = nl + 1;
      std::string_view chunk = text_.substr(pos_, end - pos_);
      pos_ = end;
      // fgets only meets end-of-file when the data ran out before a newline or a full buffer.
      const bool at_eof = chunk.back() != '\n' && chunk.size() < kReadMax;
      chunk = chunk.substr(0, chunk.find('\0'));
      if (chunk.empty()) return false;
      if (chunk.back() == '\n') {
        if (overlong) {  // the tail of a dropped line
          overlong = false;
          continue;
        }
        line.assign(chunk);
        return true;
      }
      if (at_eof) {
        if (overlong || chunk.size() + 1 >= kLineBuffer) return false;
        line.assign(chunk);
        line.push_back('\n');
        return true;
      }
      overlong = true;
    }
    return false;
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

// ISSPACE in libcurl: space, tab and '\n' '\v' '\f' '\r'. Only space and tab are skipped
// between tokens; the others end a token but, met first, make an empty one.
bool is_token_end(char c) { return c == ' ' || c == '\t' || (c >= '\n' && c <= '\r'); }

enum class Scope { outside, want_host, in_entry, in_macro };
enum class Pending { none, login, password };

// The entry state machine. Its resets are deliberately uneven because libcurl's are: a new
// "machine" inside a matched entry keeps whether the login matched, and "default" inside one
// keeps which of login/password were already seen. netrc_lookup's tests pin the results.
class Matcher {
 public:
  Matcher(std::string_view host, std::optional<std::string_view> user)
      : host_(host), user_(user) {}

  bool done() const { return done_; }
  bool in_macro() const { return scope_ == Scope::in_macro; }
  void end_macro() { scope_ = Scope::outside; }

  void feed(std::string_view tok) {
    switch (scope_) {
      case Scope::outside:
        if (ascii_iequals(tok, "macdef")) {
          scope_ = Scope::in_macro;
        } else if (ascii_iequals(tok, "machine")) {
          start_machine();
          login_ok_ = false;
        } else if (ascii_iequals(tok, "default")) {
          scope_ = Scope::in_entry;
          matched_ = true;
        }
        break;
      case Scope::in_macro:
        if (tok.empty()) scope_ = Scope::outside;
        break;
      case Scope::want_host:
        if (ascii_iequals(tok, host_)) {
          scope_ = Scope::in_entry;
          matched_ = true;
        } else {
          scope_ = Scope::outside;
        }
        break;
      case Scope::in_entry:
        feed_entry(tok);
        break;
    }
  }

  NetrcResult finish(NetrcCredentials& out) {
    if (!matched_) return NetrcResult::no_match;
    if (!password_ && login_ok_) {
      password_ = std::string();  // a matched login without password: blank password
    } else if (!user_ && !login_ && !password_) {
      return NetrcResult::no_match;  // e.g. a bare "default"
    }
    if (user_) {
      out.login.assign(*user_);
      out.has_login = true;
    } else if (login_) {
      out.login = std::move(*login_);
      out.has_login = true;
    }
    if (password_) {
      out.password = std::move(*password_);
      out.has_password = true;
    }
    return NetrcResult::found;
  }

 private:
  void start_machine() {
    scope_ = Scope::want_host;
    pending_ = Pending::none;
    saw_login_ = saw_password_ = false;
    drop_credentials();
  }

  void drop_credentials() {
    password_.reset();
    if (!user_) login_.reset();
  }

  void feed_entry(std::string_view tok) {
    if (pending_ == Pending::login) {
      // A given user is compared exactly; without one, the entry's login is taken.
      if (user_) {
        login_ok_ = tok == *user_;
      } else {
        login_ok_ = true;
        login_ = std::string(tok);
      }
      saw_login_ = true;
      pending_ = Pending::none;
    } else if (pending_ == Pending::password) {
      password_ = std::string(tok);
      saw_password_ = true;
      pending_ = Pending::none;
    } else if (ascii_iequals(tok, "login")) {
      pending_ = Pending::login;
    } else if (ascii_iequals(tok, "password")) {
      pending_ = Pending::password;
    } else if (ascii_iequals(tok, "machine")) {
      start_machine();
    } else if (ascii_iequals(tok, "default")) {
      matched_ = true;
      drop_credentials();
    }
    // Anything else ("account", its value, unknown words) is ignored token by token.
    if (saw_login_ && saw_password_ && login_ok_) done_ = true;
  }

  std::string_view host_;
  std::optional<std::string_view> user_;
  Scope scope_ = Scope::outside;
  Pending pending_ = Pending::none;
  bool saw_login_ = false;
  bool saw_password_ = false;
  bool login_ok_ = false;  // the login seen is ours (the given user, or any without one)
  bool matched_ = false;   // a machine named host, or a default, was entered
  bool done_ = false;
  std::optional<std::string> login_;
  std::optional<std::string> password_;
};

// Reads a quoted token starting at line[i] == '"'. Escapes: \n \r \t, any other escaped
// byte stands for itself. Returns false when the line ends first (quotes never span lines).
bool read_quoted(const std::string& line, std::size_t& i, std::string& tok) {
  tok.clear();
  bool escape = false;
  for (++i; i < line.size(); ++i) {
    char c = line[i];
    if (escape) {
      escape = false;
      if (c == 'n') c = '\n';
      else if (c == 'r') c = '\r';
      else if (c == 't') c = '\t';
    } else if (c == '\\') {
      escape = true;
      continue;
    } else if (c == '"') {
      ++i;
      return true;
    }
    tok.push_back(c);
  }
  return false;
}

}  // namespace

NetrcResult netrc_lookup(std::string_view text, std::string_view host,
                         std::optional<std::string_view> user, NetrcCredentials& out) {
  out = NetrcCredentials{};
  Matcher matcher(host, user);
  LineReader reader(text);
  std::string line;
  std::string quoted;
  while (!matcher.done() && reader.next(line)) {
    if (matcher.in_macro()) {
      // A macro body runs to a line that starts with a line ending.
      if (line[0] != '\n' && line[0] != '\r') continue;
      matcher.end_macro();
    }
    std::size_t i = 0;
    while (!matcher.done() && i < line.size()) {
      while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
      if (i == line.size() || line[i] == '#') break;  // '#' opening a token: comment to EOL
      std::string_view tok;
      if (line[i] == '"') {
        if (!read_quoted(line, i, quoted)) return NetrcResult::syntax_error;
        tok = quoted;
      } else {
        const std::size_t start = i;
        while (!is_token_end(line[i])) ++i;  // the line's final '\n' stops this
        tok = std::string_view(line).substr(start, i - start);
      }
      matcher.feed(tok);
      ++i;  // libcurl steps over the byte after every token, even right after a quote
    }
  }
  return matcher.finish(out);
}

}  // namespace xfer::http
