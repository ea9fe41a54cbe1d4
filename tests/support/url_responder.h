// The URL-driven mode: query parameters of each request decide the reply; the proxy part
// (absolute-form, CONNECT, proxyauth=1) is in URL-PROTOCOL.md.
#pragma once

#include "steps.h"

namespace xfer::test {

HeadAction url_head_action(const Request& head);
Reply url_reply(const Request& request);
// The rawbody= length of a request (HeadAction::read_raw).
std::size_t url_raw_length(const Request& head);
// The three above as one Handler.
Handler url_handler();

}  // namespace xfer::test
