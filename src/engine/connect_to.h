// CURLOPT_CONNECT_TO: where a transfer to HOST:PORT connects instead.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <curl/curl.h>

#include "util/status.h"

namespace xfer {

// The first entry matching a URL's host and port, as libcurl 7.88 reads the list.
struct ConnectTo {
  std::string host;   // connect here instead of the URL's host ("" = the URL's host)
  int port = -1;      // connect to this port instead of the URL's (-1 = the URL's)
  bool routed() const { return !host.empty() || port >= 0; }
};

// Walks "HOST:PORT:CONNECT-TO-HOST:CONNECT-TO-PORT" entries. An empty HOST or PORT matches
// any; HOST is compared without case, an IPv6 URL host in brackets ("[::1]"). The walk
// stops at the first match that names a host or a port (a match naming neither goes on),
// as libcurl does. CONNECT-TO-HOST may be bracketed IPv6. A target equal to the URL's own
// host or port counts as unset (libcurl then treats the connection as an ordinary one). A
// matching entry whose port does not parse is CURLE_SETOPT_OPTION_SYNTAX (49).
Status match_connect_to(const curl_slist* list, std::string_view url_host, bool url_ipv6,
                        std::uint16_t url_port, ConnectTo& out);

}  // namespace xfer
