// curl_share_init / curl_share_setopt / curl_share_cleanup: the C boundary of xfer::Share.
#include <cstdarg>
#include <new>

#include <curl/curl.h>

#include "engine/share.h"

namespace {

xfer::Share* share_of(CURLSH* h) {
  auto* s = static_cast<Curl_share*>(h);
  return s && s->valid() ? s : nullptr;
}

CURLSHcode apply(xfer::Share& s, CURLSHoption option, va_list args) {
  switch (option) {
    case CURLSHOPT_SHARE:
      return s.share(va_arg(args, int));
    case CURLSHOPT_UNSHARE:
      return s.unshare(va_arg(args, int));
    case CURLSHOPT_LOCKFUNC:
      return s.set_lock_function(va_arg(args, curl_lock_function));
    case CURLSHOPT_UNLOCKFUNC:
      return s.set_unlock_function(va_arg(args, curl_unlock_function));
    case CURLSHOPT_USERDATA:
      return s.set_user_data(va_arg(args, void*));
    default:
      // libcurl refuses every option while the share is in use, unknown ones included.
      return s.users() > 0 ? CURLSHE_IN_USE : CURLSHE_BAD_OPTION;
  }
}

}  // namespace

extern "C" CURL_EXTERN CURLSH* curl_share_init(void) {
  return new (std::nothrow) Curl_share();
}

extern "C" CURL_EXTERN CURLSHcode curl_share_setopt(CURLSH* share, CURLSHoption option, ...) {
  xfer::Share* s = share_of(share);
  if (!s) return CURLSHE_INVALID;
  va_list args;
  va_start(args, option);
  CURLSHcode code = apply(*s, option, args);
  va_end(args);
  return code;
}

extern "C" CURL_EXTERN CURLSHcode curl_share_cleanup(CURLSH* share) {
  xfer::Share* s = share_of(share);
  if (!s) return CURLSHE_INVALID;
  if (!s->try_retire()) return CURLSHE_IN_USE;
  delete static_cast<Curl_share*>(share);
  return CURLSHE_OK;
}
