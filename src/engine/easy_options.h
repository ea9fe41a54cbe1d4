// EasyOptions: everything an application set on an easy handle, copied at setopt time.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

#include <curl/curl.h>

#include "engine/stored_options.h"
#include "engine/mime_binding.h"
#include "transport/socket_hooks.h"
#include "transport/tls_options.h"
#include "util/clone_ptr.h"

namespace xfer {

namespace http {
class UrlHandle;
}

// An optional string option: libcurl copies the string, and NULL resets it. One pointer
// wide, so the many string options cost a handle little until they are set.
class StrOpt {
 public:
  StrOpt() = default;
  StrOpt(const StrOpt& o) { assign(o.c_str()); }
  StrOpt& operator=(const StrOpt& o) {
    if (this != &o) assign(o.c_str());
    return *this;
  }
  StrOpt(StrOpt&&) noexcept = default;
  StrOpt& operator=(StrOpt&&) noexcept = default;

  bool is_set() const { return p_ != nullptr; }
  const char* c_str() const { return p_.get(); }
  std::string_view view() const { return p_ ? std::string_view(p_.get()) : std::string_view(); }
  void assign(const char* s) {
    if (!s) {
      p_.reset();
      return;
    }
    const std::size_t n = std::strlen(s);
    p_.reset(new char[n + 1]);
    std::memcpy(p_.get(), s, n + 1);
  }

