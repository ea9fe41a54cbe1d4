// Credentials never reach the screen: the printable form of a URL.
#pragma once

#include <string>

namespace xfer::tool {

// "scheme://user:pass@host/p" becomes "scheme://***@host/p"; other URLs come back unchanged.
std::string redact_url(const std::string& url);

}  // namespace xfer::tool
