// Cookie files: COOKIEFILE reads into a jar, COOKIEJAR writes one out as libcurl 7.88 does.
#pragma once

#include <cstdint>

#include "http/cookie_jar.h"

namespace xfer {

// Reads a cookie file into jar; "-" reads stdin. A file that cannot be opened adds nothing.
// Its Set-Cookie lines count in `taken` (see http::CookieJar::set_cookie_header).
void load_cookie_file(http::CookieJar& jar, const char* path, std::int64_t now, bool skip_session,
                      int* taken);

// Writes jar to path as libcurl's COOKIEJAR ("-": stdout). False when it could not be written.
// Like libcurl, the target is first opened for writing (and so truncated); a regular file is
// then replaced by renaming a "<40 hex digits>.tmp" file from its directory over it, with the
// target's mode; anything else (a device, a FIFO) is written in place.
bool save_cookie_jar(const http::CookieJar& jar, const char* path, std::int64_t now);

}  // namespace xfer
