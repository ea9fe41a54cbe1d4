/* curl.h: xfer's public C API, libcurl 7.88.1's names, numbers and layouts for the easy interface. */
#ifndef CURLINC_CURL_H
#define CURLINC_CURL_H

/* Every name and number below is part of libcurl's ABI: binaries built against Debian's
   libcurl pass these values to xfer unchanged, so none may move. Option, info and error
   numbers come from the xfer_*.def tables so the library's decoders cannot drift from them. */

#include "curlver.h"
#include "system.h"

#include <stdio.h>
#include <limits.h>
#include <sys/types.h>
#include <time.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/time.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The library is built with -fvisibility=hidden; only what carries this is exported. */
#define CURL_EXTERN __attribute__((visibility("default")))

/* xfer does not warn about deprecated API: it keeps supporting (or cleanly refusing) it.
   The macros exist because applications use them. */
#define CURL_DEPRECATED(version, message)
#define CURL_IGNORE_DEPRECATION(statements) statements
#define CURLWARNING(id, message)

typedef void CURL;
typedef void CURLSH;

#ifndef curl_socket_typedef
typedef int curl_socket_t;
#define CURL_SOCKET_BAD -1
#define curl_socket_typedef
#endif

/* ---- TLS backends (reported through curl_global_sslset and CURLINFO_TLS_SSL_PTR) ---- */
typedef enum {
  CURLSSLBACKEND_NONE            = 0,
  CURLSSLBACKEND_OPENSSL         = 1,
  CURLSSLBACKEND_GNUTLS          = 2,
  CURLSSLBACKEND_NSS             = 3,
  CURLSSLBACKEND_OBSOLETE4       = 4,
  CURLSSLBACKEND_GSKIT           = 5,
  CURLSSLBACKEND_POLARSSL        = 6,
  CURLSSLBACKEND_WOLFSSL         = 7,
  CURLSSLBACKEND_SCHANNEL        = 8,
  CURLSSLBACKEND_SECURETRANSPORT = 9,
  CURLSSLBACKEND_AXTLS           = 10,
  CURLSSLBACKEND_MBEDTLS         = 11,
  CURLSSLBACKEND_MESALINK        = 12,
  CURLSSLBACKEND_BEARSSL         = 13,
  CURLSSLBACKEND_RUSTLS          = 14
} curl_sslbackend;
#define CURLSSLBACKEND_LIBRESSL  CURLSSLBACKEND_OPENSSL
#define CURLSSLBACKEND_BORINGSSL CURLSSLBACKEND_OPENSSL
#define CURLSSLBACKEND_CYASSL    CURLSSLBACKEND_WOLFSSL
#define CURLSSLBACKEND_DARWINSSL CURLSSLBACKEND_SECURETRANSPORT

/* ---- the deprecated multipart form API ---- */
struct curl_httppost {
  struct curl_httppost *next;       /* next part in the list */
  char *name;
  long namelength;                  /* 0 means strlen(name) */
  char *contents;
  long contentslength;
  char *buffer;                     /* CURLFORM_BUFFER upload */
  long bufferlength;
  char *contenttype;
  struct curl_slist *contentheader; /* extra headers for this part */
  struct curl_httppost *more;       /* further files within this part */
  long flags;                       /* CURL_HTTPPOST_* */
  char *showfilename;
  void *userp;                      /* handed to the read callback */
  curl_off_t contentlen;            /* used when CURL_HTTPPOST_LARGE is set */
};
#define CURL_HTTPPOST_FILENAME    (1 << 0)
#define CURL_HTTPPOST_READFILE    (1 << 1)
#define CURL_HTTPPOST_PTRNAME     (1 << 2)
#define CURL_HTTPPOST_PTRCONTENTS (1 << 3)
#define CURL_HTTPPOST_BUFFER      (1 << 4)
#define CURL_HTTPPOST_PTRBUFFER   (1 << 5)
#define CURL_HTTPPOST_CALLBACK    (1 << 6)
#define CURL_HTTPPOST_LARGE       (1 << 7)

/* ---- progress, write and read callbacks ---- */
typedef int (*curl_progress_callback)(void *clientp, double dltotal, double dlnow,
                                      double ultotal, double ulnow);
typedef int (*curl_xferinfo_callback)(void *clientp, curl_off_t dltotal, curl_off_t dlnow,
                                      curl_off_t ultotal, curl_off_t ulnow);
#define CURL_PROGRESSFUNC_CONTINUE 0x10000001

/* Applications may override these buffer limits at build time, so only set them when unset. */
#ifndef CURL_MAX_READ_SIZE
#define CURL_MAX_READ_SIZE (10 * 1024 * 1024)
#endif
#ifndef CURL_MAX_WRITE_SIZE
#define CURL_MAX_WRITE_SIZE 16384
#endif
#ifndef CURL_MAX_HTTP_HEADER
#define CURL_MAX_HTTP_HEADER (100 * 1024)
#endif

#define CURL_WRITEFUNC_PAUSE 0x10000001
#define CURL_WRITEFUNC_ERROR 0xFFFFFFFF

typedef size_t (*curl_write_callback)(char *buffer, size_t size, size_t nitems,
                                      void *outstream);
typedef int (*curl_resolver_start_callback)(void *resolver_state, void *reserved,
                                            void *userdata);

/* ---- wildcard (FTP) transfers ---- */
typedef enum {
  CURLFILETYPE_FILE         = 0,
  CURLFILETYPE_DIRECTORY    = 1,
  CURLFILETYPE_SYMLINK      = 2,
  CURLFILETYPE_DEVICE_BLOCK = 3,
  CURLFILETYPE_DEVICE_CHAR  = 4,
  CURLFILETYPE_NAMEDPIPE    = 5,
  CURLFILETYPE_SOCKET       = 6,
  CURLFILETYPE_DOOR         = 7,
  CURLFILETYPE_UNKNOWN      = 8
} curlfiletype;
#define CURLFINFOFLAG_KNOWN_FILENAME   (1 << 0)
#define CURLFINFOFLAG_KNOWN_FILETYPE   (1 << 1)
#define CURLFINFOFLAG_KNOWN_TIME       (1 << 2)
#define CURLFINFOFLAG_KNOWN_PERM       (1 << 3)
#define CURLFINFOFLAG_KNOWN_UID        (1 << 4)
#define CURLFINFOFLAG_KNOWN_GID        (1 << 5)
#define CURLFINFOFLAG_KNOWN_SIZE       (1 << 6)
#define CURLFINFOFLAG_KNOWN_HLINKCOUNT (1 << 7)

