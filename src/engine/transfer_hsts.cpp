// Transfer, HSTS and Alt-Svc: http:// to a known HSTS host goes out as https://; what https answers teach.
#include <ctime>

#include "engine/easy.h"
#include "engine/transfer.h"
#include "engine/verbose.h"

namespace xfer {

void Transfer::hsts_upgrade() {
  if (url_.https || !easy_.hsts_on()) return;
  const std::time_t now = std::time(nullptr);
  bool known = false;
  easy_.with_hsts([&](http::HstsCache& c) { known = c.lookup(url_.host, now); });
  if (!known) return;
  // Only the scheme changes: a port given in the URL stays (http://h:80 -> https://h:80).
  url_.https = true;
  if (!url_.port_explicit) url_.port = url_.default_port();
  url_cached_ = false;  // the next run of the handle asks the cache again
  const std::string upgraded = url_.to_string();
  set_effective_url({});
  verbose_text(easy_, "Switched from HTTP to HTTPS due to HSTS => %s", upgraded.c_str());
}

void Transfer::note_hsts_header(std::string_view value) {
  // Only a secure answer counts, and IP-address hosts are left out by the cache itself.
  if (!url_.https || !easy_.hsts_on()) return;
  const std::time_t now = std::time(nullptr);
  easy_.with_hsts([&](http::HstsCache& c) { c.parse_header(url_.host, value, now); });
}

void Transfer::note_altsvc_header(std::string_view raw_line) {
  // As libcurl: only what an https server says, measured from after the colon.
  HandleState* st = easy_.state_if_any();
  if (!url_.https || !st || !st->altsvc) return;
  const std::size_t colon = raw_line.find(':');
  if (colon == std::string_view::npos) return;
  st->altsvc->parse_header(raw_line.substr(colon + 1), http::AltsvcAlpn::h1, url_.host, url_.port,
                           std::time(nullptr));
}

}  // namespace xfer
