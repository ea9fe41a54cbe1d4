// Easy, cookies: the cookie options, the jar's files, and CURLINFO_COOKIELIST.
#include <strings.h>

#include <cstring>
#include <ctime>

#include "engine/cookie_files.h"
#include "engine/easy.h"
#include "engine/verbose.h"

namespace xfer {

bool Easy::cookie_engine_on() const { return state_ && state_->cookie_engine; }

void Easy::enable_cookies() {
  HandleState& st = state();
  st.cookie_engine = true;
  if (!st.cookies) st.cookies = std::make_unique<http::CookieJar>();
}

void Easy::add_cookie_file(const char* path) {
  if (!path) {
    // NULL turns the engine off and forgets the files; a shared jar stays with the share.
    if (state_) {
      state_->cookie_files.clear();
      state_->cookies.reset();
      state_->cookie_engine = false;
    }
    return;
  }
  state().cookie_files.emplace_back(path);
  // The engine is on from now on, even for "" or a file that turns out not to exist.
  enable_cookies();
}

void Easy::load_cookie_files() {
  if (!state_ || state_->cookie_files.empty()) return;
  const std::int64_t now = std::time(nullptr);
  const bool skip_session = opts.rare_view().cookie_session;
  with_cookies([&](http::CookieJar& jar) {
    // No sweep first: an expired live cookie still keeps the first file's line of the same
    // name out, and goes in the sweep after that file (so a later file's line comes back).
    for (const std::string& f : state_->cookie_files)
      load_cookie_file(jar, f.c_str(), now, skip_session, &state_->set_cookies_this_request);
  });
}

void Easy::flush_cookies() {
  const char* path = opts.rare_view().cookie_jar.c_str();
  if (!path || !cookie_engine_on()) return;
  // The files are read once more first, as libcurl does.
  load_cookie_files();
  const std::int64_t now = std::time(nullptr);
  bool written = true;
  with_cookies([&](http::CookieJar& jar) { written = save_cookie_jar(jar, path, now); });
  if (!written) verbose_text(*this, "WARNING: failed to save cookies in %s", path);
}

CURLcode Easy::cookie_list_command(const char* arg) {
  if (!arg) return CURLE_OK;
  // The commands match in any case; on a handle whose engine is off they do nothing
  // (and do not turn it on).
  if (strcasecmp(arg, "ALL") == 0) {
    with_cookies([](http::CookieJar& jar) { jar.clear_all(); });
  } else if (strcasecmp(arg, "SESS") == 0) {
    with_cookies([](http::CookieJar& jar) { jar.clear_session(); });
  } else if (strcasecmp(arg, "FLUSH") == 0) {
    flush_cookies();
  } else if (strcasecmp(arg, "RELOAD") == 0) {
    load_cookie_files();
  } else {
    // A cookie line (Netscape or "Set-Cookie:"), which also turns the engine on.
    if (!cookie_engine_on()) enable_cookies();
    const std::int64_t now = std::time(nullptr);
    int* taken = &state().set_cookies_this_request;
    with_cookies([&](http::CookieJar& jar) { jar.add_line(arg, now, taken); });
  }
  return CURLE_OK;
}

curl_slist* Easy::cookie_list() {
  curl_slist* list = nullptr;
  with_cookies([&](http::CookieJar& jar) {
    for (const std::string& line : jar.netscape_lines()) {
      curl_slist* grown = curl_slist_append(list, line.c_str());
      if (!grown) {
        curl_slist_free_all(list);
        list = nullptr;
        return;
      }
      list = grown;
    }
  });
  return list;
}

}  // namespace xfer
