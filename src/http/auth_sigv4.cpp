// AWS Signature Version 4 as libcurl 7.88 computes it, checked against curl's tests
// 1933-1937 and 1955-1959 and against Debian's libcurl on a loopback server.
#include "http/auth_sigv4.h"

#include <algorithm>
#include <vector>

#include "util/ascii.h"
#include "util/hash.h"

namespace xfer::http {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }

// "aMz" -> "Amz", for the X-Amz-Date header name.
std::string capitalized(std::string_view s) {
  std::string out = ascii_lowered(s);
  if (!out.empty()) out[0] = ascii_upper(out[0]);
  return out;
}

// Trimmed, with each run of blanks inside turned into one space.
std::string collapsed(std::string_view v) {
  std::string out;
  bool pending_space = false;
  for (char c : v) {
    if (is_blank(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += c;
  }
  return out;
}

struct CanonicalHeader {
  std::string line;  // "name:value", or the whole lowercased line when it has no colon
  std::string name;
};

CanonicalHeader canonical(std::string_view line) {
  std::size_t colon = line.find(':');
  if (colon == std::string_view::npos) {
    std::string whole = ascii_lowered(line);
    return {whole, whole};
  }
  std::string name = ascii_lowered(line.substr(0, colon));
  return {name + ":" + collapsed(line.substr(colon + 1)), name};
}

std::string sha256_hex(std::string_view data) { return to_hex(hash_raw(HashAlgo::kSha256, data)); }

}  // namespace

Status sigv4_sign(const SigV4Request& r, SigV4Headers& out) {
  std::string_view parts[4];
  std::size_t count = 0;
  std::string_view rest = r.param;
  while (count < 4) {
    std::size_t colon = count < 3 ? rest.find(':') : std::string_view::npos;
    parts[count++] = rest.substr(0, colon);
    if (colon == std::string_view::npos) break;
    rest.remove_prefix(colon + 1);
  }
  std::string_view provider1 = parts[0];
  std::string_view provider2 = count > 1 ? parts[1] : provider1;
  std::string_view region = count > 2 ? parts[2] : std::string_view{};
  std::string_view service = count > 3 ? parts[3] : std::string_view{};
  if (service.empty()) {
    std::size_t dot = r.hostname.find('.');
    if (dot == std::string_view::npos)
      return Status::fail(CURLE_URL_MALFORMAT, "service missing in parameters and hostname");
    service = r.hostname.substr(0, dot);
    if (region.empty()) {
      std::string_view after = r.hostname.substr(dot + 1);
      region = after.substr(0, after.find('.'));
    }
  }

  char stamp[32];
  std::tm tm{};
  gmtime_r(&r.now, &tm);
  std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
  std::string_view date(stamp);
  std::string_view day = date.substr(0, 8);

  std::string p2 = ascii_lowered(provider2);
  std::string date_header = "x-" + p2 + "-date";
  std::string sha_header = "x-" + p2 + "-content-sha256";

  std::vector<CanonicalHeader> headers;
  std::string payload_hash;
  bool payload_given = false;
  for (const curl_slist* h = r.headers; h != nullptr; h = h->next) {
    CanonicalHeader c = canonical(h->data);
    if (c.name == sha_header && !payload_given) {
      payload_hash = c.line.substr(c.name.size() + 1);
      payload_given = true;
    }
    headers.push_back(std::move(c));
  }
  if (!payload_given) payload_hash = sha256_hex(r.body);
  headers.push_back({"host:" + std::string(r.host_header), "host"});
  headers.push_back({date_header + ":" + std::string(date), date_header});
  // libcurl sorts the complete lines, so "test-a:..." comes before "test:...".
  std::sort(headers.begin(), headers.end(),
            [](const CanonicalHeader& a, const CanonicalHeader& b) { return a.line < b.line; });

  std::string canonical_request;
  canonical_request.append(r.method).append("\n").append(r.path).append("\n");
  canonical_request.append(r.query).append("\n");
  std::string signed_headers;
  for (const CanonicalHeader& h : headers) {
    canonical_request.append(h.line).append("\n");
    if (!signed_headers.empty()) signed_headers += ';';
    signed_headers += h.name;
  }
  canonical_request.append("\n").append(signed_headers).append("\n").append(payload_hash);

  std::string algorithm = ascii_uppered(provider1) + "4-HMAC-SHA256";
  std::string request_type = ascii_lowered(provider1) + "4_request";
  std::string scope;
  scope.append(day).append("/").append(region).append("/").append(service).append("/");
  scope += request_type;
  std::string to_sign = algorithm + "\n" + std::string(date) + "\n" + scope + "\n" +
                        sha256_hex(canonical_request);

  std::string key = hmac_sha256(ascii_uppered(provider1) + "4" + std::string(r.secret), day);
  key = hmac_sha256(key, region);
  key = hmac_sha256(key, service);
  key = hmac_sha256(key, request_type);
  std::string signature = to_hex(hmac_sha256(key, to_sign));
  if (signature.empty()) return Status::fail(CURLE_OUT_OF_MEMORY, "SigV4 hashing failed");

  out.authorization = algorithm + " Credential=" + std::string(r.access_key) + "/" + scope +
                      ", SignedHeaders=" + signed_headers + ", Signature=" + signature;
  out.date_name = "X-" + capitalized(provider2) + "-Date";
  out.date_value = std::string(date);
  return Status::ok();
}

}  // namespace xfer::http
