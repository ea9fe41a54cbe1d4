// curl_easy_getinfo: writes one TransferInfo value through the pointer type the CURLINFO names.
#include <cstdarg>

#include <curl/curl.h>

#include "api/guard.h"
#include "api/handles.h"
#include "engine/connection.h"
#include "engine/multi.h"
#include "engine/transfer.h"
#include "transport/tls_backend.h"

namespace xfer::api {
namespace {

double seconds(curl_off_t us) { return static_cast<double>(us) / 1e6; }

// The socket a CONNECT_ONLY session (or, lacking one, the running transfer) uses; once
// the transfer is over, as libcurl: the connection it left in its engine's pool, while the
// pool still has it.
curl_socket_t active_socket(Easy& e) {
  if (e.connect_only_conn) return e.connect_only_conn->fd();
  curl_socket_t fd = CURL_SOCKET_BAD;
  if (e.transfer)
    e.transfer->visit_slots([&](const PollSlot& s) {
      if (fd == CURL_SOCKET_BAD) fd = s.fd;
    });
  if (fd == CURL_SOCKET_BAD && e.last_conn_id >= 0) {
    Multi* m = e.multi ? e.multi : e.private_multi.get();
    if (m) fd = m->pool().idle_fd(e.last_conn_id);
  }
  return fd;
}

// libcurl 7.88 answers CURLINFO_CAINFO/CAPATH with its built-in defaults, whatever the
// handle's options say (the values curl_version_info reports).
constexpr const char* kDefaultCaInfo = "/etc/ssl/certs/ca-certificates.crt";
constexpr const char* kDefaultCaPath = "/etc/ssl/certs";

// Each info is answered by exactly one of these, matching its CURLINFO type bits.
CURLcode get_long(Easy& e, CURLINFO info, long* out) {
  const TransferInfo& i = e.info_view();
  switch (info) {
    case CURLINFO_RESPONSE_CODE: *out = i.response_code; return CURLE_OK;
    case CURLINFO_HTTP_CONNECTCODE: *out = i.connect_code(); return CURLE_OK;
    case CURLINFO_HTTP_VERSION: *out = i.http_version; return CURLE_OK;
    case CURLINFO_NUM_CONNECTS: *out = i.num_connects; return CURLE_OK;
    case CURLINFO_REDIRECT_COUNT: *out = i.redirect_count; return CURLE_OK;
    case CURLINFO_HEADER_SIZE: *out = i.header_size; return CURLE_OK;
    case CURLINFO_REQUEST_SIZE: *out = i.request_size; return CURLE_OK;
    case CURLINFO_PRIMARY_PORT: *out = i.primary_port; return CURLE_OK;
    case CURLINFO_LOCAL_PORT: *out = i.local_port; return CURLE_OK;
    case CURLINFO_OS_ERRNO: *out = i.os_errno; return CURLE_OK;
    case CURLINFO_CONDITION_UNMET:
      // Debian's libcurl says "unmet" for any final 304, with or without TIMECONDITION (the
      // curl tool then leaves an -o file alone: curl test 1566). A document whose
      // Last-Modified fails the time condition is reported as a 304 too, and a redirect
      // that failed it leaves the transfer "unmet" whatever the final code.
      *out = i.response_code == 304 || i.time_unmet() ? 1 : 0;
      return CURLE_OK;
    case CURLINFO_FILETIME:
      // libcurl clamps to a long (which on LP64 holds every time_t).
      *out = static_cast<long>(i.filetime());
      return CURLE_OK;
    case CURLINFO_SSL_VERIFYRESULT: *out = i.ssl_verify_result; return CURLE_OK;
    case CURLINFO_PROXY_SSL_VERIFYRESULT: *out = i.proxy_verify_result(); return CURLE_OK;
    case CURLINFO_HTTPAUTH_AVAIL: *out = i.httpauth_avail(); return CURLE_OK;
    case CURLINFO_PROXYAUTH_AVAIL: *out = i.proxyauth_avail(); return CURLE_OK;
    case CURLINFO_PROXY_ERROR: *out = i.proxy_error(); return CURLE_OK;
    case CURLINFO_PROTOCOL:
      *out = !i.scheme ? 0 : (i.scheme[4] == 'S' ? CURLPROTO_HTTPS : CURLPROTO_HTTP);
      return CURLE_OK;
    case CURLINFO_LASTSOCKET: *out = active_socket(e); return CURLE_OK;
    // RTSP is not spoken: what libcurl reports for a handle that never did RTSP.
    case CURLINFO_RTSP_CLIENT_CSEQ:
    case CURLINFO_RTSP_SERVER_CSEQ:
    case CURLINFO_RTSP_CSEQ_RECV: *out = 0; return CURLE_OK;
    default: return CURLE_UNKNOWN_OPTION;
  }
}

CURLcode get_string(Easy& e, CURLINFO info, const char** out) {
  const TransferInfo& i = e.info_view();
  switch (info) {
    case CURLINFO_EFFECTIVE_URL:
      // Before any transfer libcurl reports an empty string.
      *out = e.effective_url();
      return CURLE_OK;
    case CURLINFO_CONTENT_TYPE: *out = i.has_content_type ? i.content_type.c_str() : nullptr; return CURLE_OK;
    case CURLINFO_PRIMARY_IP: *out = i.primary_ip.c_str(); return CURLE_OK;
    case CURLINFO_LOCAL_IP: *out = i.local_ip.c_str(); return CURLE_OK;
    case CURLINFO_REDIRECT_URL: *out = i.has_redirect_url ? i.redirect_url.c_str() : nullptr; return CURLE_OK;
    case CURLINFO_SCHEME: *out = i.scheme; return CURLE_OK;
    case CURLINFO_EFFECTIVE_METHOD:
      // As libcurl: CUSTOMREQUEST's text, HEAD under NOBODY, else the last transfer's kind.
      if (e.opts.custom_request.is_set()) {
        *out = e.opts.custom_request.c_str();
      } else if (e.opts.nobody) {
        *out = "HEAD";
      } else {
        switch (static_cast<HttpMethod>(i.request_method)) {
          case HttpMethod::kPost:
          case HttpMethod::kPostMime:
          case HttpMethod::kPostForm: *out = "POST"; break;
          case HttpMethod::kPut: *out = "PUT"; break;
          case HttpMethod::kHead: *out = "HEAD"; break;
          case HttpMethod::kGet: *out = "GET"; break;
        }
      }
      return CURLE_OK;
    case CURLINFO_FTP_ENTRY_PATH:
    case CURLINFO_RTSP_SESSION_ID: *out = nullptr; return CURLE_OK;
    case CURLINFO_CAINFO: *out = kDefaultCaInfo; return CURLE_OK;
    case CURLINFO_CAPATH: *out = kDefaultCaPath; return CURLE_OK;
    case CURLINFO_REFERER:
      *out = !i.auto_referer().empty() ? i.auto_referer().c_str() : e.opts.referer.c_str();
      return CURLE_OK;
    default: return CURLE_UNKNOWN_OPTION;
  }
}

CURLcode get_off_t(Easy& e, CURLINFO info, curl_off_t* out) {
  const TransferInfo& i = e.info_view();
  switch (info) {
    case CURLINFO_SIZE_DOWNLOAD_T: *out = i.size_download; return CURLE_OK;
    case CURLINFO_SIZE_UPLOAD_T: *out = i.size_upload; return CURLE_OK;
    case CURLINFO_CONTENT_LENGTH_DOWNLOAD_T: *out = i.content_length_download; return CURLE_OK;
    case CURLINFO_CONTENT_LENGTH_UPLOAD_T: *out = i.content_length_upload; return CURLE_OK;
    case CURLINFO_SPEED_DOWNLOAD_T:
      *out = i.total_us > 0 ? i.size_download * 1000000 / i.total_us : 0;
      return CURLE_OK;
    case CURLINFO_SPEED_UPLOAD_T:
      *out = i.total_us > 0 ? i.size_upload * 1000000 / i.total_us : 0;
      return CURLE_OK;
    case CURLINFO_NAMELOOKUP_TIME_T: *out = i.namelookup_us; return CURLE_OK;
    case CURLINFO_CONNECT_TIME_T: *out = i.connect_us; return CURLE_OK;
    case CURLINFO_APPCONNECT_TIME_T: *out = i.appconnect_us; return CURLE_OK;
    case CURLINFO_PRETRANSFER_TIME_T: *out = i.pretransfer_us; return CURLE_OK;
    case CURLINFO_STARTTRANSFER_TIME_T: *out = i.starttransfer_us; return CURLE_OK;
    case CURLINFO_TOTAL_TIME_T: *out = i.total_us; return CURLE_OK;
    case CURLINFO_REDIRECT_TIME_T: *out = i.redirect_us; return CURLE_OK;
    case CURLINFO_FILETIME_T: *out = i.filetime(); return CURLE_OK;
    case CURLINFO_RETRY_AFTER: *out = i.retry_after(); return CURLE_OK;
    default: return CURLE_UNKNOWN_OPTION;
  }
}

CURLcode get_double(Easy& e, CURLINFO info, double* out) {
  const TransferInfo& i = e.info_view();
  curl_off_t v = 0;
  switch (info) {
    case CURLINFO_TOTAL_TIME: *out = seconds(i.total_us); return CURLE_OK;
    case CURLINFO_NAMELOOKUP_TIME: *out = seconds(i.namelookup_us); return CURLE_OK;
    case CURLINFO_CONNECT_TIME: *out = seconds(i.connect_us); return CURLE_OK;
    case CURLINFO_APPCONNECT_TIME: *out = seconds(i.appconnect_us); return CURLE_OK;
    case CURLINFO_PRETRANSFER_TIME: *out = seconds(i.pretransfer_us); return CURLE_OK;
    case CURLINFO_STARTTRANSFER_TIME: *out = seconds(i.starttransfer_us); return CURLE_OK;
    case CURLINFO_REDIRECT_TIME: *out = seconds(i.redirect_us); return CURLE_OK;
    case CURLINFO_SIZE_DOWNLOAD: *out = static_cast<double>(i.size_download); return CURLE_OK;
    case CURLINFO_SIZE_UPLOAD: *out = static_cast<double>(i.size_upload); return CURLE_OK;
    case CURLINFO_CONTENT_LENGTH_DOWNLOAD: *out = static_cast<double>(i.content_length_download); return CURLE_OK;
    case CURLINFO_CONTENT_LENGTH_UPLOAD: *out = static_cast<double>(i.content_length_upload); return CURLE_OK;
    case CURLINFO_SPEED_DOWNLOAD:
      get_off_t(e, CURLINFO_SPEED_DOWNLOAD_T, &v);
      *out = static_cast<double>(v);
      return CURLE_OK;
    case CURLINFO_SPEED_UPLOAD:
      get_off_t(e, CURLINFO_SPEED_UPLOAD_T, &v);
      *out = static_cast<double>(v);
      return CURLE_OK;
    default: return CURLE_UNKNOWN_OPTION;
  }
}

CURLcode get_pointer(Easy& e, CURLINFO info, void** out) {
  switch (info) {
    case CURLINFO_PRIVATE: *out = e.opts.private_ptr; return CURLE_OK;
    case CURLINFO_CERTINFO: *out = e.certinfo(); return CURLE_OK;
    case CURLINFO_COOKIELIST: *out = e.cookie_list(); return CURLE_OK;
    case CURLINFO_SSL_ENGINES: {
      // A list the application frees with curl_slist_free_all, NULL when there is none.
      curl_slist* list = nullptr;
      for (const std::string& id : transport::tls_engine_ids()) {
        curl_slist* longer = curl_slist_append(list, id.c_str());
        if (!longer) {
          curl_slist_free_all(list);
          return CURLE_OUT_OF_MEMORY;
        }
        list = longer;
      }
      *out = list;
      return CURLE_OK;
    }
    case CURLINFO_TLS_SSL_PTR:
    case CURLINFO_TLS_SESSION: *out = &e.tls_session_info; return CURLE_OK;
    default: return CURLE_UNKNOWN_OPTION;
  }
}

}  // namespace
}  // namespace xfer::api