 private:
  std::unique_ptr<char[]> p_;
};

// Options few handles set, kept out of line so a handle that sets none of them pays one
// pointer (handle memory is a benchmark target).
struct RareOptions {
  // CURLOPT_CURLU: borrowed, read at the start of every transfer (the application may
  // change it between transfers); it overrides CURLOPT_URL.
  const http::UrlHandle* curlu = nullptr;
  StrOpt default_protocol;  // CURLOPT_DEFAULT_PROTOCOL: the scheme of URLs without one
  StrOpt request_target;    // CURLOPT_REQUEST_TARGET: sent instead of the URL's path
  StoredOptions stored;     // options of protocols xfer does not speak
  // CURLOPT_STREAM_DEPENDS[_E]: the handle whose stream this one's depends on. Borrowed and
  // never followed: it counts only while it is a handle of the same multi.
  const void* stream_depends_on = nullptr;
  std::int16_t stream_weight = 16;  // CURLOPT_STREAM_WEIGHT (1..256)
  bool stream_depends_e = false;    // CURLOPT_STREAM_DEPENDS_E: an exclusive dependency
  StrOpt range;             // CURLOPT_RANGE: "first-last" byte ranges to ask for
  StrOpt bearer;            // CURLOPT_XOAUTH2_BEARER: the token CURLAUTH_BEARER sends
  StrOpt cookie;            // CURLOPT_COOKIE: sent as it is, beside the jar's cookies
  StrOpt cookie_jar;        // CURLOPT_COOKIEJAR: where the jar is written at cleanup
  StrOpt aws_sigv4;         // CURLOPT_AWS_SIGV4: "provider1[:provider2[:region[:service]]]"
  StrOpt netrc_file;        // CURLOPT_NETRC_FILE: the .netrc to read instead of $HOME's
  StrOpt altsvc_file;       // CURLOPT_ALTSVC: read when set, written at cleanup
  StrOpt hsts_file;         // CURLOPT_HSTS: the last name given, written at cleanup
  curl_hstsread_callback hsts_read_fn = nullptr;    // CURLOPT_HSTSREADFUNCTION
  void* hsts_read_data = nullptr;
  curl_hstswrite_callback hsts_write_fn = nullptr;  // CURLOPT_HSTSWRITEFUNCTION
  void* hsts_write_data = nullptr;
  curl_prereq_callback prereq_fn = nullptr;  // CURLOPT_PREREQFUNCTION, before each request
  void* prereq_data = nullptr;
  curl_resolver_start_callback resolver_start_fn = nullptr;  // before each name lookup
  void* resolver_start_data = nullptr;
  // CURLOPT_TRAILERFUNCTION: lines sent after a chunked upload's last chunk. libcurl
  // clears it (and its data) once the trailers are out, so it acts once per setopt.
  curl_trailer_callback trailer_fn = nullptr;
  void* trailer_data = nullptr;
  curl_ioctl_callback ioctl_fn = nullptr;  // CURLOPT_IOCTLFUNCTION: rewinds an upload without SEEKFUNCTION
  void* ioctl_data = nullptr;
  // CURLOPT_OPENSOCKETFUNCTION, SOCKOPTFUNCTION, CLOSESOCKETFUNCTION and their data.
  transport::SocketHooks socket_hooks;
  StrOpt interface;                // CURLOPT_INTERFACE: what the local end binds to
  // CURLOPT_CONNECT_TO: borrowed "HOST:PORT:CONNECT-TO-HOST:CONNECT-TO-PORT" entries,
  // matched against each URL the transfer goes to (the first one and every redirect).
  const curl_slist* connect_to = nullptr;
  // CURLOPT_UNIX_SOCKET_PATH / ABSTRACT_UNIX_SOCKET (one option in libcurl: the last call
  // sets the path and whether it names an abstract socket).
  StrOpt unix_socket_path;
  bool abstract_unix_socket = false;
  std::uint16_t local_port = 0;    // CURLOPT_LOCALPORT: 0 = any
  std::uint16_t local_port_range = 0;  // CURLOPT_LOCALPORTRANGE: ports tried from local_port
  curl_off_t resume_from = 0;      // CURLOPT_RESUME_FROM(_LARGE): the offset to resume at
  const curl_slist* http200_aliases = nullptr;  // CURLOPT_HTTP200ALIASES (the app's list)
  long max_age_conn = 118;         // CURLOPT_MAXAGE_CONN: idle seconds a reused connection may have
  long max_lifetime_conn = 0;      // CURLOPT_MAXLIFETIME_CONN: its age in seconds (0: any)
  curl_off_t max_recv_speed = 0;   // CURLOPT_MAX_RECV_SPEED_LARGE, bytes/s (0: unlimited)
  curl_off_t max_send_speed = 0;   // CURLOPT_MAX_SEND_SPEED_LARGE, bytes/s (0: unlimited)
  curl_off_t time_value = 0;       // CURLOPT_TIMEVALUE(_LARGE): seconds since the epoch
  curl_off_t max_filesize = 0;     // CURLOPT_MAXFILESIZE(_LARGE): 0 for no limit
  std::int32_t tcp_keepidle_s = 60;
  std::int32_t tcp_keepintvl_s = 60;
  std::int32_t happy_eyeballs_ms = CURL_HET_DEFAULT;
  std::uint16_t port = 0;          // CURLOPT_PORT: replaces the URL's port (0: the URL's)
  std::uint8_t post_redir = 0;     // CURLOPT_POSTREDIR: CURL_REDIR_POST_* bits
  std::uint8_t netrc = CURL_NETRC_IGNORED;  // CURLOPT_NETRC
  std::uint8_t hsts_ctrl = 0;               // CURLOPT_HSTS_CTRL: CURLHSTS_* bits
  std::uint8_t time_condition = CURL_TIMECOND_NONE;  // CURLOPT_TIMECONDITION
  bool tcp_keepalive = false;      // CURLOPT_TCP_KEEPALIVE, with the two intervals above
  bool unrestricted_auth = false;  // credentials follow a redirect to another host
  bool crlf = false;               // CURLOPT_CRLF: LF becomes CRLF in streamed upload bodies
  bool keep_sending_on_error = false;  // CURLOPT_KEEP_SENDING_ON_ERROR: a held body goes after an error reply
  bool transfer_decoding = true;   // CURLOPT_HTTP_TRANSFER_DECODING: 0 hands chunked bodies on as they came
  bool dns_shuffle = false;        // CURLOPT_DNS_SHUFFLE_ADDRESSES
  bool tcp_fastopen = false;       // CURLOPT_TCP_FASTOPEN: data may ride on the SYN
  // CURLOPT_DOH_URL: names are resolved by POSTing DNS queries there (engine/doh.h); the
  // probes verify the DoH server by their own three options, not the transfer's.
  StrOpt doh_url;
  // GSS-API: CURLOPT_SERVICE_NAME (Negotiate to the server, default "HTTP"),
  // CURLOPT_PROXY_SERVICE_NAME = SOCKS5_GSSAPI_SERVICE (one string in libcurl: the
  // proxy's Negotiate and SOCKS5 GSS-API), GSSAPI_DELEGATION bits, SOCKS5_GSSAPI_NEC.
  StrOpt service_name;
  StrOpt proxy_service_name;
  std::uint8_t gssapi_delegation = CURLGSSAPI_DELEGATION_NONE;
  bool socks5_gssapi_nec = false;
  bool doh_verify_peer = true;     // CURLOPT_DOH_SSL_VERIFYPEER
  bool doh_verify_host = true;     // CURLOPT_DOH_SSL_VERIFYHOST (1 and 2 both mean on)
  bool doh_verify_status = false;  // CURLOPT_DOH_SSL_VERIFYSTATUS
  // Proxies (engine/proxy_config.h): CURLOPT_PROXY (unset: the environment's; "": none),
  // NOPROXY (unset: the environment's), PROXYPORT, PROXYTYPE, the proxy's login and the
  // schemes to offer it (PROXYAUTH).
  StrOpt proxy;
  StrOpt noproxy;
  StrOpt pre_proxy;                // CURLOPT_PRE_PROXY: a SOCKS proxy before the HTTP proxy
  ClonePtr<transport::TlsOptions> proxy_tls;  // CURLOPT_PROXY_*: TLS to an HTTPS proxy
  std::uint8_t socks5_auth = CURLAUTH_BASIC | CURLAUTH_GSSAPI;  // CURLOPT_SOCKS5_AUTH
  StrOpt proxy_user;
  StrOpt proxy_password;
  long proxy_port = 0;
  long proxy_type = CURLPROXY_HTTP;
  unsigned long proxy_auth = CURLAUTH_BASIC;
  bool http_proxy_tunnel = false;       // CURLOPT_HTTPPROXYTUNNEL: http:// through CONNECT too
  bool suppress_connect_headers = false;  // CURLOPT_SUPPRESS_CONNECT_HEADERS
  bool separate_headers = true;    // CURLOPT_HEADEROPT CURLHEADER_SEPARATE (the default):
                                   // PROXYHEADER, not HTTPHEADER, speaks to a proxy
  const curl_slist* proxy_headers = nullptr;  // CURLOPT_PROXYHEADER (the app's list)
  std::uint32_t address_scope = 0;  // CURLOPT_ADDRESS_SCOPE: sin6_scope_id (0: the URL's)
  long upkeep_interval_ms = CURL_UPKEEP_INTERVAL_DEFAULT;  // CURLOPT_UPKEEP_INTERVAL_MS
  bool haproxy_protocol = false;   // CURLOPT_HAPROXYPROTOCOL: a PROXY line opens each connection
  bool transfer_encoding = false;  // CURLOPT_TRANSFER_ENCODING: ask for "TE: gzip"
  bool disallow_url_user = false;  // CURLOPT_DISALLOW_USERNAME_IN_URL: such URLs are refused
  bool quick_exit = false;         // CURLOPT_QUICK_EXIT: cleanup does not wait for lookups
  bool path_as_is = false;         // CURLOPT_PATH_AS_IS: no dot-segment removal
  bool filetime = false;           // CURLOPT_FILETIME: Last-Modified into CURLINFO_FILETIME
  bool cookie_session = false;     // CURLOPT_COOKIESESSION: files' session cookies are skipped
  bool ignore_content_length = false;  // CURLOPT_IGNORE_CONTENT_LENGTH: bodies end at close
};

// What the options last asked for, as libcurl tracks it: each of NOBODY, POST, POSTFIELDS,
// UPLOAD, MIMEPOST, HTTPPOST and HTTPGET sets it.
enum class HttpMethod : std::uint8_t { kGet, kHead, kPost, kPostMime, kPostForm, kPut };

struct EasyOptions {
  StrOpt url;
  // Unique per CURLOPT_URL call (process-wide counter): a transfer that parsed the URL
  // with this stamp can skip parsing it again.
  std::uint64_t url_stamp = 0;
  // The same for any TLS option (pool keys of https transfers are derived from them).
  std::uint64_t tls_stamp = 0;
  StrOpt user_agent;
  StrOpt referer;
  StrOpt custom_request;
  StrOpt accept_encoding;

