// Fuzz target: .netrc text looked up for a few hosts, with and without a user from the URL.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "fuzz_check.h"
#include "http/netrc.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  static constexpr std::string_view kHosts[] = {"127.0.0.1", "example.com", "h", "", "default"};
  for (const std::string_view host : kHosts) {
    for (const std::optional<std::string_view> user :
         {std::optional<std::string_view>(), std::optional<std::string_view>("user"),
          std::optional<std::string_view>("")}) {
      xfer::http::NetrcCredentials out;
      const xfer::http::NetrcResult r = xfer::http::netrc_lookup(text, host, user, out);
      if (r != xfer::http::NetrcResult::found) continue;
      // A user given is the login asked for; the lookup only fills its password.
      if (user) FUZZ_CHECK(out.login == *user);
    }
  }
  return 0;
}
