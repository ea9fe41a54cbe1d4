// curl_easy_option_*: libcurl's option introspection table, generated from xfer_options.def.
#include <algorithm>
#include <cstring>
#include <vector>

#include <curl/curl.h>
#include <curl/options.h>

namespace {

// The .def kinds map one to one onto introspection types; VALUES is a LONG whose values
// are an enumeration, and libcurl reports it separately.
constexpr curl_easytype kind_type_LONG = CURLOT_LONG;
constexpr curl_easytype kind_type_VALUES = CURLOT_VALUES;
constexpr curl_easytype kind_type_OFF_T = CURLOT_OFF_T;
constexpr curl_easytype kind_type_OBJECTPOINT = CURLOT_OBJECT;
constexpr curl_easytype kind_type_STRINGPOINT = CURLOT_STRING;
constexpr curl_easytype kind_type_SLISTPOINT = CURLOT_SLIST;
constexpr curl_easytype kind_type_CBPOINT = CURLOT_CBPTR;
constexpr curl_easytype kind_type_BLOB = CURLOT_BLOB;
constexpr curl_easytype kind_type_FUNCTIONPOINT = CURLOT_FUNCTION;

// Old names libcurl still answers to; each takes its target's type.
struct Alias {
  const char* name;
  CURLoption target;
};
constexpr Alias kAliases[] = {
    {"ENCODING", CURLOPT_ACCEPT_ENCODING},
    {"FILE", CURLOPT_WRITEDATA},
    {"FTPAPPEND", CURLOPT_APPEND},
    {"FTPLISTONLY", CURLOPT_DIRLISTONLY},
    {"FTP_RESPONSE_TIMEOUT", CURLOPT_SERVER_RESPONSE_TIMEOUT},
    {"FTP_SSL", CURLOPT_USE_SSL},
    {"INFILE", CURLOPT_READDATA},
    {"KRB4LEVEL", CURLOPT_KRBLEVEL},
    {"POST301", CURLOPT_POSTREDIR},
    {"PROGRESSDATA", CURLOPT_XFERINFODATA},
    {"RTSPHEADER", CURLOPT_HTTPHEADER},
    {"SSLCERTPASSWD", CURLOPT_KEYPASSWD},
    {"SSLKEYPASSWD", CURLOPT_KEYPASSWD},
    {"WRITEHEADER", CURLOPT_HEADERDATA},
};

bool is_placeholder(const char* name) { return std::strncmp(name, "OBSOLETE", 8) == 0; }

std::vector<curl_easyoption> build_table() {
  std::vector<curl_easyoption> table;
#define XFER_OPT(name, kind, number)                                                   \
  if (!is_placeholder(#name))                                                          \
    table.push_back(curl_easyoption{#name, CURLOPT_##name, kind_type_##kind, 0});
#include <curl/xfer_options.def>
#undef XFER_OPT
  std::size_t real_count = table.size();
  for (const Alias& a : kAliases) {
    for (std::size_t i = 0; i < real_count; ++i) {
      if (table[i].id == a.target) {
        table.push_back(curl_easyoption{a.name, a.target, table[i].type, CURLOT_FLAG_ALIAS});
        break;
      }
    }
  }
  // libcurl walks its table in name order; applications may depend on that.
  std::sort(table.begin(), table.end(), [](const curl_easyoption& x, const curl_easyoption& y) {
    return std::strcmp(x.name, y.name) < 0;
  });
  return table;
}

const std::vector<curl_easyoption>& table() {
  static const std::vector<curl_easyoption> t = build_table();
  return t;
}

bool same_name_ignoring_case(const char* a, const char* b) {
  for (; *a && *b; ++a, ++b) {
    char x = (*a >= 'a' && *a <= 'z') ? static_cast<char>(*a - 32) : *a;
    char y = (*b >= 'a' && *b <= 'z') ? static_cast<char>(*b - 32) : *b;
    if (x != y) return false;
  }
  return *a == *b;
}

}  // namespace

extern "C" CURL_EXTERN const struct curl_easyoption* curl_easy_option_by_name(const char* name) {
  if (!name) return nullptr;
  try {
    for (const curl_easyoption& o : table())
      if (same_name_ignoring_case(o.name, name)) return &o;
  } catch (...) {
  }
  return nullptr;
}

// Aliases share their target's id; the id lookup answers with the real name.
extern "C" CURL_EXTERN const struct curl_easyoption* curl_easy_option_by_id(CURLoption id) {
  if (id == 0) return nullptr;
  try {
    for (const curl_easyoption& o : table())
      if (o.id == id && !(o.flags & CURLOT_FLAG_ALIAS)) return &o;
  } catch (...) {
  }
  return nullptr;
}

extern "C" CURL_EXTERN const struct curl_easyoption* curl_easy_option_next(
    const struct curl_easyoption* prev) {
  try {
    const std::vector<curl_easyoption>& t = table();
    if (!prev) return t.empty() ? nullptr : t.data();
    if (prev < t.data() || prev >= t.data() + t.size()) return nullptr;
    std::size_t next = static_cast<std::size_t>(prev - t.data()) + 1;
    return next < t.size() ? t.data() + next : nullptr;
  } catch (...) {
    return nullptr;
  }
}
