// The multi interface's C entry points: argument checks, then the engine.
#include <cstdarg>
#include <new>

#define CURL_ALLOW_OLD_MULTI_SOCKET

#include <curl/curl.h>

#include "api/global_state.h"
#include "api/guard.h"
#include "api/handles.h"

using xfer::api::easy_of;
using xfer::api::guarded_multi;
using xfer::api::multi_of;

extern "C" CURL_EXTERN CURLM* curl_multi_init(void) {
  if (!xfer::api::ensure_global_init()) return nullptr;
  try {
    auto* m = new Curl_multi();
    if (!m->valid()) {
      delete m;
      return nullptr;
    }
    return static_cast<CURLM*>(m);
  } catch (...) {
    return nullptr;
  }
}

extern "C" CURL_EXTERN CURLMcode curl_multi_cleanup(CURLM* handle) {
  xfer::Multi* m = multi_of(handle);
  if (!m) return CURLM_BAD_HANDLE;
  if (m->in_callback) return CURLM_RECURSIVE_API_CALL;
  delete static_cast<Curl_multi*>(m);
  return CURLM_OK;
}

extern "C" CURL_EXTERN CURLMcode curl_multi_add_handle(CURLM* mh, CURL* eh) {
  xfer::Multi* m = multi_of(mh);
  if (!m) return CURLM_BAD_HANDLE;
  xfer::Easy* e = easy_of(eh);
  if (!e) return CURLM_BAD_EASY_HANDLE;
  return guarded_multi([&] { return m->add(*e); });
}

extern "C" CURL_EXTERN CURLMcode curl_multi_remove_handle(CURLM* mh, CURL* eh) {
  xfer::Multi* m = multi_of(mh);
  if (!m) return CURLM_BAD_HANDLE;
  xfer::Easy* e = easy_of(eh);
  if (!e) return CURLM_BAD_EASY_HANDLE;
  return guarded_multi([&] { return m->remove(*e); });
}

extern "C" CURL_EXTERN CURLMcode curl_multi_perform(CURLM* mh, int* running_handles) {
  xfer::Multi* m = multi_of(mh);
  if (!m) return CURLM_BAD_HANDLE;
  return guarded_multi([&] { return m->perform(running_handles); });
}

extern "C" CURL_EXTERN CURLMcode curl_multi_wait(CURLM* mh, struct curl_waitfd extra_fds[], unsigned int extra_nfds,
                                                 int timeout_ms, int* numfds) {
  xfer::Multi* m = multi_of(mh);
  if (!m) return CURLM_BAD_HANDLE;
  return guarded_multi([&] { return m->wait(extra_fds, extra_nfds, timeout_ms, numfds, false); });
}

extern "C" CURL_EXTERN CURLMcode curl_multi_poll(CURLM* mh, struct curl_waitfd extra_fds[], unsigned int extra_nfds,
                                                 int timeout_ms, int* numfds) {
  xfer::Multi* m = multi_of(mh);
  if (!m) return CURLM_BAD_HANDLE;
  return guarded_multi([&] { return m->wait(extra_fds, extra_nfds, timeout_ms, numfds, true); });
}

extern "C" CURL_EXTERN CURLMcode curl_multi_wakeup(CURLM* mh) {
  xfer::Multi* m = multi_of(mh);
  if (!m) return CURLM_BAD_HANDLE;
  return m->wakeup();
}

extern "C" CURL_EXTERN CURLMcode curl_multi_timeout(CURLM* mh, long* milliseconds) {
  xfer::Multi* m = multi_of(mh);
  if (!m) return CURLM_BAD_HANDLE;
  if (!milliseconds) return CURLM_BAD_FUNCTION_ARGUMENT;
  return guarded_multi([&] { return m->timeout(milliseconds); });
}

extern "C" CURL_EXTERN CURLMcode curl_multi_fdset(CURLM* mh, fd_set* read_fd_set, fd_set* write_fd_set,
                                                  fd_set* exc_fd_set, int* max_fd) {
  xfer::Multi* m = multi_of(mh);
  if (!m) return CURLM_BAD_HANDLE;
  return guarded_multi([&] { return m->fdset(read_fd_set, write_fd_set, exc_fd_set, max_fd); });
}

extern "C" CURL_EXTERN CURLMsg* curl_multi_info_read(CURLM* mh, int* msgs_in_queue) {
  xfer::Multi* m = multi_of(mh);
  if (!m) {
    if (msgs_in_queue) *msgs_in_queue = 0;
    return nullptr;
  }
  return m->info_read(msgs_in_queue);
}

extern "C" CURL_EXTERN CURL** curl_multi_get_handles(CURLM* mh) {
  xfer::Multi* m = multi_of(mh);
  if (!m) return nullptr;
  try {
    return m->handles();
  } catch (const std::bad_alloc&) {
    return nullptr;
  }
}

extern "C" CURL_EXTERN CURLMcode curl_multi_socket_action(CURLM* mh, curl_socket_t s, int ev_bitmask,
                                                          int* running_handles) {
  xfer::Multi* m = multi_of(mh);
  if (!m) return CURLM_BAD_HANDLE;
  return guarded_multi([&] { return m->socket_action(s, ev_bitmask, running_handles); });
}