struct curl_fileinfo {
  char *filename;
  curlfiletype filetype;
  time_t time;
  unsigned int perm;
  int uid;
  int gid;
  curl_off_t size;
  long int hardlinks;
  struct {
    char *time;
    char *perm;
    char *user;
    char *group;
    char *target; /* symlink destination */
  } strings;
  unsigned int flags; /* CURLFINFOFLAG_* saying which fields are valid */
  /* Internal storage that the strings above point into; applications leave it alone. */
  char *b_data;
  size_t b_size;
  size_t b_used;
};

#define CURL_CHUNK_BGN_FUNC_OK   0
#define CURL_CHUNK_BGN_FUNC_FAIL 1
#define CURL_CHUNK_BGN_FUNC_SKIP 2
#define CURL_CHUNK_END_FUNC_OK   0
#define CURL_CHUNK_END_FUNC_FAIL 1
typedef long (*curl_chunk_bgn_callback)(const void *transfer_info, void *ptr, int remains);
typedef long (*curl_chunk_end_callback)(void *ptr);

#define CURL_FNMATCHFUNC_MATCH   0
#define CURL_FNMATCHFUNC_NOMATCH 1
#define CURL_FNMATCHFUNC_FAIL    2
typedef int (*curl_fnmatch_callback)(void *ptr, const char *pattern, const char *string);

#define CURL_SEEKFUNC_OK       0
#define CURL_SEEKFUNC_FAIL     1
#define CURL_SEEKFUNC_CANTSEEK 2
typedef int (*curl_seek_callback)(void *instream, curl_off_t offset, int origin);

#define CURL_READFUNC_ABORT 0x10000000
#define CURL_READFUNC_PAUSE 0x10000001
#define CURL_TRAILERFUNC_OK    0
#define CURL_TRAILERFUNC_ABORT 1
typedef size_t (*curl_read_callback)(char *buffer, size_t size, size_t nitems,
                                     void *instream);
typedef int (*curl_trailer_callback)(struct curl_slist **list, void *userdata);

/* ---- socket callbacks ---- */
typedef enum {
  CURLSOCKTYPE_IPCXN  = 0,
  CURLSOCKTYPE_ACCEPT = 1,
  CURLSOCKTYPE_LAST   = 2
} curlsocktype;
#define CURL_SOCKOPT_OK                0
#define CURL_SOCKOPT_ERROR             1
#define CURL_SOCKOPT_ALREADY_CONNECTED 2
typedef int (*curl_sockopt_callback)(void *clientp, curl_socket_t curlfd,
                                     curlsocktype purpose);

struct curl_sockaddr {
  int family;
  int socktype;
  int protocol;
  unsigned int addrlen; /* socklen_t would be the natural type, but the ABI says unsigned int */
  struct sockaddr addr;
};

typedef curl_socket_t (*curl_opensocket_callback)(void *clientp, curlsocktype purpose,
                                                  struct curl_sockaddr *address);
typedef int (*curl_closesocket_callback)(void *clientp, curl_socket_t item);

typedef enum {
  CURLIOE_OK          = 0,
  CURLIOE_UNKNOWNCMD  = 1,
  CURLIOE_FAILRESTART = 2,
  CURLIOE_LAST        = 3
} curlioerr;
typedef enum {
  CURLIOCMD_NOP         = 0,
  CURLIOCMD_RESTARTREAD = 1,
  CURLIOCMD_LAST        = 2
} curliocmd;
typedef curlioerr (*curl_ioctl_callback)(CURL *handle, int cmd, void *clientp);

/* ---- allocator replacement (curl_global_init_mem) ---- */
#ifndef CURL_DID_MEMORY_FUNC_TYPEDEFS
typedef void *(*curl_malloc_callback)(size_t size);
typedef void (*curl_free_callback)(void *ptr);
typedef void *(*curl_realloc_callback)(void *ptr, size_t size);
typedef char *(*curl_strdup_callback)(const char *str);
typedef void *(*curl_calloc_callback)(size_t nmemb, size_t size);
#define CURL_DID_MEMORY_FUNC_TYPEDEFS
#endif

/* ---- debug and pre-request callbacks ---- */
typedef enum {
  CURLINFO_TEXT         = 0,
  CURLINFO_HEADER_IN    = 1,
  CURLINFO_HEADER_OUT   = 2,
  CURLINFO_DATA_IN      = 3,
  CURLINFO_DATA_OUT     = 4,
  CURLINFO_SSL_DATA_IN  = 5,
  CURLINFO_SSL_DATA_OUT = 6,
  CURLINFO_END          = 7
} curl_infotype;
typedef int (*curl_debug_callback)(CURL *handle, curl_infotype type, char *data,
                                   size_t size, void *userptr);

#define CURL_PREREQFUNC_OK    0
#define CURL_PREREQFUNC_ABORT 1
typedef int (*curl_prereq_callback)(void *clientp, char *conn_primary_ip,
                                    char *conn_local_ip, int conn_primary_port,
                                    int conn_local_port);

/* ---- result codes ---- */
typedef enum {
#define XFER_CODE(name, value) CURLE_##name = value,
#include "xfer_codes.def"
#undef XFER_CODE
  CURL_LAST /* one past the highest code; never returned */
} CURLcode;

