/* options.h: run-time introspection of the easy options (curl_easy_option_*). */
#ifndef CURLINC_OPTIONS_H
#define CURLINC_OPTIONS_H

#include "curl.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
  CURLOT_LONG     = 0,
  CURLOT_VALUES   = 1,
  CURLOT_OFF_T    = 2,
  CURLOT_OBJECT   = 3,
  CURLOT_STRING   = 4,
  CURLOT_SLIST    = 5,
  CURLOT_CBPTR    = 6,
  CURLOT_BLOB     = 7,
  CURLOT_FUNCTION = 8
} curl_easytype;

/* Set on an entry whose id is shared with another, preferred, name. */
#define CURLOT_FLAG_ALIAS (1 << 0)

struct curl_easyoption {
  const char *name; /* without the CURLOPT_ prefix */
  CURLoption id;
  curl_easytype type;
  unsigned int flags; /* CURLOT_FLAG_* */
};

CURL_EXTERN const struct curl_easyoption *curl_easy_option_by_name(const char *name);
CURL_EXTERN const struct curl_easyoption *curl_easy_option_by_id(CURLoption id);
/* Walks the whole table: pass NULL to start, stops with NULL. */
CURL_EXTERN const struct curl_easyoption *
curl_easy_option_next(const struct curl_easyoption *prev);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* CURLINC_OPTIONS_H */
