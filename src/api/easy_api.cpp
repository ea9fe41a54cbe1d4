// The easy interface's lifecycle calls: init, cleanup, reset, duphandle, perform.
#include <memory>
#include <new>

#include <curl/curl.h>

#include "api/global_state.h"
#include "api/guard.h"
#include "api/handles.h"
#include "engine/transfer.h"

using xfer::api::easy_of;

extern "C" CURL_EXTERN CURL* curl_easy_init(void) {
  // An application that skips curl_global_init gets it implicitly, as with libcurl.
  if (!xfer::api::ensure_global_init()) return nullptr;
  try {
    return static_cast<Curl_easy*>(new Curl_easy());
  } catch (...) {
    return nullptr;
  }
}

extern "C" CURL_EXTERN void curl_easy_cleanup(CURL* handle) {
  xfer::Easy* e = easy_of(handle);
  if (!e) return;
  if (e->multi && e->multi->in_callback) return;  // freeing from inside a callback is not allowed
  // The files are written when the handle goes. A void call cannot report a failure, so
  // one that runs out of memory skips what is left of the writing (libcurl only warns when
  // a jar cannot be saved) and the handle is freed all the same.
  try {
    e->flush_cookies();  // CURLOPT_COOKIEJAR
    e->hsts_flush();     // CURLOPT_HSTS's file
    e->altsvc_flush();   // CURLOPT_ALTSVC's
  } catch (const std::bad_alloc&) {
  }
  delete static_cast<Curl_easy*>(e);
}

extern "C" CURL_EXTERN void curl_easy_reset(CURL* handle) {
  xfer::Easy* e = easy_of(handle);
  if (!e) return;
  try {
    e->reset_options();
  } catch (const std::bad_alloc&) {
    // The options are back to their defaults by then; only a kept PROXY_ERROR is lost.
  }
}

extern "C" CURL_EXTERN CURL* curl_easy_duphandle(CURL* handle) {
  xfer::Easy* e = easy_of(handle);
  if (!e) return nullptr;
  try {
    // Owned until fully copied: a copy that runs out of memory half way is freed.
    auto copy = std::make_unique<Curl_easy>();
    copy->copy_options_from(*e);
    return static_cast<Curl_easy*>(copy.release());
  } catch (...) {
    return nullptr;
  }
}

extern "C" CURL_EXTERN CURLcode curl_easy_perform(CURL* handle) {
  xfer::Easy* e = easy_of(handle);
  if (!e) return CURLE_BAD_FUNCTION_ARGUMENT;
  if (e->multi) return CURLE_FAILED_INIT;  // already driven by a multi handle
  return xfer::api::guarded([&]() -> CURLcode {
    if (!e->private_multi) {
      auto made = std::make_unique<xfer::Multi>();
      // Without its epoll descriptor (EMFILE) the engine could only return at once with no
      // transfer done; libcurl's perform says OUT_OF_MEMORY when it cannot make its multi.
      if (!made->valid()) return CURLE_OUT_OF_MEMORY;
      e->private_multi = std::move(made);
    }
    xfer::Multi& m = *e->private_multi;
    // libcurl's easy handle keeps a cache of 5 connections by default.
    m.pool().set_maxconnects(e->opts.maxconnects > 0 ? e->opts.maxconnects : 5);
    if (m.add(*e) != CURLM_OK) return CURLE_FAILED_INIT;
    int running = 1;
    while (running) {
      if (m.perform(&running) != CURLM_OK) break;
      if (running && m.wait(nullptr, 0, 1000, nullptr, true) != CURLM_OK) break;
    }
    CURLcode rc = CURLE_OK;
    int left = 0;
    if (CURLMsg* msg = m.info_read(&left)) rc = msg->data.result;
    m.remove(*e);
    return rc;
  });
}

extern "C" CURL_EXTERN CURLcode curl_easy_pause(CURL* handle, int bitmask) {
  xfer::Easy* e = easy_of(handle);
  if (!e) return CURLE_BAD_FUNCTION_ARGUMENT;
  if (!e->transfer) return CURLE_BAD_FUNCTION_ARGUMENT;  // never ran: libcurl 7.88 says so too
  return xfer::api::guarded([&] { return e->transfer->set_pause(bitmask); });
}

// HTTP/1.1 has no keep-alive message, so upkeep has nothing to send on xfer's connections;
// libcurl 7.88 sends nothing on them either (its upkeep pings HTTP/2 connections only).
// CURLOPT_UPKEEP_INTERVAL_MS is kept for the HTTP/2 PINGs of issue 18.
extern "C" CURL_EXTERN CURLcode curl_easy_upkeep(CURL* handle) {
  return easy_of(handle) ? CURLE_OK : CURLE_BAD_FUNCTION_ARGUMENT;
}
