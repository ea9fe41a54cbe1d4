// Base64 and quoted-printable encoders with the line layout libcurl 7.88 produces.
#include "http/mime_encoder.h"

namespace xfer::http {

namespace {

constexpr std::size_t kMaxLine = 76;
constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr char kHexUpper[] = "0123456789ABCDEF";

enum class QpClass { kPlain, kSpace, kCr, kEscape };

QpClass qp_class(unsigned char c) {
  if (c == ' ' || c == '\t') return QpClass::kSpace;
  if (c == '\r') return QpClass::kCr;
  if (c >= 0x21 && c <= 0x7e && c != '=') return QpClass::kPlain;
  return QpClass::kEscape;
}

// Whether a line end (CRLF, or the end of data) starts at `at`: 1 yes, 0 no, -1 undecided
// until more input arrives.
int line_end_at(std::string_view in, std::size_t at, bool eof) {
  if (at >= in.size() && eof) return 1;
  if (at + 2 > in.size()) return eof ? 0 : -1;
  return (in[at] == '\r' && in[at + 1] == '\n') ? 1 : 0;
}

}  // namespace

std::size_t Base64Encoder::encode(std::string_view in, bool eof, std::string& out) {
  std::size_t used = 0;
  while (in.size() - used >= 3 || (eof && used < in.size())) {
    if (line_pos_ >= kMaxLine) {
      out += "\r\n";
      line_pos_ = 0;
    }
    std::size_t n = in.size() - used < 3 ? in.size() - used : 3;
    auto byte = [&](std::size_t i) -> unsigned { return i < n ? static_cast<unsigned char>(in[used + i]) : 0u; };
    unsigned group = (byte(0) << 16) | (byte(1) << 8) | byte(2);
    out += kBase64[(group >> 18) & 63];
    out += kBase64[(group >> 12) & 63];
    out += n > 1 ? kBase64[(group >> 6) & 63] : '=';
    out += n > 2 ? kBase64[group & 63] : '=';
    line_pos_ += 4;
    used += n;
  }
  return used;
}

std::size_t QuotedPrintableEncoder::encode(std::string_view in, bool eof, std::string& out) {
  std::size_t used = 0;
  while (used < in.size()) {
    unsigned char c = static_cast<unsigned char>(in[used]);
    char piece[3] = {static_cast<char>(c), kHexUpper[c >> 4], kHexUpper[c & 0xf]};
    std::size_t len = 1;
    std::size_t consumed = 1;
    switch (qp_class(c)) {
      case QpClass::kPlain: break;
      case QpClass::kSpace: {
        int end = line_end_at(in, used + 1, eof);
        if (end < 0) return used;
        if (end == 1) {
          piece[0] = '=';
          len = 3;
        }
        break;
      }
      case QpClass::kCr: {
        int end = line_end_at(in, used, eof);
        if (end < 0) return used;
        if (end == 1 && used + 1 < in.size()) {
          piece[1] = '\n';
          len = 2;
          consumed = 2;
        } else {
          piece[0] = '=';
          len = 3;
        }
        break;
      }
      case QpClass::kEscape:
        piece[0] = '=';
        len = 3;
        break;
    }
    bool hard_break = piece[len - 1] == '\n';
    if (!hard_break) {
      bool soft = line_pos_ + len > kMaxLine;
      if (!soft && line_pos_ + len == kMaxLine) {
        // The last column may be used only right before a line end.
        int end = line_end_at(in, used + consumed, eof);
        if (end < 0) return used;
        soft = end == 0;
      }
      if (soft) {
        out += "=\r\n";
        line_pos_ = 0;
        continue;
      }
    }
    out.append(piece, len);
    line_pos_ = hard_break ? 0 : line_pos_ + len;
    used += consumed;
  }
  return used;
}

}  // namespace xfer::http
