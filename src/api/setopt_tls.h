// apply_tls_option: curl_easy_setopt for the TLS options, stored in a lazily made TlsOptions.
#pragma once

#include <memory>

#include <curl/curl.h>

#include "api/setopt_arg.h"
#include "transport/tls_options.h"

namespace xfer::api {

// CURLE_UNKNOWN_OPTION when `opt` is not a TLS option (the caller's setopt continues);
// otherwise the option's own result. `slot` is created on the first TLS option, so handles
// that never set one pay nothing; a null slot means default_tls_options().
CURLcode apply_tls_option(std::unique_ptr<transport::TlsOptions>& slot, CURLoption opt,
                          const Arg& a);

// True for the options apply_tls_option handles (for option tables and duphandle).
bool is_tls_option(CURLoption opt);

// CURLE_NOT_BUILT_IN for an option the build's TLS backend lacks (as libcurl built on it
// answers, whatever the value), else CURLE_OK.
CURLcode tls_backend_refusal(CURLoption opt);

// The PROXY_* option's counterpart for the TLS to the origin (CURLOPT_PROXY_CAINFO ->
// CURLOPT_CAINFO ...): the HTTPS proxy's TLS takes the same values, stored apart.
// 0 when `opt` is not one of them.
CURLoption proxy_tls_counterpart(CURLoption opt);

}  // namespace xfer::api
