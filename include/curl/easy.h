/* easy.h: the easy interface, one transfer driven by one handle (curl_easy_*). */
#ifndef CURLINC_EASY_H
#define CURLINC_EASY_H

#include "curl.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Binary option values (CURLOPTTYPE_BLOB): flags say whether the library keeps its own copy. */
#define CURL_BLOB_COPY   1
#define CURL_BLOB_NOCOPY 0

struct curl_blob {
  void *data;
  size_t len;
  unsigned int flags; /* CURL_BLOB_COPY or CURL_BLOB_NOCOPY */
};

CURL_EXTERN CURL *curl_easy_init(void);
CURL_EXTERN CURLcode curl_easy_setopt(CURL *curl, CURLoption option, ...);
CURL_EXTERN CURLcode curl_easy_perform(CURL *curl);
CURL_EXTERN void curl_easy_cleanup(CURL *curl);

/* The variadic argument is a pointer whose target type follows CURLINFO_TYPEMASK. */
CURL_EXTERN CURLcode curl_easy_getinfo(CURL *curl, CURLINFO info, ...);

/* A copy has the same options set, but no connection, cookies in flight or other state. */
CURL_EXTERN CURL *curl_easy_duphandle(CURL *curl);
CURL_EXTERN void curl_easy_reset(CURL *curl);

/* Raw I/O on a connection made with CURLOPT_CONNECT_ONLY. */
CURL_EXTERN CURLcode curl_easy_recv(CURL *curl, void *buffer, size_t buflen, size_t *n);
CURL_EXTERN CURLcode curl_easy_send(CURL *curl, const void *buffer, size_t buflen,
                                    size_t *n);

CURL_EXTERN CURLcode curl_easy_upkeep(CURL *curl);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* CURLINC_EASY_H */
