// Fuzz target: the cookie jar fed Set-Cookie values and cookie-file lines, then asked for everything it prints.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "http/cookie_jar.h"

namespace {

constexpr std::int64_t kNow = 1700000000;

struct Origin {
  std::string_view host, path;
  bool secure;
};
constexpr Origin kOrigins[] = {
    {"example.com", "/", false},       {"www.example.com", "/a/b", true}, {"localhost", "/", true},
    {"127.0.0.1", "/x/", true},        {"a.b.example.co.uk", "/", false}, {"::1", "/p", true},
    {"co.uk", "/", false},             {"x", "/", false},
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzInput in(data, size);
  const unsigned char pick = in.byte();
  const unsigned char kinds = in.byte();
  const Origin& o = kOrigins[pick % 8];
  const xfer::http::CookieOrigin origin{o.host, o.path, o.secure};
  const std::string_view text(in.rest(), in.rest_size());

  // Line by line: a Set-Cookie value from a response, or one line as COOKIELIST takes it.
  xfer::http::CookieJar jar;
  jar.begin_request();
  std::size_t at = 0;
  for (unsigned n = 0; at <= text.size(); ++n) {
    const std::size_t nl = text.find('\n', at);
    const std::string_view line = text.substr(at, nl == std::string_view::npos ? std::string_view::npos : nl - at);
    if ((kinds >> (n % 8)) & 1) jar.add_line(line, kNow);
    else jar.set_cookie_header(line, origin, kNow);
    if (nl == std::string_view::npos) break;
    at = nl + 1;
  }
  const std::string value = jar.request_value(origin, kNow);
  for (const char c : value) FUZZ_CHECK(c != '\r' && c != '\n');
  bool full = false;
  (void)jar.request_value(origin, kNow, pick * 32u, full);
  const auto lines = jar.netscape_lines();
  FUZZ_CHECK(lines.size() <= jar.size());
  const std::string saved = jar.jar_text(kNow);

  // The whole text as a cookie file, and the jar's own file read back.
  xfer::http::CookieJar file;
  file.load_text(text, kNow, pick & 8);
  (void)file.jar_text(kNow);
  // A jar's own file reads back (its order flips at each save and load, as libcurl's:
  // a jar lists the newest first, a file's cookies are created in file order). The same
  // cookies do not always come back: an empty Path= is written as an empty field, which a
  // file read takes for "/" (libcurl too), and may then replace another cookie. So: no more
  // cookies than lines, and nothing that breaks the reader.
  xfer::http::CookieJar reread;
  reread.load_text(saved, kNow);
  FUZZ_CHECK(reread.size() <= static_cast<std::size_t>(std::count(saved.begin(), saved.end(), '\n')));
  const std::string once = reread.jar_text(kNow);
  xfer::http::CookieJar twice;
  twice.load_text(once, kNow);
  FUZZ_CHECK(twice.size() <= reread.size());

  jar.remove_expired(kNow + 400LL * 24 * 3600);
  (void)jar.request_value(origin, kNow + 400LL * 24 * 3600);
  jar.clear_session();
  jar.clear_all();
  FUZZ_CHECK(jar.size() == 0);
  return 0;
}
