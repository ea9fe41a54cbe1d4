// curl_easy_setopt: decodes the vararg by the option's type range and stores it in EasyOptions.
#include <algorithm>
#include <atomic>
#include <climits>
#include <cstdint>
#include <cstdarg>
#include <cstring>
#include <strings.h>

#include <curl/curl.h>

#include "api/guard.h"
#include "api/handles.h"
#include "api/option_policy.h"
#include "api/option_table.h"
#include "api/setopt_arg.h"
#include "api/setopt_tls.h"
#include "engine/altsvc_file.h"
#include "engine/share.h"
#include "transport/tls_backend.h"
#include "util/legacy_crypto.h"

namespace xfer::api {
namespace {


CURLcode set_string(StrOpt& dst, const Arg& a) {
  dst.assign(static_cast<const char*>(a.p));
  return CURLE_OK;
}

CURLcode set_bool(bool& dst, const Arg& a) {
  dst = a.l != 0;
  return CURLE_OK;
}

// TCP keep-alive times: libcurl refuses negatives and caps at INT_MAX seconds.
CURLcode set_int_seconds(std::int32_t& dst, long v) {
  if (v < 0) return CURLE_BAD_FUNCTION_ARGUMENT;
  dst = static_cast<std::int32_t>(std::min(v, long{INT32_MAX}));
  return CURLE_OK;
}

CURLcode set_nonneg(long& dst, long v) {
  if (v < 0) return CURLE_BAD_FUNCTION_ARGUMENT;
  dst = v;
  return CURLE_OK;
}

// Seconds given as long, kept as milliseconds; libcurl rejects negatives.
CURLcode set_seconds_ms(long& dst_ms, long secs) {
  if (secs < 0) return CURLE_BAD_FUNCTION_ARGUMENT;
  if (secs > LONG_MAX / 1000) secs = LONG_MAX / 1000;
  dst_ms = secs * 1000;
  return CURLE_OK;
}

// "http,https" style lists as CURLOPT_PROTOCOLS_STR takes them. As in libcurl 7.88 the set
// is emptied first and filled as the names are read, even when the list is then refused:
// NULL or no name (the curl tool's `--proto -all` gives "") leaves no protocol allowed
// (43), an unknown name keeps the ones before it (1); "all" counts only as the whole list.
CURLcode protocols_from_string(long& dst, const char* list) {
  dst = 0;
  if (!list) return CURLE_BAD_FUNCTION_ARGUMENT;
  if (strcasecmp(list, "all") == 0) {
    dst = CURLPROTO_ALL;
    return CURLE_OK;
  }
  static constexpr struct {
    const char* name;
    long bit;
  } kNames[] = {
      {"dict", CURLPROTO_DICT},     {"file", CURLPROTO_FILE},     {"ftp", CURLPROTO_FTP},
      {"ftps", CURLPROTO_FTPS},     {"gopher", CURLPROTO_GOPHER}, {"gophers", CURLPROTO_GOPHERS},
      {"http", CURLPROTO_HTTP},     {"https", CURLPROTO_HTTPS},   {"imap", CURLPROTO_IMAP},
      {"imaps", CURLPROTO_IMAPS},   {"ldap", CURLPROTO_LDAP},     {"ldaps", CURLPROTO_LDAPS},
      {"mqtt", CURLPROTO_MQTT},     {"pop3", CURLPROTO_POP3},     {"pop3s", CURLPROTO_POP3S},
      {"rtmp", CURLPROTO_RTMP},     {"rtmpe", CURLPROTO_RTMPE},   {"rtmps", CURLPROTO_RTMPS},
      {"rtmpt", CURLPROTO_RTMPT},   {"rtmpte", CURLPROTO_RTMPTE}, {"rtmpts", CURLPROTO_RTMPTS},
      {"rtsp", CURLPROTO_RTSP},     {"scp", CURLPROTO_SCP},       {"sftp", CURLPROTO_SFTP},
      {"smb", CURLPROTO_SMB},       {"smbs", CURLPROTO_SMBS},     {"smtp", CURLPROTO_SMTP},
      {"smtps", CURLPROTO_SMTPS},   {"telnet", CURLPROTO_TELNET}, {"tftp", CURLPROTO_TFTP},
  };
  const char* p = list;
  while (*p) {
    const char* end = p;
    while (*end && *end != ',') ++end;
    const std::size_t n = static_cast<std::size_t>(end - p);
    if (n > 0) {
      bool found = false;
      for (const auto& k : kNames) {
        if (std::strlen(k.name) == n && strncasecmp(p, k.name, n) == 0) {
          dst |= k.bit;
          found = true;
          break;
        }
      }
      if (!found) return CURLE_UNSUPPORTED_PROTOCOL;
    }
    p = *end ? end + 1 : end;
  }
  return dst == 0 ? CURLE_BAD_FUNCTION_ARGUMENT : CURLE_OK;
}

// Process-wide and never reused: a transfer that cached something derived from an option
// knows it is stale when the stamp differs.
std::uint64_t next_stamp() {
  static std::atomic<std::uint64_t> stamps{0};
  return stamps.fetch_add(1, std::memory_order_relaxed) + 1;
}

// An option outside the implemented set: the policy decides, and a value for a protocol
// xfer does not speak is kept as libcurl keeps it.
CURLcode apply_policy(EasyOptions& o, const OptionPolicy& p, CURLoption opt, const Arg& a) {
  const int id = static_cast<int>(opt);
  const bool is_off_t = id >= CURLOPTTYPE_OFF_T && id < CURLOPTTYPE_BLOB;
  const bool is_function = id >= CURLOPTTYPE_FUNCTIONPOINT && id < CURLOPTTYPE_OFF_T;
  const long number = is_off_t ? static_cast<long>(a.off) : a.l;
  const void* pointer = is_function ? reinterpret_cast<const void*>(a.fn) : a.p;
  const CURLcode rc = policy_check(p, number, pointer);
  if (rc != CURLE_OK || p.cls != OptionClass::kOtherProtocol) return rc;
  StoredOptions& st = o.rare_set().stored;
  if (id < CURLOPTTYPE_OBJECTPOINT || is_off_t) st.set_number(id, number);
  else if (is_string_option(id)) st.set_text(id, static_cast<const char*>(a.p));
  else st.set_pointer(id, pointer);
  return CURLE_OK;
}

CURLcode apply(Easy& e, CURLoption opt, const Arg& a) {
  EasyOptions& o = e.opts;
  switch (opt) {
    // --- what and where
    case CURLOPT_URL: {
      o.url_stamp = next_stamp();
      const CURLcode rc = set_string(o.url, a);
      e.url_option_changed();
      return rc;
    }
    case CURLOPT_CURLU:
      o.rare_set().curlu = static_cast<const Curl_URL*>(a.p);
      o.url_stamp = next_stamp();
      return CURLE_OK;
    case CURLOPT_USERAGENT: return set_string(o.user_agent, a);
    case CURLOPT_DEFAULT_PROTOCOL:
      o.url_stamp = next_stamp();  // the same text may now parse differently
      return set_string(o.rare_set().default_protocol, a);
    case CURLOPT_RANGE: return set_string(o.rare_set().range, a);
    case CURLOPT_PREREQFUNCTION:
      o.rare_set().prereq_fn = reinterpret_cast<curl_prereq_callback>(a.fn);
      return CURLE_OK;
    case CURLOPT_PREREQDATA: o.rare_set().prereq_data = a.p; return CURLE_OK;
    case CURLOPT_RESOLVER_START_FUNCTION:
      o.rare_set().resolver_start_fn = reinterpret_cast<curl_resolver_start_callback>(a.fn);
      return CURLE_OK;
    case CURLOPT_RESOLVER_START_DATA: o.rare_set().resolver_start_data = a.p; return CURLE_OK;
    case CURLOPT_TRAILERFUNCTION:
      o.rare_set().trailer_fn = reinterpret_cast<curl_trailer_callback>(a.fn);
      return CURLE_OK;
    case CURLOPT_TRAILERDATA: o.rare_set().trailer_data = a.p; return CURLE_OK;
    case CURLOPT_IOCTLFUNCTION: o.rare_set().ioctl_fn = reinterpret_cast<curl_ioctl_callback>(a.fn); return CURLE_OK;
    case CURLOPT_IOCTLDATA: o.rare_set().ioctl_data = a.p; return CURLE_OK;
    case CURLOPT_CRLF: return set_bool(o.rare_set().crlf, a);
    case CURLOPT_KEEP_SENDING_ON_ERROR: return set_bool(o.rare_set().keep_sending_on_error, a);
    case CURLOPT_RESUME_FROM:
      if (a.l < -1) return CURLE_BAD_FUNCTION_ARGUMENT;
      o.rare_set().resume_from = a.l;
      return CURLE_OK;
    case CURLOPT_HTTP200ALIASES: o.rare_set().http200_aliases = static_cast<const curl_slist*>(a.p); return CURLE_OK;
    case CURLOPT_MAXAGE_CONN: return set_nonneg(o.rare_set().max_age_conn, a.l);
    case CURLOPT_MAXLIFETIME_CONN: return set_nonneg(o.rare_set().max_lifetime_conn, a.l);
    case CURLOPT_MAX_RECV_SPEED_LARGE:
      if (a.off < 0) return CURLE_BAD_FUNCTION_ARGUMENT;
      o.rare_set().max_recv_speed = a.off;
      return CURLE_OK;
    case CURLOPT_MAX_SEND_SPEED_LARGE:
      if (a.off < 0) return CURLE_BAD_FUNCTION_ARGUMENT;
      o.rare_set().max_send_speed = a.off;
      return CURLE_OK;
    case CURLOPT_RESUME_FROM_LARGE:
      if (a.off < -1) return CURLE_BAD_FUNCTION_ARGUMENT;
      o.rare_set().resume_from = a.off;
      return CURLE_OK;
    case CURLOPT_SSLENGINE: {
      // As libcurl, an engine the TLS library does not know is refused at once; keys and
      // certificates held in an engine are not built.
      const char* id = static_cast<const char*>(a.p);
      if (!id) return CURLE_OK;
      return transport::tls_engine_select(id);
    }
    case CURLOPT_REQUEST_TARGET: return set_string(o.rare_set().request_target, a);
    case CURLOPT_PORT:
      if (a.l < 0 || a.l > 65535) return CURLE_BAD_FUNCTION_ARGUMENT;
      o.url_stamp = next_stamp();  // the URL is taken apart again with the new port
      o.rare_set().port = static_cast<std::uint16_t>(a.l);
      return CURLE_OK;
    case CURLOPT_PATH_AS_IS:
      o.url_stamp = next_stamp();
      return set_bool(o.rare_set().path_as_is, a);
    case CURLOPT_REFERER:
      e.info().forget_auto_referer();  // a redirect's Referer gives way to the option's
      return set_string(o.referer, a);
    case CURLOPT_CUSTOMREQUEST: return set_string(o.custom_request, a);
    case CURLOPT_ACCEPT_ENCODING: return set_string(o.accept_encoding, a);
    case CURLOPT_HTTP_CONTENT_DECODING: return set_bool(o.content_decoding, a);
    case CURLOPT_HTTPHEADER: o.http_headers = static_cast<const curl_slist*>(a.p); return CURLE_OK;
    case CURLOPT_RESOLVE: o.resolve = static_cast<const curl_slist*>(a.p); return CURLE_OK;
    case CURLOPT_HTTP_VERSION:
      if (a.l < CURL_HTTP_VERSION_NONE || a.l >= CURL_HTTP_VERSION_LAST) return CURLE_UNSUPPORTED_PROTOCOL;
      o.http_version = a.l;
      o.tls_stamp = next_stamp();  // whether h2 is offered is part of an https pool key
      return CURLE_OK;
    case CURLOPT_IPRESOLVE:
      if (a.l < CURL_IPRESOLVE_WHATEVER || a.l > CURL_IPRESOLVE_V6) return CURLE_BAD_FUNCTION_ARGUMENT;
      o.ip_resolve = a.l;
      return CURLE_OK;

    // --- method and body
    case CURLOPT_NOBODY:
      o.nobody = a.l != 0;
      if (o.nobody) o.method = HttpMethod::kHead;
      else if (o.method == HttpMethod::kHead) o.method = HttpMethod::kGet;
      return CURLE_OK;
    case CURLOPT_HTTPGET:
      if (a.l) {
        o.method = HttpMethod::kGet;
        o.nobody = false;
      }
      return CURLE_OK;
    case CURLOPT_POST:
      o.method = a.l ? HttpMethod::kPost : HttpMethod::kGet;
      if (a.l) o.nobody = false;
      return CURLE_OK;
    case CURLOPT_UPLOAD:
    case CURLOPT_PUT:
      o.method = a.l ? HttpMethod::kPut : HttpMethod::kGet;
      if (a.l) o.nobody = false;
      return CURLE_OK;
    case CURLOPT_POSTFIELDS:
      o.post_fields = static_cast<const char*>(a.p);
      o.post_is_copy = false;
      o.method = HttpMethod::kPost;
      o.nobody = false;
      return CURLE_OK;
    case CURLOPT_MIMEPOST: {
      // A mime already attached elsewhere is refused, and the handle then holds none.
      const Status st = o.mime.bind(static_cast<curl_mime*>(a.p));
      if (!st) return st.code;
      o.method = HttpMethod::kPostMime;
      o.nobody = false;
      return CURLE_OK;
    }
    case CURLOPT_HTTPPOST:
      o.form = static_cast<curl_httppost*>(a.p);
      o.method = HttpMethod::kPostForm;
      o.nobody = false;
      return CURLE_OK;
    case CURLOPT_MIME_OPTIONS: o.mime_options = static_cast<std::int32_t>(a.l); return CURLE_OK;
    case CURLOPT_READFUNCTION: o.read_fn = reinterpret_cast<curl_read_callback>(a.fn); return CURLE_OK;
    case CURLOPT_READDATA: o.read_data = a.p; return CURLE_OK;
    case CURLOPT_SEEKFUNCTION: o.seek_fn = reinterpret_cast<curl_seek_callback>(a.fn); return CURLE_OK;
    case CURLOPT_SEEKDATA: o.seek_data = a.p; return CURLE_OK;
    case CURLOPT_INFILESIZE:
      if (a.l < -1) return CURLE_BAD_FUNCTION_ARGUMENT;
      o.infile_size = a.l;
      return CURLE_OK;
    case CURLOPT_INFILESIZE_LARGE:
      if (a.off < -1) return CURLE_BAD_FUNCTION_ARGUMENT;
      o.infile_size = a.off;
      return CURLE_OK;
    case CURLOPT_EXPECT_100_TIMEOUT_MS: return set_nonneg(o.expect_100_timeout_ms, a.l);
    case CURLOPT_UPLOAD_BUFFERSIZE: {
      long v = a.l;
      if (v < 16 * 1024) v = 16 * 1024;
      if (v > 2L * 1024 * 1024) v = 2L * 1024 * 1024;
      o.upload_buffer_size = static_cast<std::int32_t>(v);
      return CURLE_OK;
    }
    case CURLOPT_USERPWD: {
      const char* up = static_cast<const char*>(a.p);
      if (!up) {
        o.username.assign(nullptr);
        o.password.assign(nullptr);
        return CURLE_OK;
      }
      const char* colon = std::strchr(up, ':');
      if (colon) {
        o.username.assign(std::string(up, static_cast<std::size_t>(colon - up)).c_str());
        o.password.assign(colon + 1);
      } else {
        o.username.assign(up);
        o.password.assign("");
      }
      return CURLE_OK;
    }
    case CURLOPT_USERNAME: return set_string(o.username, a);
    case CURLOPT_PASSWORD: return set_string(o.password, a);
    case CURLOPT_HTTPAUTH: {
      // NTLM needs MD4 and DES from OpenSSL's legacy provider: without it its bit is
      // dropped as a libcurl built without NTLM drops it, and a mask left with no method
      // xfer has is refused. NTLM_WB leaves the cryptography to ntlm_auth.
      unsigned long built = CURLAUTH_BASIC | CURLAUTH_DIGEST | CURLAUTH_DIGEST_IE | CURLAUTH_BEARER |
                            CURLAUTH_NTLM | CURLAUTH_NTLM_WB | CURLAUTH_AWS_SIGV4 | CURLAUTH_NEGOTIATE;
      if (!legacy_crypto_available()) built &= ~static_cast<unsigned long>(CURLAUTH_NTLM);
      const unsigned long want = static_cast<unsigned long>(a.l);
      if (want != CURLAUTH_NONE && !(want & built)) return CURLE_NOT_BUILT_IN;
      o.http_auth = static_cast<long>(want & (built | CURLAUTH_ONLY));
      return CURLE_OK;
    }
    case CURLOPT_NETRC:
      if (a.l < CURL_NETRC_IGNORED || a.l > CURL_NETRC_REQUIRED) return CURLE_BAD_FUNCTION_ARGUMENT;
      o.rare_set().netrc = static_cast<std::uint8_t>(a.l);
      return CURLE_OK;
    case CURLOPT_NETRC_FILE: return set_string(o.rare_set().netrc_file, a);
    case CURLOPT_ALTSVC_CTRL:
      // 0 is refused, after the cache was made (as libcurl 7.88 orders it).
      e.altsvc();
      if (a.l == 0) return CURLE_BAD_FUNCTION_ARGUMENT;
      e.state().altsvc_ctrl = static_cast<unsigned>(a.l);
      return CURLE_OK;
    case CURLOPT_ALTSVC:
      e.altsvc();
      if (CURLcode rc = set_string(o.rare_set().altsvc_file, a); rc != CURLE_OK) return rc;
      if (a.p) load_altsvc_file(e.altsvc(), static_cast<const char*>(a.p));
      return CURLE_OK;
    case CURLOPT_HSTS_CTRL:
      e.set_hsts_ctrl(a.l);
      return CURLE_OK;
    case CURLOPT_HSTS:
      if (CURLcode rc = set_string(o.rare_set().hsts_file, a); rc != CURLE_OK) return rc;
      e.add_hsts_file(static_cast<const char*>(a.p));
      return CURLE_OK;
    case CURLOPT_HSTSREADFUNCTION:
      o.rare_set().hsts_read_fn = reinterpret_cast<curl_hstsread_callback>(a.fn);
      return CURLE_OK;
    case CURLOPT_HSTSREADDATA: o.rare_set().hsts_read_data = a.p; return CURLE_OK;
    case CURLOPT_HSTSWRITEFUNCTION:
      o.rare_set().hsts_write_fn = reinterpret_cast<curl_hstswrite_callback>(a.fn);
      return CURLE_OK;
    case CURLOPT_HSTSWRITEDATA: o.rare_set().hsts_write_data = a.p; return CURLE_OK;
    case CURLOPT_AWS_SIGV4:
      // Setting the parameters makes SigV4 the one method, as in libcurl.
      if (CURLcode rc = set_string(o.rare_set().aws_sigv4, a); rc != CURLE_OK) return rc;
      if (a.p) o.http_auth = static_cast<long>(CURLAUTH_AWS_SIGV4);
      return CURLE_OK;
    case CURLOPT_XOAUTH2_BEARER: return set_string(o.rare_set().bearer, a);
    case CURLOPT_COOKIE: return set_string(o.rare_set().cookie, a);
    case CURLOPT_COOKIEFILE: e.add_cookie_file(static_cast<const char*>(a.p)); return CURLE_OK;
    case CURLOPT_COOKIEJAR:
      set_string(o.rare_set().cookie_jar, a);
      // Naming a jar turns the engine on, so cookies are kept to be written there.
      if (a.p) e.enable_cookies();
      return CURLE_OK;
    case CURLOPT_COOKIELIST: return e.cookie_list_command(static_cast<const char*>(a.p));
    case CURLOPT_COOKIESESSION: return set_bool(o.rare_set().cookie_session, a);
    case CURLOPT_UNRESTRICTED_AUTH: return set_bool(o.rare_set().unrestricted_auth, a);
    case CURLOPT_HTTP_TRANSFER_DECODING: return set_bool(o.rare_set().transfer_decoding, a);
    case CURLOPT_DNS_SHUFFLE_ADDRESSES: return set_bool(o.rare_set().dns_shuffle, a);
    case CURLOPT_HAPROXYPROTOCOL: return set_bool(o.rare_set().haproxy_protocol, a);
    case CURLOPT_TRANSFER_ENCODING: return set_bool(o.rare_set().transfer_encoding, a);
    case CURLOPT_DISALLOW_USERNAME_IN_URL: return set_bool(o.rare_set().disallow_url_user, a);
    case CURLOPT_COPYPOSTFIELDS: {
      const char* src = static_cast<const char*>(a.p);
      if (!src) {
        o.post_copy.get().reset();
        o.post_is_copy = false;
        o.post_fields = nullptr;
      } else {
        // A size set before COPYPOSTFIELDS says how many bytes to copy (binary data).
        const std::size_t n = o.post_size >= 0 ? static_cast<std::size_t>(o.post_size) : std::strlen(src);
        o.post_copy.get() = std::make_unique<std::string>(src, n);
        o.post_is_copy = true;
        o.post_fields = nullptr;
      }
      o.method = HttpMethod::kPost;
      o.nobody = false;
      return CURLE_OK;
    }
    case CURLOPT_POSTFIELDSIZE:
      if (a.l < -1) return CURLE_BAD_FUNCTION_ARGUMENT;
      o.post_size = a.l;
      return CURLE_OK;
    case CURLOPT_POSTFIELDSIZE_LARGE:
      if (a.off < -1) return CURLE_BAD_FUNCTION_ARGUMENT;
      o.post_size = a.off;
      return CURLE_OK;

    // --- connection behaviour
    case CURLOPT_TIMEOUT: return set_seconds_ms(o.timeout_ms, a.l);
    case CURLOPT_TIMEOUT_MS:
      // libcurl 7.88 takes a negative value here and treats it as "no timeout".
      o.timeout_ms = a.l > 0 ? a.l : 0;
      return CURLE_OK;
    case CURLOPT_CONNECTTIMEOUT: return set_seconds_ms(o.connect_timeout_ms, a.l);
    case CURLOPT_CONNECTTIMEOUT_MS: return set_nonneg(o.connect_timeout_ms, a.l);
    case CURLOPT_LOW_SPEED_LIMIT: return set_nonneg(o.low_speed_limit, a.l);
    case CURLOPT_LOW_SPEED_TIME: return set_nonneg(o.low_speed_time, a.l);
    case CURLOPT_DNS_CACHE_TIMEOUT:
      if (a.l < -1) return CURLE_BAD_FUNCTION_ARGUMENT;
      o.dns_cache_timeout = a.l;
      return CURLE_OK;
    case CURLOPT_FORBID_REUSE: return set_bool(o.forbid_reuse, a);
    case CURLOPT_PIPEWAIT: return set_bool(o.pipewait, a);
    case CURLOPT_STREAM_WEIGHT:
      // libcurl 7.88 keeps a weight outside 1..256 out and still says OK.
      if (a.l >= 1 && a.l <= 256) o.rare_set().stream_weight = static_cast<std::int16_t>(a.l);
      return CURLE_OK;
    case CURLOPT_STREAM_DEPENDS:
    case CURLOPT_STREAM_DEPENDS_E:
      // A pointer that is not a handle is ignored (OK), as libcurl does.
      if (a.p && !easy_of(static_cast<CURL*>(a.p))) return CURLE_OK;
      if (!a.p && !o.rare_view().stream_depends_on) return CURLE_OK;
      o.rare_set().stream_depends_on = a.p ? easy_of(static_cast<CURL*>(a.p)) : nullptr;
      o.rare_set().stream_depends_e = opt == CURLOPT_STREAM_DEPENDS_E;
      return CURLE_OK;
    case CURLOPT_FRESH_CONNECT: return set_bool(o.fresh_connect, a);
    case CURLOPT_TCP_NODELAY: return set_bool(o.tcp_nodelay, a);
    case CURLOPT_TCP_KEEPALIVE: return set_bool(o.rare_set().tcp_keepalive, a);
    case CURLOPT_TCP_FASTOPEN: return set_bool(o.rare_set().tcp_fastopen, a);
    // --- proxies
    case CURLOPT_PROXY: return set_string(o.rare_set().proxy, a);
    case CURLOPT_NOPROXY: return set_string(o.rare_set().noproxy, a);
    case CURLOPT_PRE_PROXY: return set_string(o.rare_set().pre_proxy, a);
    case CURLOPT_SOCKS5_AUTH: {
      // Kept even when refused, as libcurl keeps it. GSS-API is taken and never offered,
      // as a libcurl built without GSS-API does.
      const unsigned long v = static_cast<unsigned long>(a.l);
      o.rare_set().socks5_auth = static_cast<std::uint8_t>(v);
      return (v & ~static_cast<unsigned long>(CURLAUTH_BASIC | CURLAUTH_GSSAPI)) ? CURLE_NOT_BUILT_IN : CURLE_OK;
    }
    case CURLOPT_PROXYPORT:
      if (a.l < 0 || a.l > 65535) return CURLE_BAD_FUNCTION_ARGUMENT;
      o.rare_set().proxy_port = a.l;
      return CURLE_OK;
    case CURLOPT_PROXYTYPE:
      if (a.l < CURLPROXY_HTTP || a.l > CURLPROXY_SOCKS5_HOSTNAME) return CURLE_BAD_FUNCTION_ARGUMENT;
      o.rare_set().proxy_type = a.l;
      return CURLE_OK;
    case CURLOPT_PROXYUSERPWD: {
      const char* up = static_cast<const char*>(a.p);
      RareOptions& r = o.rare_set();
      if (!up) {
        r.proxy_user.assign(nullptr);
        r.proxy_password.assign(nullptr);
        return CURLE_OK;
      }
      const char* colon = std::strchr(up, ':');
      r.proxy_user.assign(colon ? std::string(up, static_cast<std::size_t>(colon - up)).c_str() : up);
      r.proxy_password.assign(colon ? colon + 1 : nullptr);
      return CURLE_OK;
    }
    case CURLOPT_PROXYUSERNAME: return set_string(o.rare_set().proxy_user, a);
    case CURLOPT_PROXYPASSWORD: return set_string(o.rare_set().proxy_password, a);
    case CURLOPT_HTTPPROXYTUNNEL: return set_bool(o.rare_set().http_proxy_tunnel, a);
    case CURLOPT_SUPPRESS_CONNECT_HEADERS: return set_bool(o.rare_set().suppress_connect_headers, a);
    case CURLOPT_PROXYHEADER: o.rare_set().proxy_headers = static_cast<const curl_slist*>(a.p); return CURLE_OK;
    case CURLOPT_PROXYAUTH: o.rare_set().proxy_auth = static_cast<unsigned long>(a.l); return CURLE_OK;
    case CURLOPT_ADDRESS_SCOPE:
      // libcurl takes it as an unsigned long and refuses what a scope id cannot hold.
      if (static_cast<unsigned long>(a.l) > 0xffffffffUL) return CURLE_BAD_FUNCTION_ARGUMENT;
      o.rare_set().address_scope = static_cast<std::uint32_t>(static_cast<unsigned long>(a.l));
      return CURLE_OK;
    case CURLOPT_UPKEEP_INTERVAL_MS: return set_nonneg(o.rare_set().upkeep_interval_ms, a.l);
    case CURLOPT_HEADEROPT:
      o.rare_set().separate_headers = (a.l & CURLHEADER_SEPARATE) != 0;
      return CURLE_OK;
    // --- the sockets themselves: callbacks and the local end
    case CURLOPT_OPENSOCKETFUNCTION:
      o.rare_set().socket_hooks.open_fn = reinterpret_cast<curl_opensocket_callback>(a.fn);
      return CURLE_OK;
    case CURLOPT_OPENSOCKETDATA: o.rare_set().socket_hooks.open_data = a.p; return CURLE_OK;
    case CURLOPT_SOCKOPTFUNCTION:
      o.rare_set().socket_hooks.sockopt_fn = reinterpret_cast<curl_sockopt_callback>(a.fn);
      return CURLE_OK;
    case CURLOPT_SOCKOPTDATA: o.rare_set().socket_hooks.sockopt_data = a.p; return CURLE_OK;
    case CURLOPT_CLOSESOCKETFUNCTION:
      o.rare_set().socket_hooks.close_fn = reinterpret_cast<curl_closesocket_callback>(a.fn);
      return CURLE_OK;
    case CURLOPT_CLOSESOCKETDATA: o.rare_set().socket_hooks.close_data = a.p; return CURLE_OK;
    case CURLOPT_INTERFACE: return set_string(o.rare_set().interface, a);
    // --- DNS-over-HTTPS. libcurl 7.88 takes any number for the three switches.
    case CURLOPT_DOH_URL: return set_string(o.rare_set().doh_url, a);
    case CURLOPT_DOH_SSL_VERIFYPEER: return set_bool(o.rare_set().doh_verify_peer, a);
    case CURLOPT_DOH_SSL_VERIFYHOST: return set_bool(o.rare_set().doh_verify_host, a);
    case CURLOPT_DOH_SSL_VERIFYSTATUS: return set_bool(o.rare_set().doh_verify_status, a);
    // --- GSS-API
    case CURLOPT_SERVICE_NAME: return set_string(o.rare_set().service_name, a);
    case CURLOPT_PROXY_SERVICE_NAME:
    case CURLOPT_SOCKS5_GSSAPI_SERVICE: return set_string(o.rare_set().proxy_service_name, a);
    case CURLOPT_GSSAPI_DELEGATION:
      // libcurl keeps the two bits it knows of whatever number it gets.
      o.rare_set().gssapi_delegation = static_cast<std::uint8_t>(
          static_cast<unsigned long>(a.l) & (CURLGSSAPI_DELEGATION_POLICY_FLAG | CURLGSSAPI_DELEGATION_FLAG));
      return CURLE_OK;
    case CURLOPT_SOCKS5_GSSAPI_NEC: return set_bool(o.rare_set().socks5_gssapi_nec, a);
    case CURLOPT_CONNECT_TO: o.rare_set().connect_to = static_cast<const curl_slist*>(a.p); return CURLE_OK;
    case CURLOPT_UNIX_SOCKET_PATH:
    case CURLOPT_ABSTRACT_UNIX_SOCKET:
      o.rare_set().abstract_unix_socket = opt == CURLOPT_ABSTRACT_UNIX_SOCKET;
      return set_string(o.rare_set().unix_socket_path, a);
    case CURLOPT_LOCALPORT:
      if (a.l < 0 || a.l > 65535) return CURLE_BAD_FUNCTION_ARGUMENT;
      o.rare_set().local_port = static_cast<std::uint16_t>(a.l);
      return CURLE_OK;
    case CURLOPT_LOCALPORTRANGE:
      if (a.l < 0 || a.l > 65535) return CURLE_BAD_FUNCTION_ARGUMENT;
      o.rare_set().local_port_range = static_cast<std::uint16_t>(a.l);
      return CURLE_OK;
    case CURLOPT_TCP_KEEPIDLE: return set_int_seconds(o.rare_set().tcp_keepidle_s, a.l);
    case CURLOPT_TCP_KEEPINTVL: return set_int_seconds(o.rare_set().tcp_keepintvl_s, a.l);
    case CURLOPT_HAPPY_EYEBALLS_TIMEOUT_MS:
      // libcurl takes a negative delay too; the second family then starts at once.
      o.rare_set().happy_eyeballs_ms = static_cast<std::int32_t>(std::clamp(a.l, 0L, long{INT32_MAX}));
      return CURLE_OK;
    case CURLOPT_QUICK_EXIT: return set_bool(o.rare_set().quick_exit, a);
    case CURLOPT_MAXCONNECTS: return set_nonneg(o.maxconnects, a.l);
    case CURLOPT_NOSIGNAL:
      // xfer never raises or blocks signals (MSG_NOSIGNAL, resolver threads), so both
      // values already hold.
      return set_bool(o.no_signal, a);
    case CURLOPT_BUFFERSIZE: {
      // libcurl clamps to its range rather than failing.
      long v = a.l;
      if (v < 1024) v = 1024;
      if (v > 10L * 1024 * 1024) v = 10L * 1024 * 1024;
      o.buffer_size = v;
      return CURLE_OK;
    }

    case CURLOPT_SHARE: {
      CURL* self = static_cast<Curl_easy*>(&e);
      if (e.share) e.share->detach(self);
      e.share = nullptr;
      auto* sh = static_cast<Curl_share*>(a.p);
      if (sh && sh->valid()) {
        e.share = sh;
        e.share->attach(self);
        // A handle joining a cookie share gives up the cookies it had, as in libcurl.
        HandleState* st = e.state_if_any();
        if (sh->shares_cookies() && st && st->cookies) st->cookies = std::make_unique<http::CookieJar>();
        // Its own HSTS cache gives way to the share's.
        if (sh->shares_hsts() && st) st->hsts.reset();
      }
      return CURLE_OK;
    }
    case CURLOPT_CONNECT_ONLY:
      // 2 asks for a WebSocket upgrade, which xfer does not build.
      if (a.l == 2) return CURLE_NOT_BUILT_IN;
      o.connect_only = a.l != 0;
      return CURLE_OK;
    case CURLOPT_HTTP09_ALLOWED: return set_bool(o.http09_allowed, a);
    case CURLOPT_PROTOCOLS: o.protocols = a.l; return CURLE_OK;
    case CURLOPT_REDIR_PROTOCOLS: o.redir_protocols = a.l; return CURLE_OK;
    case CURLOPT_PROTOCOLS_STR: return protocols_from_string(o.protocols, static_cast<const char*>(a.p));
    case CURLOPT_REDIR_PROTOCOLS_STR: return protocols_from_string(o.redir_protocols, static_cast<const char*>(a.p));

    // --- redirects and HTTP errors
    case CURLOPT_FOLLOWLOCATION: return set_bool(o.follow_location, a);
    case CURLOPT_MAXREDIRS:
      if (a.l < -1) return CURLE_BAD_FUNCTION_ARGUMENT;
      o.max_redirs = a.l;
      return CURLE_OK;
    case CURLOPT_FAILONERROR: return set_bool(o.fail_on_error, a);
    case CURLOPT_AUTOREFERER: return set_bool(o.auto_referer, a);
    case CURLOPT_FILETIME: return set_bool(o.rare_set().filetime, a);
    case CURLOPT_TIMECONDITION:
      if (a.l < CURL_TIMECOND_NONE || a.l >= CURL_TIMECOND_LAST) return CURLE_BAD_FUNCTION_ARGUMENT;
      o.rare_set().time_condition = static_cast<std::uint8_t>(a.l);
      return CURLE_OK;
    case CURLOPT_TIMEVALUE: o.rare_set().time_value = a.l; return CURLE_OK;
    case CURLOPT_TIMEVALUE_LARGE: o.rare_set().time_value = a.off; return CURLE_OK;
    case CURLOPT_MAXFILESIZE:
      if (a.l < 0) return CURLE_BAD_FUNCTION_ARGUMENT;
      o.rare_set().max_filesize = a.l;
      return CURLE_OK;
    case CURLOPT_MAXFILESIZE_LARGE:
      if (a.off < 0) return CURLE_BAD_FUNCTION_ARGUMENT;
      o.rare_set().max_filesize = a.off;
      return CURLE_OK;
    case CURLOPT_IGNORE_CONTENT_LENGTH: return set_bool(o.rare_set().ignore_content_length, a);
    case CURLOPT_POSTREDIR:
      if (a.l < CURL_REDIR_GET_ALL) return CURLE_BAD_FUNCTION_ARGUMENT;
      o.rare_set().post_redir = static_cast<std::uint8_t>(a.l & CURL_REDIR_POST_ALL);
      return CURLE_OK;

    // --- callbacks and their data
    case CURLOPT_WRITEFUNCTION: o.write_fn = reinterpret_cast<curl_write_callback>(a.fn); return CURLE_OK;
    case CURLOPT_WRITEDATA: o.write_data = a.p; return CURLE_OK;
    case CURLOPT_HEADERFUNCTION: o.header_fn = reinterpret_cast<curl_write_callback>(a.fn); return CURLE_OK;
    case CURLOPT_HEADERDATA: o.header_data = a.p; return CURLE_OK;
    case CURLOPT_XFERINFOFUNCTION:
      o.xferinfo_fn = reinterpret_cast<curl_xferinfo_callback>(a.fn);
      return CURLE_OK;
    case CURLOPT_PROGRESSFUNCTION:
      o.progress_fn = reinterpret_cast<curl_progress_callback>(a.fn);
      return CURLE_OK;
    case CURLOPT_PROGRESSDATA: o.progress_data = a.p; return CURLE_OK;
    case CURLOPT_NOPROGRESS: return set_bool(o.no_progress, a);
    case CURLOPT_DEBUGFUNCTION: o.debug_fn = reinterpret_cast<curl_debug_callback>(a.fn); return CURLE_OK;
    case CURLOPT_DEBUGDATA: o.debug_data = a.p; return CURLE_OK;
    case CURLOPT_HEADER: return set_bool(o.include_header, a);

    // --- diagnostics and bookkeeping
    case CURLOPT_PRIVATE: o.private_ptr = a.p; return CURLE_OK;
    case CURLOPT_ERRORBUFFER: o.error_buffer = static_cast<char*>(a.p); return CURLE_OK;
    case CURLOPT_VERBOSE: return set_bool(o.verbose, a);
    case CURLOPT_STDERR: o.stderr_stream = static_cast<FILE*>(a.p); return CURLE_OK;

    default:
      if (const CURLcode refused = tls_backend_refusal(opt); refused != CURLE_OK) return refused;
      if (is_tls_option(opt)) {
        o.tls_stamp = next_stamp();
        return apply_tls_option(o.tls.get(), opt, a);
      }
      if (const CURLoption same = proxy_tls_counterpart(opt); same != 0)
        return apply_tls_option(o.rare_set().proxy_tls.get(), same, a);
      if (const OptionPolicy* p = option_policy(opt)) return apply_policy(o, *p, opt, a);
      return is_known_option(opt) ? CURLE_NOT_BUILT_IN : CURLE_UNKNOWN_OPTION;
  }
}

}  // namespace
}  // namespace xfer::api

extern "C" CURL_EXTERN CURLcode curl_easy_setopt(CURL* handle, CURLoption option, ...) {
  xfer::Easy* e = xfer::api::easy_of(handle);
  if (!e) return CURLE_BAD_FUNCTION_ARGUMENT;
  xfer::api::Arg a;
  va_list ap;
  va_start(ap, option);
  const int o = static_cast<int>(option);
  if (o < CURLOPTTYPE_OBJECTPOINT)
    a.l = va_arg(ap, long);
  else if (o < CURLOPTTYPE_FUNCTIONPOINT)
    a.p = va_arg(ap, void*);
  else if (o < CURLOPTTYPE_OFF_T)
    a.fn = va_arg(ap, xfer::api::Fn);
  else if (o < CURLOPTTYPE_BLOB)
    a.off = va_arg(ap, curl_off_t);
  else
    a.p = va_arg(ap, void*);
  va_end(ap);
  return xfer::api::guarded([&] { return xfer::api::apply(*e, option, a); });
}
