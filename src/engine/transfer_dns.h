// Transfer::with_dns: the DNS cache a transfer uses, its share's or its engine's.
#pragma once

#include "engine/easy.h"
#include "engine/multi.h"
#include "engine/share.h"
#include "engine/transfer.h"

namespace xfer {

template <class F>
decltype(auto) Transfer::with_dns(F&& f) {
  if (easy_.share && easy_.share->shares_dns())
    return easy_.share->with_dns(static_cast<Curl_easy*>(&easy_), std::forward<F>(f));
  return std::forward<F>(f)(multi_.dns());
}

}  // namespace xfer