#ifndef CURL_NO_OLDIES
/* Earlier names of codes that were renamed or retired; old applications still use them. */
#define CURLE_OBSOLETE16                  CURLE_HTTP2
#define CURLE_OBSOLETE10                  CURLE_FTP_ACCEPT_FAILED
#define CURLE_OBSOLETE12                  CURLE_FTP_ACCEPT_TIMEOUT
#define CURLE_FTP_WEIRD_SERVER_REPLY      CURLE_WEIRD_SERVER_REPLY
#define CURLE_SSL_CACERT                  CURLE_PEER_FAILED_VERIFICATION
#define CURLE_UNKNOWN_TELNET_OPTION       CURLE_UNKNOWN_OPTION
#define CURLE_TELNET_OPTION_SYNTAX        CURLE_SETOPT_OPTION_SYNTAX
#define CURLE_SSL_PEER_CERTIFICATE        CURLE_PEER_FAILED_VERIFICATION
#define CURLE_OBSOLETE                    CURLE_OBSOLETE50
#define CURLE_BAD_PASSWORD_ENTERED        CURLE_OBSOLETE46
#define CURLE_BAD_CALLING_ORDER           CURLE_OBSOLETE44
#define CURLE_FTP_USER_PASSWORD_INCORRECT CURLE_OBSOLETE10
#define CURLE_FTP_CANT_RECONNECT          CURLE_OBSOLETE16
#define CURLE_FTP_COULDNT_GET_SIZE        CURLE_OBSOLETE32
#define CURLE_FTP_COULDNT_SET_ASCII       CURLE_OBSOLETE29
#define CURLE_FTP_WEIRD_USER_REPLY        CURLE_OBSOLETE12
#define CURLE_FTP_WRITE_ERROR             CURLE_OBSOLETE20
#define CURLE_LIBRARY_NOT_FOUND           CURLE_OBSOLETE40
#define CURLE_MALFORMAT_USER              CURLE_OBSOLETE24
#define CURLE_SHARE_IN_USE                CURLE_OBSOLETE57
#define CURLE_URL_MALFORMAT_USER          CURLE_NOT_BUILT_IN
#define CURLE_FTP_ACCESS_DENIED           CURLE_REMOTE_ACCESS_DENIED
#define CURLE_FTP_COULDNT_SET_BINARY      CURLE_FTP_COULDNT_SET_TYPE
#define CURLE_FTP_QUOTE_ERROR             CURLE_QUOTE_ERROR
#define CURLE_TFTP_DISKFULL               CURLE_REMOTE_DISK_FULL
#define CURLE_TFTP_EXISTS                 CURLE_REMOTE_FILE_EXISTS
#define CURLE_HTTP_RANGE_ERROR            CURLE_RANGE_ERROR
#define CURLE_FTP_SSL_FAILED              CURLE_USE_SSL_FAILED
#define CURLE_OPERATION_TIMEOUTED         CURLE_OPERATION_TIMEDOUT
#define CURLE_HTTP_NOT_FOUND              CURLE_HTTP_RETURNED_ERROR
#define CURLE_HTTP_PORT_FAILED            CURLE_INTERFACE_FAILED
#define CURLE_FTP_COULDNT_STOR_FILE       CURLE_UPLOAD_FAILED
#define CURLE_FTP_PARTIAL_FILE            CURLE_PARTIAL_FILE
#define CURLE_FTP_BAD_DOWNLOAD_RESUME     CURLE_BAD_DOWNLOAD_RESUME
#define CURLE_LDAP_INVALID_URL            CURLE_OBSOLETE62
#define CURLE_CONV_REQD                   CURLE_OBSOLETE76
#define CURLE_CONV_FAILED                 CURLE_OBSOLETE75
#define CURLE_ALREADY_COMPLETE            99999
#endif

typedef enum {
  CURLPX_OK                               = 0,
  CURLPX_BAD_ADDRESS_TYPE                 = 1,
  CURLPX_BAD_VERSION                      = 2,
  CURLPX_CLOSED                           = 3,
  CURLPX_GSSAPI                           = 4,
  CURLPX_GSSAPI_PERMSG                    = 5,
  CURLPX_GSSAPI_PROTECTION                = 6,
  CURLPX_IDENTD                           = 7,
  CURLPX_IDENTD_DIFFER                    = 8,
  CURLPX_LONG_HOSTNAME                    = 9,
  CURLPX_LONG_PASSWD                      = 10,
  CURLPX_LONG_USER                        = 11,
  CURLPX_NO_AUTH                          = 12,
  CURLPX_RECV_ADDRESS                     = 13,
  CURLPX_RECV_AUTH                        = 14,
  CURLPX_RECV_CONNECT                     = 15,
  CURLPX_RECV_REQACK                      = 16,
  CURLPX_REPLY_ADDRESS_TYPE_NOT_SUPPORTED = 17,
  CURLPX_REPLY_COMMAND_NOT_SUPPORTED      = 18,
  CURLPX_REPLY_CONNECTION_REFUSED         = 19,
  CURLPX_REPLY_GENERAL_SERVER_FAILURE     = 20,
  CURLPX_REPLY_HOST_UNREACHABLE           = 21,
  CURLPX_REPLY_NETWORK_UNREACHABLE        = 22,
  CURLPX_REPLY_NOT_ALLOWED                = 23,
  CURLPX_REPLY_TTL_EXPIRED                = 24,
  CURLPX_REPLY_UNASSIGNED                 = 25,
  CURLPX_REQUEST_FAILED                   = 26,
  CURLPX_RESOLVE_HOST                     = 27,
  CURLPX_SEND_AUTH                        = 28,
  CURLPX_SEND_CONNECT                     = 29,
  CURLPX_SEND_REQUEST                     = 30,
  CURLPX_UNKNOWN_FAIL                     = 31,
  CURLPX_UNKNOWN_MODE                     = 32,
  CURLPX_USER_REJECTED                    = 33,
  CURLPX_LAST                             = 34
} CURLproxycode;

typedef CURLcode (*curl_conv_callback)(char *buffer, size_t length);
typedef CURLcode (*curl_ssl_ctx_callback)(CURL *curl, void *ssl_ctx, void *userptr);

typedef enum {
  CURLPROXY_HTTP            = 0,
  CURLPROXY_HTTP_1_0        = 1,
  CURLPROXY_HTTPS           = 2,
  CURLPROXY_SOCKS4          = 4,
  CURLPROXY_SOCKS5          = 5,
  CURLPROXY_SOCKS4A         = 6,
  CURLPROXY_SOCKS5_HOSTNAME = 7
} curl_proxytype;

/* ---- authentication bits (CURLOPT_HTTPAUTH, CURLOPT_PROXYAUTH, CURLOPT_SSH_AUTH_TYPES) ---- */
#define CURLAUTH_NONE         ((unsigned long)0)
#define CURLAUTH_BASIC        (((unsigned long)1) << 0)
#define CURLAUTH_DIGEST       (((unsigned long)1) << 1)
#define CURLAUTH_NEGOTIATE    (((unsigned long)1) << 2)
#define CURLAUTH_GSSNEGOTIATE CURLAUTH_NEGOTIATE
#define CURLAUTH_GSSAPI       CURLAUTH_NEGOTIATE
#define CURLAUTH_NTLM         (((unsigned long)1) << 3)
#define CURLAUTH_DIGEST_IE    (((unsigned long)1) << 4)
#define CURLAUTH_NTLM_WB      (((unsigned long)1) << 5)
#define CURLAUTH_BEARER       (((unsigned long)1) << 6)
#define CURLAUTH_AWS_SIGV4    (((unsigned long)1) << 7)
#define CURLAUTH_ONLY         (((unsigned long)1) << 31)
#define CURLAUTH_ANY          (~CURLAUTH_DIGEST_IE)
#define CURLAUTH_ANYSAFE      (~(CURLAUTH_BASIC | CURLAUTH_DIGEST_IE))

