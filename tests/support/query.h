// Query-string access for the URL-driven mode: decoded name/value pairs in order.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace xfer::test {

class Query {
 public:
  // Takes a request target ("/path?a=1&b=2"); the path part is kept apart. An absolute-form
  // target ("http://host:port/path?a=1", as sent to a proxy) counts by its path and query.
  explicit Query(std::string_view request_target);

  const std::string& path() const { return path_; }
  bool has(std::string_view name) const;
  // The last value given for a name.
  std::optional<std::string> get(std::string_view name) const;
  std::vector<std::string> all(std::string_view name) const;
  // A non-negative number, or `fallback` when absent or not a number.
  std::size_t number(std::string_view name, std::size_t fallback) const;
  // True when given with a value other than "0" or empty.
  bool flag(std::string_view name) const;

 private:
  std::string path_;
  std::vector<std::pair<std::string, std::string>> params_;
};

// Form-style decoding: %XX escapes and '+' as space.
std::string url_decode(std::string_view s);

}  // namespace xfer::test
