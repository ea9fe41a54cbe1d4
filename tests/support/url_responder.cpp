// Turns a request's query parameters into reply steps, per the shared URL protocol.
#include "url_responder.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "body_coding.h"
#include "doh_responder.h"
#include "negotiate_server.h"
#include "ntlm_server.h"
#include "proxy_auth.h"
#include "query.h"
#include "request_counts.h"

namespace xfer::test {
namespace {

constexpr std::size_t default_chunk = 1000;

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool expects_continue(const Request& r) {
  return lower(r.header("Expect")) == "100-continue";
}

// "Name:Value" becomes "Name: Value"; a line without a colon goes out as given, so tests
// can send broken header lines on purpose.
std::string header_line(const std::string& spec) {
  auto colon = spec.find(':');
  if (colon == std::string::npos) return spec;
  std::string_view value = std::string_view(spec).substr(colon + 1);
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  return spec.substr(0, colon) + ": " + std::string(value);
}

bool overrides_content_type(const std::vector<std::string>& extra) {
  return std::any_of(extra.begin(), extra.end(), [](const std::string& spec) {
    return lower(spec.substr(0, spec.find(':'))) == "content-type";
  });
}

// One coding step of a reply body: gzip, deflate (variant "raw": no zlib wrapper), br or
// zstd; variant "multi" sends two gzip members, two brotli streams or two zstd frames, each
// holding half the body. Any other name leaves the bytes as they are.
std::string encode_step(const std::string& plain, std::string_view coding, std::string_view variant) {
  BodyCoding how;
  if (coding == "gzip") {
    how = BodyCoding::gzip;
  } else if (coding == "deflate") {
    return encode_body(plain, variant == "raw" ? BodyCoding::raw_deflate : BodyCoding::zlib);
  } else if (coding == "br") {
    how = BodyCoding::brotli;
  } else if (coding == "zstd") {
    how = BodyCoding::zstd;
  } else {
    return plain;
  }
  if (variant != "multi") return encode_body(plain, how);
  std::size_t half = plain.size() / 2;
  return encode_body(std::string_view(plain).substr(0, half), how) +
         encode_body(std::string_view(plain).substr(half), how);
}

// gzip=1|multi, deflate=1|raw, br=1|multi, zstd=1|multi: the body goes out compressed (the
// first of these given, see encode_step); chain=LIST applies each coding of a comma list
// (gzip, deflate, br, zstd) in that order, as "Content-Encoding: LIST" says a server did;
// zcut=N drops the last N encoded bytes, ztail=TEXT appends bytes after the stream; ce=NAME
// names the Content-Encoding (alone it labels an uncompressed body). Returns the header value.
std::string apply_coding(const Query& q, Body& body) {
  std::vector<std::pair<std::string, std::string>> steps;  // coding, variant
  std::string named;
  if (auto chain = q.get("chain")) {
    std::string_view rest = *chain;
    while (!rest.empty()) {
      std::size_t comma = rest.find(',');
      std::string_view item = rest.substr(0, comma);
      while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
      if (!item.empty()) {
        steps.emplace_back(std::string(item), "1");
        named += (named.empty() ? "" : ", ") + std::string(item);
      }
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    }
  } else {
    for (const char* coding : {"gzip", "deflate", "br", "zstd"}) {
      auto variant = q.get(coding);
      if (variant && *variant != "0" && !variant->empty()) {
        steps.emplace_back(coding, *variant);
        named = coding;
        break;
      }
    }
  }
  std::string name = q.get("ce").value_or("");
  if (steps.empty()) return name;
  std::string encoded = body.literal;
  if (body.use_pattern) {
    encoded.clear();
    for (std::size_t i = 0; i < body.pattern_size; ++i)
      encoded.push_back(static_cast<char>('a' + i % 26));
  }
  for (const auto& [coding, variant] : steps) encoded = encode_step(encoded, coding, variant);
  std::size_t cut = std::min(q.number("zcut", 0), encoded.size());
  encoded.resize(encoded.size() - cut);
  encoded += q.get("ztail").value_or("");
  body.use_pattern = false;
  body.pattern_size = 0;
  body.literal = std::move(encoded);
  if (name.empty()) name = named;
  return name;
}

// ranges=1: "Range: bytes=S-" or "bytes=S-E" on a pattern body. Returns false when the
// header is absent or not one such range.
bool parse_byte_range(std::string_view value, std::size_t& start, std::size_t& end) {
  if (value.substr(0, 6) != "bytes=") return false;
  value.remove_prefix(6);
  const auto dash = value.find('-');
  if (dash == std::string_view::npos || dash == 0) return false;
  start = 0;
  for (char c : value.substr(0, dash)) {
    if (c < '0' || c > '9') return false;
    start = start * 10 + static_cast<std::size_t>(c - '0');
  }
  end = static_cast<std::size_t>(-1);
  if (dash + 1 < value.size()) {
    end = 0;
    for (char c : value.substr(dash + 1)) {
      if (c < '0' || c > '9') return false;
      end = end * 10 + static_cast<std::size_t>(c - '0');
    }
  }
  return end >= start;
}

// failfirst=N with key=K: the first N requests carrying K get failstatus= (default 503),
// with "Retry-After: V" when retryafter=V is given. /__seen?key=K reports the counts.
Reply seen_reply(const Query& q) {
  const KeyCounts c = keyed_counts(q.get("key").value_or(""));
  return {http_response(200, "requests=" + std::to_string(c.requests) +
                                 " ranges=" + std::to_string(c.ranges) + "\n")};
}

Reply stats_reply(const Request& r) {
  std::string text = "connections=" + std::to_string(r.total_connections) +
                     " requests=" + std::to_string(r.total_requests);
  if (r.tls)
    text += " tls_handshakes=" + std::to_string(r.tls_handshakes) +
            " tls_resumed=" + std::to_string(r.tls_resumed);
  if (r.h2_streams)
    text += " h2_streams=" + std::to_string(r.h2_streams) + " h2_pushed=" + std::to_string(r.h2_pushed) +
            " h2_push_reset=" + std::to_string(r.h2_push_reset);
  text += "\n";
  return {http_response(200, text)};
}


// The host part of a CONNECT authority: "name:port" gives "name", "[v6]:port" gives "v6".
std::string_view connect_host(std::string_view authority) {
  if (!authority.empty() && authority.front() == '[') {
    auto close = authority.find(']');
    return authority.substr(1, close == std::string_view::npos ? std::string_view::npos : close - 1);
  }
  return authority.substr(0, authority.rfind(':'));
}

// CONNECT: the dot-separated labels of the requested host name are knobs (see
// tests/support/URL-PROTOCOL.md); without any the tunnel opens at once, and the
// connection then serves origin-form requests as a direct one would, after a TLS
// handshake when the server speaks TLS with --plain-too.
Reply connect_reply(const Request& r) {
  bool close_now = false, reset = false, hang = false, garbage = false, http10 = false,
       extra_header = false, bye = false, chunked = false, negotiate = false;
  std::string schemes;  // what a 407 offers: basic unless labels name others
  int status = 200;
  std::string_view rest = connect_host(r.target);
  while (!rest.empty()) {
    std::string_view label = rest.substr(0, rest.find('.'));
    rest.remove_prefix(std::min(rest.size(), label.size() + 1));
    if (label == "close") close_now = true;
    if (label == "reset") reset = true;
    if (label == "hang") hang = true;
    if (label == "garbage") garbage = true;
    if (label == "http10") http10 = true;
    if (label == "hdr") extra_header = true;
    if (label == "bye") bye = true;
    if (label == "chunked") chunked = true;
    if (label == "negotiate") negotiate = true;
    if (label == "basic" || label == "digest" || label == "ntlm") schemes += std::string(schemes.empty() ? "" : ",") + std::string(label);
    if (label.substr(0, 7) == "status-" && label.size() == 10) {
      int code = 0;
      for (char c : label.substr(7)) code = code * 10 + (c >= '0' && c <= '9' ? c - '0' : 0);
      if (code >= 100) status = code;
    }
  }
  if (reset) return {Reset{}};
  if (close_now) return {Close{}};
  if (hang) return {Hang{}};
  if (garbage) return {Send{"hello world\r\n"}, Close{}};
  ProxyAuthVerdict auth;
  if (negotiate) {
    // The proxy wants Negotiate (SPNEGO) on the CONNECT itself; 500 without GSS-API.
    NegotiateVerdict n = negotiate_check(r, true, false);
    if (n.unavailable) {
      status = 500;
    } else if (n.refused) {
      status = 407;
      auth.refused = true;
    }
    auth.challenges = std::move(n.challenges);
    auth.headers = std::move(n.headers);
  } else if (status == 407) {
    auth = proxy_auth_verdict(schemes.empty() ? "basic" : schemes, r);
    if (!auth.refused) status = 200;
  }

  const bool tunnel = status / 100 == 2;
  std::string head = std::string(http10 ? "HTTP/1.0 " : "HTTP/1.1 ") + std::to_string(status) + " " +
                     (status == 200 ? "Connection established" : reason_phrase(status)) + "\r\n";
  if (extra_header) head += "X-Proxy: yes\r\n";
  for (const auto& line : auth.headers) head += line + "\r\n";
  std::string body;
  if (!tunnel) {
    body = "proxy says " + std::to_string(status) + "\n";
    head += "Content-Type: text/plain\r\n";
    if (chunked) {
      head += "Transfer-Encoding: chunked\r\n";
      char size[16];
      std::snprintf(size, sizeof size, "%zx", body.size());
      body = std::string(size) + "\r\n" + body + "\r\n0\r\n\r\n";
    } else {
      head += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    }
    for (const auto& c : auth.challenges) head += "Proxy-Authenticate: " + c + "\r\n";
    if (bye || auth.close) head += "Connection: close\r\n";
  }
  head += "\r\n";
  Reply steps{Send{head + body}};
  if (tunnel) {
    steps.push_back(StartTls{});
  } else if (bye || auth.close) {
    steps.push_back(Close{});
  }
  return steps;
}

}  // namespace

HeadAction url_head_action(const Request& head) {
  Query q(head.target);
  if (q.flag("rst") || q.flag("nothing") || q.flag("hang")) return HeadAction::skip_body;
  // early=1: the reply goes before the body is read (no 100 even when one is expected).
  if (q.flag("early")) return HeadAction::reply_first;
  // expect417=1: a request that waits for a 100 gets 417 and its body is not awaited (the
  // client asks again without Expect on the same connection).
  if (q.flag("expect417") && expects_continue(head)) return HeadAction::skip_body;
  // rawbody=N: the body is the next N bytes, whatever Content-Length or chunking says.
  if (q.has("rawbody")) return HeadAction::read_raw;
  if (expects_continue(head) && !q.flag("noexpect")) return HeadAction::send_continue;
  return HeadAction::read_body;
}

std::size_t url_raw_length(const Request& head) { return Query(head.target).number("rawbody", 0); }

Reply url_reply(const Request& r) {
  if (r.method == "CONNECT") return connect_reply(r);
  Query q(r.target);
  if (q.path() == "/__stats") return stats_reply(r);
  if (q.path() == "/__seen") return seen_reply(q);
  std::size_t keyed_seen = 0;
  if (auto key = q.get("key")) {
    const KeyCounts seen = note_keyed_request(*key, !r.header("Range").empty());
    keyed_seen = seen.requests;
    if (seen.requests <= q.number("failfirst", 0)) {
      std::vector<std::string> extra;
      if (auto after = q.get("retryafter")) extra.push_back("Retry-After: " + *after);
      return {http_response(static_cast<int>(q.number("failstatus", 503)), "try again\n", extra)};
    }
  }
  if (q.flag("rst")) return {Reset{}};
  // nonotify=1: on TLS, every close this reply makes (cut=, raw=, close=1, nothing=1 ...)
  // ends the TCP stream without a close_notify alert first.
  const bool notify = !q.flag("nonotify");
  if (q.flag("nothing")) return {Close{notify}};
  if (q.flag("hang")) return {Hang{}};
  if (q.flag("doh")) return doh_reply(q, r);
  if (q.flag("expect417") && expects_continue(r))
    return {Send{"HTTP/1.1 417 Expectation Failed\r\nContent-Type: text/plain\r\nContent-Length: 14\r\n\r\n"
                 "no continuing\n"}};

  Reply steps;
  if (q.has("delay")) steps.push_back(Sleep{milliseconds(q.number("delay", 0))});
  // cutfirst=N with key=K: cut= applies to the first N requests with K only.
  const bool cut_this = !q.has("cutfirst") || (keyed_seen > 0 && keyed_seen <= q.number("cutfirst", 0));
  if (q.has("cut") && cut_this) steps.push_back(CutAfter{q.number("cut", 0), notify});
  // raw=TEXT: the reply is TEXT exactly as given (no line of its own added), then the server
  // closes. flood=TEXT and floodn=N follow it with TEXT N times, then rawtail=TEXT.
  if (auto raw = q.get("raw")) {
    steps.push_back(Send{*raw});
    if (auto flood = q.get("flood")) {
      std::string lot;
      for (std::size_t n = q.number("floodn", 0); n > 0; --n) lot += *flood;
      steps.push_back(Send{std::move(lot)});
    }
    steps.push_back(Send{q.get("rawtail").value_or("")});
    steps.push_back(Close{notify});
    return steps;
  }
  if (q.flag("garbage")) {
    steps.push_back(Send{"hello world\r\n"});
    steps.push_back(Close{notify});
    return steps;
  }
  if (q.flag("malformed")) {
    steps.push_back(Send{"HTTP/1.1 abc Broken\r\n\r\n"});
    steps.push_back(Close{notify});
    return steps;
  }

  int status = static_cast<int>(q.number("status", 200));
  // challenge=<WWW-Authenticate value> (repeatable): a request without Authorization is
  // answered 401 with those challenges; one with it gets the reply the rest asks for.
  std::vector<std::string> challenges = q.all("challenge");
  const std::string_view authorization = r.header("Authorization");
  bool challenged = !challenges.empty() && authorization.empty();
  // authok=TEXT: an Authorization without TEXT in it is refused too, with the rechallenge=
  // values (repeatable) when there are any, else with the challenge= ones again.
  if (!challenges.empty() && !authorization.empty()) {
    auto ok = q.get("authok");
    if (ok && authorization.find(*ok) == std::string_view::npos) {
      challenged = true;
      if (q.has("rechallenge")) challenges = q.all("rechallenge");
    }
  }
  // ntlm=v1|v2: an NTLM handshake per connection decides instead (see ntlm_server.h).
  std::vector<std::string> negotiate_lines;  // negotiate='s reports and final token
  NtlmVerdict ntlm;
  if (q.has("ntlm")) {
    ntlm = ntlm_verdict(q, r);
    challenged = ntlm.refused;
    challenges = std::move(ntlm.challenges);
  }
  // negotiate=1|never: a GSS-API (SPNEGO) handshake per connection decides instead
  // (see negotiate_server.h); a server built without GSS-API answers 500.
  if (auto n = q.get("negotiate"); n && *n != "0") {
    NegotiateVerdict negotiate = negotiate_check(r, false, *n == "never");
    if (negotiate.unavailable) return {http_response(500, "no GSS-API\n")};
    challenged = negotiate.refused;
    challenges = std::move(negotiate.challenges);
    for (auto& line : negotiate.headers) negotiate_lines.push_back(std::move(line));
  }
  if (challenged) status = 401;
  // proxyauth=1 (Basic) or a list of basic, digest, ntlm: the server plays a proxy that
  // wants "user:pass": without it the answer is 407 with Proxy-Authenticate challenges.
  ProxyAuthVerdict proxy_auth;
  if (auto schemes = q.get("proxyauth"); schemes && *schemes != "0") proxy_auth = proxy_auth_verdict(*schemes, r);
  // proxynegotiate=1|never: the same as a proxy (407, Proxy-Authenticate).
  if (auto n = q.get("proxynegotiate"); n && *n != "0") {
    NegotiateVerdict negotiate = negotiate_check(r, true, *n == "never");
    if (negotiate.unavailable) return {http_response(500, "no GSS-API\n")};
    proxy_auth.refused = proxy_auth.refused || negotiate.refused;
    if (negotiate.refused)
      for (auto& c : negotiate.challenges) proxy_auth.challenges.push_back(std::move(c));
    for (auto& line : negotiate.headers) proxy_auth.headers.push_back(std::move(line));
  }
  const bool proxy_challenged = proxy_auth.refused;
  if (proxy_challenged) status = 407;
  bool http10 = q.flag("http10");
  bool chunked = q.flag("chunked");
  bool close_delimited = q.flag("close");
  bool keep_alive_10 = http10 && lower(r.header("Connection")).find("keep-alive") != std::string::npos;
  std::size_t maxreq = q.number("maxreq", 0);
  bool closing = close_delimited || (q.flag("te") && !chunked) || q.flag("connclose") || ntlm.close || proxy_auth.close ||
                 (http10 && !keep_alive_10) ||
                 (maxreq > 0 && r.index >= maxreq) || lower(r.header("Connection")) == "close";

  Body body;
  if (q.flag("echo")) {
    body.literal = r.raw;
  } else if (auto text = q.get("text")) {
    body.literal = *text;
  } else {
    body.use_pattern = true;
    body.pattern_size = q.number("size", 0);
  }
  std::string content_encoding = apply_coding(q, body);
  // ranges=1: byte ranges of a pattern body, checked against If-Range (etag=, lastmod=).
  std::string content_range;
  std::size_t range_start = 0, range_end = 0;
  const std::string etag = q.has("etag") ? "\"" + q.get("etag").value_or("") + "\"" : "";
  const std::string lastmod = q.get("lastmod").value_or("");
  if (q.flag("ranges") && body.use_pattern && status == 200 &&
      parse_byte_range(r.header("Range"), range_start, range_end)) {
    const std::string_view if_range = r.header("If-Range");
    const bool same = if_range.empty() || (!etag.empty() && if_range == etag) ||
                      (!lastmod.empty() && if_range == lastmod);
    const std::size_t full = body.pattern_size;
    if (same && range_start >= full) {
      status = 416;
      content_range = "bytes */" + std::to_string(full);
      body.pattern_size = 0;
    } else if (same) {
      range_end = std::min(range_end, full - 1);
      status = 206;
      content_range = "bytes " + std::to_string(range_start) + "-" + std::to_string(range_end) +
                      "/" + std::to_string(full);
      body.pattern_offset = range_start;
      body.pattern_size = range_end - range_start + 1;
    }
  }
  std::size_t body_size = body.use_pattern ? body.pattern_size : body.literal.size();
  bool no_body_status = (status >= 100 && status < 200) || status == 204 || status == 304;
  bool send_body = !no_body_status && r.method != "HEAD";

  std::string head;
  if (q.flag("continue")) head += "HTTP/1.1 100 Continue\r\n\r\n";
  // statusline=TEXT: the whole first line, as given ("ICY 200 OK" for HTTP200ALIASES).
  if (auto line = q.get("statusline")) {
    head += *line + "\r\n";
  } else {
    head += http10 ? "HTTP/1.0 " : "HTTP/1.1 ";
    head += std::to_string(status) + " " + q.get("reason").value_or(reason_phrase(status)) + "\r\n";
  }
  std::vector<std::string> extra = q.all("hdr");
  if (!overrides_content_type(extra)) head += "Content-Type: text/plain\r\n";
  // te=1: the codings are transfer codings ("Transfer-Encoding: gzip[, chunked]"); without
  // chunked such a body ends at the close, whatever Content-Length says.
  const bool te_codings = q.flag("te") && !content_encoding.empty();
  if (te_codings) {
    head += "Transfer-Encoding: " + content_encoding + (chunked ? ", chunked\r\n" : "\r\n");
    if (!chunked && !close_delimited) head += "Content-Length: " + std::to_string(body_size) + "\r\n";
  } else if (chunked) {
    head += "Transfer-Encoding: chunked\r\n";
  } else if (!close_delimited && !(no_body_status && status != 304)) {
    head += "Content-Length: " + std::to_string(body_size) + "\r\n";
  }
  if (!content_encoding.empty() && !te_codings) head += "Content-Encoding: " + content_encoding + "\r\n";
  if (closing && !http10) head += "Connection: close\r\n";
  if (keep_alive_10) head += "Connection: keep-alive\r\n";
  if (auto location = q.get("location")) head += "Location: " + *location + "\r\n";
  if (!etag.empty()) head += "ETag: " + etag + "\r\n";
  if (!lastmod.empty()) head += "Last-Modified: " + lastmod + "\r\n";
  if (!content_range.empty()) head += "Content-Range: " + content_range + "\r\n";
  if (q.flag("ranges")) head += "Accept-Ranges: bytes\r\n";
  for (const auto& spec : extra) head += header_line(spec) + "\r\n";
  if (challenged)
    for (const auto& c : challenges) head += "WWW-Authenticate: " + c + "\r\n";
  for (const auto& line : ntlm.headers) head += line + "\r\n";
  for (const auto& line : negotiate_lines) head += line + "\r\n";
  // A SOCKS5 GSS-API handshake before this request says what it established.
  if (!r.socks_gss.empty()) head += "X-Socks-GSS: " + r.socks_gss + "\r\n";
  for (const auto& line : proxy_auth.headers) head += line + "\r\n";
  if (proxy_challenged)
    for (const auto& c : proxy_auth.challenges) head += "Proxy-Authenticate: " + c + "\r\n";
  if (q.flag("conn")) {
    head += "X-Conn: " + std::to_string(r.connection) + "\r\n";
    head += "X-Req: " + std::to_string(r.index) + "\r\n";
  }
  head += "\r\n";
  if (q.flag("lf")) {
    // lf=1: every line of the head ends in a bare LF, as curl's own test server sends the
    // replies of most of its test cases.
    std::string bare;
    for (std::size_t i = 0; i < head.size(); ++i)
      if (!(head[i] == '\r' && i + 1 < head.size() && head[i + 1] == '\n')) bare.push_back(head[i]);
    head = std::move(bare);
  }
  steps.push_back(Send{std::move(head)});

  if (send_body) {
    if (chunked) {
      body.chunk = q.number("chunk", default_chunk);
      if (body.chunk == 0) body.chunk = default_chunk;
      if (q.flag("trailer")) body.trailer = "X-Trailer: yes\r\n";
    }
    body.drip = milliseconds(q.number("drip", 0));
    body.drip_size = std::max<std::size_t>(q.number("dripsize", 1), 1);
    steps.push_back(std::move(body));
  }

  if (closing && q.flag("hold")) {
    // hold=1: the reply says the connection closes (close=1 frames its body by that), yet
    // the server keeps it open, as curl's own test server does; only a client that stops
    // reading at the right point finishes.
    steps.push_back(Hang{});
  } else if (closing) {
    steps.push_back(Close{notify});
  } else if (q.has("idleclose")) {
    steps.push_back(IdleClose{milliseconds(q.number("idleclose", 0))});
  }
  return steps;
}

Handler url_handler() { return Handler{url_head_action, url_reply, url_raw_length}; }

}  // namespace xfer::test
