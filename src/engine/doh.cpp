// DohLookup: the probes' options, their answers, and what the owner gets from them.
#include "engine/doh.h"

#include <algorithm>
#include <chrono>

#include "engine/easy.h"
#include "engine/multi.h"
#include "engine/transfer.h"
#include "engine/verbose.h"
#include "transport/dns_message.h"
#include "transport/resolver.h"

namespace xfer {

namespace {

// The probes' one request header; libcurl sends no other of its own besides Accept.
char kContentType[] = "Content-Type: application/dns-message";
curl_slist kDohHeaders{kContentType, nullptr};

size_t keep_answer(char* data, size_t size, size_t n, void* user) {
  auto* probe = static_cast<DohLookup::Probe*>(user);
  const size_t len = size * n;
  // A longer answer fails the probe (a write error), as it does in libcurl.
  if (probe->answer.size() + len > transport::dns::kMaxAnswerSize) return 0;
  probe->answer.append(data, len);
  return len;
}

const char* type_name(std::uint16_t type) { return type == transport::dns::kTypeAaaa ? "AAAA" : "A"; }

// What a probe takes from its owner: the DoH switches, where its CAs are, a few TLS
// flags, the share, verbosity and the time left. Nothing else (no proxy, user agent,
// credentials, client certificate or pinned key) reaches the DoH server.
void configure(EasyOptions& o, const EasyOptions& parent, DohLookup::Probe& p, Duration time_left) {
  const RareOptions& pr = parent.rare_view();
  o.url = pr.doh_url;
  o.rare_set().default_protocol.assign("https");
  o.protocols = CURLPROTO_HTTPS;  // a release build of libcurl speaks DoH over https only
  o.write_fn = keep_answer;
  o.write_data = &p;
  o.post_fields = p.query.data();
  o.post_size = static_cast<curl_off_t>(p.query.size());
  o.method = HttpMethod::kPost;
  o.http_headers = &kDohHeaders;
  o.timeout_ms = std::max<long>(1, static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(time_left).count()));
  o.verbose = parent.verbose;
  o.stderr_stream = parent.stderr_stream;
  o.no_signal = parent.no_signal;

  auto tls = std::make_unique<transport::TlsOptions>();
  tls->verify_peer = pr.doh_verify_peer;
  tls->verify_host = pr.doh_verify_host ? 2 : 0;
  tls->verify_status = pr.doh_verify_status;
  if (parent.tls) {
    const transport::TlsOptions& t = *parent.tls.ptr();
    tls->ca_info = t.ca_info;
    tls->ca_path = t.ca_path;
    tls->ca_info_blob = t.ca_info_blob;
    tls->cert_info = t.cert_info;
    constexpr long kInherited = CURLSSLOPT_ALLOW_BEAST | CURLSSLOPT_NO_REVOKE | CURLSSLOPT_NO_PARTIALCHAIN |
                                CURLSSLOPT_REVOKE_BEST_EFFORT | CURLSSLOPT_NATIVE_CA |
                                CURLSSLOPT_AUTO_CLIENT_CERT;
    tls->ssl_options = t.ssl_options & kInherited;
  }
  o.tls.get() = std::move(tls);
}

}  // namespace

DohLookup::DohLookup(Multi& multi, Transfer& owner, std::string host, std::uint16_t port)
    : multi_(multi), owner_(&owner), host_(std::move(host)), port_(port) {}

DohLookup::~DohLookup() {
  for (Probe& p : probes_)
    if (p.easy && p.easy->multi) multi_.detach(*p.easy);
}

Status DohLookup::prepare(const EasyOptions& parent, long ip_version, Duration time_left) {
  if (time_left <= Duration::zero()) return Status::fail(CURLE_OPERATION_TIMEDOUT, "Operation timed out");
  std::uint16_t types[2];
  std::size_t n = 0;
  if (ip_version != CURL_IPRESOLVE_V6) types[n++] = transport::dns::kTypeA;
  if (ip_version != CURL_IPRESOLVE_V4 && transport::ipv6_works()) types[n++] = transport::dns::kTypeAaaa;
  probes_.reserve(n);  // the probes' callbacks point into this vector: it never grows later
  for (std::size_t i = 0; i < n; ++i) {
    Probe& p = probes_.emplace_back();
    p.type = types[i];
    if (transport::dns::encode_query(host_, p.type, p.query) != transport::dns::QueryError::kOk)
      return Status::fail(CURLE_COULDNT_RESOLVE_HOST, nullptr);
    p.easy = std::make_unique<Curl_easy>();
    configure(p.easy->opts, parent, p, time_left);
  }
  return Status::ok();
}

bool DohLookup::probe_done(const Easy& e, bool ok) {
  bool all = true;
  for (Probe& p : probes_) {
    if (p.easy.get() == &e) {
      p.done = true;
      p.ok = ok;
    }
    all = all && p.done;
  }
  return all;
}

Status DohLookup::result(std::vector<transport::Address>& out) const {
  transport::dns::Answer answer;
  bool any = false;
  for (const Probe& p : probes_) {
    if (!p.ok) continue;
    const transport::dns::DecodeError e = transport::dns::decode_answer(p.answer, p.type, answer);
    if (e == transport::dns::DecodeError::kOk) {
      any = true;
    } else if (owner_) {
      verbose_text(owner_->easy(), "DoH: %s type %s for %s", transport::dns::describe(e), type_name(p.type),
                   host_.c_str());
    }
  }
  // libcurl leaves the error buffer empty when DoH finds nothing.
  if (!any || answer.addresses.empty()) return Status::fail(CURLE_COULDNT_RESOLVE_HOST, nullptr);
  out = std::move(answer.addresses);
  for (transport::Address& a : out) a.set_port(port_);
  return Status::ok();
}

}  // namespace xfer
