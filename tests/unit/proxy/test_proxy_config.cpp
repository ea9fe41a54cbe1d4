// Tests for proxy selection: NO_PROXY patterns, environment order, proxy URL parsing.
#include <catch2/catch.hpp>

#include <curl/curl.h>

#include <cstring>
#include <map>
#include <string>

#include "engine/proxy_config.h"

using namespace xfer;

namespace {

std::map<std::string, std::string>* g_env = nullptr;

const char* fake_env(const char* name) {
  auto it = g_env->find(name);
  return it == g_env->end() ? nullptr : it->second.c_str();
}

std::string from_env(std::map<std::string, std::string> env, const char* scheme) {
  g_env = &env;
  std::string v = proxy_from_environment(scheme, fake_env);
  g_env = nullptr;
  return v;
}

}  // namespace

TEST_CASE("NO_PROXY patterns match as libcurl's do", "[proxy]") {
  CHECK(noproxy_matches("example.com", "*"));
  CHECK_FALSE(noproxy_matches("example.com", "*.example.com"));  // "*" only alone
  CHECK(noproxy_matches("example.com", "example.com"));
  CHECK(noproxy_matches("www.Example.COM", "example.com"));
  CHECK(noproxy_matches("www.example.com", ".example.com"));
  CHECK(noproxy_matches("www.example.com.", "example.com."));
  CHECK_FALSE(noproxy_matches("nonexample.com", "example.com"));
  CHECK_FALSE(noproxy_matches("example.com", "www.example.com"));
  CHECK(noproxy_matches("b.test", "a.test, b.test"));
  CHECK(noproxy_matches("b.test", "a.test,,b.test"));
  CHECK(noproxy_matches("b.test", "a.test b.test"));  // blanks: deprecated, still split
  CHECK(noproxy_matches("127.0.0.1", "127.0.0.1"));
  CHECK(noproxy_matches("127.0.0.9", "127.0.0.0/24"));
  CHECK_FALSE(noproxy_matches("127.0.1.9", "127.0.0.0/24"));
  CHECK_FALSE(noproxy_matches("127.0.0.1", "127.0.0.0"));
  CHECK_FALSE(noproxy_matches("127.0.0.1", "localhost"));
  CHECK_FALSE(noproxy_matches("", "*"));
  CHECK_FALSE(noproxy_matches("example.com", ""));
}

TEST_CASE("the environment is read in libcurl's order", "[proxy]") {
  CHECK(from_env({{"http_proxy", "a"}, {"all_proxy", "b"}}, "http") == "a");
  CHECK(from_env({{"HTTP_PROXY", "a"}, {"all_proxy", "b"}}, "http") == "b");  // never HTTP_PROXY
  CHECK(from_env({{"HTTPS_PROXY", "a"}}, "https") == "a");
  CHECK(from_env({{"https_proxy", "l"}, {"HTTPS_PROXY", "u"}}, "https") == "l");
  CHECK(from_env({{"ALL_PROXY", "u"}}, "http") == "u");
  CHECK(from_env({{"all_proxy", "l"}, {"ALL_PROXY", "u"}}, "http") == "l");
  CHECK(from_env({}, "http").empty());
  std::map<std::string, std::string> env{{"NO_PROXY", "x"}};
  g_env = &env;
  CHECK(std::strcmp(noproxy_from_environment(fake_env), "x") == 0);
  env["no_proxy"] = "y";
  CHECK(std::strcmp(noproxy_from_environment(fake_env), "y") == 0);
  g_env = nullptr;
}

