// curl_getdate: the C boundary over xfer's date parser.
#include <ctime>

#include <curl/curl.h>

#include "util/http_date.h"

extern "C" CURL_EXTERN time_t curl_getdate(const char* p, const time_t*) {
  if (!p) return -1;
  try {
    return xfer::getdate_value(p);
  } catch (...) {
    return -1;
  }
}
