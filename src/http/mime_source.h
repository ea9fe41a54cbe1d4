// MimeSource: a BodySource that streams a MIME tree (or a converted curl_httppost form).
#pragma once

#include <curl/curl.h>

#include <memory>
#include <string>

#include "http/body_source.h"
#include "http/mime.h"
#include "util/status.h"

namespace xfer::http {

// What the request adds to a mime beyond the tree itself.
struct MimeSourceOptions {
  // Value of the application's own Content-Type request header (it replaces
  // multipart/form-data; the boundary is still appended), or nullptr.
  const char* content_type = nullptr;
  // CURLOPT_MIME_OPTIONS has CURLMIMEOPT_FORMESCAPE.
  bool form_escape = false;
  // CURLOPT_READFUNCTION, which reads CURLFORM_STREAM parts; nullptr means fread.
  curl_read_callback form_read = nullptr;
  // curl_formget: the body starts with the top-level Content-Type header.
  bool with_top_headers = false;
};

// Creates a streaming body for the top-level mime; content_type receives the full header
// value "multipart/form-data; boundary=..." (or the mime's explicit type).
std::unique_ptr<BodySource> make_mime_source(curl_mime* mime, std::string& content_type,
                                             Status& error);
std::unique_ptr<BodySource> make_mime_source(curl_mime* mime, const MimeSourceOptions& options,
                                             std::string& content_type, Status& error);

// For CURLOPT_HTTPPOST: the form list converted to a mime owned by the returned source.
std::unique_ptr<BodySource> make_form_source(curl_httppost* post, std::string& content_type,
                                             Status& error);
std::unique_ptr<BodySource> make_form_source(curl_httppost* post, const MimeSourceOptions& options,
                                             std::string& content_type, Status& error);

}  // namespace xfer::http
