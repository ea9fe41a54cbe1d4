// What a PUSH_PROMISE carries to the application: its fields as curl_pushheader_* read them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

// The opaque type of curl_pushheader_bynum/byname (declared in <curl/multi.h>): valid only
// during the push callback. Each field is "name:value" with no blank, as libcurl keeps them.
struct curl_pushheaders {
  const std::vector<std::string>* fields = nullptr;
};

namespace xfer::http {

// What the parent stream's owner decides about a promised stream.
enum class H2PushVerdict : std::uint8_t {
  kAccept,          // a new stream takes it: its events were handed back
  kDeny,            // RST_STREAM(CANCEL) for the promised stream; all else goes on
  kFailConnection,  // denied, and the whole connection fails (CURL_PUSH_ERROROUT)
};

// The value of the first field named `name` (pseudo-headers included, e.g. ":path"), or
// null. A name that is empty, is ":" alone or holds a colon after its first character
// names nothing, as in libcurl.
const char* push_field(const std::vector<std::string>& fields, const char* name);

}  // namespace xfer::http
