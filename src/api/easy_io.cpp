// curl_easy_send / curl_easy_recv: raw I/O on a CURLOPT_CONNECT_ONLY connection.
#include <curl/curl.h>

#include "api/handles.h"
#include "engine/connection.h"

using xfer::api::easy_of;

extern "C" CURL_EXTERN CURLcode curl_easy_send(CURL* handle, const void* buffer, size_t buflen, size_t* n) {
  xfer::Easy* e = easy_of(handle);
  if (!e || !n) return CURLE_BAD_FUNCTION_ARGUMENT;
  *n = 0;
  if (!e->connect_only_conn) return CURLE_UNSUPPORTED_PROTOCOL;
  const xfer::transport::IoResult r = e->connect_only_conn->send(static_cast<const char*>(buffer), buflen);
  switch (r.status) {
    case xfer::transport::IoStatus::kOk:
      *n = r.bytes;
      return CURLE_OK;
    case xfer::transport::IoStatus::kWouldBlock:
      return CURLE_AGAIN;
    default:
      return CURLE_SEND_ERROR;
  }
}

extern "C" CURL_EXTERN CURLcode curl_easy_recv(CURL* handle, void* buffer, size_t buflen, size_t* n) {
  xfer::Easy* e = easy_of(handle);
  if (!e || !n) return CURLE_BAD_FUNCTION_ARGUMENT;
  *n = 0;
  if (!e->connect_only_conn) return CURLE_UNSUPPORTED_PROTOCOL;
  const xfer::transport::IoResult r = e->connect_only_conn->recv(static_cast<char*>(buffer), buflen);
  switch (r.status) {
    case xfer::transport::IoStatus::kOk:
      *n = r.bytes;
      return CURLE_OK;
    case xfer::transport::IoStatus::kClosed:
      return CURLE_OK;  // the peer closed: zero bytes, as libcurl reports it
    case xfer::transport::IoStatus::kWouldBlock:
      return CURLE_AGAIN;
    default:
      return CURLE_RECV_ERROR;
  }
}
