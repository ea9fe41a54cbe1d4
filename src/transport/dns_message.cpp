// Encodes DoH queries and reads answers with the checks libcurl 7.88 applies to them.
#include "transport/dns_message.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cstring>

namespace xfer::transport::dns {

namespace {

constexpr std::size_t kHeaderSize = 12;
constexpr std::size_t kMaxNameLength = 255;
constexpr std::size_t kMaxAliases = 4;
// A name built of pointers is followed at most this far before it counts as a loop.
constexpr int kMaxPointerHops = 128;

void put16(std::string& out, std::uint16_t v) {
  out.push_back(static_cast<char>(v >> 8));
  out.push_back(static_cast<char>(v & 0xff));
}

class Reader {
 public:
  explicit Reader(std::string_view msg) : msg_(msg) {}

  std::size_t pos() const { return pos_; }
  bool at_end() const { return pos_ == msg_.size(); }
  unsigned byte(std::size_t i) const { return static_cast<unsigned char>(msg_[i]); }
  std::uint16_t u16(std::size_t i) const { return static_cast<std::uint16_t>(byte(i) << 8 | byte(i + 1)); }
  bool has(std::size_t n) const { return msg_.size() - pos_ >= n; }
  void skip(std::size_t n) { pos_ += n; }

  // Steps over a possibly compressed name at the current position.
  DecodeError skip_name() {
    while (true) {
      if (!has(1)) return DecodeError::kOutOfRange;
      const unsigned len = byte(pos_);
      if ((len & 0xc0) == 0xc0) {
        if (!has(2)) return DecodeError::kOutOfRange;
        pos_ += 2;
        return DecodeError::kOk;
      }
      if (len & 0xc0) return DecodeError::kBadLabel;
      pos_ += 1;
      if (len == 0) return DecodeError::kOk;
      if (!has(len)) return DecodeError::kOutOfRange;
      pos_ += len;
    }
  }

  // The dotted name at offset `at`, following compression pointers.
  DecodeError read_name(std::size_t at, std::string& out) const {
    out.clear();
    int hops = 0;
    while (true) {
      if (at >= msg_.size()) return DecodeError::kOutOfRange;
      const unsigned len = byte(at);
      if ((len & 0xc0) == 0xc0) {
        if (at + 1 >= msg_.size()) return DecodeError::kOutOfRange;
        if (++hops > kMaxPointerHops) return DecodeError::kLabelLoop;
        at = (len & 0x3f) << 8 | byte(at + 1);
        continue;
      }
      if (len & 0xc0) return DecodeError::kBadLabel;
      if (len == 0) return DecodeError::kOk;
      if (at + 1 + len > msg_.size()) return DecodeError::kOutOfRange;
      if (!out.empty()) out.push_back('.');
      out.append(msg_.substr(at + 1, len));
      if (out.size() > kMaxNameLength) return DecodeError::kBadLabel;
      at += 1 + len;
    }
  }