#define CURLSSH_AUTH_ANY       (~0)
#define CURLSSH_AUTH_NONE      0
#define CURLSSH_AUTH_PUBLICKEY (1 << 0)
#define CURLSSH_AUTH_PASSWORD  (1 << 1)
#define CURLSSH_AUTH_HOST      (1 << 2)
#define CURLSSH_AUTH_KEYBOARD  (1 << 3)
#define CURLSSH_AUTH_AGENT     (1 << 4)
#define CURLSSH_AUTH_GSSAPI    (1 << 5)
#define CURLSSH_AUTH_DEFAULT   CURLSSH_AUTH_ANY

#define CURLGSSAPI_DELEGATION_NONE        0
#define CURLGSSAPI_DELEGATION_POLICY_FLAG (1 << 0)
#define CURLGSSAPI_DELEGATION_FLAG        (1 << 1)

#define CURL_ERROR_SIZE 256

/* ---- SSH known-hosts checking ---- */
enum curl_khtype {
  CURLKHTYPE_UNKNOWN = 0,
  CURLKHTYPE_RSA1    = 1,
  CURLKHTYPE_RSA     = 2,
  CURLKHTYPE_DSS     = 3,
  CURLKHTYPE_ECDSA   = 4,
  CURLKHTYPE_ED25519 = 5
};

struct curl_khkey {
  const char *key; /* base64 text, or raw bytes when len is non-zero */
  size_t len;
  enum curl_khtype keytype;
};

enum curl_khstat {
  CURLKHSTAT_FINE_ADD_TO_FILE = 0,
  CURLKHSTAT_FINE             = 1,
  CURLKHSTAT_REJECT           = 2,
  CURLKHSTAT_DEFER            = 3,
  CURLKHSTAT_FINE_REPLACE     = 4,
  CURLKHSTAT_LAST             = 5
};
enum curl_khmatch {
  CURLKHMATCH_OK       = 0,
  CURLKHMATCH_MISMATCH = 1,
  CURLKHMATCH_MISSING  = 2,
  CURLKHMATCH_LAST     = 3
};

typedef int (*curl_sshkeycallback)(CURL *easy, const struct curl_khkey *knownkey,
                                   const struct curl_khkey *foundkey,
                                   enum curl_khmatch, void *clientp);
typedef int (*curl_sshhostkeycallback)(void *clientp, int keytype, const char *key,
                                       size_t keylen);

/* ---- TLS and FTP policy values ---- */
typedef enum {
  CURLUSESSL_NONE    = 0,
  CURLUSESSL_TRY     = 1,
  CURLUSESSL_CONTROL = 2,
  CURLUSESSL_ALL     = 3,
  CURLUSESSL_LAST    = 4
} curl_usessl;

#define CURLSSLOPT_ALLOW_BEAST        (1 << 0)
#define CURLSSLOPT_NO_REVOKE          (1 << 1)
#define CURLSSLOPT_NO_PARTIALCHAIN    (1 << 2)
#define CURLSSLOPT_REVOKE_BEST_EFFORT (1 << 3)
#define CURLSSLOPT_NATIVE_CA          (1 << 4)
#define CURLSSLOPT_AUTO_CLIENT_CERT   (1 << 5)

#define CURL_HET_DEFAULT 200L
#define CURL_UPKEEP_INTERVAL_DEFAULT 60000L

#ifndef CURL_NO_OLDIES
#define CURLFTPSSL_NONE    CURLUSESSL_NONE
#define CURLFTPSSL_TRY     CURLUSESSL_TRY
#define CURLFTPSSL_CONTROL CURLUSESSL_CONTROL
#define CURLFTPSSL_ALL     CURLUSESSL_ALL
#define CURLFTPSSL_LAST    CURLUSESSL_LAST
#define curl_ftpssl curl_usessl
#endif

typedef enum {
  CURLFTPSSL_CCC_NONE    = 0,
  CURLFTPSSL_CCC_PASSIVE = 1,
  CURLFTPSSL_CCC_ACTIVE  = 2,
  CURLFTPSSL_CCC_LAST    = 3
} curl_ftpccc;
typedef enum {
  CURLFTPAUTH_DEFAULT = 0,
  CURLFTPAUTH_SSL     = 1,
  CURLFTPAUTH_TLS     = 2,
  CURLFTPAUTH_LAST    = 3
} curl_ftpauth;
typedef enum {
  CURLFTP_CREATE_DIR_NONE  = 0,
  CURLFTP_CREATE_DIR       = 1,
  CURLFTP_CREATE_DIR_RETRY = 2,
  CURLFTP_CREATE_DIR_LAST  = 3
} curl_ftpcreatedir;
typedef enum {
  CURLFTPMETHOD_DEFAULT   = 0,
  CURLFTPMETHOD_MULTICWD  = 1,
  CURLFTPMETHOD_NOCWD     = 2,
  CURLFTPMETHOD_SINGLECWD = 3,
  CURLFTPMETHOD_LAST      = 4
} curl_ftpmethod;

#define CURLHEADER_UNIFIED  0
#define CURLHEADER_SEPARATE (1 << 0)

#define CURLALTSVC_READONLYFILE (1 << 2)
#define CURLALTSVC_H1           (1 << 3)
#define CURLALTSVC_H2           (1 << 4)
#define CURLALTSVC_H3           (1 << 5)

/* ---- HSTS cache callbacks ---- */
struct curl_hstsentry {
  char *name;
  size_t namelen;
  unsigned int includeSubDomains : 1;
  char expire[18]; /* "YYYYMMDD HH:MM:SS" plus the terminator */
};

struct curl_index {
  size_t index; /* zero-based position of this entry */
  size_t total;
};

typedef enum {
  CURLSTS_OK   = 0,
  CURLSTS_DONE = 1,
  CURLSTS_FAIL = 2
} CURLSTScode;

