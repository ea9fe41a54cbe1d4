// Option lookups generated from include/curl/xfer_options.def, so they cannot drift.
#include "api/option_table.h"

#include <string_view>

namespace xfer::api {

bool is_known_option(int option) { return option_name(option) != nullptr; }

const char* option_name(int option) {
  switch (option) {
#define XFER_OPT(name, type, number) \
  case CURLOPT_##name:               \
    return #name;
#include <curl/xfer_options.def>
#undef XFER_OPT
    default:
      return nullptr;
  }
}

bool is_string_option(int option) {
  switch (option) {
#define XFER_OPT(name, type, number) \
  case CURLOPT_##name:               \
    return std::string_view(#type) == "STRINGPOINT";
#include <curl/xfer_options.def>
#undef XFER_OPT
    default:
      return false;
  }
}

bool is_known_multi_option(int option) {
  switch (option) {
#define XFER_MOPT(name, type, number) case CURLMOPT_##name:
#include <curl/xfer_multi_options.def>
#undef XFER_MOPT
    return true;
    default:
      return false;
  }
}

}  // namespace xfer::api
