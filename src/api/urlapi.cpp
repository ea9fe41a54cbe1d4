// curl_url_*: the C boundary of the URL API over xfer::http::UrlHandle.
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>

#include <curl/curl.h>

#include "api/handles.h"
#include "http/url_handle.h"

namespace {

template <class F>
CURLUcode guarded_url(F&& f) noexcept {
  try {
    return f();
  } catch (const std::bad_alloc&) {
    return CURLUE_OUT_OF_MEMORY;
  } catch (...) {
    return CURLUE_OUT_OF_MEMORY;
  }
}

}  // namespace

extern "C" CURL_EXTERN CURLU* curl_url(void) { return new (std::nothrow) Curl_URL(); }

extern "C" CURL_EXTERN void curl_url_cleanup(CURLU* handle) { delete handle; }

extern "C" CURL_EXTERN CURLU* curl_url_dup(CURLU* in) {
  if (!in) return nullptr;
  try {
    return new Curl_URL(*in);
  } catch (...) {
    return nullptr;
  }
}

// A C caller may pass any int as the part; reading it as the enum would be undefined in
// C++, so the raw value is checked first.
static bool known_part(const CURLUPart& what) {
  int raw;
  std::memcpy(&raw, &what, sizeof raw);
  return raw >= CURLUPART_URL && raw <= CURLUPART_ZONEID;
}

extern "C" CURL_EXTERN CURLUcode curl_url_get(CURLU* handle, CURLUPart what, char** part,
                                              unsigned int flags) {
  if (!handle) return CURLUE_BAD_HANDLE;
  if (!part) return CURLUE_BAD_PARTPOINTER;
  *part = nullptr;
  if (!known_part(what)) return CURLUE_UNKNOWN_PART;
  return guarded_url([&] {
    std::string value;
    CURLUcode rc = handle->get_part(what, flags, value);
    if (rc != CURLUE_OK) return rc;
    char* copy = static_cast<char*>(std::malloc(value.size() + 1));
    if (!copy) return CURLUE_OUT_OF_MEMORY;
    std::memcpy(copy, value.c_str(), value.size() + 1);
    *part = copy;
    return CURLUE_OK;
  });
}

extern "C" CURL_EXTERN CURLUcode curl_url_set(CURLU* handle, CURLUPart what, const char* part,
                                              unsigned int flags) {
  if (!handle) return CURLUE_BAD_HANDLE;
  if (!known_part(what)) return CURLUE_UNKNOWN_PART;
  return guarded_url([&] {
    return part ? handle->set_part(what, part, flags) : handle->clear_part(what);
  });
}

extern "C" CURL_EXTERN const char* curl_url_strerror(CURLUcode code) {
  // xfer's own wording; applications compare codes, not these texts.
  switch (code) {
    case CURLUE_OK: return "No error";
    case CURLUE_BAD_HANDLE: return "The URL handle argument is not valid";
    case CURLUE_BAD_PARTPOINTER: return "The pointer for the requested part is not valid";
    case CURLUE_MALFORMED_INPUT: return "The URL text could not be parsed";
    case CURLUE_BAD_PORT_NUMBER: return "The port is not a number from 0 to 65535";
    case CURLUE_UNSUPPORTED_SCHEME: return "The URL scheme is not supported";
    case CURLUE_URLDECODE: return "Percent-decoding failed";
    case CURLUE_OUT_OF_MEMORY: return "Out of memory";
    case CURLUE_USER_NOT_ALLOWED: return "The URL carries credentials where they are not allowed";
    case CURLUE_UNKNOWN_PART: return "No such URL part";
    case CURLUE_NO_SCHEME: return "The URL has no scheme";
    case CURLUE_NO_USER: return "The URL has no user name";
    case CURLUE_NO_PASSWORD: return "The URL has no password";
    case CURLUE_NO_OPTIONS: return "The URL has no login options";
    case CURLUE_NO_HOST: return "The URL has no host";
    case CURLUE_NO_PORT: return "The URL has no port";
    case CURLUE_NO_QUERY: return "The URL has no query";
    case CURLUE_NO_FRAGMENT: return "The URL has no fragment";
    case CURLUE_NO_ZONEID: return "The URL has no IPv6 zone id";
    case CURLUE_BAD_FILE_URL: return "The file URL is not valid";
    case CURLUE_BAD_FRAGMENT: return "The fragment is not valid";
    case CURLUE_BAD_HOSTNAME: return "The host name is not valid";
    case CURLUE_BAD_IPV6: return "The IPv6 address is not valid";
    case CURLUE_BAD_LOGIN: return "The login part is not valid";
    case CURLUE_BAD_PASSWORD: return "The password is not valid";
    case CURLUE_BAD_PATH: return "The path is not valid";
    case CURLUE_BAD_QUERY: return "The query is not valid";
    case CURLUE_BAD_SCHEME: return "The scheme is not valid";
    case CURLUE_BAD_SLASHES: return "Wrong number of slashes after the scheme";
    case CURLUE_BAD_USER: return "The user name is not valid";
    case CURLUE_LACKS_IDN: return "International domain names are not supported";
    default: return "Unknown URL API error";
  }
}
