// HeaderLine: one raw response header line, classified and split once for every consumer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace xfer::http {

enum class LineKind : std::uint8_t {
  kStatus,        // "HTTP/..." (a header name is a token and cannot hold '/')
  kField,         // "Name: value"
  kContinuation,  // starts with a blank: an obs-fold continuation of the previous field
  kBlank,         // the CRLF (or LF) that ends a header section
  kOther,         // no colon, or an empty name
};

struct HeaderLine {
  std::string_view raw;    // as received, terminator included
  LineKind kind = LineKind::kOther;
  std::string_view name;   // kField: the bytes before the first colon
  // kField: after the colon and its blanks, with trailing space trimmed the way libcurl
  // trims (never below one byte, so an empty value reads as its terminator, "\r").
  std::string_view value;
  // Ends in CRLF and holds no other control byte than HTAB (the usual line).
  bool clean = false;
};

HeaderLine split_header_line(std::string_view raw);

// A CRLF-terminated field line llhttp would accept and take nothing from: a token name that
// is none of the framing headers llhttp reads (Content-Length, Transfer-Encoding, Upgrade,
// and Connection or Proxy-Connection unless they list only close and keep-alive) and a
// value of visible bytes, blanks and obs-text only. The parser keeps such lines away from
// llhttp; h must come from split_header_line.
bool is_plain_field(const HeaderLine& h);

// A Content-Length line as libcurl 7.88 recognises one: the name, in any case, right at the
// line's start and a colon right after it. The response parser reads such lines itself
// (read_content_length) and never shows them to llhttp, whose rules are stricter.
bool is_length_line(std::string_view raw);

// What a Content-Length value says. libcurl reads a leading integer and ignores the rest;
// xfer also refuses a comma list of different values (kConflict), which libcurl would
// read as its first item: two lengths for one body is how responses get smuggled.
enum class LengthForm : std::uint8_t { kNumber, kInvalid, kOverflow, kConflict };
struct LengthValue {
  LengthForm form = LengthForm::kInvalid;
  std::int64_t n = 0;  // kNumber only
};
// The value of a line is_length_line accepted: the bytes after its colon, terminator
// included. Blanks, then an optional '+', then decimal digits (a '-' or any other space
// first is invalid, as libcurl's strtoofft has it); what follows the digits is ignored
// unless it is a comma list.
LengthValue read_content_length(std::string_view after_colon);

// The bytes libcurl trims around header names and values (C's isspace set).
inline bool is_header_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

// Calls fn on each comma-separated item of a header list, its blanks trimmed (an empty
// list is one empty item); stops at the first item fn returns false for, and returns false
// then.
template <class Fn>
bool each_list_item(std::string_view list, Fn fn) {
  for (;;) {
    const std::size_t comma = list.find(',');
    std::string_view item = list.substr(0, comma);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (!fn(item)) return false;
    if (comma == std::string_view::npos) return true;
    list.remove_prefix(comma + 1);
  }
}

// ASCII case-insensitive equality against a literal of lowercase letters and '-': OR-ing
// 0x20 lowercases a letter and leaves '-' alone. text must hold no CR, the only other byte
// that ORs to '-' (split_header_line never puts one in a name or value).
inline bool is_lowercase_name(std::string_view text, std::string_view lower) {
  if (text.size() != lower.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i)
    if ((text[i] | 0x20) != lower[i]) return false;
  return true;
}

}  // namespace xfer::http
