// The option policy table: every option outside the implemented set, with its class.
#include "api/option_policy.h"

#include <climits>

namespace xfer::api {
namespace {

// Who delivers each pending feature (docs/OPTIONS.md prints these).
constexpr const char* kHttp2 = "HTTP/2 (issue 18)";
constexpr const char* kTls = "TLS settings of the backend seam (issue 19)";

constexpr const char* kFtp = "FTP";
constexpr const char* kSsh = "SFTP, SCP";
constexpr const char* kMail = "IMAP, POP3, SMTP";
constexpr const char* kRtsp = "RTSP";

constexpr OptionPolicy other(int id, const char* protocols, long lo = LONG_MIN, long hi = LONG_MAX) {
  return {id, OptionClass::kOtherProtocol, lo, hi, true, false, CURLE_OK, protocols};
}
constexpr OptionPolicy no_effect(int id) {
  return {id, OptionClass::kNoEffect, 0, 0, true, false, CURLE_OK, "deprecated: libcurl 7.88 ignores it too"};
}
constexpr OptionPolicy refused(int id, CURLcode answer, const char* why) {
  return {id, OptionClass::kRefused, 0, 0, false, false, answer, why};
}
// A numeric option whose off/default values are a and b.
constexpr OptionPolicy pending(int id, const char* why, long a = 0, long b = 0,
                               CURLcode answer = CURLE_OK) {
  return {id, OptionClass::kPending, a, b, false, false, answer, why};
}
// A pointer option: NULL is off.
constexpr OptionPolicy pending_ptr(int id, const char* why, CURLcode answer = CURLE_OK) {
  return {id, OptionClass::kPending, 0, 0, false, false, answer, why};
}
// A string option for which "" is off too.
constexpr OptionPolicy pending_str(int id, const char* why) {
  return {id, OptionClass::kPending, 0, 0, false, true, CURLE_OK, why};
}
// Any value: a *DATA pointer does nothing without its refused callback, and a few settings
// only shape a feature that is itself refused unless off.
constexpr OptionPolicy pending_data(int id, const char* why) {
  return {id, OptionClass::kPending, 0, 0, true, false, CURLE_OK, why};
}

constexpr OptionPolicy kTable[] = {
    // --- protocols xfer does not speak: checked and stored
    other(CURLOPT_APPEND, kFtp),
    other(CURLOPT_DIRLISTONLY, "FTP, SFTP, POP3"),
    other(CURLOPT_FTPPORT, kFtp),
    other(CURLOPT_FTPSSLAUTH, kFtp, CURLFTPAUTH_DEFAULT, CURLFTPAUTH_TLS),
    other(CURLOPT_FTP_ACCOUNT, kFtp),
    other(CURLOPT_FTP_ALTERNATIVE_TO_USER, kFtp),
    other(CURLOPT_FTP_CREATE_MISSING_DIRS, "FTP, SFTP", CURLFTP_CREATE_DIR_NONE, CURLFTP_CREATE_DIR_RETRY),
    other(CURLOPT_FTP_FILEMETHOD, kFtp, CURLFTPMETHOD_DEFAULT, CURLFTPMETHOD_SINGLECWD),
    other(CURLOPT_FTP_SKIP_PASV_IP, kFtp),
    other(CURLOPT_FTP_SSL_CCC, kFtp, CURLFTPSSL_CCC_NONE, CURLFTPSSL_CCC_ACTIVE),
    other(CURLOPT_FTP_USE_EPRT, kFtp),
    other(CURLOPT_FTP_USE_EPSV, kFtp),
    other(CURLOPT_FTP_USE_PRET, kFtp),
    other(CURLOPT_QUOTE, "FTP, SFTP"),
    other(CURLOPT_POSTQUOTE, "FTP, SFTP"),
    other(CURLOPT_PREQUOTE, kFtp),
    other(CURLOPT_KRBLEVEL, kFtp),
    other(CURLOPT_ACCEPTTIMEOUT_MS, kFtp),
    other(CURLOPT_TRANSFERTEXT, "FTP, TFTP, LDAP"),
    other(CURLOPT_PROXY_TRANSFER_MODE, "FTP over an HTTP proxy", 0, 1),
    other(CURLOPT_WILDCARDMATCH, kFtp),
    other(CURLOPT_FNMATCH_FUNCTION, kFtp),
    other(CURLOPT_FNMATCH_DATA, kFtp),
    other(CURLOPT_CHUNK_BGN_FUNCTION, kFtp),
    other(CURLOPT_CHUNK_END_FUNCTION, kFtp),
    other(CURLOPT_CHUNK_DATA, kFtp),
    other(CURLOPT_SERVER_RESPONSE_TIMEOUT, "FTP, SFTP, SCP, IMAP, POP3, SMTP", 0),
    other(CURLOPT_NEW_FILE_PERMS, "SFTP, SCP, FILE", 0, 0777),
    other(CURLOPT_NEW_DIRECTORY_PERMS, "SFTP, SCP, FILE", 0, 0777),
    other(CURLOPT_USE_SSL, "FTP, IMAP, POP3, SMTP, LDAP", CURLUSESSL_NONE, CURLUSESSL_ALL),
    other(CURLOPT_SSH_AUTH_TYPES, kSsh),
    other(CURLOPT_SSH_COMPRESSION, kSsh),
    other(CURLOPT_SSH_HOSTKEYFUNCTION, kSsh),
    other(CURLOPT_SSH_HOSTKEYDATA, kSsh),
    other(CURLOPT_SSH_HOST_PUBLIC_KEY_MD5, kSsh),
    other(CURLOPT_SSH_HOST_PUBLIC_KEY_SHA256, kSsh),
    other(CURLOPT_SSH_KEYFUNCTION, kSsh),
    other(CURLOPT_SSH_KEYDATA, kSsh),
    other(CURLOPT_SSH_KNOWNHOSTS, kSsh),
    other(CURLOPT_SSH_PRIVATE_KEYFILE, kSsh),
    other(CURLOPT_SSH_PUBLIC_KEYFILE, kSsh),
    other(CURLOPT_MAIL_AUTH, "SMTP"),
    other(CURLOPT_MAIL_FROM, "SMTP"),
    other(CURLOPT_MAIL_RCPT, "SMTP"),
    other(CURLOPT_MAIL_RCPT_ALLLOWFAILS, "SMTP"),
    other(CURLOPT_SASL_AUTHZID, kMail),
    other(CURLOPT_SASL_IR, kMail),
    other(CURLOPT_LOGIN_OPTIONS, "IMAP, LDAP, POP3, SMTP"),
    other(CURLOPT_TELNETOPTIONS, "TELNET"),
    other(CURLOPT_RTSP_CLIENT_CSEQ, kRtsp),
    other(CURLOPT_RTSP_REQUEST, kRtsp),
    other(CURLOPT_RTSP_SERVER_CSEQ, kRtsp),
    other(CURLOPT_RTSP_SESSION_ID, kRtsp),
    other(CURLOPT_RTSP_STREAM_URI, kRtsp),
    other(CURLOPT_RTSP_TRANSPORT, kRtsp),
    other(CURLOPT_INTERLEAVEFUNCTION, kRtsp),
    other(CURLOPT_INTERLEAVEDATA, kRtsp),
    other(CURLOPT_TFTP_BLKSIZE, "TFTP", 0),
    other(CURLOPT_TFTP_NO_OPTIONS, "TFTP"),

    // --- deprecated: nothing to do, in libcurl either
    no_effect(CURLOPT_RANDOM_FILE),
    no_effect(CURLOPT_EGDSOCKET),
    no_effect(CURLOPT_SSL_ENABLE_NPN),
    no_effect(CURLOPT_DNS_USE_GLOBAL_CACHE),

    // --- refused for every value, as Debian's libcurl refuses them
    refused(CURLOPT_CONV_FROM_NETWORK_FUNCTION, CURLE_UNKNOWN_OPTION, "removed in libcurl 7.82"),
    refused(CURLOPT_CONV_TO_NETWORK_FUNCTION, CURLE_UNKNOWN_OPTION, "removed in libcurl 7.82"),
    refused(CURLOPT_CONV_FROM_UTF8_FUNCTION, CURLE_UNKNOWN_OPTION, "removed in libcurl 7.82"),
    refused(CURLOPT_DNS_SERVERS, CURLE_UNKNOWN_OPTION, "needs c-ares, as in Debian's libcurl"),
    refused(CURLOPT_DNS_INTERFACE, CURLE_UNKNOWN_OPTION, "needs c-ares, as in Debian's libcurl"),
    refused(CURLOPT_DNS_LOCAL_IP4, CURLE_UNKNOWN_OPTION, "needs c-ares, as in Debian's libcurl"),
    refused(CURLOPT_DNS_LOCAL_IP6, CURLE_UNKNOWN_OPTION, "needs c-ares, as in Debian's libcurl"),
    refused(CURLOPT_WS_OPTIONS, CURLE_UNKNOWN_OPTION, "WebSockets, not built in Debian's libcurl 7.88"),
    refused(CURLOPT_SSL_FALSESTART, CURLE_NOT_BUILT_IN, "no OpenSSL libcurl has it"),

    // --- HTTP(S) features to come: off values only
    // Any bit switches the alt-svc engine on; 0 libcurl refuses.



    pending_ptr(CURLOPT_PROXY_CRLFILE, kTls),
    pending_ptr(CURLOPT_PROXY_ISSUERCERT, kTls),
    pending_ptr(CURLOPT_PROXY_ISSUERCERT_BLOB, kTls),
    pending_ptr(CURLOPT_PROXY_TLSAUTH_USERNAME, kTls),
    pending_ptr(CURLOPT_PROXY_TLSAUTH_PASSWORD, kTls),
    pending_ptr(CURLOPT_PROXY_TLSAUTH_TYPE, kTls, CURLE_BAD_FUNCTION_ARGUMENT),

    pending_ptr(CURLOPT_CRLFILE, kTls),
    pending_ptr(CURLOPT_ISSUERCERT, kTls),
    pending_ptr(CURLOPT_ISSUERCERT_BLOB, kTls),
    pending_ptr(CURLOPT_SSL_CTX_FUNCTION, kTls),
    pending_data(CURLOPT_SSL_CTX_DATA, kTls),
    pending(CURLOPT_SSLENGINE_DEFAULT, kTls),
    pending_ptr(CURLOPT_TLSAUTH_USERNAME, kTls),
    pending_ptr(CURLOPT_TLSAUTH_PASSWORD, kTls),
    pending_ptr(CURLOPT_TLSAUTH_TYPE, kTls),
    pending(CURLOPT_CA_CACHE_TIMEOUT, kTls, 86400, 86400),

};

}  // namespace

const OptionPolicy* option_policy(int id) {
  // Consulted only for options outside the implemented set, so a scan is cheap enough.
  for (const OptionPolicy& p : kTable) {
    if (p.id == id) return &p;
  }
  return nullptr;
}

CURLcode policy_check(const OptionPolicy& p, long number, const void* pointer) {
  const bool numeric = p.id < CURLOPTTYPE_OBJECTPOINT ||
                       (p.id >= CURLOPTTYPE_OFF_T && p.id < CURLOPTTYPE_BLOB);
  switch (p.cls) {
    case OptionClass::kOtherProtocol:
      if (numeric && (number < p.a || number > p.b)) return CURLE_BAD_FUNCTION_ARGUMENT;
      return CURLE_OK;
    case OptionClass::kNoEffect:
      return CURLE_OK;
    case OptionClass::kRefused:
      return p.answer;
    case OptionClass::kPending:
      if (numeric) return p.any_value || number == p.a || number == p.b ? p.answer : CURLE_NOT_BUILT_IN;
      if (pointer == nullptr || p.any_value) return p.answer;
      if (p.empty_is_off && *static_cast<const char*>(pointer) == '\0') return p.answer;
      return CURLE_NOT_BUILT_IN;
  }
  return CURLE_NOT_BUILT_IN;
}

}  // namespace xfer::api
