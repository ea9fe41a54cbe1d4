// .netrc credential lookup over file text, with the token and matching rules of libcurl 7.88.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace xfer::http {

// What a matching entry supplied. A has_ flag is false where libcurl leaves its pointer NULL:
// with no user given, has_login is false for an entry without "login" (libcurl's caller then
// uses a blank user); with a user given, login is that user and has_password can be false.
struct NetrcCredentials {
  std::string login;
  std::string password;
  bool has_login = false;
  bool has_password = false;
};

// found: out is filled. no_match: no entry applies (libcurl's "file missing" result, also
// a matched "default" that named neither login nor password). syntax_error: a quoted token
// without its closing quote, or ending in a lone backslash (libcurl: CURLE_READ_ERROR).
enum class NetrcResult { found, no_match, syntax_error };

// Looks host up in .netrc text. user is the user name the URL already carries, if any: the
// lookup then wants that login and only fills the password. out is reset first.
NetrcResult netrc_lookup(std::string_view text, std::string_view host,
                         std::optional<std::string_view> user, NetrcCredentials& out);

}  // namespace xfer::http
