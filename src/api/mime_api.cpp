// curl_mime_*: the C boundary of the MIME tree (argument checks, ownership, error codes).
#include <curl/curl.h>

#include <cstring>
#include <new>

#include "http/mime.h"

namespace {

using xfer::http::MimePart;

// Replaces an optional string field; nullptr clears it.
CURLcode set_text(std::optional<std::string>& field, const char* value) {
  if (!value) {
    field.reset();
    return CURLE_OK;
  }
  try {
    field.emplace(value);
    return CURLE_OK;
  } catch (const std::bad_alloc&) {
    field.reset();
    return CURLE_OUT_OF_MEMORY;
  }
}

}  // namespace

extern "C" CURL_EXTERN curl_mime* curl_mime_init(CURL* easy) {
  (void)easy;  // the easy handle only seeded libcurl's random source; any source will do
  try {
    return xfer::http::new_mime();
  } catch (...) {
    return nullptr;
  }
}

extern "C" CURL_EXTERN void curl_mime_free(curl_mime* mime) { xfer::http::destroy_mime(mime); }

extern "C" CURL_EXTERN curl_mimepart* curl_mime_addpart(curl_mime* mime) {
  if (!mime) return nullptr;
  try {
    return xfer::http::add_part(mime);
  } catch (...) {
    return nullptr;
  }
}

extern "C" CURL_EXTERN CURLcode curl_mime_name(curl_mimepart* part, const char* name) {
  if (!part) return CURLE_BAD_FUNCTION_ARGUMENT;
  return set_text(part->name_, name);
}

extern "C" CURL_EXTERN CURLcode curl_mime_filename(curl_mimepart* part, const char* filename) {
  if (!part) return CURLE_BAD_FUNCTION_ARGUMENT;
  return set_text(part->filename_, filename);
}

extern "C" CURL_EXTERN CURLcode curl_mime_type(curl_mimepart* part, const char* mimetype) {
  if (!part) return CURLE_BAD_FUNCTION_ARGUMENT;
  return set_text(part->type_, mimetype);
}

extern "C" CURL_EXTERN CURLcode curl_mime_encoder(curl_mimepart* part, const char* encoding) {
  if (!part) return CURLE_BAD_FUNCTION_ARGUMENT;
  // Like libcurl, an unknown name still removes the previous encoder.
  part->encoder_ = xfer::http::Encoder::kNone;
  if (!encoding) return CURLE_OK;
  return xfer::http::encoder_from_name(encoding, part->encoder_) ? CURLE_OK : CURLE_BAD_FUNCTION_ARGUMENT;
}

extern "C" CURL_EXTERN CURLcode curl_mime_data(curl_mimepart* part, const char* data, size_t datasize) {
  if (!part) return CURLE_BAD_FUNCTION_ARGUMENT;
  try {
    if (!data) {
      xfer::http::clear_content(*part);
      return CURLE_OK;
    }
    if (datasize == CURL_ZERO_TERMINATED) datasize = std::strlen(data);
    xfer::http::set_data(*part, data, datasize);
    return CURLE_OK;
  } catch (const std::bad_alloc&) {
    return CURLE_OUT_OF_MEMORY;
  }
}

extern "C" CURL_EXTERN CURLcode curl_mime_filedata(curl_mimepart* part, const char* filename) {
  if (!part) return CURLE_BAD_FUNCTION_ARGUMENT;
  try {
    if (!filename) {
      xfer::http::clear_content(*part);
      return CURLE_OK;
    }
    return xfer::http::set_file(*part, filename).code;
  } catch (const std::bad_alloc&) {
    return CURLE_OUT_OF_MEMORY;
  }
}

extern "C" CURL_EXTERN CURLcode curl_mime_data_cb(curl_mimepart* part, curl_off_t datasize,
                                                  curl_read_callback readfunc, curl_seek_callback seekfunc,
                                                  curl_free_callback freefunc, void* arg) {
  if (!part) return CURLE_BAD_FUNCTION_ARGUMENT;
  xfer::http::set_callback(*part, datasize, readfunc, seekfunc, freefunc, arg);
  return CURLE_OK;
}

extern "C" CURL_EXTERN CURLcode curl_mime_subparts(curl_mimepart* part, curl_mime* subparts) {
  return xfer::http::set_subparts(part, subparts, true).code;
}

extern "C" CURL_EXTERN CURLcode curl_mime_headers(curl_mimepart* part, struct curl_slist* headers,
                                                  int take_ownership) {
  if (!part) return CURLE_BAD_FUNCTION_ARGUMENT;
  xfer::http::set_headers(*part, headers, take_ownership != 0);
  return CURLE_OK;
}
