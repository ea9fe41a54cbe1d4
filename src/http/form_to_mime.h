// Conversion of a curl_httppost form list into a MIME tree, the way libcurl sends forms.
#pragma once

#include <curl/curl.h>

#include "util/status.h"

namespace xfer::http {

// Builds a new mime (the caller frees it with destroy_mime) from the form list. read_fn
// reads CURLFORM_STREAM parts; when nullptr those parts are left empty (curl_formget).
// An empty list gives out == nullptr. Fails with READ_ERROR when a CURLFORM_FILE cannot be read, as libcurl does.
Status form_to_mime(curl_httppost* post, curl_read_callback read_fn, curl_mime*& out);

}  // namespace xfer::http
