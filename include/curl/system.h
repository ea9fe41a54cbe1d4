/* system.h: curl_off_t, curl_socklen_t and their printf formats for the platforms xfer builds on. */
#ifndef CURLINC_SYSTEM_H
#define CURLINC_SYSTEM_H

/* xfer targets POSIX systems with GCC or Clang only, so the width of long decides everything;
   libcurl picks the same types there, which keeps struct layouts and varargs identical. */
#if defined(__LP64__) || defined(_LP64)
#  define CURL_TYPEOF_CURL_OFF_T long
#  define CURL_FORMAT_CURL_OFF_T "ld"
#  define CURL_FORMAT_CURL_OFF_TU "lu"
#  define CURL_SUFFIX_CURL_OFF_T L
#  define CURL_SUFFIX_CURL_OFF_TU UL
#else
#  define CURL_TYPEOF_CURL_OFF_T long long
#  define CURL_FORMAT_CURL_OFF_T "lld"
#  define CURL_FORMAT_CURL_OFF_TU "llu"
#  define CURL_SUFFIX_CURL_OFF_T LL
#  define CURL_SUFFIX_CURL_OFF_TU ULL
#endif

#define CURL_TYPEOF_CURL_SOCKLEN_T socklen_t
#define CURL_PULL_SYS_TYPES_H 1
#define CURL_PULL_SYS_SOCKET_H 1
#define CURL_ISOCPP

#include <sys/types.h>
#include <sys/socket.h>

typedef CURL_TYPEOF_CURL_SOCKLEN_T curl_socklen_t;
typedef CURL_TYPEOF_CURL_OFF_T curl_off_t;

/* Token pasting needs two levels so the suffix macro is expanded before it is glued on. */
#define CURLINC_OFF_T_C_HLPR2(Val, Suffix) Val##Suffix
#define CURLINC_OFF_T_C_HLPR1(Val, Suffix) CURLINC_OFF_T_C_HLPR2(Val, Suffix)
#define CURL_OFF_T_C(Val) CURLINC_OFF_T_C_HLPR1(Val, CURL_SUFFIX_CURL_OFF_T)
#define CURL_OFF_TU_C(Val) CURLINC_OFF_T_C_HLPR1(Val, CURL_SUFFIX_CURL_OFF_TU)

#endif /* CURLINC_SYSTEM_H */
