// AltsvcCache: the Alt-Svc header grammar, origin lookup and alt-svc file text of libcurl 7.88.
#include "http/altsvc.h"

#include <climits>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "http/cache_text.h"
#include "util/ascii.h"
#include "util/http_date.h"

namespace xfer::http {
namespace {

constexpr std::size_t kMaxAlpnToken = 10;   // a protocol id of 10 bytes or more is refused
constexpr std::size_t kMaxOptionName = 32;  // a longer parameter name is skipped
constexpr std::size_t kMaxHostLen = 512;    // a longer host name is refused
constexpr std::time_t kDefaultMaxAge = 24 * 3600;

constexpr bool is_blank(char c) { return c == ' ' || c == '\t'; }
constexpr bool is_alnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

std::string_view without_trailing_dot(std::string_view host) {
  if (!host.empty() && host.back() == '.') host.remove_suffix(1);
  return host;
}

// Origins match when the names match ignoring case and one trailing dot on `host` (the
// stored name lost its dot when it was stored).
bool same_origin_host(std::string_view host, std::string_view stored) {
  return ascii_iequals(without_trailing_dot(host), stored);
}

// A protocol id or parameter name: blanks skipped, then bytes up to a blank, ';' or '='.
// False when empty or `limit` bytes or longer; p moves past it either way.
bool read_token(const char*& p, std::size_t limit, std::string& out) {
  while (is_blank(*p)) ++p;
  const char* start = p;
  while (*p && !is_blank(*p) && *p != ';' && *p != '=') ++p;
  const std::size_t len = static_cast<std::size_t>(p - start);
  if (len == 0 || len >= limit) return false;
  out.assign(start, len);
  return true;
}

}  // namespace

AltsvcAlpn altsvc_alpn_from_name(std::string_view name) {
  if (ascii_iequals(name, "h1")) return AltsvcAlpn::h1;
  if (ascii_iequals(name, "h2")) return AltsvcAlpn::h2;
  if (ascii_iequals(name, "h3")) return AltsvcAlpn::h3;
  return AltsvcAlpn::none;
}

std::string_view altsvc_alpn_name(AltsvcAlpn id) {
  switch (id) {
    case AltsvcAlpn::h1: return "h1";
    case AltsvcAlpn::h2: return "h2";
    case AltsvcAlpn::h3: return "h3";
    case AltsvcAlpn::none: break;
  }
  return "";
}

std::size_t AltsvcCache::parse_header(std::string_view value, AltsvcAlpn src_alpn,
                                      std::string_view src_host, unsigned short src_port,
                                      std::time_t now) {
  // 7.88 reads the value as a C string that still holds the line's CRLF.
  std::string text(value.substr(0, value.find('\0')));
  if (text.empty() || text.back() != '\n') text += "\r\n";
  const char* p = text.c_str();

  std::string alpn;
  if (!read_token(p, kMaxAlpnToken, alpn)) return 0;
  if (ascii_iequals(alpn, "clear")) {
    flush(src_alpn, src_host, src_port);
    return 0;
  }
  std::size_t added = 0;
  // The port of one alternative is the default for the next one in the same value.
  unsigned short dst_port = src_port;
  while (*p == '=') {
    const AltsvcAlpn dst_alpn = altsvc_alpn_from_name(alpn);
    if (*++p != '"') break;
    ++p;
    bool valid = true;
    std::string dst_host;
    if (*p != ':') {
      const char* start = p;
      while (is_alnum(*p) || *p == '.' || *p == '-') ++p;
      const std::size_t len = static_cast<std::size_t>(p - start);
      if (len == 0 || len >= kMaxHostLen)
        valid = false;
      else
        dst_host.assign(start, len);
    } else {
      dst_host = src_host;
    }
    if (*p == ':') {
      ++p;
      char* end = const_cast<char*>(p);
      const unsigned long port = *p >= '0' && *p <= '9' ? std::strtoul(p, &end, 10) : 0;
      // A bad port leaves p where it was, so the quote test below ends the whole value.
      if (port == 0 || port > 65535 || end == p || *end != '"') {
        valid = false;
      } else {
        dst_port = static_cast<unsigned short>(port);
        p = end;
      }
    }
    if (*p++ != '"') break;

    std::time_t max_age = kDefaultMaxAge;
    bool persist = false;
    bool quoted = false;  // once one parameter value is quoted, 7.88 reads the rest as quoted
    for (;;) {
      while (is_blank(*p)) ++p;
      if (*p != ';') break;
      ++p;
      if (!*p || *p == '\r' || *p == '\n') break;
      std::string option;
      if (!read_token(p, kMaxOptionName, option)) option.clear();
      while (is_blank(*p)) ++p;
      // A parameter without '=' or a value ends the parse before this alternative is kept.
      if (*p != '=') return added;
      ++p;
      while (is_blank(*p)) ++p;
      if (!*p) return added;
      if (*p == '"') {
        ++p;
        quoted = true;
      }
      const char* value_start = p;
      if (quoted) {
        while (*p && *p != '"') ++p;
        if (!*p++) return added;
      } else {
        while (*p && !is_blank(*p) && *p != ';' && *p != ',') ++p;
      }
      char* end = nullptr;
      const unsigned long num = std::strtoul(value_start, &end, 10);
      if (end != value_start && num < ULONG_MAX) {
        // ma wraps into time_t as in C: "ma=-5" reads as five seconds in the past.
        if (ascii_iequals(option, "ma"))
          max_age = static_cast<std::time_t>(num);
        else if (ascii_iequals(option, "persist") && num == 1)
          persist = true;
      }
    }
    if (dst_alpn != AltsvcAlpn::none && valid) {
      if (added++ == 0) flush(src_alpn, src_host, src_port);
      AltsvcEntry e;
      e.src_alpn = src_alpn;
      e.src_host = src_host;
      e.src_port = src_port;
      e.dst_alpn = dst_alpn;
      e.dst_host = std::move(dst_host);
      e.dst_port = dst_port;
      e.expires = static_cast<std::time_t>(static_cast<std::uint64_t>(max_age) +
                                           static_cast<std::uint64_t>(now));
      e.persist = persist;
      append(std::move(e));
    }
    if (*p != ',') break;
    ++p;
    if (!read_token(p, kMaxAlpnToken, alpn)) break;
  }
  return added;
}

void AltsvcCache::flush(AltsvcAlpn src_alpn, std::string_view src_host, unsigned short src_port) {
  std::erase_if(entries_, [&](const AltsvcEntry& e) {
    return e.src_alpn == src_alpn && e.src_port == src_port &&
           same_origin_host(src_host, e.src_host);
  });
}

void AltsvcCache::append(AltsvcEntry entry) {
  entry.src_host = std::string(without_trailing_dot(entry.src_host));
  entries_.push_back(std::move(entry));
}

std::optional<AltsvcEntry> AltsvcCache::lookup(AltsvcAlpn src_alpn, std::string_view host,
                                               unsigned short port, unsigned allowed,
                                               std::time_t now) {
  for (std::size_t i = 0; i < entries_.size();) {
    const AltsvcEntry& e = entries_[i];
    if (e.expires < now) {
      entries_.erase(entries_.begin() + static_cast<std::ptrdiff_t>(i));
      continue;
    }
    if (e.src_alpn == src_alpn && e.src_port == port && same_origin_host(host, e.src_host) &&
        (allowed & static_cast<unsigned>(e.dst_alpn)) != 0)
      return e;
    ++i;
  }
  return std::nullopt;
}

std::optional<AltsvcEntry> AltsvcCache::lookup(std::string_view host, unsigned short port,
                                               unsigned allowed, std::time_t now) {
  if (auto hit = lookup(AltsvcAlpn::h2, host, port, allowed, now)) return hit;
  return lookup(AltsvcAlpn::h1, host, port, allowed, now);
}

void AltsvcCache::load_text(std::string_view text) {
  each_cache_line(text, [&](std::string_view line) {
    // 7.88's sscanf format:
    // "%10s %512s %u %10s %512s %u \"%64[^\"]\" %u %u", all nine fields required.
    FieldScanner scan(line);
    std::string src_alpn, src_host, dst_alpn, dst_host, date;
    unsigned src_port = 0, dst_port = 0, persist = 0, prio = 0;
    if (!scan.word(kMaxAlpnToken, src_alpn) || !scan.word(kMaxHostLen, src_host) ||
        !scan.number(src_port) || !scan.word(kMaxAlpnToken, dst_alpn) ||
        !scan.word(kMaxHostLen, dst_host) || !scan.number(dst_port))
      return;
    scan.spaces();
    if (!scan.literal('"') || !scan.until_quote(64, date) || !scan.literal('"') ||
        !scan.number(persist) || !scan.number(prio))
      return;
    AltsvcEntry e;
    e.src_alpn = altsvc_alpn_from_name(src_alpn);
    e.dst_alpn = altsvc_alpn_from_name(dst_alpn);
    if (e.src_alpn == AltsvcAlpn::none || e.dst_alpn == AltsvcAlpn::none) return;
    e.src_host = std::move(src_host);
    e.dst_host = std::move(dst_host);
    // Ports are kept in 16 bits: 70000 reads as 4464, -1 as 65535.
    e.src_port = static_cast<unsigned short>(src_port);
    e.dst_port = static_cast<unsigned short>(dst_port);
    e.expires = getdate_value(date);
    e.persist = persist != 0;
    e.prio = static_cast<int>(prio);
    append(std::move(e));
  });
}

std::optional<std::string> AltsvcCache::write_text() const {
  std::string out =
      "# Your alt-svc cache. https://curl.se/docs/alt-svc.html\n"
      "# This file was generated by libcurl! Edit at your own risk.\n";
  std::string stamp;
  for (const AltsvcEntry& e : entries_) {
    if (!format_expiry_stamp(e.expires, stamp)) return std::nullopt;
    out += altsvc_alpn_name(e.src_alpn);
    out += ' ';
    out += e.src_host;
    out += ' ';
    out += std::to_string(e.src_port);
    out += ' ';
    out += altsvc_alpn_name(e.dst_alpn);
    out += ' ';
    out += e.dst_host;
    out += ' ';
    out += std::to_string(e.dst_port);
    out += " \"";
    out += stamp;
    out += "\" ";
    out += e.persist ? '1' : '0';
    out += ' ';
    out += std::to_string(e.prio);
    out += '\n';
  }
  return out;
}

}  // namespace xfer::http
