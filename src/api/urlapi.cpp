// curl_url_*: the C boundary of the URL API over xfer::http::UrlHandle.
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>

#include <curl/curl.h>

#include "http/url_handle.h"

// The C name is an incomplete type for applications; here it is the handle itself.
struct Curl_URL : xfer::http::UrlHandle {};

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

extern "C" CURL_EXTERN CURLUcode curl_url_get(CURLU* handle, CURLUPart what, char** part,
                                              unsigned int flags) {
  if (!handle) return CURLUE_BAD_HANDLE;
  if (!part) return CURLUE_BAD_PARTPOINTER;
  *part = nullptr;
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
  return guarded_url([&] {
    return part ? handle->set_part(what, part, flags) : handle->clear_part(what);
  });
}

extern "C" CURL_EXTERN const char* curl_url_strerror(CURLUcode code) {
  switch (code) {
    case CURLUE_OK: return "No error";
    case CURLUE_BAD_HANDLE: return "An invalid CURLU pointer was passed as argument";
    case CURLUE_BAD_PARTPOINTER: return "An invalid 'part' argument was passed as argument";
    case CURLUE_MALFORMED_INPUT: return "Malformed input to a URL function";
    case CURLUE_BAD_PORT_NUMBER: return "Port number was not a decimal number between 0 and 65535";
    case CURLUE_UNSUPPORTED_SCHEME: return "Unsupported URL scheme";
    case CURLUE_URLDECODE: return "URL decode error, most likely because of rubbish in the input";
    case CURLUE_OUT_OF_MEMORY: return "A memory function failed";
    case CURLUE_USER_NOT_ALLOWED: return "Credentials was passed in the URL when prohibited";
    case CURLUE_UNKNOWN_PART: return "An unknown part ID was passed to a URL API function";
    case CURLUE_NO_SCHEME: return "No scheme part in the URL";
    case CURLUE_NO_USER: return "No user part in the URL";
    case CURLUE_NO_PASSWORD: return "No password part in the URL";
    case CURLUE_NO_OPTIONS: return "No options part in the URL";
    case CURLUE_NO_HOST: return "No host part in the URL";
    case CURLUE_NO_PORT: return "No port part in the URL";
    case CURLUE_NO_QUERY: return "No query part in the URL";
    case CURLUE_NO_FRAGMENT: return "No fragment part in the URL";
    case CURLUE_NO_ZONEID: return "No zoneid part in the URL";
    case CURLUE_BAD_FILE_URL: return "Bad file:// URL";
    case CURLUE_BAD_FRAGMENT: return "Bad fragment";
    case CURLUE_BAD_HOSTNAME: return "Bad hostname";
    case CURLUE_BAD_IPV6: return "Bad IPv6 address";
    case CURLUE_BAD_LOGIN: return "Bad login part";
    case CURLUE_BAD_PASSWORD: return "Bad password";
    case CURLUE_BAD_PATH: return "Bad path";
    case CURLUE_BAD_QUERY: return "Bad query";
    case CURLUE_BAD_SCHEME: return "Bad scheme";
    case CURLUE_BAD_SLASHES: return "Unsupported number of slashes following scheme";
    case CURLUE_BAD_USER: return "Bad user";
    case CURLUE_LACKS_IDN: return "libcurl lacks IDN support";
    default: return "CURLUcode unknown";
  }
}
