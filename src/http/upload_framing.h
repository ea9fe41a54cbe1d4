// Upload body shaping with no I/O: CURLOPT_CRLF's line-end conversion and the trailer block of a chunked upload.
#pragma once

#include <cstddef>
#include <string>

#include <curl/curl.h>

namespace xfer::http {

// CURLOPT_CRLF: copies n bytes from in to out with every LF preceded by a CR, as libcurl
// 7.88 converts streamed upload data (an LF that already follows a CR gets another one).
// out must have room for 2 * n bytes; returns the bytes written.
std::size_t lf_to_crlf(const char* in, std::size_t n, char* out);

// The bytes after a chunked upload's "0\r\n": each line of `lines` that libcurl 7.88
// accepts, CRLF-terminated, then the closing CRLF. libcurl takes a line only when its
// first colon is directly followed by a space; the others are skipped and counted in
// *skipped when it is not null.
std::string trailer_block(const curl_slist* lines, std::size_t* skipped = nullptr);

}  // namespace xfer::http