  // The request body. POSTFIELDS borrows the app's pointer; COPYPOSTFIELDS copies it.
  const char* post_fields = nullptr;
  ClonePtr<std::string> post_copy;  // COPYPOSTFIELDS' bytes, out of line (most handles have none)
  curl_off_t post_size = -1;  // -1: strlen(post_fields)
  HttpMethod method = HttpMethod::kGet;
  bool nobody = false;
  bool post_is_copy = false;
  // Five more flags, here only because they fill the padding before the next pointer.
  bool include_header = false;  // CURLOPT_HEADER: headers go to the write callback too
  bool no_signal = false;
  bool http09_allowed = false;
  bool content_decoding = true;    // CURLOPT_HTTP_CONTENT_DECODING (needs ACCEPT_ENCODING)
  bool connect_only = false;       // CURLOPT_CONNECT_ONLY: connect, then curl_easy_send/recv

  // Streaming bodies: CURLOPT_READFUNCTION for UPLOAD (PUT) and callback POSTs, a MIME tree
  // for MIMEPOST, a form list for HTTPPOST.
  curl_read_callback read_fn = nullptr;
  void* read_data = stdin;         // as WRITEDATA: the default, not a NULL fallback
  curl_seek_callback seek_fn = nullptr;
  void* seek_data = nullptr;
  curl_off_t infile_size = -1;
  MimeBinding mime;                // bound to the handle; deep-copied by duphandle
  curl_httppost* form = nullptr;
  long expect_100_timeout_ms = 1000;
  std::int32_t mime_options = 0;   // CURLOPT_MIME_OPTIONS bits; two ints fill one word
  std::int32_t upload_buffer_size = 64 * 1024;  // clamped to 16 KiB..2 MiB

