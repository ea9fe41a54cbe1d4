// A stand-in for Samba's ntlm_auth in "ntlmssp-client-1" mode, for the NTLM_WB tests: the messages come from xfer's own NTLM code.
//
// Started as ntlm_auth is (--helper-protocol=ntlmssp-client-1 --use-cached-creds
// --username=U [--domain=D]); the "cached" password is $FAKE_NTLM_PASSWORD (default "pass").
// "YR" gets "YR <type-1>", "TT <type-2>" gets "KK <type-3>" for DOMAIN\user, anything else
// "BH <why>". $FAKE_NTLM_LOG, when set, gets one line per start with the arguments, so a test
// can see what the library passed. $FAKE_NTLM_SAY replaces every answer (a broken helper).
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <string>

#include "http/auth_ntlm.h"

int main(int argc, char** argv) {
  std::string user, domain, protocol;
  bool cached = false;
  for (int i = 1; i < argc; i++) {
    const std::string a = argv[i];
    if (a.rfind("--username=", 0) == 0) user = a.substr(11);
    if (a.rfind("--domain=", 0) == 0) domain = a.substr(9);
    if (a.rfind("--helper-protocol=", 0) == 0) protocol = a.substr(18);
    if (a == "--use-cached-creds") cached = true;
  }
  if (const char* log = std::getenv("FAKE_NTLM_LOG")) {
    if (FILE* f = std::fopen(log, "a")) {
      std::fprintf(f, "started: protocol=%s cached=%s user=%s domain=%s\n", protocol.c_str(), cached ? "yes" : "no",
                   user.c_str(), domain.c_str());
      std::fclose(f);
    }
  }
  const char* pw = std::getenv("FAKE_NTLM_PASSWORD");
  const std::string password = pw ? pw : "pass";
  const char* say = std::getenv("FAKE_NTLM_SAY");
  const std::string who = domain.empty() ? user : domain + "\\" + user;
  std::string line;
  while (std::getline(std::cin, line)) {
    if (say) {
      std::cout << say << "\n" << std::flush;
      continue;
    }
    if (line == "YR") {
      std::cout << "YR " << xfer::http::ntlm_type1() << "\n" << std::flush;
      continue;
    }
    if (line.rfind("TT ", 0) == 0) {
      xfer::http::NtlmChallenge ch;
      const auto nonce = xfer::http::make_ntlm_client_nonce();
      std::string msg;
      if (xfer::http::parse_ntlm_type2(line.substr(3), ch) && nonce &&
          xfer::http::ntlm_type3(ch, who, password, *nonce, static_cast<std::uint64_t>(std::time(nullptr)), msg)) {
        std::cout << "KK " << msg << "\n" << std::flush;
      } else {
        std::cout << "BH bad type-2\n" << std::flush;
      }
      continue;
    }
    std::cout << "BH unknown request\n" << std::flush;
  }
  return 0;
}
