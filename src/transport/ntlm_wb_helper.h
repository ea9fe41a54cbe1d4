// NtlmWbHelper: Samba's ntlm_auth run as a child process, the NTLM messages of CURLAUTH_NTLM_WB asked from it.
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>

namespace xfer::transport {

// ntlm_auth's "ntlmssp-client-1" helper protocol on a socket pair: "YR" asks for the type-1
// message ("YR <base64>"), "TT <type-2>" for the type-3 ("KK <base64>" or "AF <base64>").
// The helper holds the credentials (winbind's cached ones), so no password passes here.
// Answers are waited for in the calling thread, as libcurl waits: the helper is local and
// answers at once, and a helper that does not is given up after a bounded wait.
class NtlmWbHelper {
 public:
  NtlmWbHelper() = default;
  ~NtlmWbHelper();
  NtlmWbHelper(const NtlmWbHelper&) = delete;
  NtlmWbHelper& operator=(const NtlmWbHelper&) = delete;

  // The helper's path: $CURL_NTLM_WB_FILE when set (libcurl's debug builds read it too),
  // else /usr/bin/ntlm_auth, where Debian's winbind package puts it.
  static std::string program();

  // Starts the helper for this user ("DOMAIN\user" or "DOMAIN/user" name a domain); an
  // empty user is the process's (NTLMUSER, LOGNAME, USER, then the password database).
  bool start(std::string_view user);
  // The type-1 message's base64, then the type-3's for the server's type-2 (base64).
  bool type1(std::string& out);
  bool type3(std::string_view type2, std::string& out);
  const std::string& error() const { return error_; }

 private:
  bool ask(std::string_view request, std::string_view answer1, std::string_view answer2, std::string& out);
  void stop();

  int fd_ = -1;
  pid_t pid_ = -1;
  std::string error_;
};

}  // namespace xfer::transport
