// WebSocket entry points: present for binary compatibility, NOT_BUILT_IN like Debian's 7.88.
#include <curl/curl.h>

// Debian builds 7.88 without WebSocket support, so applications already expect this answer
// and never see a partially filled out-argument.
extern "C" CURL_EXTERN CURLcode curl_ws_recv(CURL*, void*, size_t, size_t*,
                                             struct curl_ws_frame**) {
  return CURLE_NOT_BUILT_IN;
}

extern "C" CURL_EXTERN CURLcode curl_ws_send(CURL*, const void*, size_t, size_t*, curl_off_t,
                                             unsigned int) {
  return CURLE_NOT_BUILT_IN;
}

extern "C" CURL_EXTERN struct curl_ws_frame* curl_ws_meta(CURL*) { return nullptr; }
