/* curlver.h: the libcurl version xfer presents itself as, so applications' version checks pass. */
#ifndef CURLINC_CURLVER_H
#define CURLINC_CURLVER_H

/* xfer reports the libcurl release whose API and ABI it reproduces (Debian 12's 7.88.1);
   applications gate features on these numbers, so they must not follow xfer's own version. */
#define LIBCURL_COPYRIGHT "xfer authors; API of libcurl by Daniel Stenberg, <daniel@haxx.se>."
#define LIBCURL_VERSION "7.88.1"
#define LIBCURL_VERSION_MAJOR 7
#define LIBCURL_VERSION_MINOR 88
#define LIBCURL_VERSION_PATCH 1
#define LIBCURL_VERSION_NUM 0x075801
#define LIBCURL_TIMESTAMP "2023-02-20"

#define CURL_VERSION_BITS(x, y, z) ((x) << 16 | (y) << 8 | (z))
#define CURL_AT_LEAST_VERSION(x, y, z) \
  (LIBCURL_VERSION_NUM >= CURL_VERSION_BITS(x, y, z))

#endif /* CURLINC_CURLVER_H */
