// HTTP/1.1 Upgrade to h2c (RFC 7540 §3.2): recognising the request and decoding its HTTP2-Settings.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "steps.h"

namespace xfer::test {

// What the server says before its first HTTP/2 frame on an upgraded connection.
inline constexpr std::string_view h2c_switching =
    "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n";

// The decoded SETTINGS payload of a request that asks for h2c properly: `h2c` among its
// Upgrade tokens, `Upgrade` and `HTTP2-Settings` among its Connection tokens, and exactly one
// HTTP2-Settings field holding base64url. nullopt when any of that is missing or bad: the
// request is then served as plain HTTP/1.1.
std::optional<std::string> h2c_upgrade_settings(const Request& request);

// base64url without padding (RFC 4648 §5; trailing '=' tolerated); nullopt on a bad
// character or an impossible length.
std::optional<std::string> decode_base64url(std::string_view text);

}  // namespace xfer::test
