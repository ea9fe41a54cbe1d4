// Transfer, authentication: the credentials a request carries and the 401 (407) round
// trip, for the server and the proxy alike.
#include <cstring>
#include <ctime>

#include "engine/easy.h"
#include "engine/handle_state.h"
#include "engine/netrc_file.h"
#include "engine/transfer.h"
#include "engine/verbose.h"
#include "http/auth_ntlm.h"
#include "http/auth_sigv4.h"
#include "http/request_writer.h"
#include "util/base64.h"

namespace xfer {
namespace {

// The methods xfer can answer a challenge with.
constexpr unsigned long kMethodBits =
    CURLAUTH_BASIC | CURLAUTH_DIGEST | CURLAUTH_BEARER | CURLAUTH_NTLM | CURLAUTH_NTLM_WB | CURLAUTH_AWS_SIGV4 |
    CURLAUTH_NEGOTIATE;

// CURLOPT_HTTPAUTH as the methods it allows: DIGEST_IE is Digest sent the IE way.
unsigned long wanted_methods(long http_auth) {
  unsigned long want = static_cast<unsigned long>(http_auth);
  if (want & CURLAUTH_DIGEST_IE) want |= CURLAUTH_DIGEST;
  return want & kMethodBits;
}

bool single_method(unsigned long bits) { return bits != 0 && (bits & (bits - 1)) == 0; }

}  // namespace

unsigned long Transfer::auth_wanted(AuthParty p) const {
  // A proxy is offered neither Bearer nor a SigV4 signature (libcurl's pick masks Bearer
  // out for a proxy; SigV4 signs requests to the server).
  if (p == AuthParty::kProxy)
    return wanted_methods(static_cast<long>(easy_.opts.rare_view().proxy_auth)) &
           ~(CURLAUTH_BEARER | CURLAUTH_AWS_SIGV4);
  return wanted_methods(easy_.opts.http_auth);
}

Status Transfer::party_credentials(AuthParty p, Credentials& c) const {
  if (p == AuthParty::kServer) return credentials(c);
  c = Credentials{};
  if (rare_ && rare_->via_proxy && rare_->proxy.has_login) {
    c.user = rare_->proxy.user;
    c.password = rare_->proxy.password;
    c.have = true;
  }
  return Status::ok();
}

AuthMemory& Transfer::auth_memory(AuthParty p) {
  HandleState& hs = easy_.state();
  return p == AuthParty::kProxy ? hs.proxy_auth : hs.auth;
}

AuthMemory* Transfer::auth_memory_if_any(AuthParty p) const {
  HandleState* hs = easy_.state_if_any();
  if (!hs) return nullptr;
  return p == AuthParty::kProxy ? &hs->proxy_auth : &hs->auth;
}

bool Transfer::conn_ntlm_done(AuthParty p) const {
  if (!conn_) return false;
  return p == AuthParty::kProxy ? conn_->proxy_ntlm_done : conn_->ntlm_done;
}

void Transfer::set_conn_ntlm_done(AuthParty p, bool done) {
  if (!conn_) return;
  if (p == AuthParty::kProxy) conn_->proxy_ntlm_done = done;
  else conn_->ntlm_done = done;
}

bool Transfer::may_send_credentials() const {
  // Credentials stay with the first host unless CURLOPT_UNRESTRICTED_AUTH lets them follow.
  return !left_first_host_ || easy_.opts.rare_view().unrestricted_auth;
}

Status Transfer::check_url_login() const {
  const RareOptions& r = easy_.opts.rare_view();
  if (url_.has_user && r.disallow_url_user)
    return Status::fail(CURLE_LOGIN_DENIED, nullptr);  // libcurl 7.88 leaves ERRORBUFFER empty
  if (r.netrc == CURL_NETRC_IGNORED) return Status::ok();
  Credentials c;
  return credentials(c);
}

Status Transfer::credentials(Credentials& c) const {
  const EasyOptions& o = easy_.opts;
  c = Credentials{};
  // The options win over the URL's userinfo and over .netrc, which USERNAME alone also
  // keeps out (its password is then empty).
  if (o.username.is_set()) {
    c.user.assign(o.username.view());
    c.password.assign(o.password.view());
    c.have = true;
    return Status::ok();
  }
  const int netrc = o.rare_view().netrc;
  // A redirect's URL without a login goes on with the one before it, as libcurl's does.
  const bool kept = !url_.has_user && rare_ && rare_->kept_login;
  const bool url_user = url_.has_user || kept;
  const bool url_both = url_user && (kept ? rare_->kept_has_password : url_.has_password);
  if (netrc != CURL_NETRC_IGNORED && !(netrc == CURL_NETRC_OPTIONAL && url_both)) {
    // The URL's user, if any, picks the login whose password is used; under REQUIRED the
    // URL's own password is dropped. (CURLOPT_PASSWORD alone does not stop the lookup.)
    std::string wanted_user;
    std::optional<std::string_view> user;
    if (url_user) {
      wanted_user = kept ? rare_->kept_user : http::percent_decode(url_.user());
      user = wanted_user;
    }
    http::NetrcCredentials found;
    const std::string path = engine::netrc_path(o.rare_view().netrc_file.c_str());
    switch (engine::netrc_lookup_file(path, url_.host, user, found)) {
      case http::NetrcResult::syntax_error:
        return Status::fail(CURLE_READ_ERROR, ".netrc parser error");
      case http::NetrcResult::found:
        c.user = found.has_login ? found.login : wanted_user;
        c.password = found.password;
        c.have = true;
        c.from_netrc = true;
        return Status::ok();
      case http::NetrcResult::no_match:
        if (netrc == CURL_NETRC_REQUIRED) return Status::ok();
        break;
    }
  }
  if (url_user) {
    c.user = kept ? rare_->kept_user : http::percent_decode(url_.user());
    c.password = kept ? rare_->kept_password : http::percent_decode(url_.password());
    c.have = true;
  }
  return Status::ok();
}

Status Transfer::authorization_value(std::string_view method, AuthHeaders& ah) {
  const char* target = easy_.opts.rare_view().request_target.c_str();
  return authorization_for(AuthParty::kServer, method, target ? std::string_view(target) : std::string_view(url_.target),
                           ah);
}

Status Transfer::authorization_for(AuthParty p, std::string_view method, std::string_view uri, AuthHeaders& ah) {
  ah = AuthHeaders{};
  std::string& out = ah.value;
  const bool proxy = p == AuthParty::kProxy;
  if (rare_) party_auth(p).sent_method = 0;
  const unsigned long want = auth_wanted(p);
  if (!want) return Status::ok();
  Credentials c;
  if (Status s = party_credentials(p, c); !s) return s;
  const StrOpt& token = easy_.opts.rare_view().bearer;
  if (!c.have && (proxy || !token.is_set())) return Status::ok();
  AuthMemory* mem = auth_memory_if_any(p);
  // Before any challenge, a mask naming one method alone sends it at once; a mask of
  // several waits for the server (proxy) to say which it takes (libcurl's rule). A method
  // a challenge chose stays the handle's choice for its later transfers, while the mask
  // still allows it.
  if (mem && !(mem->picked & want)) mem->picked = 0;
  unsigned long method_bits = mem && mem->picked ? mem->picked : 0;
  if (!method_bits && single_method(want)) {
    // A method sent unasked is the handle's pick as much as one a challenge chose: a later
    // mask of several that still holds it sends it at once too (libcurl's picked = want).
    method_bits = want;
    auth_memory(p).picked = want;
  }
  if (!method_bits) return Status::ok();
  // An attempt even when nothing may go out (another host): a second 401 then ends it.
  party_auth(p).sent_method = method_bits;
  // .netrc's credentials are that host's own, so they go to it after a redirect too. A
  // proxy's credentials are the proxy's, wherever the URL goes.
  if (!proxy && !may_send_credentials() && !c.from_netrc) return Status::ok();
  switch (method_bits) {
    case CURLAUTH_BASIC:
      if (c.have) out = http::basic_authorization(c.user, c.password);
      break;
    case CURLAUTH_BEARER:
      if (token.is_set()) {
        out = "Bearer ";
        out.append(token.view());
      }
      break;
    case CURLAUTH_DIGEST: {
      if (!c.have) break;
      // Without a challenge yet the request only asks for one: no body goes with it.
      if (!mem || !mem->digest) {
        ah.authneg = true;
        party_auth(p).sent_method = 0;  // nothing answered yet: the 401 (407) picks Digest
        break;
      }
      http::DigestRequest r;
      r.user = c.user;
      r.password = c.password;
      r.method = method;
      r.uri = uri;
      const unsigned long mask = proxy ? easy_.opts.rare_view().proxy_auth : static_cast<unsigned long>(easy_.opts.http_auth);
      r.ie_style = (mask & CURLAUTH_DIGEST_IE) != 0;
      if (mem->cnonce.empty()) mem->cnonce = http::make_digest_cnonce();
      r.cnonce = mem->cnonce;
      r.nc = ++mem->nc;
      if (Status s = http::digest_authorization(*mem->digest, r, out); !s) return s;
      break;
    }
    case CURLAUTH_NTLM:
      if (!c.have) break;
      return ntlm_authorization(p, c, ah);
    case CURLAUTH_NTLM_WB:
      if (!c.have) break;
      return ntlm_wb_authorization(p, c, ah);
    case CURLAUTH_NEGOTIATE:
      // The credentials are Kerberos tickets; a user (even ":") only says "authenticate".
      if (!c.have) break;
      return negotiate_authorization(p, ah);
    case CURLAUTH_AWS_SIGV4:
      // libcurl signs nothing without an access key (the user name).
      if (!c.have || c.user.empty()) break;
      return sigv4_authorization(c, method, ah);
    default:
      break;
  }
  return Status::ok();
}

Status Transfer::sigv4_authorization(const Credentials& c, std::string_view method, AuthHeaders& ah) {
  const EasyOptions& o = easy_.opts;
  // The application's own Authorization: header means libcurl signs nothing.
  for (const curl_slist* h = o.http_headers; h; h = h->next)
    if (h->data && std::strncmp(h->data, "Authorization:", 14) == 0) return Status::ok();
  std::string host_header;
  url_.append_authority_for_host_header(host_header);
  const std::string_view target = url_.target;
  const std::size_t q = target.find('?');
  http::SigV4Request r;
  const StrOpt& param = o.rare_view().aws_sigv4;
  r.param = param.is_set() && !param.view().empty() ? param.view() : std::string_view("aws:amz");
  r.access_key = c.user;
  r.secret = c.password;
  r.method = method;
  r.hostname = url_.host;
  r.host_header = host_header;
  r.path = target.substr(0, q);
  r.query = q == std::string_view::npos ? std::string_view() : target.substr(q + 1);
  r.headers = o.http_headers;
  r.body = body_ ? std::string_view(body_, body_len_) : std::string_view();
  r.now = std::time(nullptr);
  http::SigV4Headers signed_headers;
  if (Status s = http::sigv4_sign(r, signed_headers); !s) return s;
  ah.value = std::move(signed_headers.authorization);
  ah.extra_line = signed_headers.date_name + ": " + signed_headers.date_value;
  return Status::ok();
}

Status Transfer::ntlm_authorization(AuthParty p, const Credentials& c, AuthHeaders& ah) {
  std::string& out = ah.value;
  AuthMemory& mem = auth_memory(p);
  const long conn_id = conn_ ? conn_->id : -1;
  // NTLM authenticates a connection: once done, its later requests carry nothing; on
  // another connection (a redirect after a close) libcurl too waits for the server to ask
  // again. Other credentials start a handshake of their own.
  const bool same_login = mem.ntlm_user == c.user && mem.ntlm_password == c.password;
  if (conn_ntlm_done(p) && same_login) {
    party_auth(p).sent_method = 0;
    return Status::ok();
  }
  if (mem.ntlm == NtlmStage::kChallenged && mem.ntlm_challenge &&
      (mem.ntlm_conn == conn_id || mem.ntlm_conn == kNtlmNextConnection)) {
    const auto nonce = http::make_ntlm_client_nonce();
    if (!nonce) return Status::fail(CURLE_OUT_OF_MEMORY, "NTLM: no random bytes for the client nonce");
    std::string msg;
    if (!http::ntlm_type3(*mem.ntlm_challenge, c.user, c.password, *nonce,
                          static_cast<std::uint64_t>(std::time(nullptr)), msg))
      return Status::fail(CURLE_OUT_OF_MEMORY, "NTLM: the type-3 message could not be made");
    out = "NTLM " + msg;
    set_conn_ntlm_done(p, true);
    mem.ntlm = NtlmStage::kDone;
    mem.ntlm_challenge.reset();
    mem.ntlm_user = c.user;
    mem.ntlm_password = c.password;
    return Status::ok();
  }
  // After a redirect to a new connection, NTLM alone starts its handshake at once; a
  // choice among several methods waits for the server to ask (curl tests 89, 90).
  if (mem.ntlm == NtlmStage::kDone && same_login && !single_method(auth_wanted(p))) {
    party_auth(p).sent_method = 0;
    return Status::ok();
  }
  // The challenge's connection is gone: the type-3 has nowhere to go, and the server's
  // next 401 ends the attempt (starting over could go on for ever).
  if (mem.ntlm == NtlmStage::kChallenged) {
    mem.ntlm = NtlmStage::kType3Lost;
    return Status::ok();
  }
  // A type-1 opens the handshake; the body waits for the request that completes it.
  out = "NTLM " + http::ntlm_type1();
  mem.ntlm = NtlmStage::kType1Sent;
  mem.ntlm_conn = conn_id;
  ah.authneg = true;
  return Status::ok();
}

// As NTLM, with the messages from ntlm_auth: it knows the password (winbind's cached
// credentials), so only the user name goes to it.
Status Transfer::ntlm_wb_authorization(AuthParty p, const Credentials& c, AuthHeaders& ah) {
  AuthMemory& mem = auth_memory(p);
  const long conn_id = conn_ ? conn_->id : -1;
  if (conn_ntlm_done(p) && mem.ntlm_user == c.user) {
    party_auth(p).sent_method = 0;
    return Status::ok();
  }
  std::string msg;
  if (mem.ntlm == NtlmStage::kChallenged && mem.ntlm_wb && mem.ntlm_conn == conn_id) {
    const bool ok = mem.ntlm_wb->type3(mem.ntlm_wb_type2, msg);
    mem.ntlm_wb_type2.clear();
    if (!ok) {
      rare().status_error = mem.ntlm_wb->error();
      mem.ntlm_wb.reset();
      mem.ntlm = NtlmStage::kNone;
      return Status::fail(CURLE_REMOTE_ACCESS_DENIED, rare().status_error.c_str());
    }
    ah.value = "NTLM " + msg;
    mem.ntlm_wb.reset();  // its work is done: the connection is logged in
    set_conn_ntlm_done(p, true);
    mem.ntlm = NtlmStage::kDone;
    mem.ntlm_user = c.user;
    return Status::ok();
  }
  if (mem.ntlm == NtlmStage::kChallenged) {
    mem.ntlm = NtlmStage::kType3Lost;
    mem.ntlm_wb.reset();
    return Status::ok();
  }
  mem.ntlm_wb = std::make_unique<transport::NtlmWbHelper>();
  if (!mem.ntlm_wb->start(c.user) || !mem.ntlm_wb->type1(msg)) {
    rare().status_error = mem.ntlm_wb->error();
    mem.ntlm_wb.reset();
    return Status::fail(CURLE_REMOTE_ACCESS_DENIED, rare().status_error.c_str());
  }
  ah.value = "NTLM " + msg;
  mem.ntlm = NtlmStage::kType1Sent;
  mem.ntlm_conn = conn_id;
  ah.authneg = true;
  return Status::ok();
}

Status Transfer::negotiate_authorization(AuthParty p, AuthHeaders& ah) {
  AuthMemory& mem = auth_memory(p);
  const RareOptions& ro = easy_.opts.rare_view();
  std::string input = std::move(mem.negotiate_input);
  mem.negotiate_input.clear();
  if (input.empty() || !mem.negotiate) {
    mem.negotiate = std::make_unique<transport::GssContext>();
    const bool proxy = p == AuthParty::kProxy;
    const StrOpt& service = proxy ? ro.proxy_service_name : ro.service_name;
    const std::string& host = proxy && rare_ ? rare_->proxy.host : url_.host;
    mem.negotiate->set_target(service.is_set() ? service.view() : std::string_view("HTTP"), host);
  }
  std::string token;
  const auto step = mem.negotiate->step(transport::GssMech::kSpnego, ro.gssapi_delegation, input, token);
  if (step == transport::GssContext::Step::kFailed || token.empty()) {
    // As libcurl since 7.65: a context that cannot start (no ticket, unknown service)
    // sends the request without credentials, and the 401 (407) that follows is the answer.
    verbose_text(easy_, "gss_init_sec_context() failed: %s.", mem.negotiate->error().c_str());
    mem.negotiate.reset();
    mem.negotiate_failed = true;
    party_auth(p).sent_method = 0;
    return Status::ok();
  }
  mem.negotiate_failed = false;
  ah.value = "Negotiate ";
  base64_encode(token, ah.value);
  return Status::ok();
}

long Transfer::handshake_connection() const {
  // Only a handshake waiting for its next step asks for a particular connection.
  const HandleState* hs = easy_.state_if_any();
  if (!hs) return -1;
  if (hs->auth.ntlm == NtlmStage::kChallenged) return hs->auth.ntlm_conn;
  return hs->proxy_auth.ntlm == NtlmStage::kChallenged ? hs->proxy_auth.ntlm_conn : -1;
}

void Transfer::note_auth_offer(const http::HeaderLine& h) {
  http::note_auth_header(h.value, rare().auth.server.offer);
}

bool Transfer::decide_auth_retry(AuthParty p, bool closing) {
  AuthMemory& mem = auth_memory(p);
  const bool carried = mem.digest_unpicked;
  bool picked = false;
  const PartyAuth& st = party_auth(p);
  const bool retry = answer_challenge(p, closing, carried && st.offer.digest_seen, picked);
  bool keeps_digest = carried || st.offer.digest_seen;
  // A Basic or Bearer answer offered again empties libcurl's list right there.
  if (st.sent_method == CURLAUTH_BASIC && (st.offer.avail & CURLAUTH_BASIC)) keeps_digest = st.offer.digest_after_basic;
  if (st.sent_method == CURLAUTH_BEARER && (st.offer.avail & CURLAUTH_BEARER))
    keeps_digest = st.offer.digest_after_bearer;
  mem.digest_unpicked = !picked && keeps_digest;
  return retry;
}

bool Transfer::answer_challenge(AuthParty p, bool closing, bool digest_duplicate, bool& picked_one) {
  const bool proxy = p == AuthParty::kProxy;
  PartyAuth& st = party_auth(p);
  AuthMemory& mem = auth_memory(p);
  rare().auth.retry = false;
  // HTTPAUTH_AVAIL (PROXYAUTH_AVAIL) gathers what every 401 (407) of the transfer offered.
  if (st.offer.avail) {
    long& avail = proxy ? easy_.info().rare_set().proxyauth_avail : easy_.info().rare_set().httpauth_avail;
    unsigned long offered = st.offer.avail;
    // NTLM offered while NTLM_WB is the pick counts as NTLM_WB, as libcurl reports it.
    if (mem.picked == CURLAUTH_NTLM_WB && (offered & CURLAUTH_NTLM))
      offered = (offered & ~static_cast<unsigned long>(CURLAUTH_NTLM)) | CURLAUTH_NTLM_WB;
    avail |= static_cast<long>(offered);
  }
  // Every Digest challenge is kept, whatever method is wanted now: a later transfer of
  // the handle that asks for Digest answers it at once (curl tests 2024, 2027).
  if (st.offer.digest_seen && !digest_duplicate) {
    auto fresh = std::make_unique<http::DigestChallenge>();
    if (http::parse_digest_challenge(st.offer.digest_params, *fresh)) {
      mem.digest = std::move(fresh);
      mem.nc = 0;
      mem.cnonce.clear();
    }
  }
  const unsigned long want = auth_wanted(p);
  Credentials c;
  if (!party_credentials(p, c)) return false;
  const bool have_bearer = !proxy && easy_.opts.rare_view().bearer.is_set();
  if (!c.have && !have_bearer) return false;
  // From here on libcurl picks among the offered methods, which empties its list of them.
  picked_one = true;
  if (!want) return false;
  if (st.sent_method && !(st.sent_method == CURLAUTH_DIGEST && digest_duplicate)) {
    // An answer was refused: the 401 goes to the application as it is, except for the
    // steps of a handshake (a stale Digest nonce, NTLM's type-2 challenge). A refusal is
    // libcurl's "authentication problem": it ends the transfer before any pick.
    picked_one = false;
    if (st.sent_method == CURLAUTH_DIGEST && st.offer.digest_seen) {
      if (!mem.digest || !mem.digest->stale) return false;
      picked_one = true;
      rare().auth.retry = true;
      return true;
    }
    if (st.sent_method == CURLAUTH_NTLM && mem.ntlm == NtlmStage::kType1Sent && st.offer.ntlm_seen &&
        st.offer.ntlm_message.empty()) {
      // A bare "NTLM" again: libcurl sends its type-1 once more, then gives up.
      if (mem.ntlm_type1_again) {
        mem.ntlm = NtlmStage::kNone;
        mem.ntlm_type1_again = false;
        return false;
      }
      mem.ntlm_type1_again = true;
      mem.ntlm = NtlmStage::kNone;
      picked_one = true;
      rare().auth.retry = true;
      return true;
    }
    if (st.sent_method == CURLAUTH_NTLM_WB && mem.ntlm == NtlmStage::kType1Sent && st.offer.ntlm_seen &&
        !st.offer.ntlm_message.empty() && !closing) {
      // ntlm_auth reads the type-2 itself.
      mem.ntlm_wb_type2 = st.offer.ntlm_message;
      mem.ntlm = NtlmStage::kChallenged;
      picked_one = true;
      rare().auth.retry = true;
      return true;
    }
    if (st.sent_method == CURLAUTH_NTLM_WB) {
      mem.ntlm = NtlmStage::kNone;
      mem.ntlm_wb.reset();
      set_conn_ntlm_done(p, false);
      return false;
    }
    if (st.sent_method == CURLAUTH_NTLM && mem.ntlm == NtlmStage::kType1Sent && st.offer.ntlm_seen &&
        !st.offer.ntlm_message.empty()) {
      if (!proxy && conn_ && conn_->h2()) {
        // NTLM on h2: 7.88 goes on over HTTP/1.1, where the handshake starts over.
        downgrade_to_h1("Forcing HTTP/1.1 for NTLM", true);
        mem.ntlm = NtlmStage::kNone;
        mem.picked = CURLAUTH_NTLM;
        picked_one = true;
        rare().auth.retry = true;
        return true;
      }
      // The type-3 must go on the connection the challenge came on: one closing now ends
      // the handshake with this 401, as in libcurl.
      if (closing) {
        mem.ntlm = NtlmStage::kNone;
        return false;
      }
      auto ch = std::make_unique<http::NtlmChallenge>();
      if (!http::parse_ntlm_type2(st.offer.ntlm_message, *ch)) {
        verbose_text(easy_, "Authentication problem. Ignoring this.");
        mem.ntlm = NtlmStage::kNone;
        return false;
      }
      mem.ntlm_challenge = std::move(ch);
      mem.ntlm = NtlmStage::kChallenged;
      picked_one = true;
      rare().auth.retry = true;
      return true;
    }
    if (st.sent_method == CURLAUTH_NEGOTIATE) {
      // The server went on with a token of its own: the context answers it, unless it was
      // done already (then the server refused it).
      if (st.offer.negotiate_seen && !st.offer.negotiate_token.empty() && mem.negotiate &&
          !mem.negotiate->complete() && base64_decode(st.offer.negotiate_token, mem.negotiate_input) &&
          !mem.negotiate_input.empty()) {
        picked_one = true;
        rare().auth.retry = true;
        return true;
      }
      mem.negotiate.reset();
      mem.negotiate_input.clear();
      return false;
    }
    if (st.sent_method == CURLAUTH_NTLM) {
      // The type-3 was refused: that connection is not logged in after all.
      mem.ntlm = NtlmStage::kNone;
      set_conn_ntlm_done(p, false);
    }
    return false;
  }
  unsigned long picked = http::pick_auth(st.offer.avail, have_bearer ? want : want & ~CURLAUTH_BEARER);
  if ((picked == CURLAUTH_BASIC || picked == CURLAUTH_DIGEST || picked == CURLAUTH_NTLM) && !c.have) picked = 0;
  if (picked == CURLAUTH_DIGEST && !(st.offer.digest_seen && mem.digest)) return false;
  // GSS-API could not start for the request this 401 (407) answers: asking again would
  // fail the same way.
  if (picked == CURLAUTH_NEGOTIATE && mem.negotiate_failed) return false;
  if (picked == CURLAUTH_NTLM) {
    // The server asks again on a connection that was logged in: libcurl restarts there.
    // Restarting a logged-in connection leaves no second chance for a bare "NTLM" (as in
    // libcurl); a fresh start gets one.
    mem.ntlm_type1_again = conn_ntlm_done(p);
    set_conn_ntlm_done(p, false);
    mem.ntlm = NtlmStage::kNone;
  }
  if (!picked) return false;
  // NTLM authenticates a connection, which h2 shares: 7.88 goes on over HTTP/1.1.
  if (!proxy && picked == CURLAUTH_NTLM && conn_ && conn_->h2()) downgrade_to_h1("Forcing HTTP/1.1 for NTLM", true);
  mem.picked = picked;
  rare().auth.retry = true;
  return true;
}

Transfer::Step Transfer::retry_with_auth(bool reusable) {
  release_connection(reusable);
  verbose_text(easy_, "Issue another request to this URL: '%s'", easy_.effective_url());
  rare().auth.retry = false;
  retried_ = false;  // each request may once find its reused connection dead
  if (HeaderStore* hs = easy_.headers_if_any()) hs->begin_request();
  enter(TransferState::kAcquire);
  return Step::kContinue;
}

}  // namespace xfer
