// Share: setopt codes per lock data kind, the lock protocol around DNS access, and curl_getenv.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>
#include <vector>

#include <curl/curl.h>

#include "engine/share.h"

namespace {

struct LockLog {
  std::vector<std::string> events;
};

void on_lock(CURL* h, curl_lock_data d, curl_lock_access a, void* u) {
  static_cast<LockLog*>(u)->events.push_back(std::string(h ? "lock easy " : "lock null ") +
                                             std::to_string(d) + " " + std::to_string(a));
}

void on_unlock(CURL* h, curl_lock_data d, void* u) {
  static_cast<LockLog*>(u)->events.push_back(std::string(h ? "unlock easy " : "unlock null ") +
                                             std::to_string(d));
}

}  // namespace

TEST_CASE("share setopt codes per lock data kind") {
  CURLSH* s = curl_share_init();
  REQUIRE(s);
  CHECK(curl_share_setopt(s, CURLSHOPT_SHARE, CURL_LOCK_DATA_NONE) == CURLSHE_BAD_OPTION);
  CHECK(curl_share_setopt(s, CURLSHOPT_SHARE, CURL_LOCK_DATA_SHARE) == CURLSHE_BAD_OPTION);
  CHECK(curl_share_setopt(s, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS) == CURLSHE_OK);
  CHECK(curl_share_setopt(s, CURLSHOPT_SHARE, CURL_LOCK_DATA_COOKIE) == CURLSHE_OK);
  CHECK(curl_share_setopt(s, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION) == CURLSHE_OK);
  CHECK(curl_share_setopt(s, CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT) == CURLSHE_OK);
  CHECK(curl_share_setopt(s, CURLSHOPT_SHARE, CURL_LOCK_DATA_PSL) == CURLSHE_OK);
  CHECK(curl_share_setopt(s, CURLSHOPT_SHARE, CURL_LOCK_DATA_LAST) == CURLSHE_BAD_OPTION);
  CHECK(curl_share_setopt(s, CURLSHOPT_SHARE, -1) == CURLSHE_BAD_OPTION);
  CHECK(curl_share_setopt(s, CURLSHOPT_UNSHARE, CURL_LOCK_DATA_DNS) == CURLSHE_OK);
  CHECK(curl_share_setopt(s, CURLSHOPT_UNSHARE, CURL_LOCK_DATA_PSL) == CURLSHE_BAD_OPTION);
  CHECK(curl_share_setopt(s, CURLSHOPT_UNSHARE, 99) == CURLSHE_BAD_OPTION);
  CHECK(curl_share_setopt(s, CURLSHOPT_NONE, 0) == CURLSHE_BAD_OPTION);
  CHECK(curl_share_setopt(s, CURLSHOPT_LAST, 0) == CURLSHE_BAD_OPTION);
  CHECK(curl_share_setopt(nullptr, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS) == CURLSHE_INVALID);
  CHECK(curl_share_cleanup(s) == CURLSHE_OK);
  CHECK(curl_share_cleanup(nullptr) == CURLSHE_INVALID);
}

TEST_CASE("an attached share refuses setopt and cleanup; locks run only for shared kinds") {
  LockLog log;
  CURLSH* h = curl_share_init();
  REQUIRE(h);
  auto* s = static_cast<Curl_share*>(h);
  curl_lock_function lf = on_lock;
  curl_unlock_function uf = on_unlock;
  CHECK(curl_share_setopt(h, CURLSHOPT_LOCKFUNC, lf) == CURLSHE_OK);
  CHECK(curl_share_setopt(h, CURLSHOPT_UNLOCKFUNC, uf) == CURLSHE_OK);
  CHECK(curl_share_setopt(h, CURLSHOPT_USERDATA, &log) == CURLSHE_OK);

  int fake_easy = 0;
  CURL* easy = &fake_easy;  // never dereferenced: only handed to the callbacks
  // DNS not shared yet: no callbacks around the cache.
  s->with_dns(easy, [](xfer::transport::DnsCache&) {});
  CHECK(log.events.empty());
  CHECK(curl_share_setopt(h, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS) == CURLSHE_OK);

  s->attach(easy);
  CHECK(s->users() == 1);
  CHECK(log.events == std::vector<std::string>{"lock easy 1 2", "unlock easy 1"});
  log.events.clear();
  CHECK(curl_share_setopt(h, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS) == CURLSHE_IN_USE);
  CHECK(curl_share_setopt(h, CURLSHOPT_USERDATA, nullptr) == CURLSHE_IN_USE);
  CHECK(curl_share_setopt(h, CURLSHOPT_NONE, 0) == CURLSHE_IN_USE);

  std::size_t size = s->with_dns(easy, [](xfer::transport::DnsCache& c) {
    c.store("example.test", 80, {}, xfer::TimePoint{});
    return c.size();
  });
  CHECK(size == 1);
  CHECK(log.events == std::vector<std::string>{"lock easy 3 2", "unlock easy 3"});
  log.events.clear();

  CHECK(curl_share_cleanup(h) == CURLSHE_IN_USE);
  CHECK(log.events == std::vector<std::string>{"lock null 1 2", "unlock null 1"});
  log.events.clear();
  s->detach(easy);
  CHECK(s->users() == 0);
  CHECK(curl_share_setopt(h, CURLSHOPT_UNSHARE, CURL_LOCK_DATA_DNS) == CURLSHE_OK);
  log.events.clear();
  CHECK(curl_share_cleanup(h) == CURLSHE_OK);
  CHECK(log.events == std::vector<std::string>{"lock null 1 2", "unlock null 1"});
}

TEST_CASE("unsharing CURL_LOCK_DATA_SHARE is refused but stops the share lock") {
  LockLog log;
  CURLSH* h = curl_share_init();
  auto* s = static_cast<Curl_share*>(h);
  curl_lock_function lf = on_lock;
  curl_unlock_function uf = on_unlock;
  curl_share_setopt(h, CURLSHOPT_LOCKFUNC, lf);
  curl_share_setopt(h, CURLSHOPT_UNLOCKFUNC, uf);
  curl_share_setopt(h, CURLSHOPT_USERDATA, &log);
  CHECK(curl_share_setopt(h, CURLSHOPT_UNSHARE, CURL_LOCK_DATA_SHARE) == CURLSHE_BAD_OPTION);
  int fake_easy = 0;
  s->attach(&fake_easy);
  CHECK(log.events.empty());
  s->detach(&fake_easy);
  CHECK(curl_share_cleanup(h) == CURLSHE_OK);
  CHECK(log.events.size() == 2);  // cleanup locks regardless
}

TEST_CASE("curl_getenv copies set values, NULL for unset or empty ones") {
  setenv("XFER_HDRAPI_TEST", "value 1", 1);
  char* v = curl_getenv("XFER_HDRAPI_TEST");
  REQUIRE(v);
  CHECK(std::string(v) == "value 1");
  curl_free(v);
  setenv("XFER_HDRAPI_TEST", "", 1);
  CHECK(curl_getenv("XFER_HDRAPI_TEST") == nullptr);
  unsetenv("XFER_HDRAPI_TEST");
  CHECK(curl_getenv("XFER_HDRAPI_TEST") == nullptr);
  CHECK(curl_getenv(nullptr) == nullptr);
}
