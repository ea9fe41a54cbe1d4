// Date parsing with the leniency of libcurl's curl_getdate (RFC 822/850, asctime, ISO-ish).
#pragma once

#include <ctime>
#include <string_view>

namespace xfer {

enum class DateParse { ok, fail, too_early, too_late };

// Parses up to six tokens (weekday, day, month, year, time, zone) in any order libcurl
// accepts; `out` is seconds since the epoch in UTC when the result is ok or too_late.
DateParse parse_http_date(std::string_view text, std::time_t& out);

// curl_getdate's mapping: -1 on failure, and a real -1 instant reported as 0.
std::time_t getdate_value(std::string_view text);

// CURLINFO_RETRY_AFTER from a Retry-After value as libcurl 7.88 reads it: a leading
// decimal number of seconds ("22", "22abc"; blanks skipped; a sign '-' or an overflow reads
// as 0), else, when that gave 0, an HTTP date as seconds from `now` (negative when past),
// else 0.
long long retry_after_value(std::string_view value, std::time_t now);

// An instant as libcurl 7.88 writes it in If-Modified-Since and its kin: "Sun, 06 Nov 1994
// 08:49:37 GMT" (UTC; the year padded to four places with blanks, as "%4d" does). False
// when gmtime_r cannot break the instant down (libcurl's "Invalid TIMEVALUE").
bool format_http_date(std::time_t t, std::string& out);

}  // namespace xfer
