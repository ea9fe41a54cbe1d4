// AltsvcCache: Alt-Svc alternatives with libcurl 7.88's header parsing, lookup and file text.
#pragma once

#include <cstddef>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace xfer::http {

// ALPN ids as the cache knows them; the values are the CURLALTSVC_H1/H2/H3 bits, so an
// allowed-versions mask built from CURLOPT_ALTSVC_CTRL tests them directly.
enum class AltsvcAlpn : unsigned { none = 0, h1 = 1u << 3, h2 = 1u << 4, h3 = 1u << 5 };

// "h1", "h2", "h3" (any case) or none; the name 7.88 prints for an id.
AltsvcAlpn altsvc_alpn_from_name(std::string_view name);
std::string_view altsvc_alpn_name(AltsvcAlpn id);

struct AltsvcEntry {
  AltsvcAlpn src_alpn = AltsvcAlpn::none;
  std::string src_host;  // one trailing dot removed
  unsigned short src_port = 0;
  AltsvcAlpn dst_alpn = AltsvcAlpn::none;
  std::string dst_host;  // as given
  unsigned short dst_port = 0;
  std::time_t expires = 0;  // usable while now <= expires
  bool persist = false;
  int prio = 0;  // read from the file and written back, never used
};

// Like HstsCache, the list keeps 7.88's order and drops expired entries only when a lookup
// walks past them; a save writes every entry. No I/O here.
class AltsvcCache {
 public:
  // One Alt-Svc value as received from src_alpn://src_host:src_port over HTTPS (the caller
  // checks the scheme). Returns how many alternatives were added; the first one added
  // replaces every entry of that origin, and "clear" removes them. A value without its
  // line terminator is read as if it had one, which is why a bare "clear" at the end of
  // the line clears nothing in 7.88 ("clear;" does).
  std::size_t parse_header(std::string_view value, AltsvcAlpn src_alpn, std::string_view src_host,
                           unsigned short src_port, std::time_t now);

  // The first live entry for that origin whose destination ALPN is in `allowed` (a mask of
  // AltsvcAlpn bits: CURLOPT_ALTSVC_CTRL's bits less those the build cannot speak). Case
  // and one trailing dot of `host` do not matter.
  std::optional<AltsvcEntry> lookup(AltsvcAlpn src_alpn, std::string_view host, unsigned short port,
                                    unsigned allowed, std::time_t now);

  // 7.88 with HTTP/2 built in: an h2 origin first, then h1.
  std::optional<AltsvcEntry> lookup(std::string_view host, unsigned short port, unsigned allowed,
                                    std::time_t now);

  // Adds the entries of an alt-svc file, nine fields a line:
  // "h2 src.host 443 h3 dst.host 443 \"YYYYMMDD HH:MM:SS\" persist prio".
  void load_text(std::string_view text);

  // The file 7.88 writes: two comment lines, then one line per entry. Empty when an expiry
  // cannot be printed (7.88 then abandons the save).
  std::optional<std::string> write_text() const;

  std::size_t size() const { return entries_.size(); }
  const std::vector<AltsvcEntry>& entries() const { return entries_; }

 private:
  void flush(AltsvcAlpn src_alpn, std::string_view src_host, unsigned short src_port);
  void append(AltsvcEntry entry);

  std::vector<AltsvcEntry> entries_;
};

}  // namespace xfer::http
