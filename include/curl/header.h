/* header.h: the response header API (curl_easy_header, curl_easy_nextheader). */
#ifndef CURLINC_HEADER_H
#define CURLINC_HEADER_H

#include "curl.h"

#ifdef __cplusplus
extern "C" {
#endif

struct curl_header {
  char *name;   /* as the server spelled it */
  char *value;
  size_t amount; /* how many headers share this name */
  size_t index;  /* position of this one among them */
  unsigned int origin; /* one CURLH_* bit */
  void *anchor; /* private to the library */
};

/* Where a header came from; used both as a filter and in curl_header.origin. */
#define CURLH_HEADER  (1 << 0)
#define CURLH_TRAILER (1 << 1)
#define CURLH_CONNECT (1 << 2)
#define CURLH_1XX     (1 << 3)
#define CURLH_PSEUDO  (1 << 4)

typedef enum {
  CURLHE_OK            = 0,
  CURLHE_BADINDEX      = 1,
  CURLHE_MISSING       = 2,
  CURLHE_NOHEADERS     = 3,
  CURLHE_NOREQUEST     = 4,
  CURLHE_OUT_OF_MEMORY = 5,
  CURLHE_BAD_ARGUMENT  = 6,
  CURLHE_NOT_BUILT_IN  = 7
} CURLHcode;

/* request selects which response of a redirect chain; -1 means the last one. */
CURL_EXTERN CURLHcode curl_easy_header(CURL *easy, const char *name, size_t index,
                                       unsigned int origin, int request,
                                       struct curl_header **hout);
CURL_EXTERN struct curl_header *curl_easy_nextheader(CURL *easy, unsigned int origin,
                                                     int request,
                                                     struct curl_header *prev);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* CURLINC_HEADER_H */
