// Easy, HSTS and Alt-Svc: the handle's caches, their files, HSTS's read/write callbacks.
#include <cstring>
#include <ctime>

#include "engine/altsvc_file.h"
#include "engine/easy.h"
#include "engine/hsts_file.h"
#include "engine/verbose.h"

namespace xfer {

bool Easy::hsts_on() const {
  return (share && share->shares_hsts()) || (state_ && state_->hsts);
}

void Easy::set_hsts_ctrl(long bits) {
  opts.rare_set().hsts_ctrl = static_cast<std::uint8_t>(bits & (CURLHSTS_ENABLE | CURLHSTS_READONLYFILE));
  if (bits & CURLHSTS_ENABLE) {
    HandleState& st = state();
    if (!st.hsts) st.hsts = std::make_unique<http::HstsCache>();
  } else if (state_) {
    state_->hsts.reset();
    state_->hsts_files.clear();
  }
}

void Easy::add_hsts_file(const char* path) {
  HandleState& st = state();
  if (!st.hsts) st.hsts = std::make_unique<http::HstsCache>();
  // NULL or "" only enables HSTS; a name is read at the next transfer (each name given)
  // and the last one is where the cache is written.
  if (path && *path) st.hsts_files.emplace_back(path);
}

Status Easy::hsts_transfer_start() {
  if (!hsts_on()) return Status::ok();
  const std::time_t now = std::time(nullptr);
  // As libcurl 7.88, every name given is read again at each transfer's start, so entries
  // added to the file meanwhile are seen.
  if (state_ && !state_->hsts_files.empty()) {
    with_hsts([&](http::HstsCache& c) {
      for (const std::string& f : state_->hsts_files) load_hsts_file(c, f, now);
    });
  }
  const RareOptions& r = opts.rare_view();
  if (!r.hsts_read_fn) return Status::ok();
  // The application hands over entries until it says DONE; each lands as given.
  char name[257];
  for (;;) {
    curl_hstsentry e{};
    name[0] = '\0';
    e.name = name;
    e.namelen = sizeof name - 1;
    e.includeSubDomains = 0;
    e.expire[0] = '\0';
    const CURLSTScode rc = r.hsts_read_fn(static_cast<Curl_easy*>(this), &e, r.hsts_read_data);
    if (rc == CURLSTS_DONE) break;
    if (rc == CURLSTS_FAIL) return Status::fail(CURLE_ABORTED_BY_CALLBACK, "HSTS read callback failed");
    if (rc != CURLSTS_OK) break;
    name[sizeof name - 1] = '\0';
    e.expire[sizeof e.expire - 1] = '\0';
    if (!name[0]) return Status::fail(CURLE_BAD_FUNCTION_ARGUMENT, "HSTS read callback gave no host name");
    Status st = Status::ok();
    with_hsts([&](http::HstsCache& c) { st = c.add_record(name, e.includeSubDomains != 0, e.expire); });
    if (!st) return st;
  }
  return Status::ok();
}

void Easy::hsts_flush() {
  if (!hsts_on()) return;
  const RareOptions& r = opts.rare_view();
  // READONLYFILE keeps the file as it is (as the manual says; 7.88 writes it anyway).
  const char* path = r.hsts_file.c_str();
  if (path && *path && !(r.hsts_ctrl & CURLHSTS_READONLYFILE)) {
    with_hsts([&](http::HstsCache& c) {
      if (!save_hsts_file(c, path)) verbose_text(*this, "WARNING: failed to save HSTS cache in %s", path);
    });
  }
  if (!r.hsts_write_fn) return;
  with_hsts([&](http::HstsCache& c) {
    const std::size_t total = c.size();
    for (std::size_t i = 0; i < total; ++i) {
      std::optional<http::HstsRecord> rec = c.record(i);
      if (!rec) continue;
      curl_hstsentry e{};
      e.name = rec->host.data();
      e.namelen = rec->host.size();
      e.includeSubDomains = rec->include_subdomains ? 1 : 0;
      std::strncpy(e.expire, rec->expire.c_str(), sizeof e.expire - 1);
      curl_index idx{i, total};
      const CURLSTScode rc = r.hsts_write_fn(static_cast<Curl_easy*>(this), &e, &idx, r.hsts_write_data);
      if (rc != CURLSTS_OK) break;
    }
  });
}

http::AltsvcCache& Easy::altsvc() {
  HandleState& st = state();
  if (!st.altsvc) st.altsvc = std::make_unique<http::AltsvcCache>();
  return *st.altsvc;
}

void Easy::altsvc_flush() {
  if (!state_ || !state_->altsvc || (state_->altsvc_ctrl & CURLALTSVC_READONLYFILE)) return;
  const char* path = opts.rare_view().altsvc_file.c_str();
  if (!path || !*path) return;
  if (!save_altsvc_file(*state_->altsvc, path)) verbose_text(*this, "WARNING: failed to save alt-svc cache in %s", path);
}

}  // namespace xfer
