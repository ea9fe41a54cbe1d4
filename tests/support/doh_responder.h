// A DNS-over-HTTPS endpoint for the URL-driven server: doh=1 answers a POSTed DNS query.
#pragma once

#include "query.h"
#include "steps.h"

namespace xfer::test {

// The reply to a request whose query has doh=1 (see URL-PROTOCOL.md, "DNS over HTTPS").
Reply doh_reply(const Query& q, const Request& r);

}  // namespace xfer::test
