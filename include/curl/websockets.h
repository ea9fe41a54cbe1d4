/* websockets.h: the WebSocket frame API (curl_ws_*); declared for ABI parity. */
#ifndef CURLINC_WEBSOCKETS_H
#define CURLINC_WEBSOCKETS_H

#include "curl.h"

#ifdef __cplusplus
extern "C" {
#endif

struct curl_ws_frame {
  int age;   /* layout version, 0 for this one */
  int flags; /* CURLWS_* */
  curl_off_t offset;    /* where this chunk sits within the frame */
  curl_off_t bytesleft; /* still to come for the frame */
  size_t len;           /* size of this chunk */
};

/* Frame types and flags, as found in curl_ws_frame.flags and passed to curl_ws_send. */
#define CURLWS_TEXT   (1 << 0)
#define CURLWS_BINARY (1 << 1)
#define CURLWS_CONT   (1 << 2)
#define CURLWS_CLOSE  (1 << 3)
#define CURLWS_PING   (1 << 4)
#define CURLWS_OFFSET (1 << 5)
#define CURLWS_PONG   (1 << 6)

/* CURLOPT_WS_OPTIONS bits. */
#define CURLWS_RAW_MODE (1 << 0)

CURL_EXTERN CURLcode curl_ws_recv(CURL *curl, void *buffer, size_t buflen, size_t *recv,
                                  struct curl_ws_frame **metap);
CURL_EXTERN CURLcode curl_ws_send(CURL *curl, const void *buffer, size_t buflen,
                                  size_t *sent, curl_off_t framesize,
                                  unsigned int sendflags);
CURL_EXTERN struct curl_ws_frame *curl_ws_meta(CURL *curl);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* CURLINC_WEBSOCKETS_H */
