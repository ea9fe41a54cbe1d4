// Answers RFC 8484 POSTs from the records a URL's query lists, so scenarios script a resolver.
#include "doh_responder.h"

#include <arpa/inet.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace xfer::test {
namespace {

constexpr std::uint16_t kTypeA = 1;
constexpr std::uint16_t kTypeCname = 5;
constexpr std::uint16_t kTypeAaaa = 28;

void put16(std::string& out, std::uint16_t v) {
  out.push_back(static_cast<char>(v >> 8));
  out.push_back(static_cast<char>(v & 0xff));
}

void put32(std::string& out, std::uint32_t v) {
  put16(out, static_cast<std::uint16_t>(v >> 16));
  put16(out, static_cast<std::uint16_t>(v & 0xffff));
}

// "a.b.c" in label form, ending with the root label.
std::string wire_name(std::string_view name) {
  std::string out;
  while (!name.empty()) {
    auto dot = name.find('.');
    std::string_view label = name.substr(0, dot);
    out.push_back(static_cast<char>(label.size()));
    out += label;
    name = dot == std::string_view::npos ? std::string_view() : name.substr(dot + 1);
  }
  out.push_back('\0');
  return out;
}

struct Question {
  std::string wire;  // name, type and class exactly as the query had them
  std::uint16_t id = 0;
  std::uint16_t type = 0;
};

// The query's header and its one question, or false when it is not a DNS query.
bool read_question(std::string_view msg, Question& q) {
  if (msg.size() < 12) return false;
  auto byte = [&](std::size_t i) { return static_cast<unsigned char>(msg[i]); };
  q.id = static_cast<std::uint16_t>(byte(0) << 8 | byte(1));
  if ((byte(4) << 8 | byte(5)) != 1) return false;  // exactly one question
  std::size_t i = 12;
  while (i < msg.size() && byte(i) != 0) {
    if (byte(i) > 63) return false;  // a query never compresses its only name
    i += 1 + byte(i);
  }
  if (i + 5 > msg.size()) return false;
  q.type = static_cast<std::uint16_t>(byte(i + 1) << 8 | byte(i + 2));
  q.wire = std::string(msg.substr(12, i + 5 - 12));
  return true;
}

void put_record(std::string& out, const std::string& owner, std::uint16_t type, std::uint32_t ttl,
                const std::string& data) {
  out += owner;
  put16(out, type);
  put16(out, 1);  // class IN
  put32(out, ttl);
  put16(out, static_cast<std::uint16_t>(data.size()));
  out += data;
}

}  // namespace

// Parameters: a=IP and aaaa=IP (repeatable) are the records; cname=NAME puts a CNAME from the
// asked name to NAME first and owns the addresses by NAME; rcode=N sets the response code;
// ttl=N (default 60); dohid=N replaces the echoed ID; dohcut=N drops the message's last N
// bytes; dohjunk=N appends N zero bytes; dohstatus=NNN answers that HTTP status with the
// message anyway. Only answers of the asked type (and the CNAME) are included.
Reply doh_reply(const Query& q, const Request& r) {
  if (r.method != "POST") return {http_response(405, "DoH wants POST\n")};
  if (r.header("Content-Type") != "application/dns-message")
    return {http_response(415, "DoH wants application/dns-message\n")};
  Question question;
  if (!read_question(r.body, question)) return {http_response(400, "not a DNS query\n")};

  const auto ttl = static_cast<std::uint32_t>(q.number("ttl", 60));
  std::string answers;
  std::uint16_t count = 0;
  // The question's name sits at offset 12 of the answer: a pointer to it owns the records.
  const std::string at_question("\xc0\x0c", 2);
  std::string owner = at_question;
  if (auto target = q.get("cname")) {
    put_record(answers, owner, kTypeCname, ttl, wire_name(*target));
    ++count;
    owner = wire_name(*target);
  }
  const bool want_v6 = question.type == kTypeAaaa;
  if (question.type == kTypeA || want_v6) {
    for (const auto& ip : q.all(want_v6 ? "aaaa" : "a")) {
      unsigned char raw[16];
      if (inet_pton(want_v6 ? AF_INET6 : AF_INET, ip.c_str(), raw) != 1) continue;
      put_record(answers, owner, question.type, ttl,
                 std::string(reinterpret_cast<char*>(raw), want_v6 ? 16 : 4));
      ++count;
    }
  }

  std::string msg;
  put16(msg, q.has("dohid") ? static_cast<std::uint16_t>(q.number("dohid", 0)) : question.id);
  put16(msg, static_cast<std::uint16_t>(0x8180 | (q.number("rcode", 0) & 0xf)));  // response, RD, RA
  put16(msg, 1);
  put16(msg, count);
  put16(msg, 0);
  put16(msg, 0);
  msg += question.wire;
  msg += answers;
  const std::size_t cut = q.number("dohcut", 0);
  msg.resize(cut < msg.size() ? msg.size() - cut : 0);
  msg.append(q.number("dohjunk", 0), '\0');

  const int status = static_cast<int>(q.number("dohstatus", 200));
  std::string head = "HTTP/1.1 " + std::to_string(status) + " " + reason_phrase(status) + "\r\n";
  head += "Content-Type: application/dns-message\r\n";
  head += "Content-Length: " + std::to_string(msg.size()) + "\r\n\r\n";
  return {Send{head + msg}};
}

}  // namespace xfer::test
