// Which .netrc file a transfer reads, and the lookup over that file's contents.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "http/netrc.h"

namespace xfer::engine {

// CURLOPT_NETRC_FILE when set (kept as given: "" names no file, so nothing matches).
// Otherwise $HOME/.netrc; an unset or empty HOME falls back to the home directory of the
// effective user from the password database. "" when there is no home at all. POSIX only:
// libcurl's _netrc fallback exists only on Windows.
std::string netrc_path(const char* option_file);

// netrc_lookup over the file's bytes. A file that cannot be opened or read is no_match,
// as libcurl treats it like a host missing from the file.
http::NetrcResult netrc_lookup_file(const std::string& path, std::string_view host,
                                    std::optional<std::string_view> user,
                                    http::NetrcCredentials& out);

}  // namespace xfer::engine
