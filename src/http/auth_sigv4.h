// CURLOPT_AWS_SIGV4: the Authorization and date headers libcurl 7.88 adds to a request.
#pragma once

#include <ctime>
#include <string>
#include <string_view>

#include <curl/curl.h>

#include "util/status.h"

namespace xfer::http {

struct SigV4Request {
  std::string_view param;        // "provider1[:provider2[:region[:service]]]"; "aws:amz"
                                 // when only CURLAUTH_AWS_SIGV4 was set
  std::string_view access_key;   // the user name (libcurl signs nothing without one)
  std::string_view secret;       // the password, may be empty
  std::string_view method;       // as in the request line
  std::string_view hostname;     // the URL's host: region and service default to its
                                 // second and first labels
  std::string_view host_header;  // the Host: value sent ("host[:port]")
  std::string_view path;         // as in the request line, not re-encoded
  std::string_view query;        // after '?', as sent: libcurl 7.88 neither sorts nor
                                 // re-encodes it
  const curl_slist* headers = nullptr;  // CURLOPT_HTTPHEADER: every line is signed
  std::string_view body;         // the POSTFIELDS payload; empty for other requests
  std::time_t now = 0;           // signing time (UTC seconds)
};

struct SigV4Headers {
  std::string authorization;  // "<PROVIDER1>4-HMAC-SHA256 Credential=..., ..." (value)
  std::string date_name;      // "X-<Provider2>-Date"
  std::string date_value;     // "YYYYMMDDTHHMMSSZ"
};

// libcurl sends "Authorization: ..." then "X-<Provider2>-Date: ..." right after Host:.
// CURLE_URL_MALFORMAT ("service missing in parameters and hostname") when the parameter
// names no service and the host name has a single label.
Status sigv4_sign(const SigV4Request& r, SigV4Headers& out);

}  // namespace xfer::http