typedef CURLSTScode (*curl_hstsread_callback)(CURL *easy, struct curl_hstsentry *e,
                                              void *userp);
typedef CURLSTScode (*curl_hstswrite_callback)(CURL *easy, struct curl_hstsentry *e,
                                               struct curl_index *i, void *userp);

#define CURLHSTS_ENABLE       ((long)(1 << 0))
#define CURLHSTS_READONLYFILE ((long)(1 << 1))

/* ---- protocol bits (CURLOPT_PROTOCOLS, CURLINFO_PROTOCOL) ---- */
#define CURLPROTO_HTTP    (1 << 0)
#define CURLPROTO_HTTPS   (1 << 1)
#define CURLPROTO_FTP     (1 << 2)
#define CURLPROTO_FTPS    (1 << 3)
#define CURLPROTO_SCP     (1 << 4)
#define CURLPROTO_SFTP    (1 << 5)
#define CURLPROTO_TELNET  (1 << 6)
#define CURLPROTO_LDAP    (1 << 7)
#define CURLPROTO_LDAPS   (1 << 8)
#define CURLPROTO_DICT    (1 << 9)
#define CURLPROTO_FILE    (1 << 10)
#define CURLPROTO_TFTP    (1 << 11)
#define CURLPROTO_IMAP    (1 << 12)
#define CURLPROTO_IMAPS   (1 << 13)
#define CURLPROTO_POP3    (1 << 14)
#define CURLPROTO_POP3S   (1 << 15)
#define CURLPROTO_SMTP    (1 << 16)
#define CURLPROTO_SMTPS   (1 << 17)
#define CURLPROTO_RTSP    (1 << 18)
#define CURLPROTO_RTMP    (1 << 19)
#define CURLPROTO_RTMPT   (1 << 20)
#define CURLPROTO_RTMPE   (1 << 21)
#define CURLPROTO_RTMPTE  (1 << 22)
#define CURLPROTO_RTMPS   (1 << 23)
#define CURLPROTO_RTMPTS  (1 << 24)
#define CURLPROTO_GOPHER  (1 << 25)
#define CURLPROTO_SMB     (1 << 26)
#define CURLPROTO_SMBS    (1 << 27)
#define CURLPROTO_MQTT    (1 << 28)
#define CURLPROTO_GOPHERS (1 << 29)
#define CURLPROTO_ALL     (~0)

/* ---- options: CURLoption = base of its argument type + option number ---- */
#define CURLOPTTYPE_LONG          0
#define CURLOPTTYPE_OBJECTPOINT   10000
#define CURLOPTTYPE_FUNCTIONPOINT 20000
#define CURLOPTTYPE_OFF_T         30000
#define CURLOPTTYPE_BLOB          40000
/* These four only say more precisely what the pointer or long is; the numbers are shared. */
#define CURLOPTTYPE_STRINGPOINT CURLOPTTYPE_OBJECTPOINT
#define CURLOPTTYPE_SLISTPOINT  CURLOPTTYPE_OBJECTPOINT
#define CURLOPTTYPE_CBPOINT     CURLOPTTYPE_OBJECTPOINT
#define CURLOPTTYPE_VALUES      CURLOPTTYPE_LONG

/* libcurl's own header declares its options through these two; kept for code that uses them. */
#define CURLOPT(na, t, nu) na = t + nu
#define CURLOPTDEPRECATED(na, t, nu, v, m) na = t + nu

typedef enum {
#define XFER_OPT(name, type, number) CURLOPT_##name = CURLOPTTYPE_##type + number,
#include "xfer_options.def"
#undef XFER_OPT
  CURLOPT_LASTENTRY /* one past the highest option */
} CURLoption;

/* Older spellings that libcurl keeps as aliases of current options. */
#define CURLOPT_ENCODING     CURLOPT_ACCEPT_ENCODING
#define CURLOPT_FILE         CURLOPT_WRITEDATA
#define CURLOPT_INFILE       CURLOPT_READDATA
#define CURLOPT_WRITEHEADER  CURLOPT_HEADERDATA
#define CURLOPT_WRITEINFO    CURLOPT_OBSOLETE40
#define CURLOPT_CLOSEPOLICY  CURLOPT_OBSOLETE72
#define CURLOPT_PROGRESSDATA CURLOPT_XFERINFODATA
#define CURLOPT_RTSPHEADER   CURLOPT_HTTPHEADER

#ifndef CURL_NO_OLDIES
#define CURLOPT_POST301              CURLOPT_POSTREDIR
#define CURLOPT_SSLKEYPASSWD         CURLOPT_KEYPASSWD
#define CURLOPT_FTPAPPEND            CURLOPT_APPEND
#define CURLOPT_FTPLISTONLY          CURLOPT_DIRLISTONLY
#define CURLOPT_FTP_SSL              CURLOPT_USE_SSL
#define CURLOPT_SSLCERTPASSWD        CURLOPT_KEYPASSWD
#define CURLOPT_KRB4LEVEL            CURLOPT_KRBLEVEL
#define CURLOPT_FTP_RESPONSE_TIMEOUT CURLOPT_SERVER_RESPONSE_TIMEOUT
#endif

/* ---- values for individual options ---- */
#define CURL_IPRESOLVE_WHATEVER 0
#define CURL_IPRESOLVE_V4       1
#define CURL_IPRESOLVE_V6       2

enum {
  CURL_HTTP_VERSION_NONE              = 0,
  CURL_HTTP_VERSION_1_0               = 1,
  CURL_HTTP_VERSION_1_1               = 2,
  CURL_HTTP_VERSION_2_0               = 3,
  CURL_HTTP_VERSION_2TLS              = 4,
  CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE = 5,
  CURL_HTTP_VERSION_3                 = 30,
  CURL_HTTP_VERSION_3ONLY             = 31,
  CURL_HTTP_VERSION_LAST              = 32
};
/* The short name stands for the HTTP/2 value it has always meant. */
#define CURL_HTTP_VERSION_2 CURL_HTTP_VERSION_2_0

