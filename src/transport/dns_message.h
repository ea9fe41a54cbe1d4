// DNS messages as DNS-over-HTTPS carries them: the query for one name, and the addresses an answer holds.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "transport/address.h"

namespace xfer::transport::dns {

inline constexpr std::uint16_t kTypeA = 1;
inline constexpr std::uint16_t kTypeCname = 5;
inline constexpr std::uint16_t kTypeAaaa = 28;
inline constexpr std::uint16_t kTypeDname = 39;

// The largest DoH answer libcurl 7.88 takes; a longer one fails the probe.
inline constexpr std::size_t kMaxAnswerSize = 3000;
// Addresses kept from one answer (libcurl's DOH_MAX_ADDR); later ones are ignored.
inline constexpr std::size_t kMaxAddresses = 24;

enum class QueryError { kOk, kBadLabel, kTooLong };

// A recursive query for host (ID 0, RD set, one question of class IN): what RFC 8484 POSTs.
// A trailing dot is allowed; an empty or over-long label is not.
QueryError encode_query(std::string_view host, std::uint16_t type, std::string& out);

enum class DecodeError {
  kOk,
  kTooShort,        // shorter than a header
  kBadId,           // not ID 0, which every query asked with
  kBadRcode,        // the server reported an error (NXDOMAIN, SERVFAIL, ...)
  kBadLabel,        // a label length that is neither a label nor a pointer
  kOutOfRange,      // a field runs past the end
  kLabelLoop,       // compression pointers that never end
  kUnexpectedType,  // an answer of another type than asked (CNAME and DNAME excepted)
  kUnexpectedClass, // an answer not of class IN
  kRdataLength,     // an A or AAAA record of the wrong size
  kMalformed,       // bytes left over after the last record
  kNoContent,       // well formed, but neither an address nor an alias
};

struct Answer {
  std::vector<Address> addresses;  // in the answer's order, port 0
  std::vector<std::string> aliases;  // CNAME targets, dotted
};

// Reads an answer to a query of `type`, adding what it holds to out (so the A and AAAA
// answers of one name collect into one Answer).
DecodeError decode_answer(std::string_view msg, std::uint16_t type, Answer& out);

const char* describe(DecodeError e);

}  // namespace xfer::transport::dns