  // Credentials for Basic authentication (CURLOPT_USERPWD / USERNAME / PASSWORD).
  StrOpt username;
  StrOpt password;
  long http_auth = CURLAUTH_BASIC;

  const curl_slist* http_headers = nullptr;
  const curl_slist* resolve = nullptr;

  long http_version = CURL_HTTP_VERSION_NONE;
  long ip_resolve = CURL_IPRESOLVE_WHATEVER;
  long timeout_ms = 0;
  long connect_timeout_ms = 0;
  long low_speed_limit = 0;
  long low_speed_time = 0;
  long dns_cache_timeout = 60;
  long max_redirs = 30;   // libcurl 7.88: -1 means unlimited; the default is 30 (8.x: 30 too)
  long buffer_size = CURL_MAX_WRITE_SIZE;
  long maxconnects = 0;   // easy-level cache size for curl_easy_perform; 0 = default
  bool follow_location = false;
  bool auto_referer = false;
  bool fail_on_error = false;
  bool forbid_reuse = false;
  bool pipewait = false;           // CURLOPT_PIPEWAIT: wait for a connection that may multiplex
  bool fresh_connect = false;
  bool tcp_nodelay = true;
  bool no_progress = true;
  bool verbose = false;
  long protocols = CURLPROTO_ALL;  // CURLOPT_PROTOCOLS(_STR)
  long redir_protocols = CURLPROTO_HTTP | CURLPROTO_HTTPS | CURLPROTO_FTP | CURLPROTO_FTPS;

  curl_write_callback write_fn = nullptr;
  // stdout only until the application sets WRITEDATA; an explicit NULL stays NULL.
  void* write_data = stdout;
  curl_write_callback header_fn = nullptr;
  void* header_data = nullptr;
  curl_xferinfo_callback xferinfo_fn = nullptr;
  curl_progress_callback progress_fn = nullptr;
  void* progress_data = nullptr;  // XFERINFODATA is the same option
  curl_debug_callback debug_fn = nullptr;
  void* debug_data = nullptr;

  ClonePtr<transport::TlsOptions> tls;  // only once a TLS option was set
  ClonePtr<RareOptions> rare;           // only once one of those was set
  const RareOptions& rare_view() const {
    static const RareOptions kDefaults;
    return rare ? *rare.ptr() : kDefaults;
  }
  RareOptions& rare_set() {
    if (!rare) rare.get() = std::make_unique<RareOptions>();
    return *rare.get();
  }

  void* private_ptr = nullptr;
  char* error_buffer = nullptr;
  FILE* stderr_stream = nullptr;
};

}  // namespace xfer
