// Transfer, URLs and redirects: URL parse options, allowed schemes, the method after a redirect.
#include "engine/transfer.h"

#include "engine/easy.h"

namespace xfer {

http::UrlParseOptions Transfer::url_parse_options() const {
  const EasyOptions& o = easy_.opts;
  return {o.rare_view().default_protocol.view(), o.rare_view().path_as_is};
}

Status Transfer::check_protocol(long allowed) const {
  const long proto = url_.is_https() ? CURLPROTO_HTTPS : CURLPROTO_HTTP;
  if (!(allowed & proto))
    return Status::fail(CURLE_UNSUPPORTED_PROTOCOL, "This URL scheme is not supported");
  return Status::ok();
}

void Transfer::note_redirect_method(long code) {
  // libcurl's request kind, which CURLINFO_EFFECTIVE_METHOD reports, changes by its own
  // rule: a 301/302 turns a POST into a GET, a 303 anything but a POST that POSTREDIR
  // keeps (curl test 1197). The wire method is redirect_method_change()'s business.
  std::uint8_t& kind = easy_.info().request_method;
  const HttpMethod m = static_cast<HttpMethod>(kind);
  const bool post = m == HttpMethod::kPost || m == HttpMethod::kPostMime || m == HttpMethod::kPostForm;
  const long keep = code == 301 ? CURL_REDIR_POST_301 : code == 302 ? CURL_REDIR_POST_302 : CURL_REDIR_POST_303;
  const bool kept = post && (easy_.opts.rare_view().post_redir & keep);
  if (((code == 301 || code == 302) && post && !kept) || (code == 303 && m != HttpMethod::kGet && !kept))
    kind = static_cast<std::uint8_t>(HttpMethod::kGet);
}

bool Transfer::redirect_method_change(long code) const {
  const EasyOptions& o = easy_.opts;
  // CURLOPT_POSTREDIR keeps a POST a POST where its bit for the code is set.
  const bool is_post = o.method == HttpMethod::kPost || o.method == HttpMethod::kPostMime;
  if (code == 303) return !head_request_ && !(is_post && (o.rare_view().post_redir & CURL_REDIR_POST_303));
  const long keep = code == 301 ? CURL_REDIR_POST_301 : CURL_REDIR_POST_302;
  // libcurl keeps PUT (even one named "POST" by CUSTOMREQUEST) and custom methods on
  // 301/302 and only rewrites POST.
  return (code == 301 || code == 302) && sent_post_ && o.method != HttpMethod::kPut && !(o.rare_view().post_redir & keep);
}

}  // namespace xfer
