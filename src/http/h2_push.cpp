// Lookups in a PUSH_PROMISE's fields (curl_pushheader_byname).
#include "http/h2_push.h"

#include <cstring>

namespace xfer::http {

const char* push_field(const std::vector<std::string>& fields, const char* name) {
  if (!name || !*name || std::strcmp(name, ":") == 0 || std::strchr(name + 1, ':')) return nullptr;
  const std::size_t n = std::strlen(name);
  for (const std::string& f : fields)
    if (f.size() > n && f[n] == ':' && f.compare(0, n, name) == 0) return f.c_str() + n + 1;
  return nullptr;
}

}  // namespace xfer::http
