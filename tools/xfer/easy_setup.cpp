// One place that turns options into curl_easy_setopt calls, naming any option the library refuses.
#include "easy_setup.h"

#include <cstdlib>

#include "sink.h"

namespace xfer::tool {

namespace {

curl_slist* to_slist(const std::vector<std::string>& items) {
  curl_slist* list = nullptr;
  for (const std::string& item : items) list = curl_slist_append(list, item.c_str());
  return list;
}

std::string env_or_empty(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

}  // namespace

EasyCommon::~EasyCommon() {
  curl_slist_free_all(headers);
  curl_slist_free_all(resolve);
  curl_slist_free_all(connect_to);
  if (share) curl_share_cleanup(share);
}

void init_easy_common(EasyCommon& common, const Options& o) {
  common.headers = to_slist(o.headers);
  common.resolve = to_slist(o.resolve);
  common.connect_to = to_slist(o.connect_to);
  // libcurl reads no CA variables itself; curl's tool does, and so does xfer's.
  common.cainfo = o.cacert;
  if (common.cainfo.empty()) common.cainfo = env_or_empty("CURL_CA_BUNDLE");
  if (common.cainfo.empty()) common.cainfo = env_or_empty("SSL_CERT_FILE");
  common.capath = o.capath.empty() ? env_or_empty("SSL_CERT_DIR") : o.capath;
  if (!o.cookie.empty() || !o.cookie_jar.empty()) {
    // Transfers run one at a time inside the loop, so the share needs no lock callbacks.
    common.share = curl_share_init();
    if (common.share) curl_share_setopt(common.share, CURLSHOPT_SHARE, CURL_LOCK_DATA_COOKIE);
  }
}

CURLcode setup_easy(CURL* easy, Row& row, const Options& o, const EasyCommon& common,
                    std::string& refused) {
  CURLcode first = CURLE_OK;
  auto check = [&](CURLcode c, const char* name) {
    if (c != CURLE_OK && first == CURLE_OK) {
      first = c;
      refused = name;
    }
  };
#define XFER_SET(opt, value) check(curl_easy_setopt(easy, opt, value), #opt)
  XFER_SET(CURLOPT_URL, row.url.c_str());
  XFER_SET(CURLOPT_PRIVATE, static_cast<void*>(&row));
  XFER_SET(CURLOPT_ERRORBUFFER, row.error_buffer);
  XFER_SET(CURLOPT_WRITEFUNCTION, on_body);
  XFER_SET(CURLOPT_WRITEDATA, static_cast<void*>(&row));
  XFER_SET(CURLOPT_HEADERFUNCTION, on_header);
  XFER_SET(CURLOPT_HEADERDATA, static_cast<void*>(&row));
  // Body pieces as large as a socket read, so sink.cpp writes them without a copy; not
  // under a rate limit, whose bucket is fed and paused piece by piece.
  if (o.limit_rate <= 0 && o.limit_rate_total <= 0)
    XFER_SET(CURLOPT_BUFFERSIZE, 256L * 1024);
  if (common.progress_callbacks) {
    XFER_SET(CURLOPT_NOPROGRESS, 0L);
    XFER_SET(CURLOPT_XFERINFOFUNCTION, on_progress);
    XFER_SET(CURLOPT_XFERINFODATA, static_cast<void*>(&row));
  }
  if (row.resumed_from > 0) {
    // CURLOPT_RANGE rather than RESUME_FROM: a 200 (changed file) must restart, not fail.
    const std::string range = std::to_string(static_cast<long long>(row.resumed_from)) + "-";
    XFER_SET(CURLOPT_RANGE, range.c_str());
  }
  curl_slist* headers = row.request_headers ? row.request_headers : common.headers;
  if (headers) XFER_SET(CURLOPT_HTTPHEADER, headers);
  if (o.timeout_s > 0) XFER_SET(CURLOPT_TIMEOUT_MS, static_cast<long>(o.timeout_s * 1000));
  if (o.connect_timeout_s > 0)
    XFER_SET(CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(o.connect_timeout_s * 1000));
  if (o.limit_rate > 0)
    XFER_SET(CURLOPT_MAX_RECV_SPEED_LARGE, static_cast<curl_off_t>(o.limit_rate));
  if (o.follow) XFER_SET(CURLOPT_FOLLOWLOCATION, 1L);
  if (!o.user_agent.empty()) XFER_SET(CURLOPT_USERAGENT, o.user_agent.c_str());
  if (o.verbose) XFER_SET(CURLOPT_VERBOSE, 1L);
  if (o.compressed) XFER_SET(CURLOPT_ACCEPT_ENCODING, "");
  if (!o.user.empty()) XFER_SET(CURLOPT_USERPWD, o.user.c_str());
  if (common.share) XFER_SET(CURLOPT_SHARE, common.share);
  if (!o.cookie.empty()) {
    // Like curl: text with '=' is cookie data, anything else names a cookie file.
    if (o.cookie.find('=') != std::string::npos) {
      XFER_SET(CURLOPT_COOKIE, o.cookie.c_str());
      XFER_SET(CURLOPT_COOKIEFILE, "");
    } else {
      XFER_SET(CURLOPT_COOKIEFILE, o.cookie.c_str());
    }
  }
  if (!o.cookie_jar.empty()) XFER_SET(CURLOPT_COOKIEJAR, o.cookie_jar.c_str());
  if (o.proxy_given) XFER_SET(CURLOPT_PROXY, o.proxy.c_str());
  if (o.http_version != 0) XFER_SET(CURLOPT_HTTP_VERSION, o.http_version);
  if (o.ip_resolve != 0) XFER_SET(CURLOPT_IPRESOLVE, o.ip_resolve);
  if (common.resolve) XFER_SET(CURLOPT_RESOLVE, common.resolve);
  if (common.connect_to) XFER_SET(CURLOPT_CONNECT_TO, common.connect_to);
  if (o.insecure) {
    XFER_SET(CURLOPT_SSL_VERIFYPEER, 0L);
    XFER_SET(CURLOPT_SSL_VERIFYHOST, 0L);
  }
  if (!common.cainfo.empty()) XFER_SET(CURLOPT_CAINFO, common.cainfo.c_str());
  if (!common.capath.empty()) XFER_SET(CURLOPT_CAPATH, common.capath.c_str());
#undef XFER_SET
  return first;
}

}  // namespace xfer::tool
