// Unit tests of the option policy: every class answers as docs/OPTIONS.md says, and stored
// options of other protocols follow the handle through duphandle and reset.
#include <catch2/catch.hpp>

#include <vector>

#include <cstring>

#include <curl/curl.h>

#include "api/option_policy.h"
#include "engine/easy.h"

using xfer::api::OptionClass;
using xfer::api::option_policy;

namespace {

const xfer::StoredOptions* stored(CURL* h) {
  const xfer::RareOptions* r = static_cast<xfer::Easy*>(h)->opts.rare.ptr();
  return r ? &r->stored : nullptr;
}

}  // namespace

TEST_CASE("pending options take their off values only", "[policy]") {
  CURL* h = curl_easy_init();
  CHECK(curl_easy_setopt(h, CURLOPT_SSLENGINE_DEFAULT, 0L) == CURLE_OK);
  CHECK(curl_easy_setopt(h, CURLOPT_SSLENGINE_DEFAULT, 1L) == CURLE_NOT_BUILT_IN);
  CHECK(curl_easy_setopt(h, CURLOPT_PROXY_CRLFILE, nullptr) == CURLE_OK);
  CHECK(curl_easy_setopt(h, CURLOPT_PROXY_CRLFILE, "/tmp/crl.pem") == CURLE_NOT_BUILT_IN);
  // A *DATA pointer does nothing without its (refused) callback, so any value is taken;
  // the callback itself is refused unless NULL.
  int dummy = 0;
  CHECK(curl_easy_setopt(h, CURLOPT_SSL_CTX_DATA, &dummy) == CURLE_OK);
  CHECK(curl_easy_setopt(h, CURLOPT_SSL_CTX_FUNCTION, nullptr) == CURLE_OK);
  CHECK(curl_easy_setopt(h, CURLOPT_SSL_CTX_FUNCTION, reinterpret_cast<void (*)()>(&stored)) ==
        CURLE_NOT_BUILT_IN);
  // Nothing pending was stored.
  CHECK(stored(h) == nullptr);
  curl_easy_cleanup(h);
}

TEST_CASE("HTTP/2 priority options keep what libcurl 7.88 keeps", "[policy]") {
  CURL* h = curl_easy_init();
  CURL* other = curl_easy_init();
  auto rare = [](CURL* e) { return static_cast<xfer::Easy*>(e)->opts.rare.ptr(); };
  CHECK(curl_easy_setopt(h, CURLOPT_STREAM_WEIGHT, 32L) == CURLE_OK);
  REQUIRE(rare(h));
  CHECK(rare(h)->stream_weight == 32);
  // Out of 1..256: OK, and the weight stays.
  CHECK(curl_easy_setopt(h, CURLOPT_STREAM_WEIGHT, 0L) == CURLE_OK);
  CHECK(curl_easy_setopt(h, CURLOPT_STREAM_WEIGHT, 257L) == CURLE_OK);
  CHECK(rare(h)->stream_weight == 32);
  CHECK(curl_easy_setopt(h, CURLOPT_STREAM_DEPENDS_E, other) == CURLE_OK);
  CHECK(rare(h)->stream_depends_on == static_cast<xfer::Easy*>(other));
  CHECK(rare(h)->stream_depends_e);
  // Not a handle (its magic field is not there): ignored, OK. Large enough that checking
  // reads inside it.
  std::vector<char> not_a_handle(4096, 0);
  CHECK(curl_easy_setopt(h, CURLOPT_STREAM_DEPENDS, not_a_handle.data()) == CURLE_OK);
  CHECK(rare(h)->stream_depends_on == static_cast<xfer::Easy*>(other));
  CHECK(curl_easy_setopt(h, CURLOPT_STREAM_DEPENDS, nullptr) == CURLE_OK);
  CHECK(rare(h)->stream_depends_on == nullptr);
  CHECK_FALSE(rare(h)->stream_depends_e);
  curl_easy_cleanup(other);
  curl_easy_cleanup(h);
}