#undef curl_easy_getinfo
extern "C" CURL_EXTERN CURLcode curl_easy_getinfo(CURL* handle, CURLINFO info, ...) {
  xfer::Easy* e = xfer::api::easy_of(handle);
  if (!e) return CURLE_BAD_FUNCTION_ARGUMENT;
  va_list ap;
  va_start(ap, info);
  void* out = va_arg(ap, void*);
  va_end(ap);
  if (!out) return CURLE_BAD_FUNCTION_ARGUMENT;
  using namespace xfer::api;
  // Some answers are built on demand (lists, strings of the rare info): an allocation
  // that fails there is OUT_OF_MEMORY, not an exception into the C caller.
  return guarded([&]() -> CURLcode {
    // CURLINFO_PRIVATE is a pointer info with the STRING type bits, as in libcurl.
    if (info == CURLINFO_PRIVATE) return get_pointer(*e, info, static_cast<void**>(out));
    switch (static_cast<int>(info) & CURLINFO_TYPEMASK) {
      case CURLINFO_STRING: return get_string(*e, info, static_cast<const char**>(out));
      case CURLINFO_LONG: return get_long(*e, info, static_cast<long*>(out));
      case CURLINFO_DOUBLE: return get_double(*e, info, static_cast<double*>(out));
      case CURLINFO_OFF_T: return get_off_t(*e, info, static_cast<curl_off_t*>(out));
      case CURLINFO_SLIST: return get_pointer(*e, info, static_cast<void**>(out));
      case CURLINFO_SOCKET:
        if (info != CURLINFO_ACTIVESOCKET) return CURLE_UNKNOWN_OPTION;
        *static_cast<curl_socket_t*>(out) = active_socket(*e);
        return CURLE_OK;
      default: return CURLE_UNKNOWN_OPTION;
    }
  });
}