#undef curl_multi_socket
extern "C" CURL_EXTERN CURLMcode curl_multi_socket(CURLM* mh, curl_socket_t s, int* running_handles) {
  xfer::Multi* m = multi_of(mh);
  if (!m) return CURLM_BAD_HANDLE;
  return guarded_multi([&] { return m->socket_action(s, 0, running_handles); });
}

extern "C" CURL_EXTERN CURLMcode curl_multi_socket_all(CURLM* mh, int* running_handles) {
  xfer::Multi* m = multi_of(mh);
  if (!m) return CURLM_BAD_HANDLE;
  return guarded_multi([&] { return m->socket_all(running_handles); });
}

extern "C" CURL_EXTERN CURLMcode curl_multi_assign(CURLM* mh, curl_socket_t s, void* sockp) {
  xfer::Multi* m = multi_of(mh);
  if (!m) return CURLM_BAD_HANDLE;
  return guarded_multi([&] { return m->assign(s, sockp); });
}

extern "C" CURL_EXTERN CURLMcode curl_multi_waitfds(CURLM* mh, struct curl_waitfd* ufds, unsigned int size,
                                                    unsigned int* fd_count) {
  xfer::Multi* m = multi_of(mh);
  if (!m) return CURLM_BAD_HANDLE;
  return guarded_multi([&] { return m->waitfds(ufds, size, fd_count); });
}

#undef curl_multi_setopt
extern "C" CURL_EXTERN CURLMcode curl_multi_setopt(CURLM* mh, CURLMoption option, ...) {
  xfer::Multi* m = multi_of(mh);
  if (!m) return CURLM_BAD_HANDLE;
  if (m->in_callback) return CURLM_RECURSIVE_API_CALL;
  va_list ap;
  va_start(ap, option);
  long l = 0;
  void* p = nullptr;
  void (*fn)() = nullptr;
  const int o = static_cast<int>(option);
  if (o < CURLOPTTYPE_OBJECTPOINT)
    l = va_arg(ap, long);
  else if (o < CURLOPTTYPE_FUNCTIONPOINT)
    p = va_arg(ap, void*);
  else if (o < CURLOPTTYPE_OFF_T)
    fn = va_arg(ap, void (*)());
  va_end(ap);
  switch (option) {
    case CURLMOPT_SOCKETFUNCTION:
      m->set_socket_callback(reinterpret_cast<curl_socket_callback>(fn), m->socket_data());
      return CURLM_OK;
    case CURLMOPT_SOCKETDATA:
      m->set_socket_callback(m->socket_callback(), p);
      return CURLM_OK;
    case CURLMOPT_TIMERFUNCTION:
      m->set_timer_callback(reinterpret_cast<curl_multi_timer_callback>(fn), m->timer_data());
      return CURLM_OK;
    case CURLMOPT_TIMERDATA:
      m->set_timer_callback(m->timer_callback(), p);
      return CURLM_OK;
    case CURLMOPT_MAXCONNECTS:
      if (l < 0) return CURLM_BAD_FUNCTION_ARGUMENT;
      m->pool().set_maxconnects(l);
      return CURLM_OK;
    case CURLMOPT_MAX_HOST_CONNECTIONS:
      if (l < 0) return CURLM_BAD_FUNCTION_ARGUMENT;
      m->pool().set_max_host(l);
      return CURLM_OK;
    case CURLMOPT_MAX_TOTAL_CONNECTIONS:
      if (l < 0) return CURLM_BAD_FUNCTION_ARGUMENT;
      m->pool().set_max_total(l);
      return CURLM_OK;
    case CURLMOPT_PIPELINING:
      // HTTP/1.1 pipelining is gone from libcurl too (7.62): only the multiplex bit is
      // kept. Multiplexing needs HTTP/2 (issue 18); until then every value leaves
      // transfers one per connection, as on a libcurl built without nghttp2.
      m->multiplexing = (l & CURLPIPE_MULTIPLEX) != 0;
      return CURLM_OK;
    case CURLMOPT_MAX_CONCURRENT_STREAMS:
      // libcurl 7.88 takes any number and turns one below 1 into its default, 100.
      m->max_concurrent_streams = l < 1 ? 100 : l;
      return CURLM_OK;
    case CURLMOPT_PUSHFUNCTION:
      // Server push exists on HTTP/2 only, so over HTTP/1.1 the callback is never called:
      // what a libcurl built without HTTP/2 does with it too.
      m->push_fn = reinterpret_cast<curl_push_callback>(fn);
      return CURLM_OK;
    case CURLMOPT_PUSHDATA:
      m->push_data = p;
      return CURLM_OK;
    case CURLMOPT_MAX_PIPELINE_LENGTH:
    case CURLMOPT_CONTENT_LENGTH_PENALTY_SIZE:
    case CURLMOPT_CHUNK_LENGTH_PENALTY_SIZE:
    case CURLMOPT_PIPELINING_SITE_BL:
    case CURLMOPT_PIPELINING_SERVER_BL:
      // Pipelining's knobs: libcurl 7.88 accepts them and does nothing since 7.62.
      return CURLM_OK;
    default:
      return CURLM_UNKNOWN_OPTION;
  }
}
