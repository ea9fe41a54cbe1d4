// Negotiate as a server sees it: tokens from Authorization headers into a per-connection GSS-API context.
#include "negotiate_server.h"

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string_view>

#include "gss_acceptor.h"
#include "util/ascii.h"

namespace xfer::test {
namespace {

std::mutex contexts_mutex;
// Contexts that want another token, by connection (x2, +1 for the proxy's).
std::map<std::uint64_t, std::unique_ptr<GssAcceptor>> contexts;

std::unique_ptr<GssAcceptor> take_context(std::uint64_t key) {
  std::lock_guard lock(contexts_mutex);
  auto it = contexts.find(key);
  if (it == contexts.end()) return std::make_unique<GssAcceptor>();
  auto found = std::move(it->second);
  contexts.erase(it);
  return found;
}

void keep_context(std::uint64_t key, std::unique_ptr<GssAcceptor> c) {
  std::lock_guard lock(contexts_mutex);
  contexts[key] = std::move(c);
}

constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string to_base64(std::string_view in) {
  std::string out;
  for (std::size_t at = 0; at < in.size(); at += 3) {
    const std::size_t n = std::min<std::size_t>(3, in.size() - at);
    std::uint32_t group = 0;
    for (std::size_t k = 0; k < 3; ++k)
      group = group << 8 | (k < n ? static_cast<unsigned char>(in[at + k]) : 0u);
    for (std::size_t k = 0; k < 4; ++k) out += k <= n ? kAlphabet[(group >> (18 - 6 * k)) & 63] : '=';
  }
  return out;
}

// Lenient on purpose: the acceptor, not this decoder, should judge a damaged token.
std::string from_base64(std::string_view in) {
  std::string out;
  std::uint32_t bits = 0;
  int count = 0;
  for (char c : in) {
    const std::size_t v = kAlphabet.find(c);
    if (v == std::string_view::npos) continue;
    bits = bits << 6 | static_cast<std::uint32_t>(v);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out += static_cast<char>((bits >> count) & 0xff);
    }
  }
  return out;
}

}  // namespace

NegotiateVerdict negotiate_check(const Request& r, bool proxy, bool never) {
  NegotiateVerdict v;
  if (!GssAcceptor::available()) {
    v.unavailable = true;
    return v;
  }
  const std::string challenge_header = proxy ? "Proxy-Authenticate: " : "WWW-Authenticate: ";
  const std::string report = proxy ? "X-Proxy-Negotiate-" : "X-Negotiate-";
  const std::uint64_t key = r.connection_key * 2 + (proxy ? 1 : 0);
  auto refuse = [&](std::string challenge) {
    v.refused = true;
    v.challenges.push_back(std::move(challenge));
  };

  std::string_view auth = r.header(proxy ? "Proxy-Authorization" : "Authorization");
  if (auth.size() < 10 || !ascii_iequals(auth.substr(0, 10), "Negotiate ")) {
    refuse("Negotiate");
    return v;
  }
  std::unique_ptr<GssAcceptor> context = take_context(key);
  GssAcceptor::Step step = context->accept(from_base64(auth.substr(10)));
  switch (step.state) {
    case GssAcceptor::State::more:
      if (never) break;
      refuse("Negotiate " + to_base64(step.token));
      keep_context(key, std::move(context));
      return v;
    case GssAcceptor::State::failed:
      v.headers.push_back(report + "Error: " + step.error);
      refuse("Negotiate");
      return v;
    case GssAcceptor::State::done:
      v.headers.push_back(report + "User: " + context->client_name());
      v.headers.push_back(report + "Service: " + context->service_name());
      v.headers.push_back(report + "Delegated: " + (context->delegated() ? "yes" : "no"));
      if (never) break;
      if (!step.token.empty()) v.headers.push_back(challenge_header + "Negotiate " + to_base64(step.token));
      return v;
  }
  // negotiate=never: whatever the token achieved, the answer is a bare challenge.
  refuse("Negotiate");
  return v;
}

}  // namespace xfer::test
