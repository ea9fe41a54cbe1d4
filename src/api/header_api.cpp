// curl_easy_header / curl_easy_nextheader: the C boundary of the handle's HeaderStore.
#include <new>

#include <curl/curl.h>

#include "api/handles.h"
#include "engine/easy.h"
#include "engine/header_store.h"

extern "C" CURL_EXTERN CURLHcode curl_easy_header(CURL* easy, const char* name,
                                                  size_t index, unsigned int origin,
                                                  int request, struct curl_header** hout) {
  xfer::Easy* e = xfer::api::easy_of(easy);
  if (!e) return CURLHE_BAD_ARGUMENT;
  // An exception that reached the C caller would terminate it (its frames have no
  // handler): the header store made on first use, or the struct handed out, may not fit.
  try {
    return e->headers().get(name, index, origin, request, hout);
  } catch (const std::bad_alloc&) {
    return CURLHE_OUT_OF_MEMORY;
  }
}

extern "C" CURL_EXTERN struct curl_header* curl_easy_nextheader(CURL* easy,
                                                                unsigned int origin,
                                                                int request,
                                                                struct curl_header* prev) {
  xfer::Easy* e = xfer::api::easy_of(easy);
  if (!e) return nullptr;
  try {
    return e->headers().next(origin, request, prev);
  } catch (const std::bad_alloc&) {
    return nullptr;  // what libcurl answers when it cannot make the struct either
  }
}