TEST_CASE("GSS-API options are kept for Negotiate and SOCKS5", "[policy]") {
  CURL* h = curl_easy_init();
  CHECK(curl_easy_setopt(h, CURLOPT_SOCKS5_GSSAPI_SERVICE, "sockd") == CURLE_OK);
  const xfer::RareOptions* r = static_cast<xfer::Easy*>(h)->opts.rare.ptr();
  REQUIRE(r != nullptr);
  // The old SOCKS5 name and PROXY_SERVICE_NAME are one setting, as in libcurl.
  CHECK(r->proxy_service_name.view() == "sockd");
  CHECK(curl_easy_setopt(h, CURLOPT_PROXY_SERVICE_NAME, "HTTP") == CURLE_OK);
  CHECK(r->proxy_service_name.view() == "HTTP");
  CHECK(curl_easy_setopt(h, CURLOPT_SERVICE_NAME, "xsvc") == CURLE_OK);
  CHECK(r->service_name.view() == "xsvc");
  CHECK(curl_easy_setopt(h, CURLOPT_SOCKS5_GSSAPI_NEC, 1L) == CURLE_OK);
  CHECK(r->socks5_gssapi_nec);
  CHECK(curl_easy_setopt(h, CURLOPT_GSSAPI_DELEGATION, CURLGSSAPI_DELEGATION_FLAG) == CURLE_OK);
  CHECK(r->gssapi_delegation == CURLGSSAPI_DELEGATION_FLAG);
  CHECK(curl_easy_setopt(h, CURLOPT_HTTPAUTH, CURLAUTH_NEGOTIATE) == CURLE_OK);
  curl_easy_cleanup(h);
}

TEST_CASE("refused and no-effect options answer as Debian's libcurl", "[policy]") {
  CURL* h = curl_easy_init();
  CHECK(curl_easy_setopt(h, CURLOPT_DNS_SERVERS, nullptr) == CURLE_UNKNOWN_OPTION);
  CHECK(curl_easy_setopt(h, CURLOPT_SSL_FALSESTART, 0L) == CURLE_NOT_BUILT_IN);
  CHECK(curl_easy_setopt(h, CURLOPT_RANDOM_FILE, "/dev/urandom") == CURLE_OK);
  CHECK(curl_easy_setopt(h, CURLOPT_DNS_USE_GLOBAL_CACHE, 1L) == CURLE_OK);
  CHECK(stored(h) == nullptr);
  curl_easy_cleanup(h);
}

TEST_CASE("options of other protocols are checked, stored, duplicated and reset", "[policy]") {
  CURL* h = curl_easy_init();
  CHECK(curl_easy_setopt(h, CURLOPT_USE_SSL, 4L) == CURLE_BAD_FUNCTION_ARGUMENT);
  CHECK(curl_easy_setopt(h, CURLOPT_NEW_FILE_PERMS, 01000L) == CURLE_BAD_FUNCTION_ARGUMENT);
  CHECK(stored(h) == nullptr);
  char port[] = "-";
  CHECK(curl_easy_setopt(h, CURLOPT_FTPPORT, port) == CURLE_OK);
  port[0] = '+';  // libcurl copies string options
  CHECK(curl_easy_setopt(h, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL)) == CURLE_OK);
  CHECK(curl_easy_setopt(h, CURLOPT_FTP_SKIP_PASV_IP, 1L) == CURLE_OK);
  REQUIRE(stored(h) != nullptr);
  CHECK(std::strcmp(stored(h)->text(CURLOPT_FTPPORT), "-") == 0);
  CHECK(stored(h)->number(CURLOPT_USE_SSL) == CURLUSESSL_ALL);

  CURL* dup = curl_easy_duphandle(h);
  REQUIRE(dup);
  REQUIRE(stored(dup) != nullptr);
  CHECK(stored(dup) != stored(h));
  CHECK(std::strcmp(stored(dup)->text(CURLOPT_FTPPORT), "-") == 0);
  CHECK(stored(dup)->size() == 3);

  // NULL forgets a value, as it restores libcurl's default.
  CHECK(curl_easy_setopt(dup, CURLOPT_FTPPORT, nullptr) == CURLE_OK);
  CHECK_FALSE(stored(dup)->has(CURLOPT_FTPPORT));
  CHECK(stored(h)->has(CURLOPT_FTPPORT));

  curl_easy_reset(h);
  CHECK(stored(h) == nullptr);
  curl_easy_cleanup(dup);
  curl_easy_cleanup(h);
}

TEST_CASE("implemented options have no policy entry; the rest have one", "[policy]") {
  int seen = 0;
  for (const curl_easyoption* o = curl_easy_option_next(nullptr); o; o = curl_easy_option_next(o)) {
    if (o->flags & CURLOT_FLAG_ALIAS) continue;
    if (const auto* p = option_policy(o->id); p && p->cls == OptionClass::kOtherProtocol) ++seen;
  }
  // Options of protocols xfer does not speak alone are over fifty; the HTTP(S) ones
  // leave the table as they are implemented.
  CHECK(seen > 50);
  CHECK(option_policy(CURLOPT_URL) == nullptr);
  CHECK(option_policy(CURLOPT_TCP_KEEPALIVE) == nullptr);
  CHECK(option_policy(CURLOPT_QUICK_EXIT) == nullptr);
  REQUIRE(option_policy(CURLOPT_QUOTE) != nullptr);
  CHECK(option_policy(CURLOPT_QUOTE)->cls == OptionClass::kOtherProtocol);
}