TEST_CASE("proxy URLs parse as libcurl's parse_proxy reads them", "[proxy]") {
  ProxyTarget t;
  REQUIRE(parse_proxy_url("127.0.0.1:3128", ProxyKind::kHttp, 0, t).is_ok());
  CHECK(t.kind == ProxyKind::kHttp);
  CHECK(t.host == "127.0.0.1");
  CHECK(t.port == 3128);
  CHECK_FALSE(t.has_login);
  REQUIRE(parse_proxy_url("proxy.test", ProxyKind::kHttp, 0, t).is_ok());
  CHECK(t.port == 1080);
  REQUIRE(parse_proxy_url("proxy.test", ProxyKind::kHttp, 8080, t).is_ok());
  CHECK(t.port == 8080);
  REQUIRE(parse_proxy_url("https://proxy.test", ProxyKind::kHttp, 0, t).is_ok());
  CHECK(t.kind == ProxyKind::kHttps);
  CHECK(t.port == 443);
  REQUIRE(parse_proxy_url("http://proxy.test:81/", ProxyKind::kHttp10, 0, t).is_ok());
  CHECK(t.kind == ProxyKind::kHttp10);  // "http" keeps PROXYTYPE's kind
  REQUIRE(parse_proxy_url("socks5h://[::1]:1081", ProxyKind::kHttp, 0, t).is_ok());
  CHECK(t.kind == ProxyKind::kSocks5h);
  CHECK(t.host == "::1");
  CHECK(t.ipv6_literal);
  CHECK(t.port == 1081);
  REQUIRE(parse_proxy_url("SOCKS://h", ProxyKind::kHttp, 0, t).is_ok());
  CHECK(t.kind == ProxyKind::kSocks4);
  REQUIRE(parse_proxy_url("http://us%65r:p%3Ass@h:1", ProxyKind::kHttp, 0, t).is_ok());
  CHECK(t.has_login);
  CHECK(t.user == "user");
  CHECK(t.password == "p:ss");
  REQUIRE(parse_proxy_url("joe@h", ProxyKind::kHttp, 0, t).is_ok());
  CHECK(t.user == "joe");
  CHECK(t.password.empty());
  CHECK(parse_proxy_url("gopher://h", ProxyKind::kHttp, 0, t).code == CURLE_COULDNT_CONNECT);
  CHECK(parse_proxy_url("ftp.example:21", ProxyKind::kHttp, 0, t).code == CURLE_COULDNT_CONNECT);
  CHECK(parse_proxy_url("h:99999", ProxyKind::kHttp, 0, t).code == CURLE_COULDNT_RESOLVE_PROXY);
  CHECK(parse_proxy_url("h:x", ProxyKind::kHttp, 0, t).code == CURLE_COULDNT_RESOLVE_PROXY);
  CHECK(parse_proxy_url("[::1", ProxyKind::kHttp, 0, t).code == CURLE_COULDNT_RESOLVE_PROXY);
}

TEST_CASE("a SOCKS proxy at localhost with a path is a unix socket", "[proxy]") {
  ProxyTarget t;
  REQUIRE(parse_proxy_url("socks5h://localhost/tmp/socks%20dir/s.sock", ProxyKind::kHttp, 0, t).is_ok());
  CHECK(t.unix_path == "/tmp/socks dir/s.sock");
  REQUIRE(parse_proxy_url("localhost/run/s", ProxyKind::kSocks5, 0, t).is_ok());
  CHECK(t.unix_path == "/run/s");
  REQUIRE(parse_proxy_url("socks4://LOCALHOST/run/s?x#y", ProxyKind::kHttp, 0, t).is_ok());
  CHECK(t.unix_path == "/run/s");
  // Not for "/" alone, another host, or an HTTP proxy.
  REQUIRE(parse_proxy_url("socks5://localhost/", ProxyKind::kHttp, 0, t).is_ok());
  CHECK(t.unix_path.empty());
  REQUIRE(parse_proxy_url("socks5://127.0.0.1/run/s", ProxyKind::kHttp, 0, t).is_ok());
  CHECK(t.unix_path.empty());
  REQUIRE(parse_proxy_url("http://localhost/run/s", ProxyKind::kHttp, 0, t).is_ok());
  CHECK(t.unix_path.empty());
}
