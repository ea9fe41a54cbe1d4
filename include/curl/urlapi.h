/* urlapi.h: the URL parsing and building API (curl_url_*). */
#ifndef CURLINC_URLAPI_H
#define CURLINC_URLAPI_H

#include "curl.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
  CURLUE_OK                 = 0,
  CURLUE_BAD_HANDLE         = 1,
  CURLUE_BAD_PARTPOINTER    = 2,
  CURLUE_MALFORMED_INPUT    = 3,
  CURLUE_BAD_PORT_NUMBER    = 4,
  CURLUE_UNSUPPORTED_SCHEME = 5,
  CURLUE_URLDECODE          = 6,
  CURLUE_OUT_OF_MEMORY      = 7,
  CURLUE_USER_NOT_ALLOWED   = 8,
  CURLUE_UNKNOWN_PART       = 9,
  CURLUE_NO_SCHEME          = 10,
  CURLUE_NO_USER            = 11,
  CURLUE_NO_PASSWORD        = 12,
  CURLUE_NO_OPTIONS         = 13,
  CURLUE_NO_HOST            = 14,
  CURLUE_NO_PORT            = 15,
  CURLUE_NO_QUERY           = 16,
  CURLUE_NO_FRAGMENT        = 17,
  CURLUE_NO_ZONEID          = 18,
  CURLUE_BAD_FILE_URL       = 19,
  CURLUE_BAD_FRAGMENT       = 20,
  CURLUE_BAD_HOSTNAME       = 21,
  CURLUE_BAD_IPV6           = 22,
  CURLUE_BAD_LOGIN          = 23,
  CURLUE_BAD_PASSWORD       = 24,
  CURLUE_BAD_PATH           = 25,
  CURLUE_BAD_QUERY          = 26,
  CURLUE_BAD_SCHEME         = 27,
  CURLUE_BAD_SLASHES        = 28,
  CURLUE_BAD_USER           = 29,
  CURLUE_LACKS_IDN          = 30,
  CURLUE_LAST               = 31
} CURLUcode;

typedef enum {
  CURLUPART_URL      = 0,
  CURLUPART_SCHEME   = 1,
  CURLUPART_USER     = 2,
  CURLUPART_PASSWORD = 3,
  CURLUPART_OPTIONS  = 4,
  CURLUPART_HOST     = 5,
  CURLUPART_PORT     = 6,
  CURLUPART_PATH     = 7,
  CURLUPART_QUERY    = 8,
  CURLUPART_FRAGMENT = 9,
  CURLUPART_ZONEID   = 10
} CURLUPart;

/* Flags for curl_url_get and curl_url_set; each call uses the ones that apply to it. */
#define CURLU_DEFAULT_PORT       (1 << 0)
#define CURLU_NO_DEFAULT_PORT    (1 << 1)
#define CURLU_DEFAULT_SCHEME     (1 << 2)
#define CURLU_NON_SUPPORT_SCHEME (1 << 3)
#define CURLU_PATH_AS_IS         (1 << 4)
#define CURLU_DISALLOW_USER      (1 << 5)
#define CURLU_URLDECODE          (1 << 6)
#define CURLU_URLENCODE          (1 << 7)
#define CURLU_APPENDQUERY        (1 << 8)
#define CURLU_GUESS_SCHEME       (1 << 9)
#define CURLU_NO_AUTHORITY       (1 << 10)
#define CURLU_ALLOW_SPACE        (1 << 11)
#define CURLU_PUNYCODE           (1 << 12)

typedef struct Curl_URL CURLU; /* opaque */

CURL_EXTERN CURLU *curl_url(void);
CURL_EXTERN void curl_url_cleanup(CURLU *handle);
CURL_EXTERN CURLU *curl_url_dup(CURLU *in);
CURL_EXTERN CURLUcode curl_url_get(CURLU *handle, CURLUPart what, char **part,
                                   unsigned int flags);
CURL_EXTERN CURLUcode curl_url_set(CURLU *handle, CURLUPart what, const char *part,
                                   unsigned int flags);
CURL_EXTERN const char *curl_url_strerror(CURLUcode);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* CURLINC_URLAPI_H */