enum {
  CURL_RTSPREQ_NONE          = 0,
  CURL_RTSPREQ_OPTIONS       = 1,
  CURL_RTSPREQ_DESCRIBE      = 2,
  CURL_RTSPREQ_ANNOUNCE      = 3,
  CURL_RTSPREQ_SETUP         = 4,
  CURL_RTSPREQ_PLAY          = 5,
  CURL_RTSPREQ_PAUSE         = 6,
  CURL_RTSPREQ_TEARDOWN      = 7,
  CURL_RTSPREQ_GET_PARAMETER = 8,
  CURL_RTSPREQ_SET_PARAMETER = 9,
  CURL_RTSPREQ_RECORD        = 10,
  CURL_RTSPREQ_RECEIVE       = 11,
  CURL_RTSPREQ_LAST          = 12
};

enum CURL_NETRC_OPTION {
  CURL_NETRC_IGNORED  = 0,
  CURL_NETRC_OPTIONAL = 1,
  CURL_NETRC_REQUIRED = 2,
  CURL_NETRC_LAST     = 3
};

enum {
  CURL_SSLVERSION_DEFAULT = 0,
  CURL_SSLVERSION_TLSv1   = 1,
  CURL_SSLVERSION_SSLv2   = 2,
  CURL_SSLVERSION_SSLv3   = 3,
  CURL_SSLVERSION_TLSv1_0 = 4,
  CURL_SSLVERSION_TLSv1_1 = 5,
  CURL_SSLVERSION_TLSv1_2 = 6,
  CURL_SSLVERSION_TLSv1_3 = 7,
  CURL_SSLVERSION_LAST    = 8
};
enum {
  CURL_SSLVERSION_MAX_NONE    = 0,
  CURL_SSLVERSION_MAX_DEFAULT = (1 << 16),
  CURL_SSLVERSION_MAX_TLSv1_0 = (4 << 16),
  CURL_SSLVERSION_MAX_TLSv1_1 = (5 << 16),
  CURL_SSLVERSION_MAX_TLSv1_2 = (6 << 16),
  CURL_SSLVERSION_MAX_TLSv1_3 = (7 << 16),
  CURL_SSLVERSION_MAX_LAST    = (8 << 16)
};

enum CURL_TLSAUTH {
  CURL_TLSAUTH_NONE = 0,
  CURL_TLSAUTH_SRP  = 1,
  CURL_TLSAUTH_LAST = 2
};

#define CURL_REDIR_GET_ALL  0
#define CURL_REDIR_POST_301 1
#define CURL_REDIR_POST_302 2
#define CURL_REDIR_POST_303 4
#define CURL_REDIR_POST_ALL (CURL_REDIR_POST_301 | CURL_REDIR_POST_302 | CURL_REDIR_POST_303)

typedef enum {
  CURL_TIMECOND_NONE         = 0,
  CURL_TIMECOND_IFMODSINCE   = 1,
  CURL_TIMECOND_IFUNMODSINCE = 2,
  CURL_TIMECOND_LASTMOD      = 3,
  CURL_TIMECOND_LAST         = 4
} curl_TimeCond;

#define CURL_ZERO_TERMINATED ((size_t) -1)

/* ---- string helpers ---- */
CURL_EXTERN int curl_strequal(const char *s1, const char *s2);
CURL_EXTERN int curl_strnequal(const char *s1, const char *s2, size_t n);

/* ---- MIME (multipart) API ---- */
typedef struct curl_mime curl_mime;
typedef struct curl_mimepart curl_mimepart;

#define CURLMIMEOPT_FORMESCAPE (1 << 0)

CURL_EXTERN curl_mime *curl_mime_init(CURL *easy);
CURL_EXTERN void curl_mime_free(curl_mime *mime);
CURL_EXTERN curl_mimepart *curl_mime_addpart(curl_mime *mime);
CURL_EXTERN CURLcode curl_mime_name(curl_mimepart *part, const char *name);
CURL_EXTERN CURLcode curl_mime_filename(curl_mimepart *part, const char *filename);
CURL_EXTERN CURLcode curl_mime_type(curl_mimepart *part, const char *mimetype);
CURL_EXTERN CURLcode curl_mime_encoder(curl_mimepart *part, const char *encoding);
CURL_EXTERN CURLcode curl_mime_data(curl_mimepart *part, const char *data, size_t datasize);
CURL_EXTERN CURLcode curl_mime_filedata(curl_mimepart *part, const char *filename);
CURL_EXTERN CURLcode curl_mime_data_cb(curl_mimepart *part, curl_off_t datasize,
                                       curl_read_callback readfunc,
                                       curl_seek_callback seekfunc,
                                       curl_free_callback freefunc, void *arg);
CURL_EXTERN CURLcode curl_mime_subparts(curl_mimepart *part, curl_mime *subparts);
CURL_EXTERN CURLcode curl_mime_headers(curl_mimepart *part, struct curl_slist *headers,
                                       int take_ownership);

/* ---- the deprecated form API ---- */
typedef enum {
  CURLFORM_NOTHING        = 0,
  CURLFORM_COPYNAME       = 1,
  CURLFORM_PTRNAME        = 2,
  CURLFORM_NAMELENGTH     = 3,
  CURLFORM_COPYCONTENTS   = 4,
  CURLFORM_PTRCONTENTS    = 5,
  CURLFORM_CONTENTSLENGTH = 6,
  CURLFORM_FILECONTENT    = 7,
  CURLFORM_ARRAY          = 8,
  CURLFORM_OBSOLETE       = 9,
  CURLFORM_FILE           = 10,
  CURLFORM_BUFFER         = 11,
  CURLFORM_BUFFERPTR      = 12,
  CURLFORM_BUFFERLENGTH   = 13,
  CURLFORM_CONTENTTYPE    = 14,
  CURLFORM_CONTENTHEADER  = 15,
  CURLFORM_FILENAME       = 16,
  CURLFORM_END            = 17,
  CURLFORM_OBSOLETE2      = 18,
  CURLFORM_STREAM         = 19,
  CURLFORM_CONTENTLEN     = 20,
  CURLFORM_LASTENTRY      = 21
} CURLformoption;

struct curl_forms {
  CURLformoption option;
  const char *value;
};

typedef enum {
  CURL_FORMADD_OK             = 0,
  CURL_FORMADD_MEMORY         = 1,
  CURL_FORMADD_OPTION_TWICE   = 2,
  CURL_FORMADD_NULL           = 3,
  CURL_FORMADD_UNKNOWN_OPTION = 4,
  CURL_FORMADD_INCOMPLETE     = 5,
  CURL_FORMADD_ILLEGAL_ARRAY  = 6,
  CURL_FORMADD_DISABLED       = 7,
  CURL_FORMADD_LAST           = 8
} CURLFORMcode;