 private:
  std::string_view msg_;
  std::size_t pos_ = 0;
};

Address address_from(const unsigned char* raw, bool v6) {
  Address a;
  if (v6) {
    sockaddr_in6 sin6{};
    sin6.sin6_family = AF_INET6;
    std::memcpy(&sin6.sin6_addr, raw, 16);
    Address::from_sockaddr(reinterpret_cast<const sockaddr*>(&sin6), sizeof sin6, a);
  } else {
    sockaddr_in sin{};
    sin.sin_family = AF_INET;
    std::memcpy(&sin.sin_addr, raw, 4);
    Address::from_sockaddr(reinterpret_cast<const sockaddr*>(&sin), sizeof sin, a);
  }
  return a;
}

// Steps over the records of one section; answers are kept when `keep` is set.
DecodeError read_records(Reader& r, std::size_t count, std::uint16_t type, bool keep, Answer& out,
                         std::string_view msg) {
  for (std::size_t i = 0; i < count; ++i) {
    if (DecodeError e = r.skip_name(); e != DecodeError::kOk) return e;
    if (!r.has(10)) return DecodeError::kOutOfRange;
    const std::uint16_t rtype = r.u16(r.pos());
    const std::uint16_t rclass = r.u16(r.pos() + 2);
    const std::uint16_t rdlength = r.u16(r.pos() + 8);
    r.skip(10);
    if (!r.has(rdlength)) return DecodeError::kOutOfRange;
    if (keep) {
      if (rtype != kTypeCname && rtype != kTypeDname && rtype != type) return DecodeError::kUnexpectedType;
      if (rclass != 1) return DecodeError::kUnexpectedClass;
      const auto* rdata = reinterpret_cast<const unsigned char*>(msg.data() + r.pos());
      if (rtype == kTypeA || rtype == kTypeAaaa) {
        if (rdlength != (rtype == kTypeA ? 4 : 16)) return DecodeError::kRdataLength;
        if (out.addresses.size() < kMaxAddresses) out.addresses.push_back(address_from(rdata, rtype == kTypeAaaa));
      } else if (rtype == kTypeCname) {
        std::string alias;
        if (DecodeError e = r.read_name(r.pos(), alias); e != DecodeError::kOk) return e;
        if (out.aliases.size() < kMaxAliases) out.aliases.push_back(std::move(alias));
      }
    }
    r.skip(rdlength);
  }
  return DecodeError::kOk;
}

}  // namespace

QueryError encode_query(std::string_view host, std::uint16_t type, std::string& out) {
  if (!host.empty() && host.back() == '.') host.remove_suffix(1);
  if (host.empty()) return QueryError::kBadLabel;
  if (host.size() + 2 > kMaxNameLength) return QueryError::kTooLong;
  out.clear();
  put16(out, 0);       // ID
  put16(out, 0x0100);  // a standard query, recursion desired
  put16(out, 1);       // one question
  put16(out, 0);
  put16(out, 0);
  put16(out, 0);
  while (true) {
    const std::size_t dot = host.find('.');
    const std::string_view label = host.substr(0, dot);
    if (label.empty() || label.size() > 63) return QueryError::kBadLabel;
    out.push_back(static_cast<char>(label.size()));
    out.append(label);
    if (dot == std::string_view::npos) break;
    host.remove_prefix(dot + 1);
  }
  out.push_back('\0');
  put16(out, type);
  put16(out, 1);  // class IN
  return QueryError::kOk;
}

DecodeError decode_answer(std::string_view msg, std::uint16_t type, Answer& out) {
  Reader r(msg);
  if (msg.size() < kHeaderSize) return DecodeError::kTooShort;
  if (r.u16(0) != 0) return DecodeError::kBadId;
  if (r.byte(3) & 0x0f) return DecodeError::kBadRcode;
  const std::size_t questions = r.u16(4);
  const std::size_t answers = r.u16(6);
  const std::size_t authority = r.u16(8);
  const std::size_t additional = r.u16(10);
  r.skip(kHeaderSize);
  for (std::size_t i = 0; i < questions; ++i) {
    if (DecodeError e = r.skip_name(); e != DecodeError::kOk) return e;
    if (!r.has(4)) return DecodeError::kOutOfRange;
    r.skip(4);
  }
  const std::size_t had_addresses = out.addresses.size();
  const std::size_t had_aliases = out.aliases.size();
  if (DecodeError e = read_records(r, answers, type, true, out, msg); e != DecodeError::kOk) return e;
  if (DecodeError e = read_records(r, authority + additional, type, false, out, msg); e != DecodeError::kOk)
    return e;
  if (!r.at_end()) return DecodeError::kMalformed;
  if (out.addresses.size() == had_addresses && out.aliases.size() == had_aliases) return DecodeError::kNoContent;
  return DecodeError::kOk;
}

const char* describe(DecodeError e) {
  switch (e) {
    case DecodeError::kOk: return "ok";
    case DecodeError::kTooShort: return "too small answer";
    case DecodeError::kBadId: return "bad ID";
    case DecodeError::kBadRcode: return "bad rcode";
    case DecodeError::kBadLabel: return "bad label";
    case DecodeError::kOutOfRange: return "out of range";
    case DecodeError::kLabelLoop: return "label loop";
    case DecodeError::kUnexpectedType: return "unexpected type";
    case DecodeError::kUnexpectedClass: return "unexpected class";
    case DecodeError::kRdataLength: return "bad rdata length";
    case DecodeError::kMalformed: return "malformed";
    case DecodeError::kNoContent: return "no content";
  }
  return "unknown";
}

}  // namespace xfer::transport::dns
