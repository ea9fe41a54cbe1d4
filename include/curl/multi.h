/* multi.h: the multi interface, many transfers driven together without blocking (curl_multi_*). */
#ifndef CURLINC_MULTI_H
#define CURLINC_MULTI_H

#include "curl.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef void CURLM;

typedef enum {
#define XFER_MCODE(name, value) CURLM_##name = value,
#include "xfer_mcodes.def"
#undef XFER_MCODE
  CURLM_LAST /* one past the highest code; never returned */
} CURLMcode;

/* Kept for applications written when socket_action could ask to be called again. */
#define CURLM_CALL_MULTI_SOCKET CURLM_CALL_MULTI_PERFORM

/* CURLMOPT_PIPELINING bits. */
#define CURLPIPE_NOTHING   0L
#define CURLPIPE_HTTP1     1L
#define CURLPIPE_MULTIPLEX 2L

typedef enum {
  CURLMSG_NONE = 0,
  CURLMSG_DONE = 1,
  CURLMSG_LAST = 2
} CURLMSG;

/* One finished transfer, as returned by curl_multi_info_read. The layout (24 bytes on LP64)
   is ABI: applications read data.result straight out of it. */
struct CURLMsg {
  CURLMSG msg;
  CURL *easy_handle;
  union {
    void *whatever;
    CURLcode result; /* valid when msg is CURLMSG_DONE */
  } data;
};
typedef struct CURLMsg CURLMsg;

/* Event bits for curl_waitfd.events and .revents (the same values as poll(2)). */
#define CURL_WAIT_POLLIN  0x0001
#define CURL_WAIT_POLLPRI 0x0002
#define CURL_WAIT_POLLOUT 0x0004

struct curl_waitfd {
  curl_socket_t fd;
  short events;
  short revents;
};

CURL_EXTERN CURLM *curl_multi_init(void);
CURL_EXTERN CURLMcode curl_multi_add_handle(CURLM *multi_handle, CURL *curl_handle);
CURL_EXTERN CURLMcode curl_multi_remove_handle(CURLM *multi_handle, CURL *curl_handle);
CURL_EXTERN CURLMcode curl_multi_fdset(CURLM *multi_handle, fd_set *read_fd_set,
                                       fd_set *write_fd_set, fd_set *exc_fd_set,
                                       int *max_fd);
CURL_EXTERN CURLMcode curl_multi_wait(CURLM *multi_handle, struct curl_waitfd extra_fds[],
                                      unsigned int extra_nfds, int timeout_ms, int *ret);
CURL_EXTERN CURLMcode curl_multi_poll(CURLM *multi_handle, struct curl_waitfd extra_fds[],
                                      unsigned int extra_nfds, int timeout_ms, int *ret);
CURL_EXTERN CURLMcode curl_multi_wakeup(CURLM *multi_handle);
CURL_EXTERN CURLMcode curl_multi_perform(CURLM *multi_handle, int *running_handles);
CURL_EXTERN CURLMcode curl_multi_cleanup(CURLM *multi_handle);
CURL_EXTERN CURLMsg *curl_multi_info_read(CURLM *multi_handle, int *msgs_in_queue);
CURL_EXTERN const char *curl_multi_strerror(CURLMcode);

/* ---- event-driven use: the application owns the loop ---- */
/* What CURLMOPT_SOCKETFUNCTION is told to watch on a socket. */
#define CURL_POLL_NONE   0
#define CURL_POLL_IN     1
#define CURL_POLL_OUT    2
#define CURL_POLL_INOUT  3
#define CURL_POLL_REMOVE 4

/* curl_multi_socket_action with this socket means "only timers expired". */
#define CURL_SOCKET_TIMEOUT CURL_SOCKET_BAD

/* What the application saw on the socket it hands to curl_multi_socket_action. */
#define CURL_CSELECT_IN  0x01
#define CURL_CSELECT_OUT 0x02
#define CURL_CSELECT_ERR 0x04

typedef int (*curl_socket_callback)(CURL *easy, curl_socket_t s, int what, void *userp,
                                    void *socketp);
typedef int (*curl_multi_timer_callback)(CURLM *multi, long timeout_ms, void *userp);

CURL_EXTERN CURLMcode curl_multi_socket(CURLM *multi_handle, curl_socket_t s,
                                        int *running_handles);
CURL_EXTERN CURLMcode curl_multi_socket_action(CURLM *multi_handle, curl_socket_t s,
                                               int ev_bitmask, int *running_handles);
CURL_EXTERN CURLMcode curl_multi_socket_all(CURLM *multi_handle, int *running_handles);

/* The old three-argument call is the action call with no event bits. */
#ifndef CURL_ALLOW_OLD_MULTI_SOCKET
#define curl_multi_socket(x, y, z) curl_multi_socket_action(x, y, 0, z)
#endif

CURL_EXTERN CURLMcode curl_multi_timeout(CURLM *multi_handle, long *milliseconds);

typedef enum {
#define XFER_MOPT(name, type, number) CURLMOPT_##name = CURLOPTTYPE_##type + number,
#include "xfer_multi_options.def"
#undef XFER_MOPT
  CURLMOPT_LASTENTRY /* one past the highest option */
} CURLMoption;

CURL_EXTERN CURLMcode curl_multi_setopt(CURLM *multi_handle, CURLMoption option, ...);
CURL_EXTERN CURLMcode curl_multi_assign(CURLM *multi_handle, curl_socket_t sockfd,
                                        void *sockp);

/* Every easy handle currently added, NULL-terminated, in a block freed with curl_free
   (libcurl 8.4 API, offered early because it makes clean shutdown simple). */
CURL_EXTERN CURL **curl_multi_get_handles(CURLM *multi_handle);

/* Fills ufds with the sockets and events the transfers wait for (libcurl 8.8 API); fd_count
   receives how many there are. CURLM_OUT_OF_MEMORY when size is too small. */
CURL_EXTERN CURLMcode curl_multi_waitfds(CURLM *multi, struct curl_waitfd *ufds,
                                         unsigned int size, unsigned int *fd_count);

/* ---- HTTP/2 server push ---- */
#define CURL_PUSH_OK       0
#define CURL_PUSH_DENY     1
#define CURL_PUSH_ERROROUT 2

struct curl_pushheaders; /* opaque; valid only during the push callback */

CURL_EXTERN char *curl_pushheader_bynum(struct curl_pushheaders *h, size_t num);
CURL_EXTERN char *curl_pushheader_byname(struct curl_pushheaders *h, const char *name);

typedef int (*curl_push_callback)(CURL *parent, CURL *easy, size_t num_headers,
                                  struct curl_pushheaders *headers, void *userp);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* CURLINC_MULTI_H */
