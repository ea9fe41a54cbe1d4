// Easy: option defaults, duplication and the error buffer of one handle.
#include "engine/easy.h"

#include <cstdlib>
#include <cstring>

#include "engine/connection.h"
#include "engine/multi.h"
#include "engine/share.h"
#include "engine/transfer.h"
#include "util/hash.h"

namespace xfer {

Easy::Easy() = default;

Easy::~Easy() {
  if (multi) multi->remove(*this);
  if (share) share->detach(static_cast<Curl_easy*>(this));
  transfer.reset();
  private_multi.reset();
  clear_certinfo();
  magic_ = 0;
}

void Easy::set_certinfo(const std::vector<std::vector<std::string>>& chain) {
  clear_certinfo();
  if (chain.empty()) return;
  auto** lists = static_cast<curl_slist**>(std::calloc(chain.size(), sizeof(curl_slist*)));
  if (!lists) return;
  for (std::size_t i = 0; i < chain.size(); ++i) {
    for (const std::string& line : chain[i]) {
      if (curl_slist* grown = curl_slist_append(lists[i], line.c_str())) lists[i] = grown;
    }
  }
  certinfo_.certinfo = lists;
  certinfo_.num_of_certs = static_cast<int>(chain.size());
}

void Easy::append_tls_config_key(std::string& out) {
  if (tls_digest_stamp_ != opts.tls_stamp) {
    const transport::TlsOptions* t = opts.tls.ptr();
    tls_digest_ = (t ? *t : transport::default_tls_options()).config_digest();
    tls_digest_stamp_ = opts.tls_stamp;
  }
  append_hex(out, std::string_view(tls_digest_.data(), tls_digest_.size()));
}

void Easy::clear_certinfo() {
  for (int i = 0; i < certinfo_.num_of_certs; ++i) curl_slist_free_all(certinfo_.certinfo[i]);
  std::free(certinfo_.certinfo);
  certinfo_ = curl_certinfo{};
}

void Easy::reset_options() {
  opts = EasyOptions{};
  // CURLINFO_PROXY_ERROR survives curl_easy_reset: libcurl's Curl_initinfo leaves it alone.
  const long proxy_error = info_view().proxy_error();
  info_.reset();
  if (proxy_error != 0) info().rare_set().proxy_error = proxy_error;
}

const char* Easy::effective_url() const {
  if (!info_ || info_->effective_is_url_option) return opts.url.is_set() ? opts.url.c_str() : "";
  return info_->effective_url.c_str();
}

void Easy::url_option_changed() {
  if (!info_ || info_->effective_is_url_option) return;
  info_->effective_is_url_option = true;
  std::string().swap(info_->effective_url);
}

const TransferInfo& Easy::info_view() const {
  static const TransferInfo kFresh{};
  return info_ ? *info_ : kFresh;
}

void Easy::copy_options_from(const Easy& other) {
  // What the duplicate gets, option by option, as libcurl 7.88's duphandle does it
  // (man curl_easy_duphandle; audited for curl test 654):
  // - strings (StrOpt) and COPYPOSTFIELDS' bytes: copied, the duplicate owns them;
  // - POSTFIELDS: the app's pointer, borrowed by both handles (libcurl: the same);
  // - slists (HTTPHEADER, RESOLVE) and HTTPPOST's form list: the app's pointers, not
  //   copied; the app keeps them alive until both handles are gone (libcurl: the same);
  // - MIMEPOST: a deep copy the duplicate owns (MimeBinding's copy), so curl_mime_free of
  //   the original's mime leaves it intact; callback parts keep the app's callbacks and
  //   argument, and their free callback runs once per copy;
  // - blobs (the TLS *_BLOB options): copied bytes inside TlsOptions;
  // - callbacks and every *DATA, PRIVATE, ERRORBUFFER, STDERR: the same pointers;
  // - CURLOPT_SHARE: not inherited (share is outside opts), "as if CURLOPT_SHARE was set
  //   to NULL" in the man page's words;
  // - CURLOPT_CURLU (where supported): the app's handle, borrowed by both, not copied
  //   (libcurl: the same pointer);
  // - cookies: the cookie file names not read yet are copied, and a handle whose cookie
  //   engine is on gives the duplicate an engine of its own, empty (libcurl: the same);
  // Nothing of the transfer (connections, info, headers, certinfo) is copied.
  opts = other.opts;
  if (other.state_ && !other.state_->cookie_files.empty()) state().cookie_files = other.state_->cookie_files;
  if (other.cookie_engine_on()) enable_cookies();
  // HSTS: a cache of its own, filled again from the file (as libcurl's duphandle).
  if (other.state_ && other.state_->hsts) {
    add_hsts_file(nullptr);
    if (opts.rare_view().hsts_file.is_set()) add_hsts_file(opts.rare_view().hsts_file.c_str());
  }
}

void Easy::set_error(const char* reason) {
  if (!opts.error_buffer || !reason || error_written) return;
  std::strncpy(opts.error_buffer, reason, CURL_ERROR_SIZE - 1);
  opts.error_buffer[CURL_ERROR_SIZE - 1] = '\0';
  error_written = true;
}

void Easy::clear_error() {
  error_written = false;
  if (opts.error_buffer) opts.error_buffer[0] = '\0';
}

}  // namespace xfer
