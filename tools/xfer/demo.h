// Demo mode: the tool fetches a built-in mix of URLs from its own in-process loopback server.
#pragma once

#include <string>
#include <vector>

#include <curl/curl.h>

#include "options.h"

namespace xfer::tool {

struct DemoItem {
  std::string url;
  CURLcode expected_code = CURLE_OK;
  long long expected_bytes = -1;  // -1: not checked
  std::string note;
};

// The built-in mix for a server on 127.0.0.1:port; deterministic, so runs are comparable.
std::vector<DemoItem> demo_mix(int port);

// Returns the process exit code: 0 when every transfer ended as the mix expects.
int run_demo(const Options& user_options);

}  // namespace xfer::tool
