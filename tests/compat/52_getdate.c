/* Scenario: curl_getdate over the date formats libcurl accepts and the ones it refuses. */
#include "trace.h"

#include <time.h>

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  static const char *dates[] = {
    "Sun, 06 Nov 1994 08:49:37 GMT",
    "Sunday, 06-Nov-94 08:49:37 GMT",
    "Sun Nov  6 08:49:37 1994",
    "06 Nov 1994 08:49:37 GMT",
    "Sun, 06 Nov 1994 08:49:37 +0100",
    "Sun, 06 Nov 1994 08:49:37 -0530",
    "Sun, 06 Nov 1994 08:49:37 EST",
    "Sun, 06 Nov 1994 08:49:37 PDT",
    "Sun, 06 Nov 1994 08:49:37 CEST",
    "Sun, 06 Nov 1994 08:49:37 z",
    "Sun, 06 Nov 1994 08:49:37 A",
    "6 Nov 1994",
    "Nov 6 1994 8:49",
    "1994-11-06 08:49:37",
    "19941106 08:49:37",
    "20380119 03:14:08",
    "Thu, 01 Jan 1970 00:00:00 GMT",
    "Wed, 31 Dec 1969 23:59:59 GMT",
    "Wed, 31 Dec 1969 23:59:58 GMT",
    "Fri, 01 Jan 1500 00:00:00 GMT",
    "Mon, 29 Feb 2016 12:00:00 GMT",
    "Tue, 30 Feb 2016 12:00:00 GMT",
    "Sat, 01 Jan 10000 00:00:00 GMT",
    "01 Jan 70",
    "01 Jan 69",
    "31 Dec 99 23:59:59",
    "Sun, 06 Nov 1994 24:00:00 GMT",
    "Sun, 06 Nov 1994 08:60:00 GMT",
    "Sun, 06 Nov 1994 08:49:61 GMT",
    "Sun, 06 Nov 1994 08:49:60 GMT",
    "Sun, 32 Nov 1994 08:49:37 GMT",
    "Sun, 06 Foo 1994 08:49:37 GMT",
    "garbage",
    "",
    "12:34:56",
    "Nov 1994",
    "Sun 06 Nov 1994 08:49:37 GMT extra words here",
    "Sun, 06 Nov 1994 08:49:37 GMT+0200",
    "1994 Nov 06",
    "06/11/1994",
    "Sun, 06 November 1994 08:49:37 GMT",
    "sUN, 06 nOV 1994 08:49:37 gmt",
    "Thu, 01 Jan 2099 00:00:00 GMT",
    "Sun, 06 Nov 1994 8:9:7 GMT",
    "Sun, 06 Nov 1994 08:49 GMT",
    "Sun, 06 Nov 1994 +1500",
    "Sun, 06 Nov 1994 08:49:37 NZDT",
  };
  for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++)
    trace_line("[%s] -> %lld", dates[i], (long long)curl_getdate(dates[i], NULL));
  time_t unused = 12345;
  trace_line("with unused -> %lld", (long long)curl_getdate("Sun, 06 Nov 1994 08:49:37 GMT", &unused));
  curl_global_cleanup();
  return 0;
}
