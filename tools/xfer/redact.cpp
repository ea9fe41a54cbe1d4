// Removes the userinfo part of a URL before it is printed anywhere.
#include "redact.h"

namespace xfer::tool {

std::string redact_url(const std::string& url) {
  const auto scheme = url.find("://");
  const size_t start = scheme == std::string::npos ? 0 : scheme + 3;
  const auto authority_end = url.find_first_of("/?#", start);
  const size_t end = authority_end == std::string::npos ? url.size() : authority_end;
  // The last '@' ends the userinfo: a password may itself contain an unescaped '@'.
  const auto at = url.rfind('@', end == 0 ? 0 : end - 1);
  if (at == std::string::npos || at < start || at >= end) return url;
  return url.substr(0, start) + "***" + url.substr(at);
}

}  // namespace xfer::tool
