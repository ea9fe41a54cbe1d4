// UrlHandle: the state behind a CURLU, with libcurl 7.88's parse, get and set rules.
#pragma once

#include <optional>
#include <string>

#include <curl/curl.h>

namespace xfer::http {

class UrlHandle {
 public:
  // CURLUPART_URL: absolute URLs replace everything, relative ones resolve against the
  // current URL; on failure the handle keeps what it had.
  CURLUcode set_url(const char* text, unsigned int flags);
  CURLUcode set_part(CURLUPart part, const char* value, unsigned int flags);
  // NULL value: forget the part (or, for CURLUPART_URL, everything).
  CURLUcode clear_part(CURLUPart part);
  // The result is what curl_url_get hands out; `out` is left empty on failure.
  CURLUcode get_part(CURLUPart part, unsigned int flags, std::string& out) const;

 private:
  CURLUcode parse(const std::string& text, unsigned int flags);
  CURLUcode parse_authority(std::string host, bool has_scheme, unsigned int flags);
  CURLUcode split_login(std::string& host, unsigned int flags);
  CURLUcode split_port(std::string& host, bool has_scheme);
  CURLUcode get_url(unsigned int flags, std::string& out) const;
  const std::optional<std::string>* field(CURLUPart part) const;
  std::optional<std::string>* field(CURLUPart part);

  std::optional<std::string> scheme_, user_, password_, options_, zoneid_, port_, path_,
      query_, fragment_;
  // Mutable for one libcurl quirk: producing the URL rewrites a host containing '%'.
  mutable std::optional<std::string> host_;
  long port_number_ = 0;
};

}  // namespace xfer::http
