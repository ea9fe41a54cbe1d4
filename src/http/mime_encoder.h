// Streaming base64 and quoted-printable encoders for MIME part contents (no I/O).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace xfer::http {

// Base64 in lines of 76 characters joined by CRLF, no line break after the last one.
class Base64Encoder {
 public:
  // Encodes whole 3-byte groups of `in` (all of it when `eof`), appending to `out`; returns
  // how many input bytes were used.
  std::size_t encode(std::string_view in, bool eof, std::string& out);
  void reset() { line_pos_ = 0; }

 private:
  std::size_t line_pos_ = 0;
};

// Quoted-printable as libcurl writes it: CRLF pairs kept, '=' soft breaks at 76 columns,
// spaces and tabs escaped before a line end or the end of data.
class QuotedPrintableEncoder {
 public:
  // Encodes what can be decided from `in` (up to two bytes of lookahead are needed unless
  // `eof`), appending to `out`; returns how many input bytes were used.
  std::size_t encode(std::string_view in, bool eof, std::string& out);
  void reset() { line_pos_ = 0; }

 private:
  std::size_t line_pos_ = 0;
};

}  // namespace xfer::http
