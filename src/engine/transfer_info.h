// TransferInfo: what curl_easy_getinfo reports about the most recent transfer of a handle.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include <curl/curl.h>

namespace xfer {

// The figures a transfer starts from zero: kept apart from the strings so a reset is one
// assignment that leaves the strings' buffers alone.
struct TransferFigures {
  int response_code = 0;
  int http_version = 0;          // CURL_HTTP_VERSION_1_0 / _1_1, 0 before a response
  int num_connects = 0;
  int redirect_count = 0;
  long header_size = 0;
  long request_size = 0;
  int primary_port = 0;
  int local_port = 0;
  int os_errno = 0;
  int ssl_verify_result = 0;
  curl_off_t size_download = 0;
  curl_off_t size_upload = 0;
  curl_off_t content_length_download = -1;
  curl_off_t content_length_upload = -1;
  // Microseconds from the transfer's start, 0 until reached (libcurl's _TIME_T values).
  curl_off_t namelookup_us = 0;
  curl_off_t connect_us = 0;
  curl_off_t appconnect_us = 0;
  curl_off_t pretransfer_us = 0;
  curl_off_t starttransfer_us = 0;
  curl_off_t total_us = 0;
  curl_off_t redirect_us = 0;
  bool has_content_type = false;
  bool has_redirect_url = false;
  // CURLINFO_EFFECTIVE_METHOD without CUSTOMREQUEST or NOBODY: the HttpMethod a transfer
  // starts with, turned into kGet where a followed redirect makes libcurl switch (0 = kGet).
  std::uint8_t request_method = 0;
  const char* scheme = nullptr;   // "HTTP"/"HTTPS" as libcurl reports, null before a transfer
};

struct TransferInfo : TransferFigures {
  std::string effective_url;
  // libcurl reports CURLOPT_URL's text as the effective URL from the moment it is set until
  // a transfer normalizes or redirects it. While that holds (the usual case) it is read
  // from the option (Easy::effective_url) instead of being copied per handle.
  bool effective_is_url_option = true;
  std::string content_type;
  std::string primary_ip;
  std::string local_ip;
  std::string redirect_url;

  // Facts few transfers have, out of line: a TransferInfo is allocated per handle, and its
  // size is a benchmark target (parked-transfer memory). Made on first use, then kept and
  // cleared, so a handle's later transfers allocate nothing for it.
  struct Rare {
    // CURLOPT_AUTOREFERER: the URL a redirect came from, sent as Referer and reported by
    // CURLINFO_REFERER instead of the option ("" when no redirect set one). As in libcurl
    // it outlives the transfer: later ones send it too, until CURLOPT_REFERER is set.
    std::string auto_referer;
    curl_off_t filetime = -1;    // CURLOPT_FILETIME: the response's Last-Modified, -1 unknown
    curl_off_t retry_after = 0;  // CURLINFO_RETRY_AFTER: seconds, from the last Retry-After
    long httpauth_avail = 0;     // CURLINFO_HTTPAUTH_AVAIL: methods the last 401 offered
    long proxyauth_avail = 0;    // CURLINFO_PROXYAUTH_AVAIL: methods a 407 offered
    long connect_code = 0;       // CURLINFO_HTTP_CONNECTCODE: the proxy's CONNECT answer
    long proxy_error = 0;        // CURLINFO_PROXY_ERROR: the last SOCKS failure's CURLproxycode
                                 // (never reset, as in libcurl)
    long proxy_verify_result = 0;  // CURLINFO_PROXY_SSL_VERIFYRESULT (kept, as libcurl keeps it)
    // A response of the transfer failed the time condition (a redirect's too, which then
    // is still followed): CURLINFO_CONDITION_UNMET says so whatever the final code.
    bool time_unmet = false;
  };
  std::unique_ptr<Rare> rare;
  Rare& rare_set() {
    if (!rare) rare = std::make_unique<Rare>();
    return *rare;
  }
  const std::string& auto_referer() const {
    static const std::string kNone;
    return rare ? rare->auto_referer : kNone;
  }
  void forget_auto_referer() {
    if (rare) rare->auto_referer.clear();
  }
  curl_off_t filetime() const { return rare ? rare->filetime : -1; }
  curl_off_t retry_after() const { return rare ? rare->retry_after : 0; }
  long httpauth_avail() const { return rare ? rare->httpauth_avail : 0; }
  long proxyauth_avail() const { return rare ? rare->proxyauth_avail : 0; }
  long connect_code() const { return rare ? rare->connect_code : 0; }
  long proxy_error() const { return rare ? rare->proxy_error : 0; }
  long proxy_verify_result() const { return rare ? rare->proxy_verify_result : 0; }
  bool time_unmet() const { return rare && rare->time_unmet; }

  // libcurl resets these when a transfer starts; counters of the previous one go away.
  // The strings keep their capacity, so a handle's next transfer allocates nothing here.
  // The effective URL is kept: a transfer sets it before anyone can read it, and one that
  // runs the same URL again leaves it as it is.
  void reset_for_transfer() {
    static_cast<TransferFigures&>(*this) = TransferFigures{};
    content_type.clear();
    primary_ip.clear();
    local_ip.clear();
    redirect_url.clear();
    if (rare) {
      rare->filetime = -1;
      rare->retry_after = 0;
      rare->httpauth_avail = 0;
      rare->proxyauth_avail = 0;
      rare->connect_code = 0;
      rare->time_unmet = false;
    }
  }
};

}  // namespace xfer
