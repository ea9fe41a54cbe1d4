// The scripted SOCKS proxy: parses RFC 1928/1929 and SOCKS4(a) messages, answers per the labels.
#include "socks_peer.h"

#include <cstdlib>
#include <optional>

namespace xfer::test {
namespace {

constexpr milliseconds slow_pause{5};

// Sent with a success reply by `early`, before the client has asked for anything.
constexpr std::string_view early_response =
    "HTTP/1.1 200 OK\r\nContent-Length: 6\r\nConnection: close\r\n\r\nearly\n";

unsigned char byte_at(const std::string& s, std::size_t i) { return static_cast<unsigned char>(s[i]); }

std::vector<std::string> split_labels(const std::string& name) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= name.size()) {
    std::size_t dot = name.find('.', start);
    if (dot == std::string::npos) dot = name.size();
    if (dot > start) out.push_back(name.substr(start, dot - start));
    start = dot + 1;
  }
  return out;
}

void put_port(std::string& s, unsigned port) {
  s += static_cast<char>((port >> 8) & 0xff);
  s += static_cast<char>(port & 0xff);
}

// One RFC 1961 message: VER 1, MTYP, LEN (2 bytes, big-endian), TOKEN.
std::string gss_message(int type, const std::string& token) {
  std::string m{'\x01', static_cast<char>(type)};
  put_port(m, static_cast<unsigned>(token.size()));  // the length, big-endian like a port
  return m + token;
}

// RFC 1961's refusal: the client must give up.
const std::string gss_abort{'\x01', '\xff'};

}  // namespace

bool opens_socks(unsigned char first) { return first == 4 || first == 5; }

bool SocksPeer::take_name(const std::string& name) {
  std::vector<std::string> labels = split_labels(name);
  bool arm = false;
  std::string rest;
  for (const std::string& l : labels) {
    if (l == "arm") {
      arm = true;
      continue;
    }
    if (!rest.empty()) rest += '.';
    rest += l;
  }
  if (arm) {
    armed_ = rest;
    return true;
  }
  labels_.insert(labels_.end(), labels.begin(), labels.end());
  return false;
}

bool SocksPeer::has(const std::string& label) const {
  for (const std::string& l : labels_)
    if (l == label) return true;
  return false;
}

int SocksPeer::number(const std::string& prefix, int fallback) const {
  const std::string head = prefix + "-";
  for (const std::string& l : labels_) {
    if (l.size() <= head.size() || l.compare(0, head.size(), head) != 0) continue;
    return std::atoi(l.c_str() + head.size());
  }
  return fallback;
}

void SocksPeer::answer(Script& out, const std::string& at, std::string bytes, bool closes) {
  const std::string suffix = at.empty() ? "" : "-" + at;
  if (has("close" + suffix)) {
    out.push_back(Close{});
    phase_ = Phase::over;
    return;
  }
  if (has("hang" + suffix)) {
    out.push_back(Hang{});
    phase_ = Phase::over;
    return;
  }
  if (has("half" + suffix)) {
    out.push_back(Send{bytes.substr(0, bytes.size() / 2)});
    out.push_back(Close{});
    phase_ = Phase::over;
    return;
  }
  if (has("slow")) {
    for (std::size_t i = 0; i < bytes.size(); ++i) {
      if (i > 0) out.push_back(Sleep{slow_pause});
      out.push_back(Send{bytes.substr(i, 1)});
    }
  } else {
    out.push_back(Send{std::move(bytes)});
  }
  if (closes) {
    out.push_back(Close{});
    phase_ = Phase::over;
  }
}

SocksPeer::Progress SocksPeer::advance(std::string& in, Script& out) {
  if (in.empty()) return Progress::need_more;
  Progress p = Progress::need_more;
  switch (phase_) {
    case Phase::first:
      // Armed labels belong to this handshake, whichever version it speaks.
      if (!armed_.empty()) {
        labels_ = split_labels(armed_);
        armed_.clear();
      }
      p = byte_at(in, 0) == 4 ? on_socks4(in, out) : on_greeting(in, out);
      break;
    case Phase::login: p = on_login(in, out); break;
    case Phase::gss: p = on_gss(in, out); break;
    case Phase::request: p = on_request(in, out); break;
    case Phase::tunnel:
    case Phase::over: break;
  }
  if (p == Progress::failed) {
    out.push_back(Close{});
    phase_ = Phase::over;
  }
  return p;
}

