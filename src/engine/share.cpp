// Share: which data kinds are shared, the lock protocol around them, and the user count.
#include "engine/share.h"

namespace xfer {

namespace {

// A kind of data xfer knows how to share between easy handles.
bool supported(int what) {
  // PSL: xfer's public suffix list is libpsl's one process-wide, read-only context, so
  // every handle shares it already; the kind is taken as libcurl takes it.
  return what == CURL_LOCK_DATA_DNS || what == CURL_LOCK_DATA_COOKIE || what == CURL_LOCK_DATA_CONNECT ||
         what == CURL_LOCK_DATA_SSL_SESSION || what == CURL_LOCK_DATA_PSL || what == CURL_LOCK_DATA_HSTS;
}

}  // namespace

CURLSHcode Share::share(int what) {
  if (users_ > 0) return CURLSHE_IN_USE;
  if (supported(what)) {
    mask_ |= 1u << what;
    if (what == CURL_LOCK_DATA_COOKIE && !cookies_) cookies_ = std::make_unique<http::CookieJar>();
    if (what == CURL_LOCK_DATA_CONNECT && !conns_) conns_ = std::make_unique<SharedConnections>();
    if (what == CURL_LOCK_DATA_SSL_SESSION && !sessions_) sessions_ = std::make_unique<LockedSessions>(*this);
    if (what == CURL_LOCK_DATA_HSTS && !hsts_) hsts_ = std::make_unique<http::HstsCache>();
    return CURLSHE_OK;
  }
  return CURLSHE_BAD_OPTION;
}

CURLSHcode Share::unshare(int what) {
  if (users_ > 0) return CURLSHE_IN_USE;
  // libcurl drops the bit before it judges the kind, so even unsharing
  // CURL_LOCK_DATA_SHARE (refused as a bad option) stops the share lock being taken.
  if (what >= 0 && what < 32) mask_ &= ~(1u << what);
  if (what == CURL_LOCK_DATA_DNS) {
    dns_.clear();
    return CURLSHE_OK;
  }
  if (what == CURL_LOCK_DATA_COOKIE) {
    cookies_.reset();
    return CURLSHE_OK;
  }
  if (what == CURL_LOCK_DATA_CONNECT) {
    conns_.reset();
    return CURLSHE_OK;
  }
  if (what == CURL_LOCK_DATA_SSL_SESSION) {
    sessions_.reset();
    return CURLSHE_OK;
  }
  if (what == CURL_LOCK_DATA_HSTS) {
    hsts_.reset();
    return CURLSHE_OK;
  }
  // PSL has no unshare case in libcurl 7.88, so it is a bad option there.
  return CURLSHE_BAD_OPTION;
}

CURLSHcode Share::set_lock_function(curl_lock_function f) {
  if (users_ > 0) return CURLSHE_IN_USE;
  lock_fn_ = f;
  return CURLSHE_OK;
}

CURLSHcode Share::set_unlock_function(curl_unlock_function f) {
  if (users_ > 0) return CURLSHE_IN_USE;
  unlock_fn_ = f;
  return CURLSHE_OK;
}

CURLSHcode Share::set_user_data(void* p) {
  if (users_ > 0) return CURLSHE_IN_USE;
  user_data_ = p;
  return CURLSHE_OK;
}

void Share::attach(CURL* easy) {
  lock(easy, CURL_LOCK_DATA_SHARE, CURL_LOCK_ACCESS_SINGLE);
  ++users_;
  unlock(easy, CURL_LOCK_DATA_SHARE);
}

void Share::detach(CURL* easy) {
  lock(easy, CURL_LOCK_DATA_SHARE, CURL_LOCK_ACCESS_SINGLE);
  if (users_ > 0) --users_;
  unlock(easy, CURL_LOCK_DATA_SHARE);
}

// Unlike every other access, cleanup calls the callbacks whether or not the share lock
// is shared: libcurl 7.88 does, and applications' traces show it.
bool Share::try_retire() {
  if (lock_fn_) lock_fn_(nullptr, CURL_LOCK_DATA_SHARE, CURL_LOCK_ACCESS_SINGLE, user_data_);
  bool idle = users_ == 0;
  if (idle) invalidate();
  if (unlock_fn_) unlock_fn_(nullptr, CURL_LOCK_DATA_SHARE, user_data_);
  return idle;
}

void Share::lock(CURL* easy, curl_lock_data what, curl_lock_access access) const {
  if (lock_fn_ && shares(what)) lock_fn_(easy, what, access, user_data_);
}

void Share::unlock(CURL* easy, curl_lock_data what) const {
  if (unlock_fn_ && shares(what)) unlock_fn_(easy, what, user_data_);
}

}  // namespace xfer
