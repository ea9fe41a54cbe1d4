// Transfer, authentication: the credentials a request carries and the 401 round trip.
#include <cstring>

#include "engine/easy.h"
#include "engine/transfer.h"
#include "engine/verbose.h"
#include "http/request_writer.h"

namespace xfer {
namespace {

// The methods xfer can answer a challenge with; the others (NTLM, Negotiate) are masked
// out at setopt, as a libcurl built without them does.
constexpr unsigned long kMethodBits = CURLAUTH_BASIC | CURLAUTH_DIGEST | CURLAUTH_BEARER;

// CURLOPT_HTTPAUTH as the methods it allows: DIGEST_IE is Digest sent the IE way.
unsigned long wanted_methods(long http_auth) {
  unsigned long want = static_cast<unsigned long>(http_auth);
  if (want & CURLAUTH_DIGEST_IE) want |= CURLAUTH_DIGEST;
  return want & kMethodBits;
}

}  // namespace

bool Transfer::may_send_credentials() const {
  // Credentials stay with the first host unless CURLOPT_UNRESTRICTED_AUTH lets them follow.
  return !left_first_host_ || easy_.opts.rare_view().unrestricted_auth;
}

bool Transfer::user_credentials(std::string& user, std::string& password) const {
  const EasyOptions& o = easy_.opts;
  // The options win over the URL's userinfo.
  if (o.username.is_set()) {
    user.assign(o.username.view());
    password.assign(o.password.view());
    return true;
  }
  if (url_.has_user) {
    user = http::percent_decode(url_.user());
    password = http::percent_decode(url_.password());
    return true;
  }
  return false;
}

Status Transfer::authorization_value(std::string_view method, std::string& out) {
  out.clear();
  const EasyOptions& o = easy_.opts;
  if (!may_send_credentials()) return Status::ok();
  const unsigned long want = wanted_methods(o.http_auth);
  AuthState* st = rare_ ? &rare_->auth : nullptr;
  HandleState* hs = easy_.state_if_any();
  AuthMemory* mem = hs ? &hs->auth : nullptr;
  // Before any challenge, a mask naming one method alone sends it at once; a mask of
  // several waits for the server to say which it takes (libcurl's rule). A method a
  // challenge chose stays the handle's choice for its later transfers.
  const unsigned long method_bits = mem && mem->picked ? mem->picked : want;
  if (st) st->sent = false;
  std::string user, password;
  switch (method_bits) {
    case CURLAUTH_BASIC:
      if (!user_credentials(user, password)) return Status::ok();
      out = http::basic_authorization(user, password);
      break;
    case CURLAUTH_BEARER: {
      const StrOpt& token = o.rare_view().bearer;
      if (!token.is_set()) return Status::ok();
      out = "Bearer ";
      out.append(token.view());
      break;
    }
    case CURLAUTH_DIGEST: {
      if (!mem || !mem->digest || !user_credentials(user, password)) return Status::ok();
      http::DigestRequest r;
      r.user = user;
      r.password = password;
      r.method = method;
      const char* target = o.rare_view().request_target.c_str();
      r.uri = target ? std::string_view(target) : std::string_view(url_.target);
      r.ie_style = (static_cast<unsigned long>(o.http_auth) & CURLAUTH_DIGEST_IE) != 0;
      if (mem->cnonce.empty()) mem->cnonce = http::make_digest_cnonce();
      r.cnonce = mem->cnonce;
      r.nc = ++mem->nc;
      if (Status s = http::digest_authorization(*mem->digest, r, out); !s) return s;
      break;
    }
    default:
      return Status::ok();
  }
  rare().auth.sent = true;
  return Status::ok();
}

void Transfer::note_auth_offer(const http::HeaderLine& h) {
  http::note_auth_header(h.value, rare().auth.offer);
}

bool Transfer::decide_auth_retry() {
  const EasyOptions& o = easy_.opts;
  AuthState& st = rare().auth;
  AuthMemory& mem = easy_.state().auth;
  st.retry = false;
  // HTTPAUTH_AVAIL gathers what every 401 of the transfer offered.
  if (st.offer.avail) easy_.info().rare_set().httpauth_avail |= static_cast<long>(st.offer.avail);
  const unsigned long want = wanted_methods(o.http_auth);
  if (!want || !may_send_credentials()) return false;
  std::string user, password;
  const bool have_user = user_credentials(user, password);
  const bool have_bearer = o.rare_view().bearer.is_set();
  if (!have_user && !have_bearer) return false;
  // A method that was already answered and refused again is an authentication problem:
  // the 401 goes to the application as it is. Digest gets one more try on a stale nonce.
  if (mem.picked && st.sent) {
    if (mem.picked != CURLAUTH_DIGEST || !(st.offer.avail & CURLAUTH_DIGEST)) return false;
    auto fresh = std::make_unique<http::DigestChallenge>();
    if (!http::parse_digest_challenge(st.offer.digest_params, *fresh) || !fresh->stale) return false;
    mem.digest = std::move(fresh);
    mem.nc = 0;
    mem.cnonce.clear();
    st.retry = true;
    return true;
  }
  unsigned long picked = http::pick_auth(st.offer.avail, have_bearer ? want : want & ~CURLAUTH_BEARER);
  if ((picked == CURLAUTH_BASIC || picked == CURLAUTH_DIGEST) && !have_user) picked = 0;
  if (picked == CURLAUTH_BEARER && !have_bearer) picked = 0;
  if (picked == CURLAUTH_DIGEST) {
    auto ch = std::make_unique<http::DigestChallenge>();
    if (!http::parse_digest_challenge(st.offer.digest_params, *ch)) return false;
    mem.digest = std::move(ch);
    mem.nc = 0;
    mem.cnonce.clear();
  }
  if (!picked) return false;
  mem.picked = picked;
  st.retry = true;
  return true;
}

Transfer::Step Transfer::retry_with_auth(bool reusable) {
  release_connection(reusable);
  verbose_text(easy_, "Issue another request to this URL: '%s'", easy_.effective_url());
  rare().auth.retry = false;
  if (HeaderStore* hs = easy_.headers_if_any()) hs->begin_request();
  enter(TransferState::kAcquire);
  return Step::kContinue;
}

}  // namespace xfer