// VN CD DSTPORT DSTIP USERID NUL [HOST NUL when DSTIP is 0.0.0.x, x != 0: SOCKS4a]
SocksPeer::Progress SocksPeer::on_socks4(std::string& in, Script& out) {
  if (in.size() < 9) return Progress::need_more;
  const std::size_t user_end = in.find('\0', 8);
  if (user_end == std::string::npos) return Progress::need_more;
  std::size_t end = user_end + 1;
  const bool named = byte_at(in, 4) == 0 && byte_at(in, 5) == 0 && byte_at(in, 6) == 0 && byte_at(in, 7) != 0;
  if (named) {
    const std::size_t host_end = in.find('\0', end);
    if (host_end == std::string::npos) return Progress::need_more;
    if (take_name(in.substr(end, host_end - end))) labels_.clear();
    end = host_end + 1;
  }
  const bool connect = byte_at(in, 1) == 1;
  in.erase(0, end);
  if (!connect) return Progress::failed;
  const int code = number("reply", 90);
  std::string reply;
  reply += static_cast<char>(number("ver", 0));
  reply += static_cast<char>(code);
  put_port(reply, 0x1234);
  reply += std::string("\xc0\x00\x02\x01", 4);  // 192.0.2.1
  const bool granted = code == 90;
  if (granted && has("early")) reply += early_response;
  answer(out, "", std::move(reply), !granted || has("early"));
  if (phase_ != Phase::over) phase_ = Phase::tunnel;
  return Progress::answered;
}

// VER NMETHODS METHODS
SocksPeer::Progress SocksPeer::on_greeting(std::string& in, Script& out) {
  if (in.size() < 2 || in.size() < 2u + byte_at(in, 1)) return Progress::need_more;
  in.erase(0, 2u + byte_at(in, 1));
  // `gssapi` picks method 1 and runs the RFC 1961 subnegotiation (method-N still overrides).
  const bool gssapi = has("gssapi");
  const int method = number("method", gssapi ? 1 : 0);
  std::string reply;
  reply += static_cast<char>(number("methodver", 5));
  reply += static_cast<char>(method);
  const bool goes_on = method == 0 || method == 2 || (method == 1 && gssapi);
  answer(out, "greeting", std::move(reply), !goes_on);
  if (phase_ != Phase::over) phase_ = method == 2 ? Phase::login : method == 1 ? Phase::gss : Phase::request;
  return Progress::answered;
}

// VER ULEN UNAME PLEN PASSWD (RFC 1929); only user:pass passes.
SocksPeer::Progress SocksPeer::on_login(std::string& in, Script& out) {
  if (in.size() < 2) return Progress::need_more;
  const std::size_t ulen = byte_at(in, 1);
  if (in.size() < 3 + ulen) return Progress::need_more;
  const std::size_t plen = byte_at(in, 2 + ulen);
  if (in.size() < 3 + ulen + plen) return Progress::need_more;
  const bool ok = in.compare(2, ulen, "user") == 0 && ulen == 4 && plen == 4 && in.compare(3 + ulen, plen, "pass") == 0;
  in.erase(0, 3 + ulen + plen);
  std::string reply{'\x01', ok ? '\x00' : '\x01'};
  answer(out, "login", std::move(reply), !ok);
  if (phase_ != Phase::over) phase_ = Phase::request;
  return Progress::answered;
}