CURL_EXTERN CURLFORMcode curl_formadd(struct curl_httppost **httppost,
                                      struct curl_httppost **last_post, ...);

typedef size_t (*curl_formget_callback)(void *arg, const char *buf, size_t len);

CURL_EXTERN int curl_formget(struct curl_httppost *form, void *arg,
                             curl_formget_callback append);
CURL_EXTERN void curl_formfree(struct curl_httppost *form);

/* ---- global state, strings and escaping ---- */
CURL_EXTERN char *curl_getenv(const char *variable);
CURL_EXTERN char *curl_version(void);
CURL_EXTERN char *curl_easy_escape(CURL *handle, const char *string, int length);
CURL_EXTERN char *curl_escape(const char *string, int length);
CURL_EXTERN char *curl_easy_unescape(CURL *handle, const char *string, int length,
                                     int *outlength);
CURL_EXTERN char *curl_unescape(const char *string, int length);
CURL_EXTERN void curl_free(void *p);

CURL_EXTERN CURLcode curl_global_init(long flags);
CURL_EXTERN CURLcode curl_global_init_mem(long flags, curl_malloc_callback m,
                                          curl_free_callback f, curl_realloc_callback r,
                                          curl_strdup_callback s, curl_calloc_callback c);
CURL_EXTERN void curl_global_cleanup(void);

/* ---- string lists (headers, cookies, resolve entries...) ---- */
struct curl_slist {
  char *data;
  struct curl_slist *next;
};

/* ---- TLS backend selection ---- */
struct curl_ssl_backend {
  curl_sslbackend id;
  const char *name;
};
typedef struct curl_ssl_backend curl_ssl_backend;

typedef enum {
  CURLSSLSET_OK              = 0,
  CURLSSLSET_UNKNOWN_BACKEND = 1,
  CURLSSLSET_TOO_LATE        = 2,
  CURLSSLSET_NO_BACKENDS     = 3
} CURLsslset;

CURL_EXTERN CURLsslset curl_global_sslset(curl_sslbackend id, const char *name,
                                          const curl_ssl_backend ***avail);

CURL_EXTERN struct curl_slist *curl_slist_append(struct curl_slist *list, const char *data);
CURL_EXTERN void curl_slist_free_all(struct curl_slist *list);

CURL_EXTERN time_t curl_getdate(const char *p, const time_t *unused);

/* ---- transfer information (curl_easy_getinfo) ---- */
struct curl_certinfo {
  int num_of_certs;
  struct curl_slist **certinfo; /* one list of "name:value" lines per certificate */
};

struct curl_tlssessioninfo {
  curl_sslbackend backend;
  void *internals; /* the backend's session object, e.g. an OpenSSL SSL* */
};

/* The upper bits of a CURLINFO say which type curl_easy_getinfo writes through its pointer. */
#define CURLINFO_STRING   0x100000
#define CURLINFO_LONG     0x200000
#define CURLINFO_DOUBLE   0x300000
#define CURLINFO_SLIST    0x400000
#define CURLINFO_PTR      0x400000
#define CURLINFO_SOCKET   0x500000
#define CURLINFO_OFF_T    0x600000
#define CURLINFO_MASK     0x0fffff
#define CURLINFO_TYPEMASK 0xf00000

typedef enum {
  CURLINFO_NONE, /* never a valid request */
#define XFER_INFO(name, type, number) CURLINFO_##name = CURLINFO_##type + number,
#include "xfer_infos.def"
#undef XFER_INFO
  CURLINFO_LASTONE = 62 /* highest info number in use */
} CURLINFO;

#define CURLINFO_HTTP_CODE CURLINFO_RESPONSE_CODE

typedef enum {
  CURLCLOSEPOLICY_NONE                = 0,
  CURLCLOSEPOLICY_OLDEST              = 1,
  CURLCLOSEPOLICY_LEAST_RECENTLY_USED = 2,
  CURLCLOSEPOLICY_LEAST_TRAFFIC       = 3,
  CURLCLOSEPOLICY_SLOWEST             = 4,
  CURLCLOSEPOLICY_CALLBACK            = 5,
  CURLCLOSEPOLICY_LAST                = 6
} curl_closepolicy;

#define CURL_GLOBAL_SSL       (1 << 0)
#define CURL_GLOBAL_WIN32     (1 << 1)
#define CURL_GLOBAL_ALL       (CURL_GLOBAL_SSL | CURL_GLOBAL_WIN32)
#define CURL_GLOBAL_NOTHING   0
#define CURL_GLOBAL_DEFAULT   CURL_GLOBAL_ALL
#define CURL_GLOBAL_ACK_EINTR (1 << 2)

/* ---- share interface ---- */
typedef enum {
  CURL_LOCK_DATA_NONE        = 0,
  CURL_LOCK_DATA_SHARE       = 1,
  CURL_LOCK_DATA_COOKIE      = 2,
  CURL_LOCK_DATA_DNS         = 3,
  CURL_LOCK_DATA_SSL_SESSION = 4,
  CURL_LOCK_DATA_CONNECT     = 5,
  CURL_LOCK_DATA_PSL         = 6,
  CURL_LOCK_DATA_HSTS        = 7,
  CURL_LOCK_DATA_LAST        = 8
} curl_lock_data;
typedef enum {
  CURL_LOCK_ACCESS_NONE   = 0,
  CURL_LOCK_ACCESS_SHARED = 1,
  CURL_LOCK_ACCESS_SINGLE = 2,
  CURL_LOCK_ACCESS_LAST   = 3
} curl_lock_access;

typedef void (*curl_lock_function)(CURL *handle, curl_lock_data data,
                                   curl_lock_access locktype, void *userptr);
typedef void (*curl_unlock_function)(CURL *handle, curl_lock_data data, void *userptr);

typedef enum {
  CURLSHE_OK           = 0,
  CURLSHE_BAD_OPTION   = 1,
  CURLSHE_IN_USE       = 2,
  CURLSHE_INVALID      = 3,
  CURLSHE_NOMEM        = 4,
  CURLSHE_NOT_BUILT_IN = 5,
  CURLSHE_LAST         = 6
} CURLSHcode;
typedef enum {
  CURLSHOPT_NONE       = 0,
  CURLSHOPT_SHARE      = 1,
  CURLSHOPT_UNSHARE    = 2,
  CURLSHOPT_LOCKFUNC   = 3,
  CURLSHOPT_UNLOCKFUNC = 4,
  CURLSHOPT_USERDATA   = 5,
  CURLSHOPT_LAST       = 6
} CURLSHoption;

CURL_EXTERN CURLSH *curl_share_init(void);
CURL_EXTERN CURLSHcode curl_share_setopt(CURLSH *share, CURLSHoption option, ...);
CURL_EXTERN CURLSHcode curl_share_cleanup(CURLSH *share);

/* ---- version information ---- */
typedef enum {
  CURLVERSION_FIRST    = 0,
  CURLVERSION_SECOND   = 1,
  CURLVERSION_THIRD    = 2,
  CURLVERSION_FOURTH   = 3,
  CURLVERSION_FIFTH    = 4,
  CURLVERSION_SIXTH    = 5,
  CURLVERSION_SEVENTH  = 6,
  CURLVERSION_EIGHTH   = 7,
  CURLVERSION_NINTH    = 8,
  CURLVERSION_TENTH    = 9,
  CURLVERSION_ELEVENTH = 10,
  CURLVERSION_LAST     = 11
} CURLversion;

/* Each time the struct grows, a new CURLversion names the layout the caller knows. */
#define CURLVERSION_NOW CURLVERSION_ELEVENTH

struct curl_version_info_data {
  CURLversion age;
  /* present since CURLVERSION_FIRST */
  const char *version;
  unsigned int version_num;
  const char *host;
  int features; /* CURL_VERSION_* bits */
  const char *ssl_version;
  long ssl_version_num; /* unused, always 0 */
  const char *libz_version;
  const char * const *protocols; /* NULL-terminated */
  /* CURLVERSION_SECOND */
  const char *ares;
  int ares_num;
  /* CURLVERSION_THIRD */
  const char *libidn;
  /* CURLVERSION_FOURTH */
  int iconv_ver_num;
  const char *libssh_version;
  /* CURLVERSION_FIFTH */
  unsigned int brotli_ver_num;
  const char *brotli_version;
  /* CURLVERSION_SIXTH */
  unsigned int nghttp2_ver_num;
  const char *nghttp2_version;
  const char *quic_version;
  /* CURLVERSION_SEVENTH */
  const char *cainfo;
  const char *capath;
  /* CURLVERSION_EIGHTH */
  unsigned int zstd_ver_num;
  const char *zstd_version;
  /* CURLVERSION_NINTH */
  const char *hyper_version;
  /* CURLVERSION_TENTH */
  const char *gsasl_version;
  /* CURLVERSION_ELEVENTH */
  const char * const *feature_names; /* NULL-terminated */
};
typedef struct curl_version_info_data curl_version_info_data;

#define CURL_VERSION_IPV6         (1 << 0)
#define CURL_VERSION_KERBEROS4    (1 << 1)
#define CURL_VERSION_SSL          (1 << 2)
#define CURL_VERSION_LIBZ         (1 << 3)
#define CURL_VERSION_NTLM         (1 << 4)
#define CURL_VERSION_GSSNEGOTIATE (1 << 5)
#define CURL_VERSION_DEBUG        (1 << 6)
#define CURL_VERSION_ASYNCHDNS    (1 << 7)
#define CURL_VERSION_SPNEGO       (1 << 8)
#define CURL_VERSION_LARGEFILE    (1 << 9)
#define CURL_VERSION_IDN          (1 << 10)
#define CURL_VERSION_SSPI         (1 << 11)
#define CURL_VERSION_CONV         (1 << 12)
#define CURL_VERSION_CURLDEBUG    (1 << 13)
#define CURL_VERSION_TLSAUTH_SRP  (1 << 14)
#define CURL_VERSION_NTLM_WB      (1 << 15)
#define CURL_VERSION_HTTP2        (1 << 16)
#define CURL_VERSION_GSSAPI       (1 << 17)
#define CURL_VERSION_KERBEROS5    (1 << 18)
#define CURL_VERSION_UNIX_SOCKETS (1 << 19)
#define CURL_VERSION_PSL          (1 << 20)
#define CURL_VERSION_HTTPS_PROXY  (1 << 21)
#define CURL_VERSION_MULTI_SSL    (1 << 22)
#define CURL_VERSION_BROTLI       (1 << 23)
#define CURL_VERSION_ALTSVC       (1 << 24)
#define CURL_VERSION_HTTP3        (1 << 25)
#define CURL_VERSION_ZSTD         (1 << 26)
#define CURL_VERSION_UNICODE      (1 << 27)
#define CURL_VERSION_HSTS         (1 << 28)
#define CURL_VERSION_GSASL        (1 << 29)
#define CURL_VERSION_THREADSAFE   (1 << 30)

CURL_EXTERN curl_version_info_data *curl_version_info(CURLversion);

CURL_EXTERN const char *curl_easy_strerror(CURLcode);
CURL_EXTERN const char *curl_share_strerror(CURLSHcode);

/* ---- pausing ---- */
CURL_EXTERN CURLcode curl_easy_pause(CURL *handle, int bitmask);

#define CURLPAUSE_RECV      (1 << 0)
#define CURLPAUSE_RECV_CONT (0)
#define CURLPAUSE_SEND      (1 << 2)
#define CURLPAUSE_SEND_CONT (0)
#define CURLPAUSE_ALL       (CURLPAUSE_RECV | CURLPAUSE_SEND)
#define CURLPAUSE_CONT      (CURLPAUSE_RECV_CONT | CURLPAUSE_SEND_CONT)

#ifdef __cplusplus
} /* extern "C" */
#endif

/* These need the option and info enums above. */
#include "easy.h"
#include "multi.h"
#include "urlapi.h"
#include "options.h"
#include "header.h"
#include "websockets.h"

/* Redefining each call as itself makes the compiler insist on exactly three arguments,
   which catches a forgotten option value; a parenthesised name still reaches the function. */
#if defined(__STDC__) && (__STDC__ >= 1)
#define curl_easy_setopt(handle, opt, param) curl_easy_setopt(handle, opt, param)
#define curl_easy_getinfo(handle, info, arg) curl_easy_getinfo(handle, info, arg)
#define curl_share_setopt(share, opt, param) curl_share_setopt(share, opt, param)
#define curl_multi_setopt(handle, opt, param) curl_multi_setopt(handle, opt, param)
#endif

#endif /* CURLINC_CURL_H */