// RFC 1961: context tokens (MTYP 1) until the acceptor is done, then the protection level
// (MTYP 2). Anything out of order, or a token the acceptor rejects, gets the abort.
SocksPeer::Progress SocksPeer::on_gss(std::string& in, Script& out) {
  if (in.size() < 4) return Progress::need_more;
  const std::size_t len = static_cast<std::size_t>(byte_at(in, 2)) << 8 | byte_at(in, 3);
  if (in.size() < 4 + len) return Progress::need_more;
  const int version = byte_at(in, 0), type = byte_at(in, 1);
  const std::string body = in.substr(4, len);
  in.erase(0, 4 + len);
  if (version != 1) return Progress::failed;
  if (type == 2 && gss_done_) return on_gss_protection(body, out);
  if (!gss_) gss_ = std::make_unique<GssAcceptor>();
  GssAcceptor::Step step;
  if (type == 1 && !gss_done_) step = gss_->accept(body);
  if (step.state == GssAcceptor::State::failed) {
    answer(out, "gss", gss_abort, true);
    return Progress::answered;
  }
  // A context that completes on the client's first token may have nothing to say back.
  if (!step.token.empty()) answer(out, "gss", gss_message(1, step.token), false);
  gss_done_ = step.state == GssAcceptor::State::done;
  return Progress::answered;
}

// The client's level comes wrapped (gss_wrap), or bare as one byte in NEC mode (an early
// draft that Microsoft's and NEC's servers followed; CURLOPT_SOCKS5_GSSAPI_NEC). The answer
// goes back the same way; its level is the client's own unless `gsslevel-N` says otherwise.
SocksPeer::Progress SocksPeer::on_gss_protection(const std::string& body, Script& out) {
  const std::optional<std::string> plain = gss_->unwrap(body);
  const bool nec = !plain && body.size() == 1;
  if (!nec && (!plain || plain->size() != 1)) {
    answer(out, "gss", gss_abort, true);
    return Progress::answered;
  }
  const int asked = byte_at(nec ? body : *plain, 0);
  const std::string level(1, static_cast<char>(number("gsslevel", asked)));
  const std::optional<std::string> reply = nec ? std::optional<std::string>(level) : gss_->wrap(level);
  if (!reply) {
    answer(out, "gss", gss_abort, true);
    return Progress::answered;
  }
  gss_report_ = "user=" + gss_->client_name() + " service=" + gss_->service_name() +
                " level=" + std::to_string(asked) + " form=" + (nec ? "nec" : "wrapped");
  answer(out, "gss", gss_message(2, *reply), false);
  if (phase_ != Phase::over) phase_ = Phase::request;
  return Progress::answered;
}

// VER CMD RSV ATYP DST.ADDR DST.PORT
SocksPeer::Progress SocksPeer::on_request(std::string& in, Script& out) {
  if (in.size() < 5) return Progress::need_more;
  std::size_t len = 0;
  switch (byte_at(in, 3)) {
    case 1: len = 4 + 4 + 2; break;
    case 3: len = 5 + byte_at(in, 4) + 2; break;
    case 4: len = 4 + 16 + 2; break;
    default: in.clear(); return Progress::failed;
  }
  if (in.size() < len) return Progress::need_more;
  if (byte_at(in, 0) != 5 || byte_at(in, 1) != 1) {
    in.clear();
    return Progress::failed;
  }
  if (byte_at(in, 3) == 3 && take_name(in.substr(5, byte_at(in, 4)))) labels_.clear();
  in.erase(0, len);
  const int code = number("reply", 0);
  std::string reply;
  reply += static_cast<char>(number("ver", 5));
  reply += static_cast<char>(code);
  reply += '\0';
  if (has("bound-name")) {
    reply += "\x03\x09localhost";
  } else if (has("bound-short")) {
    reply += "\x03\x01" "a";
  } else if (has("bound-v6")) {
    reply += '\x04';
    reply += std::string(15, '\0') + '\x01';  // ::1
  } else {
    reply += static_cast<char>(number("bound-type", 1));
    reply += std::string("\x7f\x00\x00\x01", 4);  // 127.0.0.1
  }
  put_port(reply, 8080);
  const bool granted = code == 0;
  if (granted && has("early")) reply += early_response;
  answer(out, "", std::move(reply), !granted || has("early"));
  if (phase_ != Phase::over) phase_ = Phase::tunnel;
  return Progress::answered;
}

}  // namespace xfer::test
